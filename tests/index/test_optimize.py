"""The vector index is built in another process on a copy of the shard and swapped in while searches go on."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from index.sparse import encode_document
from index.store import DENSE, EdgeStore, Leg, Point, Where


def test_rebuild_elsewhere_swaps_in_while_searches_keep_answering(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    store = EdgeStore(tmp_path / "index")
    store.create("fake", 32)
    vectors = rng.normal(size=(3000, 32))
    for start in range(0, 3000, 500):
        store.upsert([Point(f"00000000-0000-0000-0000-{n:012d}", vectors[n].tolist(),
                            encode_document(f"pasaje {n}", "es"), {"doc_id": f"d{n // 10}", "order": n % 10,
                                                                  "state": "live"})
                      for n in range(start, start + 500)])
    queries = [Leg(DENSE, rng.normal(size=32).tolist(), 1.0) for _ in range(20)]
    before = [[h.id for h in hits] for hits in store.search_batch(queries, Where(), limit=10, fields=[])]
    errors: list[Exception] = []
    answered = 0
    stop = threading.Event()

    def search_meanwhile() -> None:
        nonlocal answered
        while not stop.is_set():
            try:
                store.search_batch(queries[:2], Where({"state": "live"}), limit=10, fields=["doc_id"])
                answered += 1
            except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
                errors.append(exc)

    searcher = threading.Thread(target=search_meanwhile)
    searcher.start()
    try:
        seconds = store.rebuild_elsewhere(quantize=True)
    finally:
        stop.set()
        searcher.join()
    assert not errors and answered > 0 and seconds > 0
    assert not (tmp_path / "index.build").exists() and not (tmp_path / "index.old").exists()
    assert store.count(Where()) == 3000
    after = [[h.id for h in hits] for hits in store.search_batch(queries, Where(), limit=10, fields=[])]
    overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(before, after, strict=True)])
    assert overlap >= 0.9  # approximate search (HNSW over int8) finds nearly the same neighbours
    store.close()
    reopened = EdgeStore(tmp_path / "index")  # the rebuilt shard is the one on disk
    assert reopened.count(Where()) == 3000
    reopened.close()
