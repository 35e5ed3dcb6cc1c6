"""Every supported format, parsed from the real sample files in casestudies/."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ingest.metadata import sidecar_path
from ingest.pipeline import build_document, iter_files, read_source
from tests.conftest import CASESTUDIES

MAX = 100 * 1024 * 1024


def corpus_files() -> list[Path]:
    return [path for path, _ in iter_files([CASESTUDIES])]


def test_corpus_has_every_format_and_language() -> None:
    files = corpus_files()
    assert len(files) >= 40
    suffixes = {p.suffix for p in files}
    assert {
        ".pdf",
        ".docx",
        ".pptx",
        ".html",
        ".md",
        ".txt",
        ".eml",
        ".xlsx",
        ".xls",
        ".ods",
        ".png",
        ".jpg",
        ".tif",
        "",
    } <= suffixes


FAST = [p for p in corpus_files() if p.suffix not in (".png", ".jpg", ".tif")]
SLOW = [p for p in corpus_files() if p.suffix in (".png", ".jpg", ".tif")]


def check(path: Path) -> None:
    document, _ = build_document(read_source(path, MAX))
    sidecar = sidecar_path(path)
    expected = yaml.safe_load(sidecar.read_text()) if sidecar.exists() else None
    assert document.passages, path.name
    if expected:
        assert document.title == expected["title"]
        assert document.language == expected["language"]
        assert "language" not in document.inferred
    for passage in document.passages:
        assert 1 <= passage.page_start <= passage.page_end <= document.pages
        assert passage.text.strip()
        assert len(passage.text.split()) <= 320, (path.name, passage.order)
    # Passage languages follow the document's for prose; a table or a heading-only line may differ.
    narrative = [p for p in document.passages if p.kind == "narrative" and len(p.text.split()) > 40]
    assert sum(p.language == document.language for p in narrative) >= 0.8 * len(narrative)
    # Same file twice: same ids.
    again, _ = build_document(read_source(path, MAX))
    assert again.id == document.id and [p.text for p in again.passages] == [p.text for p in document.passages]


@pytest.mark.parametrize("path", FAST, ids=lambda p: p.name)
def test_sample_document_parses_into_cited_passages(path: Path) -> None:
    check(path)


@pytest.mark.slow
@pytest.mark.parametrize("path", SLOW, ids=lambda p: p.name)
def test_images_are_read_by_ocr(path: Path) -> None:
    check(path)


def test_pdf_pages_and_sections_are_kept() -> None:
    path = CASESTUDIES / "es-peru-mineria-la-rinconada-servidumbre-deudas.pdf"
    document, _ = build_document(read_source(path, MAX))
    assert document.pages >= 6
    resolution = [p for p in document.passages if p.section and p.section[-1] == "Resolución"]
    assert resolution and resolution[0].page_start == 5
    assert max(p.page_end for p in document.passages) == document.pages
    assert not any("Página" in s for p in document.passages for s in p.section), "footers are not headings"


@pytest.mark.slow
def test_scanned_page_inside_a_text_pdf_is_ocrd() -> None:
    path = CASESTUDIES / "en-darien-gap-smuggling-report.pdf"
    document, _ = build_document(read_source(path, MAX))
    assert document.metadata["ocr_pages"] == [3]
    assert any(p.page_end == 3 for p in document.passages)


@pytest.mark.slow
def test_scanned_pdf_in_portuguese_is_read() -> None:
    path = CASESTUDIES / "pt-brasil-trabalho-domestico-analogo-escravidao.pdf"
    document, _ = build_document(read_source(path, MAX))
    assert document.metadata["ocr_pages"] == list(range(1, document.pages + 1))
    assert document.language == "pt"
    assert "trabalh" in " ".join(p.text for p in document.passages).lower()


def test_spreadsheet_sheets_are_sections_and_rows_keep_their_header() -> None:
    path = CASESTUDIES / "es-redtram-registro-casos-2019-2021.xlsx"
    document, _ = build_document(read_source(path, MAX))
    tables = [p for p in document.passages if p.kind == "table"]
    assert tables and all(p.section for p in tables)
    assert tables[0].text.splitlines()[0].startswith("País")


def test_email_carries_its_attachment() -> None:
    path = next(CASESTUDIES.glob("*.eml"))
    document, attachments = build_document(read_source(path, MAX))
    assert document.passages
    assert attachments and attachments[0][1][:5] == b"%PDF-"


def test_markdown_front_matter_is_metadata() -> None:
    path = next(CASESTUDIES.glob("*.md"))
    text = path.read_text(encoding="utf-8")
    document, _ = build_document(read_source(path, MAX))
    front = yaml.safe_load(text.split("---")[1])
    assert document.title == front["title"]
    assert document.metadata["countries"] == front["countries"]
    assert not any("format:" in p.text for p in document.passages)


def test_markup_in_a_document_stays_text() -> None:
    path = CASESTUDIES / "en-paraguay-argentina-fake-job-offers-social-media.html"
    document, _ = build_document(read_source(path, MAX))
    assert any("<script>alert(1)</script>" in p.text for p in document.passages)


def test_a_title_wrapped_over_several_pdf_lines_is_one_heading() -> None:
    path = CASESTUDIES / "es-peru-mineria-la-rinconada-servidumbre-deudas.pdf"
    document, _ = build_document(read_source(path, MAX))
    assert document.passages[0].section == [
        "Sentencia por trata de personas con fines de explotación laboral en la minería aurífera de La Rinconada"
    ]


def test_bold_list_paragraphs_of_a_docx_are_its_headings_and_sections(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    body = (
        "La línea recibe denuncias de explotación laboral y sexual de todo el país, las registra y las "
        "deriva a la fiscalía competente, que decide si abre una investigación penal. "
    ) * 3
    for heading in ("Introducción", "Alcance del análisis", "Conclusiones"):
        document.add_paragraph(style="List Paragraph").add_run(heading).bold = True
        document.add_paragraph(body, style="List Paragraph")
    path = tmp_path / "primer_informe_final.docx"
    document.save(path)
    doc = build_document(read_source(path, 1 << 20))[0]
    assert [p.section for p in doc.passages] == [["Introducción"], ["Alcance del análisis"], ["Conclusiones"]]
    assert doc.title == "Primer informe final", "a text that opens with its introduction has no title page"
