"""Where passages live: one `Store` interface, two Qdrant backends.

- `EdgeStore`: Qdrant Edge, the engine embedded in this process, on local disk (the default).
- `ServerStore`: a Qdrant server or cluster through qdrant-client (also its `:memory:` mode, used in tests).

Both hold one point per passage with a dense vector ("dense"), a BM25 sparse vector ("bm25", IDF applied
by the engine) and a payload. Filters, hybrid queries and facets are written once with the small neutral
types below and translated by each backend, so the rest of the code never sees a Qdrant class.
"""

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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .embed import model_setting
from .facts import PAYLOAD_FIELDS as FACT_FIELDS  # case facts, counted by facets
from .sparse import Sparse

DENSE, SPARSE = "dense", "bm25"
KEYWORD_FIELDS = ("doc_id", "state", "language", "doc_language", "countries", "kind", "purpose", "form",
                  "sector", "visibility", "source_key", "audience", "case_number", "court", "outcome",
                  "offences", "sha256", "source_keys", "near_bands", "entities", *FACT_FIELDS)
TENANT_FIELD = "owner_office"
INTEGER_FIELDS = ("year", "order")
PHRASE_FIELD = "text"
# How hard a dense leg searches once the store has an HNSW index (nothing changes for exact search):
# the candidate list explored (ef, at least the limit asked), and, when the vectors are also quantized,
# how many more candidates are taken on the int8 vectors and scored again on the originals.
# Chosen with bench/search_speed.py --optimize --quantize (recall against cost at 100k and 1M).
HNSW_EF = 128
OVERSAMPLING = 2.0
POINTER, VERSION_PREFIX = "current", "v-"  # see EdgeStore


class StoreError(RuntimeError):
    pass


class StoreLocked(StoreError):
    pass


class ModelMismatch(StoreError):
    pass


@dataclass(frozen=True)
class Range:
    gte: float | None = None
    lte: float | None = None


@dataclass(frozen=True)
class Where:
    """A filter: every `must` key matches (a value, any value of a list, or a Range), no `must_not` key
    matches, and the passage text contains every phrase."""

    must: dict[str, Any] = field(default_factory=dict)
    must_not: dict[str, Any] = field(default_factory=dict)
    phrases: tuple[str, ...] = ()

    def also(self, **must: Any) -> Where:
        return Where({**self.must, **must}, self.must_not, self.phrases)

    def excluding(self, **must_not: Any) -> Where:
        return Where(self.must, {**self.must_not, **must_not}, self.phrases)


@dataclass
class Point:
    id: str
    dense: Sequence[float]
    sparse: Sparse
    payload: dict[str, Any]


@dataclass(frozen=True)
class Leg:
    """One ranked list of a query: nearest neighbours of `vector` in the dense or the BM25 space,
    optionally restricted further, weighted in the fusion."""

    using: str  # DENSE or SPARSE
    vector: Sequence[float] | Sparse
    weight: float = 1.0
    where: Where | None = None
    by_language: dict[str, float] | None = None  # weight per passage language, when it differs (fusion only)

    def weight_for(self, payload: dict[str, Any]) -> float:
        if self.by_language is None:
            return self.weight
        return self.by_language.get(payload.get("language", ""), self.weight)


@dataclass
class Hit:
    id: str
    score: float
    payload: dict[str, Any]
    vector: list[float] | None = None  # the dense vector, when asked for


class Store(Protocol):
    def model(self) -> dict[str, Any] | None:
        """The embedding model the store was built with ({"model_id", "dimension"}), None if empty."""

    def create(self, model_id: str, dimension: int) -> None: ...
    def upsert(self, points: list[Point]) -> None: ...
    def delete(self, where: Where) -> None: ...
    def set_payload(self, where: Where, payload: dict[str, Any]) -> None: ...
    def query(self, legs: list[Leg], where: Where, limit: int, fusion_k: int = 2) -> list[Hit]:
        """One leg: a plain nearest-neighbour search. Several: each leg prefetched, fused by weighted RRF."""

    def search_batch(self, legs: list[Leg], where: Where, limit: int,
                     fields: Sequence[str] | None = None) -> list[list[Hit]]:
        """Each leg's own ranked list (scores as the engine computed them), all in one engine call; only
        the payload `fields` asked for (all if None): moving passage texts out of the engine costs time."""

    def retrieve(self, ids: list[str], vectors: bool = False) -> list[Hit]:
        """Points by id with their whole payload, in the order asked (missing ones left out)."""

    def facet(self, key: str, where: Where, limit: int = 50) -> list[tuple[Any, int]]: ...
    def count(self, where: Where) -> int: ...
    def scroll(self, where: Where, limit: int, order_by: str | None = None,
               offset: Any = None, vectors: bool = False) -> tuple[list[Hit], Any]: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...
    def optimize(self) -> bool:
        """Build the vector index (HNSW) now; True if anything was rebuilt."""


