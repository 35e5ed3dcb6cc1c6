"""Qdrant Edge: the engine embedded in this process, on local disk (the default store)."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..sparse import Sparse
from .journal import Journal, Publication, publish, unpublish
from .types import (
    DENSE,
    HNSW_EF,
    INTEGER_FIELDS,
    KEYWORD_FIELDS,
    OVERSAMPLING,
    PHRASE_FIELD,
    SPARSE,
    TENANT_FIELD,
    Hit,
    Leg,
    Point,
    Range,
    StoreError,
    StoreLocked,
    Where,
    as_point,
    dense_vector,
    merge,
)

POINTER, VERSION_PREFIX = "current", "v-"  # see EdgeStore
# Conditions every search carries: live passages only, and the caller's rights. On most bases every point
# meets them (nothing staged, no office-only document of another office), and a condition every point meets
# still costs the engine a check per point it scores. Such a condition is left out of a search's filter,
# which then selects the same points; whether it holds everywhere is counted once per value and forgotten
# at the next write.
EVERYWHERE_KEYS = ("state", "audience")
# Light payloads (the few fields a search asks for every candidate) kept by point, forgotten at each write:
# reading a payload costs the engine about 20 us a point (measured at 10k passages, 2 cores), and a hybrid
# search reads those of up to 200 candidates, which nearby queries share. About 1 KB each.
LIGHT_CACHE = 20_000
# Lists of fixed legs (a glossary phrase's BM25 leg, restricted to the passages that hold the phrase) kept
# by request, forgotten at each write: such a leg costs the engine about 2 ms of CPU (its phrase condition),
# the same for every query that names the phrase, and a glossary has a few hundred phrases at most.
FIXED_LISTS = 1_000


def _held(method: Any) -> Any:
    """Run an EdgeStore method holding its swap lock, so a rebuilt shard is never swapped in under a call."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self._swap:
            return method(self, *args, **kwargs)

    return wrapper


