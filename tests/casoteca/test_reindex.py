"""`Library.reindex(reparse=True)`: every document parsed and chunked again from its kept original (real
files of casestudies/, the real model, the embedded store), keeping ids, metadata and sharing."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingest.chunk
from casoteca.settings import Settings
from index.search import SearchRequest
from service.accounts import CLI
from service.library import Library
from tests.conftest import CASESTUDIES

FILES = [
    "es-chile-equipo-conjunto-investigacion-bolivia.eml",
    "es-uruguay-trabajo-forzoso-pesca.docx",
    "es-mexico-tapachula-trata-laboral-agricola.md",
    "es-bolivia-trata-laboral-castana-riberalta.pdf",
]


def test_reparse_rechunks_every_document_and_keeps_what_it_was_told(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(settings)
    report = library.ingest_paths([CASESTUDIES / name for name in FILES])
    assert all(line.status == "added" for line in report) and len(report) > len(
        FILES
    )  # the e-mail's attachment
    before = {doc.id: library.get(doc.id, caller=CLI) for doc in library.summaries(caller=CLI)}
    pdf = next(d for d in before.values() if d.source_name.endswith(".pdf"))
    docx = next(d for d in before.values() if d.source_name.endswith(".docx"))
    library.share(docx.id, "public", CLI)
    (settings.files_dir / pdf.sha256).unlink()  # an original that is gone: that document keeps its passages

    monkeypatch.setattr(ingest.chunk, "TARGET_WORDS", 60)
    monkeypatch.setattr(ingest.chunk, "MAX_WORDS", 90)
    monkeypatch.setattr(ingest.chunk, "MIN_WORDS", 30)
    passages, kept = library.reindex(reparse=True)

    assert len(kept) == 1 and kept[0].startswith(pdf.source_name)
    after = {doc.id: library.get(doc.id, caller=CLI) for doc in library.summaries(caller=CLI)}
    assert after.keys() == before.keys() and passages == sum(len(d.passages) for d in after.values())
    for doc_id, old in before.items():
        new = after[doc_id]
        assert new.title == old.title and new.metadata["countries"] == old.metadata["countries"]
        assert new.metadata["kind"] == old.metadata["kind"]
        if doc_id == pdf.id:
            assert [p.text for p in new.passages] == [p.text for p in old.passages]
        elif len(" ".join(p.text for p in old.passages).split()) > 200:
            assert len(new.passages) > len(old.passages)  # chunked again, smaller
    assert after[docx.id].metadata["visibility"] == "public"  # shared since ingest: still shared
    hits = library.search(SearchRequest("trabajo forzoso en buques pesqueros"), caller=CLI).hits
    assert hits and hits[0].document_id == docx.id
    # The same files ingested again are found unchanged: ids and fingerprints stayed.
    again = library.ingest_paths([CASESTUDIES / name for name in FILES])
    assert {line.status for line in again} == {"unchanged"}
    library.close()
    assert [p.name for p in settings.index_dir.glob("v-*")] == [(settings.index_dir / "current").read_text()]


def test_reparse_on_a_server_collection(tmp_path: Path) -> None:
    library = Library(Settings(data_dir=tmp_path / "data", qdrant_url=":memory:"))
    library.ingest_paths([CASESTUDIES / FILES[1]])
    old = library.kb.store.physical()  # type: ignore[attr-defined]
    passages, kept = library.reindex(reparse=True)
    assert passages > 0 and not kept and library.kb.store.physical() != old  # type: ignore[attr-defined]
    assert library.search(SearchRequest("pesca"), caller=CLI).hits
    library.close()
