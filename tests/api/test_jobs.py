"""A long or scanned upload answers at once with a job whose progress can be read (pages read of the total,
passages, errors); a short file is still answered with its report."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from casoteca.app import create_app
from casoteca.settings import Settings
from service.jobs import LONG_PAGES
from tests.conftest import CASESTUDIES, sign_in

SCAN = CASESTUDIES / "en-el-salvador-child-trafficking.png"
TEXT = CASESTUDIES / "en-dominican-republic-sea-smuggling-interdiction.md"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data_dir=tmp_path / "data"))) as test_client:
        sign_in(test_client)
        yield test_client


def long_pdf(pages: int) -> bytes:
    """A text PDF of `pages` pages: a case study of the sample corpus, its words laid out a few lines a page
    (every page different, so none is taken for a running header)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    words = TEXT.read_text(encoding="utf-8").split()
    per_page = max(len(words) // pages, 12)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in range(pages):
        chunk = words[number * per_page : (number + 1) * per_page] or words[:per_page]
        for line in range(0, len(chunk), 12):
            pdf.drawString(72, 760 - 16 * (line // 12), " ".join(chunk[line : line + 12]))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def finished(client: TestClient, url: str) -> dict[str, Any]:
    """Poll the job until it ends (the writer thread runs it); every answer on the way is a valid state."""
    seen: set[str] = set()
    deadline = time.monotonic() + 600  # only a defect reaches it: the loop returns when the job ends
    while time.monotonic() < deadline:
        job = client.get(url).json()
        seen.add(job["status"])
        assert job["status"] in ("queued", "running", "done", "failed")
        assert 0 <= job["pages_done"] <= job["pages_total"] or job["pages_total"] == 0
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"the job never ended: {seen}")


def test_a_long_pdf_is_a_job_with_pages_done_of_total(client: TestClient) -> None:
    pages = LONG_PAGES + 5
    response = client.post("/api/documents", files=[("files", ("expediente.pdf", long_pdf(pages)))])
    assert response.status_code == 202
    body = response.json()
    assert response.headers["location"] == body["url"] == f"/api/jobs/{body['id']}"
    job = finished(client, body["url"])
    assert job["status"] == "done" and job["errors"] == []
    assert (job["pages_done"], job["pages_total"]) == (pages, pages)
    assert job["report"][0]["status"] == "added" and job["passages"] == job["report"][0]["passages"] > 0
    hits = client.get("/api/search", params={"q": "maritime interdiction of migrant smuggling boats"}).json()[
        "hits"
    ]
    assert hits and hits[0]["document_id"] == job["report"][0]["document_id"]
    upload = next(e for e in client.get("/api/audit").json()["events"] if e["action"] == "upload")
    assert upload["detail"]["job"] == body["id"] and upload["detail"]["files"][0]["status"] == "added"


def test_a_scanned_image_is_a_job_and_its_page_shows_the_report(client: TestClient) -> None:
    response = client.post("/api/documents", files=[("files", (SCAN.name, SCAN.read_bytes()))])
    assert response.status_code == 202
    job = finished(client, response.json()["url"])
    assert job["status"] == "done" and job["report"][0]["passages"] > 0
    page = client.get(response.json()["page"], headers={"Accept-Language": "es"})
    assert page.status_code == 200 and "Terminado" in page.text and 'http-equiv="refresh"' not in page.text
    assert f"/documents/{job['report'][0]['document_id']}" in page.text


def test_a_short_file_is_answered_with_its_report_and_jobs_are_their_owners(client: TestClient) -> None:
    short = client.post(
        "/api/documents", files=[("files", ("nota.txt", b"Nota breve sobre un caso de trata."))]
    )
    assert short.status_code == 201 and short.json()["documents"][0]["status"] == "added"
    job = client.post("/api/documents", files=[("files", (SCAN.name, SCAN.read_bytes()))]).json()
    finished(client, job["url"])
    sign_in(client, role="editor", office="Another office")
    assert client.get(job["url"]).status_code == 404


def test_an_admin_reindex_can_run_as_a_job(client: TestClient) -> None:
    client.post(
        "/api/documents", files=[("files", ("nota.txt", b"Nota breve sobre un caso de trata laboral."))]
    )
    response = client.post("/api/admin/reindex", params={"background": "true"})
    assert response.status_code == 202 and response.json()["kind"] == "reindex"
    job = finished(client, response.json()["url"])
    assert job["status"] == "done" and job["result"]["passages"] >= 1
    assert client.get("/api/search", params={"q": "caso de trata laboral"}).json()["hits"]
