"""Casebooks: collect cited passages and cases, reorder, annotate, export to Markdown, DOCX and PDF."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pypdfium2
import pytest
from docx import Document
from fastapi.testclient import TestClient

from service.casebooks import Casebooks
from tests.conftest import loaded_client

SAMPLES = [
    "es-uruguay-trabajo-forzoso-pesca.docx",
    "pt-brasil-oficinas-costura-sao-paulo-bolivianos.pdf",
    "en-paraguay-argentina-fake-job-offers-social-media.html",
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    yield from loaded_client(tmp_path_factory.mktemp("casebooks"), SAMPLES)


def make_casebook(client: TestClient, ids: dict[str, str]) -> dict:  # type: ignore[type-arg]
    book = client.post(
        "/api/casebooks",
        json={"title": "Trabajo forzoso: módulo 2", "description": "Material para el taller de Montevideo"},
    ).json()
    fishing, sewing = ids[SAMPLES[0]], ids[SAMPLES[1]]
    for document_id, order, note in (
        (fishing, 1, "Comparar con el caso de São Paulo"),
        (sewing, 2, ""),
        (sewing, None, "Caso completo como lectura previa"),
    ):
        response = client.post(
            f"/api/casebooks/{book['id']}/items",
            json={"document_id": document_id, "order": order, "note": note},
        )
        assert response.status_code == 201, response.text
    return client.get(f"/api/casebooks/{book['id']}").json()


def test_items_cite_their_passage_and_can_be_reordered_and_annotated(loaded) -> None:  # type: ignore[no-untyped-def]
    client, ids = loaded
    book = make_casebook(client, ids)
    first, second, third = book["items"]
    passage = client.get(f"/api/documents/{ids[SAMPLES[0]]}").json()["passages"][1]
    assert first["citation"]["text"] == passage["text"]
    assert first["citation"]["page_start"] == passage["page_start"] and first["citation"]["countries"]
    assert third["citation"]["order"] is None and third["citation"]["title"].startswith("Tráfico de pessoas")
    moved = client.patch(f"/api/casebooks/{book['id']}/items/{third['id']}", json={"position": 0}).json()
    assert [i["id"] for i in moved["items"]] == [third["id"], first["id"], second["id"]]
    noted = client.patch(
        f"/api/casebooks/{book['id']}/items/{second['id']}", json={"note": "ver p. 2"}
    ).json()
    assert noted["items"][2]["note"] == "ver p. 2"
    assert client.delete(f"/api/casebooks/{book['id']}/items/{first['id']}").status_code == 204
    assert len(client.get(f"/api/casebooks/{book['id']}").json()["items"]) == 2
    listing = client.get("/api/casebooks").json()["casebooks"]
    assert {"id": book["id"], "items": 2}.items() <= next(b for b in listing if b["id"] == book["id"]).items()


def test_exports_cite_every_passage_and_list_the_sources(loaded) -> None:  # type: ignore[no-untyped-def]
    client, ids = loaded
    book = make_casebook(client, ids)
    base = f"/api/casebooks/{book['id']}/export"
    markdown = client.get(base, params={"format": "md", "lang": "es"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    text = markdown.text
    assert text.startswith("# Trabajo forzoso: módulo 2")
    assert (
        "Tripulantes retenidos" in text and "(Uruguay, Perú, Ecuador, 2022), p. 1" in text
    )  # CLDR names in Spanish
    assert "Caso completo" in text and "## Fuentes" in text and ids[SAMPLES[1]] in text
    assert "**Nota:** Comparar con el caso de São Paulo" in text

    docx = client.get(base, params={"format": "docx", "lang": "pt"})
    assert docx.headers["content-disposition"].endswith('.docx"')
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert paragraphs[0] == "Trabajo forzoso: módulo 2" and "Fontes" in paragraphs
    assert any("São Paulo" in p for p in paragraphs)
    assert any("(Uruguai, Peru, Equador, 2022)" in p for p in paragraphs)  # the countries in Portuguese too

    pdf = client.get(base, params={"format": "pdf", "lang": "en"})
    assert pdf.headers["content-type"] == "application/pdf"
    document = pypdfium2.PdfDocument(pdf.content)
    extracted = "".join(page.get_textpage().get_text_range() for page in document)
    assert "Trabajo forzoso: módulo 2" in extracted and "Sources" in extracted and "São Paulo" in extracted


def test_markup_in_a_cited_passage_stays_text_in_every_export(loaded) -> None:  # type: ignore[no-untyped-def]
    client, ids = loaded
    hostile = ids[SAMPLES[2]]  # quotes a literal <script> tag
    order = next(
        p["order"]
        for p in client.get(f"/api/documents/{hostile}").json()["passages"]
        if "<script>" in p["text"]
    )
    book = client.post("/api/casebooks", json={"title": "<b>x</b>"}).json()
    client.post(
        f"/api/casebooks/{book['id']}/items",
        json={"document_id": hostile, "order": order, "note": "*not bold* [link](http://x)"},
    )
    markdown = client.get(f"/api/casebooks/{book['id']}/export", params={"format": "md"}).text
    assert "<script>" not in markdown and "\\<script\\>" in markdown and "\\*not bold\\*" in markdown
    pdf = client.get(f"/api/casebooks/{book['id']}/export", params={"format": "pdf"})
    assert pdf.status_code == 200
    page = client.get(f"/casebooks/{book['id']}").text
    assert "&lt;script&gt;" in page and "<b>x</b>" not in page


def test_bad_requests_are_clear(loaded) -> None:  # type: ignore[no-untyped-def]
    client, ids = loaded
    book = client.post("/api/casebooks", json={"title": "t"}).json()
    items = f"/api/casebooks/{book['id']}/items"
    assert client.post("/api/casebooks", json={"title": ""}).status_code == 422
    assert client.post("/api/casebooks", json={"title": "   "}).status_code == 400
    assert client.post(items, json={"document_id": ids[SAMPLES[0]], "order": 999}).status_code == 400
    assert client.post(items, json={"document_id": "00000000-0000-0000-0000-000000000000"}).status_code == 404
    assert client.post("/api/casebooks/nope/items", json={"document_id": ids[SAMPLES[0]]}).status_code == 404
    assert client.get("/api/casebooks/../../etc/passwd").status_code == 404
    assert client.get(f"/api/casebooks/{book['id']}/export", params={"format": "exe"}).status_code == 422
    assert client.patch(f"{items}/nope", json={"note": "x"}).status_code == 404
    assert client.delete(f"/api/casebooks/{book['id']}").status_code == 204
    assert client.get(f"/api/casebooks/{book['id']}").status_code == 404


def test_a_casebook_keeps_its_citations_after_the_document_is_deleted(tmp_path, loaded) -> None:  # type: ignore[no-untyped-def]
    client, ids = loaded
    book = make_casebook(client, ids)
    folder = client.app.state.library.casebooks.folder  # type: ignore[attr-defined]
    reopened = Casebooks(folder).get(book["id"])
    assert reopened is not None and [i.id for i in reopened.items] == [i["id"] for i in book["items"]]
    assert client.delete(f"/api/documents/{ids[SAMPLES[0]]}").status_code == 204
    text = client.get(f"/api/casebooks/{book['id']}/export", params={"format": "md"}).text
    assert "Tripulantes retenidos" in text
