"""Uploads, original files, deletion, metrics and errors, over the real model and embedded index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from casoteca.app import create_app
from casoteca.settings import Settings
from tests.conftest import CASESTUDIES, sign_in

PDF = CASESTUDIES / "es-peru-mineria-la-rinconada-servidumbre-deudas.pdf"
HTML = CASESTUDIES / "en-paraguay-argentina-fake-job-offers-social-media.html"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(
        create_app(Settings(data_dir=tmp_path / "data", max_file_mb=1, metrics_token="a metrics token"))
    ) as test_client:
        sign_in(test_client)
        yield test_client


def upload(client: TestClient, *files: tuple[str, bytes]):  # type: ignore[no-untyped-def]
    return client.post("/api/documents", files=[("files", (name, data)) for name, data in files])


def test_upload_search_open_the_original_and_delete(client: TestClient) -> None:
    text = b"Caso de trata laboral en el puerto de Paita, Peru, con retencion de documentos."
    response = upload(client, (PDF.name, PDF.read_bytes()), ("../../etc/caso\x00<b>.txt", text))
    assert response.status_code == 201
    lines = response.json()["documents"]
    assert [line["status"] for line in lines] == ["added", "added"]
    assert (
        lines[1]["path"] == "caso%00<b>.txt"
    )  # the folder part is gone (the client percent-encoded the NUL)
    doc_id = lines[0]["document_id"]
    hits = client.get("/api/search", params={"q": "servidumbre por deudas La Rinconada"}).json()["hits"]
    assert hits[0]["document_id"] == doc_id
    original = client.get(f"/api/documents/{doc_id}/file")
    assert original.status_code == 200 and original.content == PDF.read_bytes()
    assert original.headers["content-type"] == "application/pdf"
    assert original.headers["content-disposition"].startswith("inline")
    assert original.headers["content-security-policy"] == "sandbox"
    again = upload(client, (PDF.name, PDF.read_bytes())).json()["documents"][0]
    assert (again["status"], again["document_id"]) == ("duplicate", doc_id)  # already in the base
    assert client.delete(f"/api/documents/{doc_id}").status_code == 204
    assert client.delete(f"/api/documents/{doc_id}").status_code == 404
    assert client.get(f"/api/documents/{doc_id}").status_code == 404


def test_markup_files_download_as_attachments(client: TestClient) -> None:
    doc_id = upload(client, (HTML.name, HTML.read_bytes())).json()["documents"][0]["document_id"]
    original = client.get(f"/api/documents/{doc_id}/file")
    assert original.headers["content-type"].startswith("text/plain")
    assert original.headers["content-disposition"].startswith("attachment")


def test_too_large_unsupported_and_empty_uploads_have_their_status(client: TestClient) -> None:
    too_large = upload(client, ("big.txt", b"palabra " * 200_000))
    assert too_large.status_code == 413 and too_large.json()["documents"][0]["reason"] == "too_large"
    unsupported = upload(client, ("photo.pdf", b"\x00\x01\x02binary" * 100))
    assert unsupported.status_code == 415 and unsupported.json()["documents"][0]["reason"] == "unsupported"
    assert (
        upload(client, ("empty.docx", b"")).status_code == 400
    )  # empty: 400, as an empty draft (api/errors.py)
    mixed = upload(
        client, ("big.txt", b"palabra " * 200_000), ("ok.txt", b"Trata de personas en Lima, Peru.")
    )
    assert mixed.status_code == 201
    assert [line["status"] for line in mixed.json()["documents"]] == ["failed", "added"]


def test_health_metrics_and_json_errors(client: TestClient) -> None:
    assert client.get("/health").json()["model"] == "use-multilingual-v3"
    client.get("/api/search", params={"q": "trata"})
    client.get("/api/documents/not-a-uuid")
    assert client.get("/metrics").status_code == 403  # an API key is not the metrics token
    text = client.get("/metrics", headers={"Authorization": "Bearer a metrics token"}).text
    assert 'casoteca_requests_total{method="GET",route="/api/search",status="200"} 1.0' in text
    assert 'route="/api/documents/{doc_id}",status="404"' in text
    assert "casoteca_documents 0.0" in text and "casoteca_request_seconds_bucket" in text
    missing = client.get("/api/documents/00000000-0000-0000-0000-000000000000/file")
    assert missing.status_code == 404 and "detail" in missing.json()
    assert client.get("/api/search", params={"q": "x", "limit": "many"}).status_code == 422
    assert client.get("/openapi.json").json()["paths"]["/api/search"]


def test_uploaded_file_names_lose_folders_and_control_characters() -> None:
    from service.names import safe_name

    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\x\\caso\x00\x1b.pdf") == "caso.pdf"
    assert safe_name("...") == "upload" and safe_name("") == "upload"
    assert len(safe_name("a" * 1000 + ".pdf")) == 200