def check_model(store: Store, model_id: str, dimension: int) -> None:
    """Create the collection for this model, or refuse a store built with another one."""
    found = store.model()
    if found is None:
        store.create(model_id, dimension)
    elif (found.get("model_id"), found.get("dimension")) != (model_id, dimension):
        raise ModelMismatch(
            f"the index was built with {found.get('model_id')} ({found.get('dimension')}-d) but the configured "
            f"model is {model_id} ({dimension}-d); set CASOTECA_MODEL={model_setting(found.get('model_id', ''))} "
            "or rebuild the index with the new model: casoteca reindex")


# --------------------------------------------------------------------------------------------------------
# Qdrant Edge
# --------------------------------------------------------------------------------------------------------

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
    Only one process may open it: a second one gets `StoreLocked`."""

    def __init__(self, root: Path) -> None:
        import qdrant_edge as edge

        self._q = edge
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        pointer = self.root / POINTER
        self.folder = self.root / pointer.read_text(encoding="utf-8").strip() if pointer.is_file() else self.root
        self._shard: Any = None
        self._swap = threading.RLock()  # held by every call on the shard, and by the switch to a new version
        if (self.folder / "model.json").is_file():
            self._shard = self._open(self._load)
            missing = [name for name in KEYWORD_FIELDS if name not in self._shard.info().payload_schema]
            for name in missing:  # a field added since the index was made (e.g. audience)
                self._shard.update(edge.UpdateOperation.create_field_index(name, edge.PayloadSchemaType.Keyword))
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
            self._shard = self._open(self._load)
        self._remove_version(old)

    def _remove_version(self, folder: Path) -> None:
        if folder == self.root:  # never switched before: the shard and model sit in root itself
            shutil.rmtree(folder / "shard", ignore_errors=True)
            (folder / "model.json").unlink(missing_ok=True)
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
                raise StoreLocked(f"the index at {self.folder} is open in another process (a running "
                                  "`casoteca serve`?); stop it, or ask the server: files through its upload "
                                  "page, POST /api/admin/optimize or /api/admin/reindex") from exc
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
        self._shard = self._open(lambda: q.EdgeShard.create(str(self.folder / "shard"), config))
        for name in KEYWORD_FIELDS:
            self._shard.update(q.UpdateOperation.create_field_index(name, q.PayloadSchemaType.Keyword))
        self._shard.update(q.UpdateOperation.create_field_index(TENANT_FIELD, q.KeywordIndexParams(is_tenant=True)))
        for name in INTEGER_FIELDS:
            self._shard.update(q.UpdateOperation.create_field_index(
                name, q.IntegerIndexParams(lookup=True, range=True)))
        self._shard.update(q.UpdateOperation.create_field_index(PHRASE_FIELD, q.TextIndexParams(
            tokenizer=q.TokenizerType.Word, lowercase=True, ascii_folding=True, phrase_matching=True)))
        self._shard.flush()
        tmp = self.folder / "model.json.tmp"
        tmp.write_text(json.dumps({"model_id": model_id, "dimension": dimension}), encoding="utf-8")
        os.replace(tmp, self.folder / "model.json")

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
        return q.SearchParams(hnsw_ef=max(HNSW_EF, limit),
                              quantization=q.QuantizationSearchParams(rescore=True, oversampling=OVERSAMPLING))

    def _params(self, leg: Leg, limit: int) -> Any:
        return self._dense_params(limit) if leg.using == DENSE else None

    @_held
    def upsert(self, points: list[Point]) -> None:
        q = self._q
        self._ready().update(q.UpdateOperation.upsert_points([
            q.Point(p.id, {DENSE: self._vector(p.dense), SPARSE: self._vector(p.sparse)}, p.payload)
            for p in points]))

    @_held
    def delete(self, where: Where) -> None:
        self._ready().update(self._q.UpdateOperation.delete_points_by_filter(self._filter(where)))

    @_held
    def set_payload(self, where: Where, payload: dict[str, Any]) -> None:
        self._ready().update(self._q.UpdateOperation.set_payload_by_filter(self._filter(where), payload))

    @_held
    def query(self, legs: list[Leg], where: Where, limit: int, fusion_k: int = 2) -> list[Hit]:
        q = self._q
        if self._shard is None:
            return []
        filter_ = self._filter(where)

        def nearest(leg: Leg) -> Any:
            return q.Query.Nearest(self._vector(leg.vector), using=leg.using)

        if len(legs) == 1:
            leg = legs[0]
            request = q.QueryRequest(limit=limit, query=nearest(leg), with_payload=True,
                                     filter=self._filter(merge(where, leg.where)), params=self._params(leg, limit))
        else:
            prefetches = [q.Prefetch(limit=limit, query=nearest(leg), filter=self._filter(merge(where, leg.where)),
                                     params=self._params(leg, limit))
                          for leg in legs]
            request = q.QueryRequest(limit=limit, prefetches=prefetches, with_payload=True, filter=filter_,
                                     query=q.Fusion.Rrf(k=fusion_k, weights=[leg.weight for leg in legs]))
        return [Hit(str(p.id), p.score, p.payload or {}) for p in self._shard.query(request)]

    @_held
    def search_batch(self, legs: list[Leg], where: Where, limit: int,
                     fields: Sequence[str] | None = None) -> list[list[Hit]]:
        q = self._q
        if self._shard is None or not legs:
            return [[] for _ in legs]
        requests = [q.QueryRequest(limit=limit, query=q.Query.Nearest(self._vector(leg.vector), using=leg.using),
                                   with_payload=list(fields) if fields is not None else True,
                                   filter=self._filter(merge(where, leg.where)), params=self._params(leg, limit))
                    for leg in legs]
        # One call per leg: measured at 100k passages, `query_batch` with the dense and BM25 requests has the
        # same median but twice the p95 (23.6 against 11.7 ms), its parallel legs contending for two cores.
        results = [self._shard.query(request) for request in requests]
        return [[Hit(str(p.id), p.score, p.payload or {}) for p in points] for points in results]

    @_held
    def retrieve(self, ids: list[str], vectors: bool = False) -> list[Hit]:
        if self._shard is None or not ids:
            return []
        found = {str(r.id): r for r in self._shard.retrieve(ids, with_payload=True,
                                                            with_vector=[DENSE] if vectors else False)}
        return [Hit(id_, 0.0, found[id_].payload or {}, _dense(found[id_].vector)) for id_ in ids if id_ in found]

    @_held
    def facet(self, key: str, where: Where, limit: int = 50) -> list[tuple[Any, int]]:
        if self._shard is None:
            return []
        response = self._shard.facet(self._q.FacetRequest(key, limit=limit, exact=True, filter=self._filter(where)))
        return [(hit.value, hit.count) for hit in response]

    @_held
    def count(self, where: Where) -> int:
        if self._shard is None:
            return 0
        return self._shard.count(self._q.CountRequest(filter=self._filter(where), exact=True))

    @_held
    def scroll(self, where: Where, limit: int, order_by: str | None = None,
               offset: Any = None, vectors: bool = False) -> tuple[list[Hit], Any]:
        if self._shard is None:
            return [], None
        q = self._q
        records, next_offset = self._shard.scroll(q.ScrollRequest(
            offset=offset, limit=limit, filter=self._filter(where), with_payload=True,
            with_vector=[DENSE] if vectors else False,
            order_by=q.OrderBy(order_by) if order_by else None))
        return [Hit(str(r.id), 0.0, r.payload or {}, _dense(r.vector)) for r in records], next_offset

    @_held
    def points(self, limit: int, offset: Any = None) -> tuple[list[Point], Any]:
        """Every point with both vectors and its payload, a page at a time (for migrate and checks)."""
        if self._shard is None:
            return [], None
        records, next_offset = self._shard.scroll(self._q.ScrollRequest(
            offset=offset, limit=limit, with_payload=True, with_vector=True))
        return [_point(r.id, r.vector, r.payload) for r in records], next_offset

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
            subprocess.run([sys.executable, "-m", "index.optimize", str(build),
                            *(["--quantize"] if quantize else [])],
                           check=True, capture_output=True, cwd=Path(__file__).resolve().parent.parent)
            seconds = time.perf_counter() - started
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        self.switch_to(build)
        return seconds

    @_held
    def close(self) -> None:
        if self._shard is not None:
            self._shard.close()
            self._shard = None


# --------------------------------------------------------------------------------------------------------
# Qdrant server or cluster (qdrant-client)
# --------------------------------------------------------------------------------------------------------

class ServerStore:
    """A collection on a Qdrant server or cluster. `url=":memory:"` is qdrant-client's in-process mode.

    `collection` is the name the service reads and writes: an alias of a collection named after it
    (`casoteca-<8 hex>`), so `casoteca reindex` can build a new collection while the old one serves and
    then move the alias in one atomic operation. Shards and replication factor are set when the
    collection is made (a cluster: see deploy/)."""

    def __init__(self, url: str, collection: str = "casoteca", api_key: str | None = None, shards: int = 1,
                 replication: int = 1, client: Any = None, aliased: bool = True) -> None:
        from qdrant_client import QdrantClient, models

        self._m = models
        self.url = url
        self.collection = collection
        self.shards, self.replication = shards, replication
        self.aliased = aliased
        self.local = url == ":memory:"
        if client is not None:  # another collection on the same connection (reindex, tests)
            self._client = client
        elif self.local:
            self._client = QdrantClient(location=":memory:")
        else:
            self._client = QdrantClient(url=url, api_key=api_key, timeout=60)
        self._exists = False

    def sibling(self, collection: str) -> ServerStore:
        """Another collection on the same server, through the same connection, used by its own name."""
        return ServerStore(self.url, collection, shards=self.shards, replication=self.replication,
                           client=self._client, aliased=False)

    def _ready(self) -> bool:
        """Whether the collection exists (asked once it does: it is never dropped behind our back)."""
        self._exists = self._exists or self._client.collection_exists(self.collection)
        return self._exists

    def model(self) -> dict[str, Any] | None:
        if not self._ready():
            return None
        return dict(self._client.get_collection(self.collection).config.metadata or {})

    def create(self, model_id: str, dimension: int) -> None:
        """Make a new collection `<name>-<8 hex>` and point the name at it (a sibling: make it by its name)."""
        physical = f"{self.collection}-{uuid.uuid4().hex[:8]}" if self.aliased else self.collection
        self._make(physical, model_id, dimension)
        if self.aliased:
            self.point_alias_at(physical)

    def _make(self, name: str, model_id: str, dimension: int) -> None:
        m = self._m
        self._client.create_collection(
            name,
            vectors_config={DENSE: m.VectorParams(size=dimension, distance=m.Distance.COSINE)},
            sparse_vectors_config={SPARSE: m.SparseVectorParams(modifier=m.Modifier.IDF)},
            shard_number=self.shards, replication_factor=self.replication,
            metadata={"model_id": model_id, "dimension": dimension},
        )
        if self.local:  # the in-process mode filters by scanning and warns that it ignores payload indexes
            return
        for field_name in KEYWORD_FIELDS:
            self._client.create_payload_index(name, field_name, m.PayloadSchemaType.KEYWORD)
        self._client.create_payload_index(name, TENANT_FIELD, m.KeywordIndexParams(
            type=m.KeywordIndexType.KEYWORD, is_tenant=True))
        for field_name in INTEGER_FIELDS:
            self._client.create_payload_index(name, field_name, m.IntegerIndexParams(
                type=m.IntegerIndexType.INTEGER, lookup=True, range=True))
        self._client.create_payload_index(name, PHRASE_FIELD, m.TextIndexParams(
            type=m.TextIndexType.TEXT, tokenizer=m.TokenizerType.WORD, lowercase=True, ascii_folding=True,
            phrase_matching=True))

    def physical(self) -> str | None:
        """The collection the name points at (itself when it is a plain collection), or None."""
        for alias in self._client.get_aliases().aliases:
            if alias.alias_name == self.collection:
                return str(alias.collection_name)
        return self.collection if self._client.collection_exists(self.collection) else None

    def point_alias_at(self, physical: str) -> str | None:
        """Move the name to `physical` in one atomic operation; returns the collection it pointed at."""
        m = self._m
        previous = self.physical()
        if previous == self.collection:
            raise StoreError(f"{self.collection!r} is a collection, not an alias: it cannot be switched in place")
        operations: list[Any] = []
        if previous is not None and previous != self.collection:
            operations.append(m.DeleteAliasOperation(delete_alias=m.DeleteAlias(alias_name=self.collection)))
        operations.append(m.CreateAliasOperation(create_alias=m.CreateAlias(collection_name=physical,
                                                                            alias_name=self.collection)))
        self._client.update_collection_aliases(change_aliases_operations=operations)
        self._exists = True
        return previous

    def drop(self, name: str) -> None:
        self._client.delete_collection(name)

    def points(self, limit: int, offset: Any = None) -> tuple[list[Point], Any]:
        """Every point with both vectors and its payload, a page at a time (for migrate and checks)."""
        if not self._ready():
            return [], None
        records, next_offset = self._client.scroll(self.collection, limit=limit, offset=offset, with_payload=True,
                                                   with_vectors=True)
        return [_point(r.id, r.vector, r.payload) for r in records], next_offset

    def _params(self, leg: Leg, limit: int) -> Any:
        """What a dense leg asks of the collection's HNSW index and quantization (see HNSW_EF); nothing in
        qdrant-client's in-process mode, which searches exactly and warns about search parameters."""
        if leg.using != DENSE or self.local:
            return None
        m = self._m
        return m.SearchParams(hnsw_ef=max(HNSW_EF, limit),
                              quantization=m.QuantizationSearchParams(rescore=True, oversampling=OVERSAMPLING))

    def _filter(self, where: Where | None) -> Any:
        if where is None or not (where.must or where.must_not or where.phrases):
            return None
        m = self._m

        def condition(key: str, value: Any) -> Any:
            if isinstance(value, Range):
                return m.FieldCondition(key=key, range=m.Range(gte=value.gte, lte=value.lte))
            if isinstance(value, (list, tuple, set)):
                return m.FieldCondition(key=key, match=m.MatchAny(any=list(value)))
            return m.FieldCondition(key=key, match=m.MatchValue(value=value))

        must = [condition(k, v) for k, v in where.must.items()]
        must += [m.FieldCondition(key=PHRASE_FIELD, match=m.MatchPhrase(phrase=p)) for p in where.phrases]
        must_not = [condition(k, v) for k, v in where.must_not.items()]
        return m.Filter(must=must or None, must_not=must_not or None)

    def _vector(self, vector: Sequence[float] | Sparse) -> Any:
        if isinstance(vector, Sparse):
            return self._m.SparseVector(indices=vector.indices, values=vector.values)
        return [float(x) for x in vector]

    def upsert(self, points: list[Point]) -> None:
        m = self._m
        self._client.upsert(self.collection, [
            m.PointStruct(id=p.id, vector={DENSE: self._vector(p.dense), SPARSE: self._vector(p.sparse)},
                          payload=p.payload) for p in points], wait=True)

    def delete(self, where: Where) -> None:
        if not self._ready():
            return
        self._client.delete(self.collection, self._m.FilterSelector(filter=self._filter(where)), wait=True)

    def set_payload(self, where: Where, payload: dict[str, Any]) -> None:
        if not self._ready():
            return
        self._client.set_payload(self.collection, payload, points=self._m.FilterSelector(filter=self._filter(where)),
                                 wait=True)

    def query(self, legs: list[Leg], where: Where, limit: int, fusion_k: int = 2) -> list[Hit]:
        m = self._m
        if not self._ready():
            return []
        if len(legs) == 1:
            leg = legs[0]
            response = self._client.query_points(
                self.collection, query=self._vector(leg.vector), using=leg.using, limit=limit, with_payload=True,
                query_filter=self._filter(merge(where, leg.where)), search_params=self._params(leg, limit))
        else:
            prefetch = [m.Prefetch(query=self._vector(leg.vector), using=leg.using, limit=limit,
                                   filter=self._filter(merge(where, leg.where)), params=self._params(leg, limit))
                        for leg in legs]
            response = self._client.query_points(
                self.collection, prefetch=prefetch, limit=limit, with_payload=True,
                query=m.RrfQuery(rrf=m.Rrf(k=fusion_k, weights=[leg.weight for leg in legs])),
                query_filter=self._filter(where))
        return [Hit(str(p.id), p.score, p.payload or {}) for p in response.points]

    def search_batch(self, legs: list[Leg], where: Where, limit: int,
                     fields: Sequence[str] | None = None) -> list[list[Hit]]:
        m = self._m
        if not legs or not self._ready():
            return [[] for _ in legs]
        requests = [m.QueryRequest(query=self._vector(leg.vector), using=leg.using, limit=limit,
                                   with_payload=list(fields) if fields is not None else True,
                                   filter=self._filter(merge(where, leg.where)), params=self._params(leg, limit))
                    for leg in legs]
        responses = self._client.query_batch_points(self.collection, requests)
        return [[Hit(str(p.id), p.score, p.payload or {}) for p in response.points] for response in responses]

    def retrieve(self, ids: list[str], vectors: bool = False) -> list[Hit]:
        if not ids or not self._ready():
            return []
        found = {str(r.id): r for r in self._client.retrieve(self.collection, ids, with_payload=True,
                                                             with_vectors=[DENSE] if vectors else False)}
        return [Hit(id_, 0.0, found[id_].payload or {}, _dense(found[id_].vector)) for id_ in ids if id_ in found]

    def facet(self, key: str, where: Where, limit: int = 50) -> list[tuple[Any, int]]:
        if not self._ready():
            return []
        response = self._client.facet(self.collection, key, facet_filter=self._filter(where), limit=limit, exact=True)
        return [(hit.value, hit.count) for hit in response.hits]

    def count(self, where: Where) -> int:
        if not self._ready():
            return 0
        return self._client.count(self.collection, count_filter=self._filter(where), exact=True).count

    def scroll(self, where: Where, limit: int, order_by: str | None = None,
               offset: Any = None, vectors: bool = False) -> tuple[list[Hit], Any]:
        if not self._ready():
            return [], None
        records, next_offset = self._client.scroll(
            self.collection, scroll_filter=self._filter(where), limit=limit, offset=offset, with_payload=True,
            with_vectors=[DENSE] if vectors else False, order_by=order_by)
        return [Hit(str(r.id), 0.0, r.payload or {}, _dense(r.vector)) for r in records], next_offset

    def flush(self) -> None:
        pass

    def optimize(self) -> bool:
        return False  # a Qdrant server builds its indexes itself, in the background

    def close(self) -> None:
        self._client.close()


