"""A reader's copy of the embedded index, made from the writer's publication and its journal (real
Qdrant Edge): it holds exactly the writer's points, and a switch to a new version is published first."""

from __future__ import annotations

from pathlib import Path

from index.sparse import Sparse
from index.store import EdgeStore, Point, Where
from index.store.journal import published, read_journal, replay
from service.replica import copy_publication

DIMENSION = 4


def point(n: int, **payload: object) -> Point:
    return Point(
        f"00000000-0000-0000-0000-{n:012d}",
        [1.0, float(n), 0.5, 0.25],
        Sparse([n, 100 + n], [1.0, 0.5]),
        {"doc_id": f"d{n}", "state": "live", **payload},
    )


def everything(store: EdgeStore) -> dict[str, tuple[list[float], list[int], dict[str, object]]]:
    points, _ = store.points(100)
    return {
        p.id: ([round(float(x), 5) for x in p.dense], p.sparse.indices, p.payload)
        for p in sorted(points, key=lambda p: p.id)
    }


def reader_copy(index: Path, replica: Path) -> tuple[EdgeStore, int]:
    """A reader's store as service/replica.py makes it: the publication copied, the journal replayed."""
    publication = published(index)
    assert publication is not None
    store = EdgeStore(replica)
    store.switch_to(copy_publication(publication, store))
    entries, offset = read_journal(publication.journal, 0)
    replay(store, entries)
    return store, offset


def test_a_reader_copy_replays_upserts_deletes_and_payload_updates(tmp_path: Path) -> None:
    writer = EdgeStore(tmp_path / "index")
    writer.create("test-model", DIMENSION)
    writer.upsert([point(1, kind="ruling"), point(2, kind="report")])
    writer.publish()  # the copy holds points 1 and 2; what follows is journaled
    writer.upsert([point(3, kind="ruling")])
    writer.delete(Where({"doc_id": "d2"}))
    writer.set_payload(Where({"doc_id": "d1"}), {"kind": "guide"})
    reader, offset = reader_copy(tmp_path / "index", tmp_path / "reader")
    assert everything(reader) == everything(writer)
    assert sorted(p["doc_id"] for _, _, p in everything(reader).values()) == ["d1", "d3"]
    assert reader.count(Where({"kind": "guide"})) == 1
    writer.upsert([point(4)])  # a later write: only the new line is read
    publication = published(tmp_path / "index")
    assert publication is not None
    entries, _ = read_journal(publication.journal, offset)
    assert [e["op"] for e in entries] == ["upsert"]
    replay(reader, entries)
    assert everything(reader) == everything(writer)
    reader.close()
    writer.close()


def test_an_empty_index_is_published_and_its_collection_journaled(tmp_path: Path) -> None:
    writer = EdgeStore(tmp_path / "index")
    writer.publish()
    writer.create("test-model", DIMENSION)
    writer.upsert([point(1)])
    reader, _ = reader_copy(tmp_path / "index", tmp_path / "reader")
    assert reader.model() == {"model_id": "test-model", "dimension": DIMENSION}
    assert everything(reader) == everything(writer)
    reader.close()
    writer.close()


def test_a_switch_publishes_the_new_version_before_current_names_it(tmp_path: Path) -> None:
    writer = EdgeStore(tmp_path / "index")
    writer.create("test-model", DIMENSION)
    writer.upsert([point(1)])
    writer.publish()
    before = published(tmp_path / "index")
    version = writer.new_version()
    rebuilt = EdgeStore(version)
    rebuilt.create("test-model", DIMENSION)
    rebuilt.upsert([point(7)])
    rebuilt.close()
    writer.switch_to(version)
    after = published(tmp_path / "index")
    assert before is not None and after is not None
    assert after.name.startswith(f"{version.name}/") and after.name != before.name
    assert not before.folder.exists()  # the old version went, with its publication
    writer.upsert([point(8)])  # journaled into the new publication
    reader, _ = reader_copy(tmp_path / "index", tmp_path / "reader")
    assert sorted(everything(reader)) == sorted(everything(writer))
    assert len(everything(reader)) == 2
    reader.close()
    writer.close()
