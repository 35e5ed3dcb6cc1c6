"""Writing documents through the knowledge base: whole replacement, and recovery after a crash mid-write.
A fake embedder keeps these fast; the real model is exercised in test_search.py."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from index.knowledge import LIVE, STAGED, KnowledgeBase
from index.store import EdgeStore, ModelMismatch, Where
from ingest.models import Document, Passage


class FakeEmbedder:
    model_id = "fake"
    dimension = 8

    def embed(self, texts: list[str], query: bool = False) -> np.ndarray:
        rows = [
            np.frombuffer(hashlib.sha256(t.encode()).digest()[:8], dtype=np.uint8).astype(np.float32) + 1
            for t in texts
        ]
        return np.array([r / np.linalg.norm(r) for r in rows], dtype=np.float32).reshape(len(texts), 8)


def document(texts: list[str], doc_id: str = "doc-1") -> Document:
    passages = [
        Passage(doc_id, n, text, n + 1, n + 2, ["Hechos"], "narrative", "es") for n, text in enumerate(texts)
    ]
    return Document(
        doc_id,
        "Caso de prueba",
        "caso.txt",
        "sha",
        "txt",
        len(texts) + 1,
        "es",
        {
            "kind": "case",
            "countries": ["Peru"],
            "year": 2020,
            "visibility": "network",
            "owner_office": "Fiscalía",
        },
        [],
        passages,
    )


def open_kb(folder: Path, embedder: type = FakeEmbedder) -> KnowledgeBase:
    return KnowledgeBase(EdgeStore(folder), embedder)


OLD = ["primera versión, pasaje uno", "primera versión, pasaje dos", "primera versión, pasaje tres"]
NEW = ["segunda versión, pasaje uno", "segunda versión, pasaje dos"]


def test_a_document_reads_back_in_order_and_is_replaced_whole(tmp_path: Path) -> None:
    kb = open_kb(tmp_path)
    kb.add(document(OLD), "v1")
    doc = kb.document("doc-1")
    assert doc is not None and [p.text for p in doc.passages] == OLD
    assert [(p.page_start, p.page_end) for p in doc.passages] == [(1, 2), (2, 3), (3, 4)]
    assert [d.id for d in kb.documents()] == ["doc-1"] and kb.fingerprint("doc-1") == "v1"
    kb.add(document(NEW), "v2")
    assert kb.store.count(Where({"doc_id": "doc-1"})) == 2
    assert [p.text for p in kb.document("doc-1").passages] == NEW  # type: ignore[index]
    assert kb.fingerprint("doc-1") == "v2"
    assert kb.delete("doc-1") and kb.store.count(Where()) == 0 and kb.document("doc-1") is None
    assert not kb.delete("doc-1")
    kb.close()


class Crash(Exception):
    pass


def crash_on(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, method: str, call: int) -> None:
    """Make the store's `method` raise on its `call`-th use, as a killed process would stop there."""
    real = getattr(kb.store, method)
    calls = {"n": 0}

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == call:
            raise Crash
        return real(*args, **kwargs)

    monkeypatch.setattr(kb.store, method, failing)


@pytest.mark.parametrize(
    ("method", "call", "survivor"),
    [
        ("upsert", 1, OLD),  # nothing new written yet
        ("delete", 2, OLD),  # new version staged, old one still live
        (
            "set_payload",
            1,
            NEW,
        ),  # old version deleted, new one complete but not promoted: recovery promotes it
    ],
)
def test_a_crash_mid_write_leaves_one_whole_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str, call: int, survivor: list[str]
) -> None:
    kb = open_kb(tmp_path)
    kb.add(document(OLD), "v1")
    crash_on(kb, monkeypatch, method, call)
    with pytest.raises(Crash):
        kb.add(document(NEW), "v2")
    monkeypatch.undo()
    kb.close()
    after = open_kb(tmp_path)  # a restart: recover() runs on open
    assert after.store.count(Where({"state": STAGED})) == 0
    assert [p.text for p in after.document("doc-1").passages] == survivor  # type: ignore[index]
    assert after.store.count(Where({"doc_id": "doc-1", "state": LIVE})) == len(survivor)
    after.close()


def test_an_incomplete_staged_set_is_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = open_kb(tmp_path)
    monkeypatch.setattr(
        "index.knowledge.BATCH", 1
    )  # one upsert per passage, so a crash can fall between them
    crash_on(kb, monkeypatch, "upsert", 2)
    with pytest.raises(Crash):
        kb.add(document(NEW), "v2")
    monkeypatch.undo()
    assert kb.store.count(Where({"state": STAGED})) == 1
    kb.close()
    after = open_kb(tmp_path)
    assert after.store.count(Where()) == 0 and after.document("doc-1") is None
    after.close()


def test_another_model_is_refused_on_first_write(tmp_path: Path) -> None:
    kb = open_kb(tmp_path)
    kb.add(document(OLD), "v1")
    kb.close()

    class OtherModel(FakeEmbedder):
        model_id = "other"

    other = open_kb(tmp_path, OtherModel)
    assert other.document("doc-1") is not None  # reading needs no model
    with pytest.raises(ModelMismatch, match="casoteca reindex"):
        other.add(document(NEW), "v2")
    other.close()