def merge(where: Where, extra: Where | None) -> Where:
    """Both filters at once. A key in both `must`s keeps the values they share (ranges: the overlap)."""
    if extra is None:
        return where
    must = dict(where.must)
    for key, value in extra.must.items():
        if key not in must:
            must[key] = value
        elif isinstance(value, Range) and isinstance(must[key], Range):
            low = [x for x in (must[key].gte, value.gte) if x is not None]
            high = [x for x in (must[key].lte, value.lte) if x is not None]
            must[key] = Range(max(low) if low else None, min(high) if high else None)
        else:
            must[key] = [v for v in _values(must[key]) if v in _values(value)]
    must_not = {**where.must_not, **extra.must_not}
    return Where(must, must_not, where.phrases + extra.phrases)


def _point(id_: Any, vectors: Any, payload: Any) -> Point:
    sparse = (vectors or {}).get(SPARSE)
    return Point(str(id_), _dense(vectors) or [], Sparse(list(sparse.indices), list(sparse.values)) if sparse
                 else Sparse([], []), dict(payload or {}))


def _dense(vectors: Any) -> list[float] | None:
    """The dense vector out of a record's named vectors (None when they were not asked for)."""
    if isinstance(vectors, dict) and DENSE in vectors:
        return [float(x) for x in vectors[DENSE]]
    return None


def _values(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple, set)) else [value]
