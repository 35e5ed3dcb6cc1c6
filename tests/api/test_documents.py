from __future__ import annotations

from fastapi.testclient import TestClient

from casoteca.settings import Settings
from service.accounts import CLI
from service.library import Library
from tests.conftest import CASESTUDIES

HOSTILE = "en-paraguay-argentina-fake-job-offers-social-media.html"


def load(client: TestClient, *names: str) -> list[str]:
    """Ingest through the app's own library: the embedded index admits one handle, the serving one."""
    report = client.app.state.library.ingest_paths([CASESTUDIES / n for n in names])  # type: ignore[attr-defined]
    return [line.document_id for line in report if line.document_id]


def test_health_and_document_listing(settings: Settings, client: TestClient) -> None:
    (doc_id,) = load(client, "es-uruguay-trabajo-forzoso-pesca.docx")
    assert client.get("/health").json() == {
        "status": "ok",
        "documents": 1,
        "passages": 5,
        "store": "qdrant-edge",
        "model": "use-multilingual-v3",
    }
    listing = client.get("/api/documents", params={"language": "es"}).json()
    assert listing["total"] == 1 and listing["documents"][0]["id"] == doc_id
    assert client.get("/api/documents", params={"language": "pt"}).json()["total"] == 0
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["passages"][0]["page_start"] == 1


def test_unknown_document_is_a_json_404(client: TestClient) -> None:
    response = client.get("/api/documents/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "no document 'nope'"}
    assert client.get("/api/documents", params={"limit": 0}).status_code == 422


def test_markup_in_a_document_is_escaped_on_its_page(settings: Settings, client: TestClient) -> None:
    (doc_id,) = load(client, HOSTILE)
    page = client.get(f"/documents/{doc_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page


def test_a_document_id_can_never_name_a_path(settings: Settings, client: TestClient, tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = settings.data_dir / "secret.json"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text('{"id": "x"}')
    for probe in (
        "..%2Fsecret",
        "../secret",
        "..%2F..%2Fdata%2Fsecret",
        "../../../../../../tmp/abcdefgh1234567",
    ):
        response = client.get(f"/api/documents/{probe}")
        assert response.status_code == 404, probe


def test_library_get_refuses_anything_but_a_uuid(settings: Settings) -> None:
    library = Library(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / "secret.json").write_text('{"id": "x"}')
    assert library.get("../secret", caller=CLI) is None
    assert library.get("00000000-0000-0000-0000-000000000000", caller=CLI) is None
