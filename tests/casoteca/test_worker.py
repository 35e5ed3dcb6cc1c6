"""The serving process's writer thread: uploads go through it, and the inbox folder is ingested by it."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from fastapi.testclient import TestClient

from casoteca.app import create_app
from casoteca.settings import Settings
from tests.conftest import CASESTUDIES, sign_in


def wait_for(condition, seconds: float = 120) -> bool:  # type: ignore[no-untyped-def]
    """True as soon as `condition()` holds (the writer thread's report files are the event looked at);
    `seconds` only bounds a defect's wait, on a machine as loaded as the shared one."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_inbox_is_ingested_while_serving_and_bad_files_are_set_aside(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", inbox_poll_seconds=0.2)
    with TestClient(create_app(settings)) as client:
        sign_in(client, "admin")
        inbox = settings.inbox_dir
        good = "pt-brasil-pesca-trabalho-escravo-barcos.md"
        shutil.copy(CASESTUDIES / good, inbox / good)
        (inbox / "roto.pdf").write_bytes(b"%PDF-1.7 not really a pdf")
        assert wait_for(
            lambda: (
                (inbox / "done" / f"{good}.report.json").exists()
                and (inbox / "failed" / "roto.pdf.report.json").exists()
            )
        )
        assert not (inbox / good).exists() and (inbox / "done" / good).exists()
        report = json.loads((inbox / "failed" / "roto.pdf.report.json").read_text())
        assert report["documents"][0]["status"] == "failed" and report["documents"][0]["reason"]
        hits = client.get("/api/search", params={"q": "pescadores resgatados"}).json()["hits"]
        assert hits and hits[0]["title"].startswith("Pescadores")
        # searches answer while the writer works: an upload and a search at the same time both succeed
        upload = client.post("/api/documents", files={"files": ("nota.txt", b"Nota sobre barcos de pesca.")})
        assert (
            upload.status_code == 201 and client.get("/api/search", params={"q": "barcos"}).status_code == 200
        )


def test_a_copy_dropped_into_the_inbox_is_reported_as_a_duplicate(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", inbox_poll_seconds=0.2)
    with TestClient(create_app(settings)) as client:
        sign_in(client, "admin")
        inbox = settings.inbox_dir
        original = CASESTUDIES / "pt-brasil-pesca-trabalho-escravo-barcos.md"
        shutil.copy(original, inbox / "barcos.md")
        assert wait_for(lambda: (inbox / "done" / "barcos.md.report.json").exists())
        shutil.copy(original, inbox / "copia-barcos.md")
        assert wait_for(lambda: (inbox / "done" / "copia-barcos.md.report.json").exists())
        first = json.loads((inbox / "done" / "barcos.md.report.json").read_text())["documents"][0]
        copy = json.loads((inbox / "done" / "copia-barcos.md.report.json").read_text())["documents"][0]
        assert (copy["status"], copy["document_id"], copy["title"]) == (
            "duplicate",
            first["document_id"],
            first["title"],
        )
        doc = client.get(f"/api/documents/{first['document_id']}").json()
        assert [s["name"] for s in doc["sources"]] == ["barcos.md", "copia-barcos.md"]
