"""Ingest is crash-safe: `casoteca ingest` killed with SIGKILL in the middle of writing a document, restarted,
and run again leaves no duplicate, no half document and no lost document.

The kills are placed, not timed: `crash_ingest` runs the real command line and kills itself right after a
chosen write to the store (the staged passages of a document written but not promoted; a promotion not yet
flushed; an updated document's old version deleted but its new one not yet promoted), so the test crashes
at the same points on a quiet or a loaded machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from casoteca.settings import Settings
from index.store import Where
from service.accounts import CLI
from service.library import DocumentSummary, Library
from tests.conftest import CASESTUDIES, ROOT

pytestmark = pytest.mark.slow  # ingests the whole sample corpus (OCR included) in five processes

CHANGED = "es-ecuador-mendicidad-forzada-ninos.txt"


def check_whole(library: Library) -> list[DocumentSummary]:
    """Every document has each of its passages once, in one version; nothing is left staged."""
    store = library.kb.store
    assert store.count(Where({"state": "staged"})) == 0
    documents = library.summaries(caller=CLI)
    for doc in documents:
        hits, _ = store.scroll(Where({"doc_id": doc.id}), limit=10_000)
        orders = Counter(h.payload["order"] for h in hits)
        assert sorted(orders) == list(range(doc.passages)), doc.source_name  # whole
        assert set(orders.values()) == {1}, doc.source_name  # no passage twice
        assert len({h.payload["fingerprint"] for h in hits}) == 1  # one version only
    return documents


def reopen(settings: Settings) -> tuple[list[DocumentSummary], str]:
    """Open the base as the next start does (it finishes or drops what a killed run left staged), check it
    whole, and return its documents and the text of the changed file's last passage ("" if not there)."""
    library = Library(settings)
    try:
        documents = check_whole(library)
        changed = next((d for d in documents if d.source_name == CHANGED), None)
        last = library.get(changed.id, caller=CLI).passages[-1].text if changed else ""  # type: ignore[union-attr]
        return documents, last
    finally:
        library.close()


def test_kill_9_while_writing_documents_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(CASESTUDIES, folder, ignore=shutil.ignore_patterns("README.md"))
    settings = Settings(data_dir=tmp_path / "data")
    env = {**os.environ, "CASOTECA_DATA_DIR": str(settings.data_dir)}
    files = {p.name for p in folder.iterdir() if not p.name.endswith(".meta.yaml")}

    def crash_at(write: str) -> str:
        """Run ingest until it kills itself right after `write` (OP:N); its report of writes, for messages."""
        command = [sys.executable, "-m", "tests.casoteca.crash_ingest", write, str(folder)]
        run = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        assert run.returncode == -signal.SIGKILL, f"never reached {write}: {run.stdout}{run.stderr}"
        return run.stderr

    def ingest() -> None:
        command = [str(Path(sys.executable).with_name("casoteca")), "ingest", str(folder)]
        run = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stdout + run.stderr

    # The first document's passages are written staged, then the process dies before promoting them: the
    # set is complete and nothing else holds the document, so the next start promotes it.
    writes = crash_at("upsert:1")
    documents, _ = reopen(settings)
    assert len(documents) == 1, writes

    # Killed right after promoting a later document, before any flush: the write-ahead log keeps it.
    writes = crash_at("set_payload:4")
    documents, _ = reopen(settings)
    assert 1 < len(documents) < len(files), writes

    ingest()  # the rest, untouched by the crashes
    documents, last = reopen(settings)
    assert {d.source_name for d in documents} == files
    assert "Nota agregada" not in last

    # A changed file replaces its document whole. Killed after its old version is deleted and before the
    # new one is promoted (delete 1 clears stale staged points, delete 2 the live version): the next start
    # finishes the switch, so the document is neither lost nor left half old, half new.
    (folder / CHANGED).write_bytes(
        (CASESTUDIES / CHANGED).read_bytes() + b"\n\nNota agregada al expediente.\n"
    )
    writes = crash_at("delete:2")
    documents, last = reopen(settings)
    assert len(documents) == len(files), writes
    assert "Nota agregada" in last, writes

    ingest()  # nothing left to do, and nothing done twice
    documents, last = reopen(settings)
    # and nothing else: the two e-mails' attachments are copies of corpus PDFs, listed as their sources
    assert {d.source_name for d in documents} == files and len(documents) == len(files)
    assert "Nota agregada" in last
