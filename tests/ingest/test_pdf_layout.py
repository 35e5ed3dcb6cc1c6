"""PDF pages: running headers and footers go, a table's repeated values stay, page numbers go."""

from __future__ import annotations

import pytest

from ingest.chunk import chunk_blocks
from ingest.parse import ParseError, parse
from tests.ingest.pdfs import pdf_with_lines, pdf_with_stamp

HEADER = "SALA PENAL PERMANENTE - RECURSO DE APELACIÓN N.° 169-2025"
FOOTER = "www.ejemplo.gob - Biblioteca del Congreso Nacional"
BODY = (
    "El tribunal examinó las actas de fiscalización y los registros de trabajadores resgatados en cada "
    "operativo, y dejó constancia de los códigos de ocupación y de las fechas de cada inspección."
)


def table_page(page: int) -> list[str]:
    rows = [f"0210-1/07   Trabalhador rural   {page:02d}/03/2007   Marabá" for _ in range(6)]
    return [
        HEADER,
        BODY,
        "Código      Ocupação            Data         Município",
        *rows,
        BODY,
        f"Página {page} de 5",
        FOOTER,
    ]


def pdf_text() -> str:
    parsed = parse("pdf", pdf_with_lines([table_page(n) for n in range(1, 6)]))
    return "\n".join(c.text for c in chunk_blocks(parsed.blocks))


def test_running_header_and_footer_are_read_once_not_on_every_page() -> None:
    text = pdf_text()
    assert text.count(HEADER) == 1 and text.count(FOOTER) == 1
    assert "Página 3 de 5" not in text


def test_a_value_repeated_in_a_table_on_every_page_stays() -> None:
    text = pdf_text()
    assert text.count("0210-1/07") == 30, "six rows on each of five pages"
    assert text.count("Trabalhador rural") == 30
    assert "03/03/2007" in text


def test_a_pdf_whose_only_text_is_a_footer_is_refused_with_a_reason() -> None:
    data = pdf_with_lines([[FOOTER, f"Página {n} de 4"] for n in range(1, 5)])
    with pytest.raises(ParseError, match="running header or footer"):
        parse("pdf", data)


def test_text_drawn_by_a_form_field_or_stamp_is_read_with_the_page() -> None:
    stamp = "Firmado electrónicamente por: JUEZ PONENTE C=EC 0912345678"
    parsed = parse("pdf", pdf_with_stamp([BODY], stamp))
    text = " ".join(block.text for block in parsed.blocks)
    assert BODY in text and stamp in text
    assert parsed.ocr_pages == []
