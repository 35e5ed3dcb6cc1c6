"""The vector index is built in another process on a copy of the shard and switched to while searches go
on; versions of the embedded index are switched by an atomic pointer and leftovers are cleaned up."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from index.sparse import encode_document
from index.store import DENSE, EdgeStore, Leg, Point, Where
from tests.conftest import meanwhile


def filled(folder: Path, size: int = 3000) -> EdgeStore:
    rng = np.random.default_rng(3)
    store = EdgeStore(folder)
    store.create("fake", 32)
    vectors = rng.normal(size=(size, 32))
    for start in range(0, size, 500):
        store.upsert(
            [
                Point(
                    f"00000000-0000-0000-0000-{n:012d}",
                    vectors[n].tolist(),
                    encode_document(f"pasaje {n}", "es"),
                    {"doc_id": f"d{n // 10}", "order": n % 10, "state": "live"},
                )
                for n in range(start, min(size, start + 500))
            ]
        )
    store.flush()
    return store


def versions(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob("v-*"))


@pytest.mark.slow
def test_rebuild_elsewhere_swaps_in_while_searches_keep_answering(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    store = filled(tmp_path / "index")
    queries = [Leg(DENSE, rng.normal(size=32).tolist(), 1.0) for _ in range(20)]
    before = [[h.id for h in hits] for hits in store.search_batch(queries, Where(), limit=10, fields=[])]
    with meanwhile(
        lambda: store.search_batch(queries[:2], Where({"state": "live"}), limit=10, fields=["doc_id"])
    ) as searches:
        seconds = store.rebuild_elsewhere(quantize=True)
    assert not searches.errors and searches.answered > 0 and seconds > 0
    root = tmp_path / "index"
    # The first index lived in the root itself; now `current` names the one version, and the old files are gone.
    assert versions(root) == [(root / "current").read_text()] and store.folder == root / versions(root)[0]
    assert not (root / "shard").exists() and not (root / "model.json").exists()
    assert store.count(Where()) == 3000
    after = [[h.id for h in hits] for hits in store.search_batch(queries, Where(), limit=10, fields=[])]
    overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(before, after, strict=True)])
    assert overlap >= 0.9  # approximate search (HNSW over int8) finds nearly the same neighbours
    store.close()
    reopened = EdgeStore(tmp_path / "index")  # the rebuilt shard is the one on disk
    assert reopened.count(Where()) == 3000
    reopened.close()


@pytest.fixture(scope="module")
def switched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of 600 points switched once to a version built elsewhere (closed): tests work on copies."""
    root = tmp_path_factory.mktemp("switched") / "index"
    store = filled(root, 600)
    store.rebuild_elsewhere()
    store.close()
    return root


def copy_of(switched: Path, tmp_path: Path) -> Path:
    shutil.copytree(switched, tmp_path / "index")
    return tmp_path / "index"


def test_a_second_switch_removes_the_previous_version(switched: Path, tmp_path: Path) -> None:
    root = copy_of(switched, tmp_path)
    store = EdgeStore(root)
    first = store.folder
    assert versions(root) == [first.name]  # the first switch left the root's own files behind it
    assert not (root / "shard").exists() and not (root / "model.json").exists()
    store.rebuild_elsewhere(quantize=True)
    assert (
        store.folder != first and not first.exists() and versions(tmp_path / "index") == [store.folder.name]
    )
    assert store.count(Where()) == 600
    store.close()


def test_a_failed_build_leaves_the_live_version_and_no_leftover(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = filled(tmp_path / "index", 600)
    live = store.folder

    def fails(*args: object, **kwargs: object) -> None:
        raise subprocess.CalledProcessError(1, "index.optimize")

    monkeypatch.setattr(subprocess, "run", fails)
    with pytest.raises(subprocess.CalledProcessError):
        store.rebuild_elsewhere()
    assert store.folder == live and versions(tmp_path / "index") == [] and store.count(Where()) == 600
    store.close()


def test_leftovers_of_a_crash_are_removed_at_the_next_open(switched: Path, tmp_path: Path) -> None:
    root = copy_of(switched, tmp_path)
    (live,) = versions(root)
    # A crash mid-build leaves an unfinished version; a crash just after the pointer moved, the old one.
    (root / "v-deadbeef" / "shard").mkdir(parents=True)
    (root / "model.json").write_text('{"model_id": "fake", "dimension": 32}')
    reopened = EdgeStore(root)
    assert versions(root) == [live] and not (root / "model.json").exists()
    assert reopened.count(Where()) == 600
    reopened.close()
