"""A casebook exported for a class: `pseudonymise=true` on the export and the training page replace people
and identifiers by roles and masks, consistently across the casebook, in the chosen language; the casebook
itself and its plain export stay as they were."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from docx import Document
from fastapi.testclient import TestClient

from casoteca.app import create_app
from casoteca.settings import Settings
from tests.conftest import sign_in

NAMES = ("Rodolfo Benítez Acosta", "RODOLFO BENITEZ ACOSTA", "Lucía Fernández")
PY_TEXT = (
    "El imputado Rodolfo Benítez Acosta contactó a la víctima Lucía Fernández por WhatsApp al "
    "0981 123 456 y le ofreció trabajo en Buenos Aires."
)
AR_TEXT = "La testigo declaró que RODOLFO BENITEZ ACOSTA llamaba desde el +595 981 123-456 cada semana."


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    """Two cases naming the same accused and phone, cited in one casebook."""
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("training")))
    with TestClient(app) as client:
        sign_in(client, "editor", "Fiscalía py")
        ids = []
        for name, country, text in (("py", "Paraguay", PY_TEXT), ("ar", "Argentina", AR_TEXT)):
            response = client.post(
                "/api/documents",
                files={"files": (f"Benitez_{name}.txt", text.encode(), "text/plain")},
                data={"visibility": "network", "countries": country, "kind": "judgment"},
            )
            assert response.status_code == 201, response.text
            ids.append(response.json()["documents"][0]["document_id"])
        book = client.post("/api/casebooks", json={"title": "Curso: caso Benítez"}).json()
        for doc in ids:
            cited = client.post(f"/api/casebooks/{book['id']}/items", json={"document_id": doc, "order": 0})
            assert cited.status_code == 201, cited.text
        yield client, book["id"]


def test_the_markdown_export_names_roles_and_masks_and_the_plain_one_is_unchanged(world) -> None:  # type: ignore[no-untyped-def]
    client, book = world
    url = f"/api/casebooks/{book}/export"
    masked = client.get(url, params={"format": "md", "lang": "es", "pseudonymise": "true"})
    assert masked.status_code == 200
    text = masked.text
    assert [name for name in (*NAMES, "Benítez", "Benitez", "981 123") if name in text] == []
    assert text.count("Procesado 1") == 3  # the title, both passages: one person, one label
    assert "Víctima 1" in text and "+595 9\\*\\* \\*\\*\\*456" in text and "Versión seudonimizada" in text
    plain = client.get(url, params={"format": "md", "lang": "es"}).text
    assert "Rodolfo Benítez Acosta" in plain and "Procesado 1" not in plain


def test_the_docx_export_and_the_training_page_in_other_languages(world) -> None:  # type: ignore[no-untyped-def]
    client, book = world
    docx = client.get(
        f"/api/casebooks/{book}/export", params={"format": "docx", "lang": "en", "pseudonymise": "true"}
    )
    words = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Defendant 1" in words and "Victim 1" in words and not [n for n in NAMES if n in words]
    page = client.get(f"/casebooks/{book}/training", params={"lang": "pt"})
    assert page.status_code == 200 and "Réu 1" in page.text and "Vítima 1" in page.text
    assert not [n for n in NAMES if n in page.text] and "<textarea" not in page.text
    assert "pseudonymise=true" in page.text
    assert "/training" in client.get(f"/casebooks/{book}").text
    sign_in(client, "reader", "Fiscalía ar")  # someone else's casebook is nobody's business
    assert client.get(f"/casebooks/{book}/training").status_code == 404
    assert client.get(f"/api/casebooks/{book}/export", params={"pseudonymise": "true"}).status_code == 404
