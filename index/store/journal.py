"""How the one writer's index reaches several search processes: a publication and a journal.

The embedded index can be opened by one process only (its WAL is locked), and a search holds the GIL for
its whole run, so searching on every core takes several processes, each with its own copy of the index.
Copying the whole index for every upload would not do (0.75 GB at 100k passages), and Qdrant Edge cannot
make a snapshot of itself (`EdgeShard` only unpacks and applies snapshots a Qdrant *server* made), so:

- the writer *publishes* its live version once (at start, and when a reindex or optimize switches to a
  new version): a closed copy of the shard, `VERSION/p-XXXXXXXX/{shard,model.json}`, named by the pointer
  file `VERSION/published` (replaced in one atomic rename, as `current` names the version);
- from then on every write the writer makes (points upserted with both vectors and payloads, deletes
  and payload updates by filter, the collection created) is appended, as one JSON line, to the
  publication's append-only `journal.jsonl`;
- a reader copies the publication once, then replays the journal's new lines into its own copy
  (service/replica.py). Replaying one upload costs what writing it costs the writer, without the
  embedding; upload-to-searchable is the reader's poll interval plus that.

A journal line is written whole with one `write` and ends with a newline; a reader reads only complete
lines, so a line being appended is picked up at the next poll. The journal is not the source of truth:
the writer's own shard is, and a restarted writer publishes afresh (readers then copy the new
publication). `Where` filters are journaled as their fields, so readers apply the same filter.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..sparse import Sparse
from .types import POINTER, Point, Range, Where

PUBLISHED, PUBLICATION_PREFIX, JOURNAL = "published", "p-", "journal.jsonl"
# What a reader's `applied` file names: the publication it copied and the journal bytes it has replayed.
APPLIED = "applied"


@dataclass(frozen=True)
class Publication:
    """A publication of the writer's live version: `folder` holds `shard/`, `model.json` (when the index
    has a collection) and `journal.jsonl`; `name` is "VERSION/p-XXXXXXXX", unique over restarts."""

    name: str
    folder: Path

    @property
    def journal(self) -> Path:
        return self.folder / JOURNAL


def live_version(root: Path) -> Path:
    """The live version folder of the index at `root` (root itself if it has never been switched)."""
    pointer = root / POINTER
    return root / pointer.read_text(encoding="utf-8").strip() if pointer.is_file() else root


def publish(version: Path) -> Publication:
    """Copy the closed or flushed shard of `version` into a new publication with an empty journal and
    make it the published one (atomic rename of `published`); older publications are removed. The
    caller guarantees no write reaches the shard meanwhile (the writer thread, or a closed version)."""
    name = f"{PUBLICATION_PREFIX}{uuid.uuid4().hex[:8]}"
    folder = version / name
    building = version / f"{name}.tmp"
    building.mkdir()
    if (version / "shard").is_dir():
        shutil.copytree(version / "shard", building / "shard")
        shutil.copy2(version / "model.json", building / "model.json")
    (building / JOURNAL).touch()
    os.replace(building, folder)
    write_atomic(version / PUBLISHED, name)
    for old in version.glob(f"{PUBLICATION_PREFIX}*"):
        if old.is_dir() and old.name != name:
            shutil.rmtree(old, ignore_errors=True)
    return Publication(f"{version.name}/{name}", folder)


def published(root: Path) -> Publication | None:
    """The publication readers should follow now: that of the live version, or None when the writer has
    not published it (yet)."""
    version = live_version(root)
    try:
        name = (version / PUBLISHED).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return Publication(f"{version.name}/{name}", version / name)


def unpublish(version: Path) -> None:
    """Remove a version's publications (the version stays)."""
    (version / PUBLISHED).unlink(missing_ok=True)
    for old in version.glob(f"{PUBLICATION_PREFIX}*"):
        shutil.rmtree(old, ignore_errors=True)


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f"{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


class Journal:
    """The append-only journal of one publication, written by the writer's store (one line per write)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._out = path.open("ab", buffering=0)

    def create(self, model_id: str, dimension: int) -> None:
        self._append({"op": "create", "model_id": model_id, "dimension": dimension})

    def upsert(self, points: list[Point]) -> None:
        self._append(
            {
                "op": "upsert",
                "points": [
                    [p.id, [float(x) for x in p.dense], p.sparse.indices, p.sparse.values, p.payload]
                    for p in points
                ],
            }
        )

    def delete(self, where: Where) -> None:
        self._append({"op": "delete", "where": where_json(where)})

    def set_payload(self, where: Where, payload: dict[str, Any]) -> None:
        self._append({"op": "set_payload", "where": where_json(where), "payload": payload})

    def _append(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        self._out.write(line)  # unbuffered: one write of the whole line

    def close(self) -> None:
        self._out.close()


def read_journal(path: Path, offset: int) -> tuple[list[dict[str, Any]], int]:
    """The complete lines of the journal after byte `offset`, decoded, and the offset after the last."""
    try:
        with path.open("rb") as journal:
            journal.seek(offset)
            data = journal.read()
    except FileNotFoundError:
        return [], offset
    end = data.rfind(b"\n") + 1
    entries = [json.loads(line) for line in data[:end].splitlines() if line]
    return entries, offset + end


def replay(store: Any, entries: list[dict[str, Any]]) -> None:
    """Apply journal entries to `store` (a reader's own EdgeStore), in order."""
    for entry in entries:
        op = entry["op"]
        if op == "upsert":
            store.upsert(list(points_of(entry["points"])))
        elif op == "delete":
            store.delete(where_of(entry["where"]))
        elif op == "set_payload":
            store.set_payload(where_of(entry["where"]), entry["payload"])
        elif op == "create":
            found = store.model()
            if found is None:
                store.create(entry["model_id"], entry["dimension"])
        else:
            raise ValueError(f"unknown journal entry {op!r}")


def points_of(rows: list[list[Any]]) -> Iterator[Point]:
    for id_, dense, indices, values, payload in rows:
        yield Point(id_, dense, Sparse(indices, values), payload)


def where_json(where: Where) -> dict[str, Any]:
    def value(v: Any) -> Any:
        if isinstance(v, Range):
            return {"range": [v.gte, v.lte]}
        return list(v) if isinstance(v, (list, tuple, set)) else v

    return {
        "must": {k: value(v) for k, v in where.must.items()},
        "must_not": {k: value(v) for k, v in where.must_not.items()},
        "phrases": list(where.phrases),
    }


def where_of(data: dict[str, Any]) -> Where:
    def value(v: Any) -> Any:
        if isinstance(v, dict) and "range" in v:
            return Range(*v["range"])
        return v

    return Where(
        {k: value(v) for k, v in data["must"].items()},
        {k: value(v) for k, v in data["must_not"].items()},
        tuple(data["phrases"]),
    )


def read_applied(replica: Path) -> tuple[str, int] | None:
    """What the reader whose copy is in `replica` has applied: (publication name, journal offset)."""
    try:
        name, offset = (replica / APPLIED).read_text(encoding="utf-8").split()
    except (OSError, ValueError):
        return None
    return name, int(offset)


def write_applied(replica: Path, name: str, offset: int) -> None:
    tmp = replica / f"{APPLIED}.tmp"
    tmp.write_text(f"{name} {offset}", encoding="utf-8")
    os.replace(tmp, replica / APPLIED)
