"""HTML pages laid out in tables (court sites print whole judgments inside one): their paragraphs are
read one by one, while a data table stays a table of rows."""

from __future__ import annotations

from ingest.parse import parse

PAGE = b"""<!doctype html><html><body><table><tr><td>
<p>CACC 1/2025</p><p>IN THE HIGH COURT OF THE</p><p>COURT OF APPEAL</p>
<table><tr><th>Date</th><th>Offence</th></tr><tr><td>21/7/1986</td><td>Robbery</td></tr></table>
<p>1. The applicant seeks leave to appeal against his sentence of six years.</p>
<p>2. The application is accordingly refused.</p>
</td><td>Side note without paragraphs</td></tr></table></body></html>"""


def test_a_page_laid_out_in_a_table_is_read_paragraph_by_paragraph() -> None:
    blocks = parse("html", PAGE).blocks
    texts = [block.text for block in blocks]
    assert "1. The applicant seeks leave to appeal against his sentence of six years." in texts
    assert "2. The application is accordingly refused." in texts
    assert "Side note without paragraphs" in texts
    tables = [block for block in blocks if block.kind == "table"]
    assert len(tables) == 1 and tables[0].rows == [["Date", "Offence"], ["21/7/1986", "Robbery"]]
    assert texts.index("CACC 1/2025") < texts.index("2. The application is accordingly refused.")


def test_a_data_table_is_one_table_block() -> None:
    page = (
        b"<html><body><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table></body></html>"
    )
    blocks = parse("html", page).blocks
    assert [(b.kind, b.rows) for b in blocks] == [("table", [["A", "B"], ["1", "2"]])]
