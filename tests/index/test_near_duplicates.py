"""The same text in different bytes (a DOCX and the PDF made from it) is flagged on the document page and in
the API; another case is not. Real files made with python-docx and reportlab, the real model and index."""

from __future__ import annotations

from pathlib import Path

import docx
from fastapi.testclient import TestClient
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from tests.conftest import CASESTUDIES

SOURCE = CASESTUDIES / "es-guatemala-criminalidad-forzada-maras.txt"
OTHER = CASESTUDIES / "es-mexico-tapachula-trata-laboral-agricola.md"


def paragraphs(path: Path) -> list[str]:
    """The text's paragraphs, without the Markdown-like underlines."""
    blocks = [" ".join(block.split()) for block in path.read_text(encoding="utf-8").split("\n\n")]
    return [b for b in blocks if b and set(b) - set("=- ")]


def make_docx(path: Path, texts: list[str]) -> None:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    document.save(str(path))


def make_pdf(path: Path, texts: list[str]) -> None:
    style = getSampleStyleSheet()["BodyText"]
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(text, style) for text in texts])


def test_a_docx_and_its_pdf_are_flagged_as_the_same_document(client: TestClient, tmp_path: Path) -> None:
    texts = paragraphs(SOURCE)
    make_docx(tmp_path / "ficha.docx", texts)
    make_pdf(tmp_path / "ficha.pdf", texts)
    make_docx(tmp_path / "otra.docx", paragraphs(OTHER))
    library = client.app.state.library  # type: ignore[attr-defined]
    report = library.ingest_paths([tmp_path / "ficha.docx", tmp_path / "ficha.pdf", tmp_path / "otra.docx"])
    assert [line.status for line in report] == ["added", "added", "added"]  # other bytes: no exact duplicate
    docx_id, pdf_id, other_id = (line.document_id for line in report)

    near = client.get(f"/api/documents/{docx_id}").json()["near_duplicates"]
    assert [n["id"] for n in near] == [pdf_id] and near[0]["resemblance"] >= 0.6
    assert [n["id"] for n in client.get(f"/api/documents/{pdf_id}").json()["near_duplicates"]] == [docx_id]
    assert client.get(f"/api/documents/{other_id}").json()["near_duplicates"] == []
    page = client.get(f"/documents/{pdf_id}").text
    assert "Probably the same document as" in page and f'href="/documents/{docx_id}"' in page
    assert "Probably the same document as" not in client.get(f"/documents/{other_id}").text