class EdgeStore:
    """An embedded Qdrant Edge shard (`shard/`) and the model it was built with (`model.json`), in a version
    folder of `root`. The file `root/current` names the live version, as an alias names a collection on a
    server: a new version (an optimized copy, a reindex with another model) is built beside the live one
    while it answers, then `switch_to` replaces `current` in one atomic rename and removes the old version.
    An index that has never been switched lives in `root` itself.
    Only one process may open it: a second one gets `StoreLocked`. Several search processes each open
    their own copy: the writer `publish`es its version and journals every write from then on (see
    journal.py), and a switch publishes the new version before `current` names it."""

    def __init__(self, root: Path) -> None:
        import qdrant_edge as edge

        self._q = edge
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        pointer = self.root / POINTER
        self.folder = (
            self.root / pointer.read_text(encoding="utf-8").strip() if pointer.is_file() else self.root
        )
        self._shard: Any = None
        self._swap = threading.RLock()  # held by every call on the shard, and by the switch to a new version
        self._everywhere: dict[tuple[str, Any], bool] = {}  # (key, value) -> every point meets it (see above)
        self._light: OrderedDict[tuple[str, tuple[str, ...]], dict[str, Any]] = OrderedDict()  # LIGHT_CACHE
        self._fixed: OrderedDict[Any, list[tuple[str, float, Any]]] = OrderedDict()  # FIXED_LISTS
        self.journal: Journal | None = None  # set by `publish`: every write is then journaled for readers
        if (self.folder / "model.json").is_file():
            self._shard = self._open(self._load)
            missing = [name for name in KEYWORD_FIELDS if name not in self._shard.info().payload_schema]
            for name in missing:  # a field added since the index was made (e.g. audience)
                self._shard.update(
                    edge.UpdateOperation.create_field_index(name, edge.PayloadSchemaType.Keyword)
                )
            self._remove_stale()

    def _load(self) -> Any:
        return self._q.EdgeShard.load(str(self.folder / "shard"))

    def new_version(self) -> Path:
        """An empty folder beside the live version, to build a new one in (then `switch_to` it)."""
        folder = self.root / f"{VERSION_PREFIX}{uuid.uuid4().hex[:8]}"
        folder.mkdir()
        return folder

    def switch_to(self, version: Path) -> None:
        """Make `version` (a whole index built in a `new_version()` folder, closed) the live one: `current`
        is replaced in one atomic rename, the new shard opened, the old version removed. Calls made
        meanwhile wait for the switch (the time it takes to load the shard); none fails. A crash before the
        rename leaves the old version live, after it the new one; the leftover is removed at the next open."""
        with self._swap:
            if self.journal is not None:
                self.journal.close()
                self.journal = Journal(publish(version).journal)  # before `current` names the version
            if self._shard is not None:
                self._shard.close()
                self._shard = None
            old = self.folder
            tmp = self.root / f"{POINTER}.tmp"
            with tmp.open("w", encoding="utf-8") as out:
                out.write(version.name)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.root / POINTER)
            directory = os.open(self.root, os.O_RDONLY)
            try:
                os.fsync(directory)  # the rename itself is durable before the old version goes
            finally:
                os.close(directory)
            self.folder = version
            self._forget()
            self._shard = self._open(self._load) if (version / "model.json").is_file() else None
        self._remove_version(old)

    def publish(self) -> Publication:
        """Publish the live version for search processes (a copy of the flushed shard) and journal every
        write from now on. Called by the serving writer before its first write, on the thread that writes."""
        with self._swap:
            if self._shard is not None:
                self._shard.flush()
            if self.journal is not None:
                self.journal.close()
            publication = publish(self.folder)
            self.journal = Journal(publication.journal)
            return publication

    def _remove_version(self, folder: Path) -> None:
        if folder == self.root:  # never switched before: the shard and model sit in root itself
            shutil.rmtree(folder / "shard", ignore_errors=True)
            (folder / "model.json").unlink(missing_ok=True)
            unpublish(folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)

    def _remove_stale(self) -> None:
        """Versions that are not live: an interrupted build, or an old version a crash left behind. Only
        the process holding the live shard gets here, so no other is building one now."""
        if self.folder == self.root:
            stale = [p for p in self.root.glob(f"{VERSION_PREFIX}*") if p.is_dir()]
        else:
            stale = [p for p in self.root.glob(f"{VERSION_PREFIX}*") if p.is_dir() and p != self.folder]
            if (self.root / "model.json").exists() or (self.root / "shard").exists():
                stale.append(self.root)
        for folder in stale:
            self._remove_version(folder)

    def _open(self, opener: Any) -> Any:
        try:
            return opener()
        except Exception as exc:  # the engine raises a bare Exception; the WAL lock says who holds it
            if "WouldBlock" in str(exc) or "lock" in str(exc).lower():
                raise StoreLocked(
                    f"the index at {self.folder} is open in another process (a running "
                    "`casoteca serve`?); stop it, or ask the server: files through its upload "
                    "page, POST /api/admin/optimize or /api/admin/reindex"
                ) from exc
            raise StoreError(f"cannot open the index at {self.folder}: {exc}") from exc

    def model(self) -> dict[str, Any] | None:
        path = self.folder / "model.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def create(self, model_id: str, dimension: int) -> None:
        q = self._q
        config = q.EdgeConfig(
            vectors={DENSE: q.EdgeVectorParams(size=dimension, distance=q.Distance.Cosine)},
            sparse_vectors={SPARSE: q.EdgeSparseVectorParams(modifier=q.Modifier.Idf)},
            max_search_threads=os.cpu_count() or 1,
        )
        self._forget()
        self._shard = self._open(lambda: q.EdgeShard.create(str(self.folder / "shard"), config))
        for name in KEYWORD_FIELDS:
            self._shard.update(q.UpdateOperation.create_field_index(name, q.PayloadSchemaType.Keyword))
        self._shard.update(
            q.UpdateOperation.create_field_index(TENANT_FIELD, q.KeywordIndexParams(is_tenant=True))
        )
        for name in INTEGER_FIELDS:
            self._shard.update(
                q.UpdateOperation.create_field_index(name, q.IntegerIndexParams(lookup=True, range=True))
            )
        self._shard.update(
            q.UpdateOperation.create_field_index(
                PHRASE_FIELD,
                q.TextIndexParams(
                    tokenizer=q.TokenizerType.Word, lowercase=True, ascii_folding=True, phrase_matching=True
                ),
            )
        )
        self._shard.flush()
        tmp = self.folder / "model.json.tmp"
        tmp.write_text(json.dumps({"model_id": model_id, "dimension": dimension}), encoding="utf-8")
        os.replace(tmp, self.folder / "model.json")
        if self.journal is not None:
            self.journal.create(model_id, dimension)

    def _filter(self, where: Where | None) -> Any:
        if where is None or not (where.must or where.must_not or where.phrases):
            return None
        q = self._q

        def condition(key: str, value: Any) -> Any:
            if isinstance(value, Range):
                return q.FieldCondition(key, range=q.RangeFloat(gte=value.gte, lte=value.lte))
            if isinstance(value, (list, tuple, set)):
                return q.FieldCondition(key, match=q.MatchAny(list(value)))
            return q.FieldCondition(key, match=q.MatchValue(value))

        must = [condition(k, v) for k, v in where.must.items()]
        must += [q.FieldCondition(PHRASE_FIELD, match=q.MatchPhrase(p)) for p in where.phrases]
        must_not = [condition(k, v) for k, v in where.must_not.items()]
        return q.Filter(must=must or None, must_not=must_not or None)

    def _vector(self, vector: Sequence[float] | Sparse) -> Any:
        if isinstance(vector, Sparse):
            return self._q.SparseVector(vector.indices, vector.values)
        return [float(x) for x in vector]

    def _ready(self) -> Any:
        if self._shard is None:
            raise StoreError("the index is empty: ingest documents first")
        return self._shard

    def _dense_params(self, limit: int) -> Any:
        q = self._q
        return q.SearchParams(
            hnsw_ef=max(HNSW_EF, limit),
            quantization=q.QuantizationSearchParams(rescore=True, oversampling=OVERSAMPLING),
        )

    def _params(self, leg: Leg, limit: int) -> Any:
        return self._dense_params(limit) if leg.using == DENSE else None

    @_held
    def upsert(self, points: list[Point]) -> None:
        q = self._q
        self._forget()
        self._ready().update(
            q.UpdateOperation.upsert_points(
                [
                    q.Point(p.id, {DENSE: self._vector(p.dense), SPARSE: self._vector(p.sparse)}, p.payload)
                    for p in points
                ]
            )
        )
        if self.journal is not None:
            self.journal.upsert(points)

    @_held
    def delete(self, where: Where) -> None:
        self._forget()
        self._ready().update(self._q.UpdateOperation.delete_points_by_filter(self._filter(where)))
        if self.journal is not None:
            self.journal.delete(where)

    @_held
    def set_payload(self, where: Where, payload: dict[str, Any]) -> None:
        self._forget()
        self._ready().update(self._q.UpdateOperation.set_payload_by_filter(self._filter(where), payload))
        if self.journal is not None:
            self.journal.set_payload(where, payload)

    @_held
    def query(self, legs: list[Leg], where: Where, limit: int, fusion_k: int = 2) -> list[Hit]:
        q = self._q
        if self._shard is None:
            return []
        where = self._searched(where)
        filter_ = self._filter(where)

        def nearest(leg: Leg) -> Any:
            return q.Query.Nearest(self._vector(leg.vector), using=leg.using)

        if len(legs) == 1:
            leg = legs[0]
            request = q.QueryRequest(
                limit=limit,
                query=nearest(leg),
                with_payload=True,
                filter=self._filter(merge(where, leg.where)),
                params=self._params(leg, limit),
            )
        else:
            prefetches = [
                q.Prefetch(
                    limit=limit,
                    query=nearest(leg),
                    filter=self._filter(merge(where, leg.where)),
                    params=self._params(leg, limit),
                )
                for leg in legs
            ]
            request = q.QueryRequest(
                limit=limit,
                prefetches=prefetches,
                with_payload=True,
                filter=filter_,
                query=q.Fusion.Rrf(k=fusion_k, weights=[leg.weight for leg in legs]),
            )
        return [Hit(str(p.id), p.score, p.payload or {}) for p in self._shard.query(request)]

    def _forget(self) -> None:
        """Drop what was learnt about the points (a write is changing them)."""
        self._everywhere.clear()
        self._light.clear()
        self._fixed.clear()

    def _payloads(self, ids: list[str], fields: tuple[str, ...]) -> dict[str, dict[str, Any]]:
        """The payload `fields` of points `ids` (each a copy), from LIGHT_CACHE or read in one retrieve."""
        found = {}
        todo = []
        for id_ in ids:
            payload = self._light.get((id_, fields))
            if payload is None:
                todo.append(id_)
            else:
                self._light.move_to_end((id_, fields))
                found[id_] = payload
        if todo:
            for record in self._shard.retrieve(todo, with_payload=list(fields), with_vector=False):
                id_ = str(record.id)
                found[id_] = self._light[(id_, fields)] = record.payload or {}
            while len(self._light) > LIGHT_CACHE:
                self._light.popitem(last=False)
        return {id_: dict(payload) for id_, payload in found.items()}

    def _searched(self, where: Where) -> Where:
        """`where` without the EVERYWHERE_KEYS conditions that every point meets: the same points."""
        keys = [
            key for key in EVERYWHERE_KEYS if key in where.must and not isinstance(where.must[key], Range)
        ]
        if not keys or self._shard is None:
            return where
        must = dict(where.must)
        for key in keys:
            value = must[key]
            known = (key, frozenset(value) if isinstance(value, (list, tuple, set)) else value)
            if known not in self._everywhere:
                others = self._q.CountRequest(filter=self._filter(Where({}, {key: value})), exact=True)
                self._everywhere[known] = self._shard.count(others) == 0
            if self._everywhere[known]:
                del must[key]
        return Where(must, where.must_not, where.phrases)

    def _listed(
        self, request: Any, leg: Leg, where: Where, limit: int, payloads: bool
    ) -> list[tuple[str, float, Any]]:
        """One leg's (id, score, payload) list: from the engine, or kept in FIXED_LISTS for a fixed leg."""
        if not leg.fixed:
            return [(str(p.id), p.score, p.payload) for p in self._shard.query(request)]
        vector = leg.vector
        vector_key = (
            (tuple(vector.indices), tuple(vector.values)) if isinstance(vector, Sparse) else tuple(vector)
        )
        key = (leg.using, vector_key, repr(merge(where, leg.where)), limit, payloads)
        found = self._fixed.get(key)
        if found is None:
            found = self._fixed[key] = [(str(p.id), p.score, p.payload) for p in self._shard.query(request)]
            while len(self._fixed) > FIXED_LISTS:
                self._fixed.popitem(last=False)
        else:
            self._fixed.move_to_end(key)
        return found

    @_held
    def search_batch(
        self, legs: list[Leg], where: Where, limit: int, fields: Sequence[str] | None = None
    ) -> list[list[Hit]]:
        """Each leg's list from the engine without payloads, then the payload `fields` of every point found
        (LIGHT_CACHE, else one `retrieve` for all legs: a point both legs found is read once)."""
        q = self._q
        if self._shard is None or not legs:
            return [[] for _ in legs]
        where = self._searched(where)
        requests = [
            q.QueryRequest(
                limit=limit,
                query=q.Query.Nearest(self._vector(leg.vector), using=leg.using),
                with_payload=fields is None,
                filter=self._filter(merge(where, leg.where)),
                params=self._params(leg, limit),
            )
            for leg in legs
        ]
        # One call per leg: measured at 100k passages, `query_batch` with the dense and BM25 requests has the
        # same median but twice the p95 (23.6 against 11.7 ms), its parallel legs contending for two cores.
        results = [
            self._listed(request, leg, where, limit, fields is None)
            for leg, request in zip(legs, requests, strict=True)
        ]
        if fields is None:
            return [[Hit(id_, score, payload or {}) for id_, score, payload in points] for points in results]
        ids = list(dict.fromkeys(id_ for points in results for id_, _, _ in points))
        payloads = self._payloads(ids, tuple(fields))
        return [
            [Hit(id_, score, payloads[id_]) for id_, score, _ in points if id_ in payloads]
            for points in results
        ]

    @_held
    def retrieve(
        self, ids: list[str], vectors: bool = False, fields: Sequence[str] | None = None
    ) -> list[Hit]:
        if self._shard is None or not ids:
            return []
        found = {
            str(r.id): r
            for r in self._shard.retrieve(
                ids,
                with_payload=list(fields) if fields is not None else True,
                with_vector=[DENSE] if vectors else False,
            )
        }
        return [
            Hit(id_, 0.0, found[id_].payload or {}, dense_vector(found[id_].vector))
            for id_ in ids
            if id_ in found
        ]

    @_held
    def facet(self, key: str, where: Where, limit: int = 50) -> list[tuple[Any, int]]:
        if self._shard is None:
            return []
        response = self._shard.facet(
            self._q.FacetRequest(key, limit=limit, exact=True, filter=self._filter(where))
        )
        return [(hit.value, hit.count) for hit in response]

    @_held
    def count(self, where: Where) -> int:
        if self._shard is None:
            return 0
        return self._shard.count(self._q.CountRequest(filter=self._filter(where), exact=True))

    @_held
    def scroll(
        self, where: Where, limit: int, order_by: str | None = None, offset: Any = None, vectors: bool = False
    ) -> tuple[list[Hit], Any]:
        if self._shard is None:
            return [], None
        q = self._q
        records, next_offset = self._shard.scroll(
            q.ScrollRequest(
                offset=offset,
                limit=limit,
                filter=self._filter(where),
                with_payload=True,
                with_vector=[DENSE] if vectors else False,
                order_by=q.OrderBy(order_by) if order_by else None,
            )
        )
        return [Hit(str(r.id), 0.0, r.payload or {}, dense_vector(r.vector)) for r in records], next_offset

    @_held
    def ids(self, where: Where, page: int = 50_000) -> list[str]:
        """The ids of every point `where` selects, without their payloads (index/fact_table.py counts
        over them)."""
        if self._shard is None:
            return []
        out: list[str] = []
        offset = None
        while True:
            records, offset = self._shard.scroll(
                self._q.ScrollRequest(
                    offset=offset,
                    limit=page,
                    filter=self._filter(where),
                    with_payload=False,
                    with_vector=False,
                )
            )
            out += [str(r.id) for r in records]
            if offset is None:
                return out

    @_held
    def points(self, limit: int, offset: Any = None) -> tuple[list[Point], Any]:
        """Every point with both vectors and its payload, a page at a time (for migrate and checks)."""
        if self._shard is None:
            return [], None
        records, next_offset = self._shard.scroll(
            self._q.ScrollRequest(offset=offset, limit=limit, with_payload=True, with_vector=True)
        )
        return [as_point(r.id, r.vector, r.payload) for r in records], next_offset

    @_held
    def flush(self) -> None:
        if self._shard is not None:
            self._shard.flush()

    @_held
    def optimize(self) -> bool:
        """Merge segments and build HNSW here. It holds the GIL for its whole run (minutes at 100k
        passages): only for a process that serves nothing (`casoteca optimize` with the server stopped);
        a serving process uses `rebuild_elsewhere`."""
        return bool(self._shard is not None and self._shard.optimize())

    def rebuild_elsewhere(self, quantize: bool = False) -> float:
        """Build HNSW (and int8 quantization if asked) on a copy of the live version in another process,
        then switch to the copy. Searches go on against the live version until the switch; no write may
        happen meanwhile (the serving process calls this from its single writer thread, where uploads
        queue). Returns the seconds the build took."""
        if self._shard is None:
            return 0.0
        build = self.new_version()
        try:
            self.flush()  # then copied while searches go on (they only read)
            shutil.copytree(self.folder / "shard", build / "shard")
            shutil.copy2(self.folder / "model.json", build / "model.json")
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "index.optimize", str(build), *(["--quantize"] if quantize else [])],
                check=True,
                capture_output=True,
                cwd=Path(__file__).resolve().parents[2],
            )
            seconds = time.perf_counter() - started
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        self.switch_to(build)
        return seconds

    @_held
    def close(self) -> None:
        self._forget()
        if self.journal is not None:
            self.journal.close()
            self.journal = None
        if self._shard is not None:
            self._shard.close()
            self._shard = None
