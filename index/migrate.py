"""Moving a knowledge base between stores: `migrate` copies the embedded index into a Qdrant server or
cluster as it is; `reindex_server` rebuilds a server collection with another model while the old one
keeps serving, then moves the alias.

Migration copies points (both vectors and the payload, ids unchanged) in batches and records after each
batch where it got to, so an interrupted run resumes there (upserts are idempotent: a batch sent twice
changes nothing). At the end it compares the counts and a sample of vectors and payloads on both sides.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .embed import Embedder
from .knowledge import KnowledgeBase
from .store import EdgeStore, ModelMismatch, ServerStore, StoreError, Where

BATCH = 256
SAMPLE = 50


@dataclass
class MigrateReport:
    copied: int
    source_points: int
    target_points: int
    sampled: int
    resumed_from: int

    @property
    def verified(self) -> bool:
        return self.source_points == self.target_points and self.sampled > 0


def migrate(
    source: EdgeStore | ServerStore,
    target: ServerStore,
    checkpoint: Path,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> MigrateReport:
    model = source.model()
    if model is None:
        raise StoreError("the source index is empty: nothing to migrate")
    existing = target.model()
    if existing is None:
        target.create(model["model_id"], int(model["dimension"]))
    elif existing.get("model_id") != model["model_id"]:
        raise ModelMismatch(
            f"the target collection holds {existing.get('model_id')!r} vectors, the source "
            f"{model['model_id']!r}: migrate into a new collection"
        )
    state = json.loads(checkpoint.read_text()) if checkpoint.is_file() else {"offset": None, "copied": 0}
    offset, copied, resumed_from = state["offset"], state["copied"], state["copied"]
    sample_ids: list[str] = []
    while True:
        points, next_offset = source.points(batch, offset)
        if points:
            target.upsert(points)
            copied += len(points)
            sample_ids.append(points[len(points) // 2].id)
            save(checkpoint, {"offset": next_offset, "copied": copied})
            if progress:
                progress(copied)
        if next_offset is None:
            break
        offset = next_offset
    sampled = verify_sample(source, target, sample_ids[:: max(1, len(sample_ids) // SAMPLE)][:SAMPLE])
    report = MigrateReport(copied, source.count(Where()), target.count(Where()), sampled, resumed_from)
    if report.verified:
        checkpoint.unlink(missing_ok=True)
    return report


def verify_sample(source: Any, target: Any, ids: list[str]) -> int:
    """Number of points checked; raises StoreError when a vector or a payload differs."""
    if not ids:
        points, _ = source.points(SAMPLE)
        ids = [p.id for p in points]
    there = {hit.id: hit for hit in target.retrieve(ids, vectors=True)}
    for hit in source.retrieve(ids, vectors=True):
        copy = there.get(hit.id)
        if (
            copy is None
            or copy.payload != hit.payload
            or cosine(copy.vector or [], hit.vector or []) < 0.9999
        ):
            raise StoreError(f"point {hit.id} differs after migration")
    return len(ids)


def cosine(a: list[float], b: list[float]) -> float:
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(x * x for x in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norms if norms and len(a) == len(b) else 0.0


def save(path: Path, state: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, default=str))
    os.replace(tmp, path)


def reindex_server(
    store: ServerStore,
    embedder: Callable[[], Embedder],
    around_switch: AbstractContextManager[Any] | None = None,
    fill: Callable[[KnowledgeBase], int] | None = None,
) -> tuple[int, str]:
    """Re-embed every live passage into a new collection while `store`'s name keeps serving the old one
    (or have `fill` write the new collection), then move the name (an alias) in one step, inside
    `around_switch` if given, and drop the old collection. Returns (passages, new name). A name that is
    still a plain collection (made before aliases) is dropped just before the alias is made: searches fail
    for that moment. A failure while filling drops the new collection."""
    old = store.physical()
    fresh = store.sibling(f"{store.collection}-{os.urandom(4).hex()}")
    target = KnowledgeBase(fresh, embedder)
    try:
        copied = fill(target) if fill else target.copy_from(store)
    except BaseException:
        store.drop(fresh.collection)  # the old collection was never touched
        raise
    with around_switch or nullcontext():
        if old == store.collection:
            store.drop(old)
            old = None
        store.point_alias_at(fresh.collection)
    if old is not None:
        store.drop(old)
    return copied, fresh.collection
