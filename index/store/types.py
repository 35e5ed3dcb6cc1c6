"""The neutral types every store speaks, and the `Store` protocol both backends implement.

Filters (`Where`, `Range`), query legs (`Leg`), points and hits are small dataclasses, so the rest of the
code never sees a Qdrant class; each backend (edge.py, server.py) translates them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..embed import model_setting
from ..facts import PAYLOAD_FIELDS as FACT_FIELDS  # case facts, counted by facets
from ..sparse import Sparse

DENSE, SPARSE = "dense", "bm25"
KEYWORD_FIELDS = (
    "doc_id",
    "state",
    "language",
    "doc_language",
    "countries",
    "kind",
    "purpose",
    "form",
    "sector",
    "visibility",
    "source_key",
    "audience",
    "case_number",
    "court",
    "outcome",
    "offences",
    "sha256",
    "source_keys",
    "near_bands",
    "entities",
    *FACT_FIELDS,
)
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
    # The list depends on no text of the query (a glossary phrase's leg, the same for every query that
    # names the phrase): a store may keep it until its next write.
    fixed: bool = False

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

    def search_batch(
        self, legs: list[Leg], where: Where, limit: int, fields: Sequence[str] | None = None
    ) -> list[list[Hit]]:
        """Each leg's own ranked list (scores as the engine computed them), all in one engine call; only
        the payload `fields` asked for (all if None): moving passage texts out of the engine costs time."""

    def retrieve(
        self, ids: list[str], vectors: bool = False, fields: Sequence[str] | None = None
    ) -> list[Hit]:
        """Points by id with their payload (only `fields` if given: a first passage carries its document's
        whole record, and a passage its entity mentions), in the order asked (missing ones left out)."""

    def facet(self, key: str, where: Where, limit: int = 50) -> list[tuple[Any, int]]: ...
    def count(self, where: Where) -> int: ...
    def scroll(
        self, where: Where, limit: int, order_by: str | None = None, offset: Any = None, vectors: bool = False
    ) -> tuple[list[Hit], Any]: ...
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
            "or rebuild the index with the new model: casoteca reindex"
        )


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
            must[key] = [v for v in values_of(must[key]) if v in values_of(value)]
    must_not = {**where.must_not, **extra.must_not}
    return Where(must, must_not, where.phrases + extra.phrases)


def as_point(id_: Any, vectors: Any, payload: Any) -> Point:
    sparse = (vectors or {}).get(SPARSE)
    return Point(
        str(id_),
        dense_vector(vectors) or [],
        Sparse(list(sparse.indices), list(sparse.values)) if sparse else Sparse([], []),
        dict(payload or {}),
    )


def dense_vector(vectors: Any) -> list[float] | None:
    """The dense vector out of a record's named vectors (None when they were not asked for)."""
    if isinstance(vectors, dict) and DENSE in vectors:
        return [float(x) for x in vectors[DENSE]]
    return None


def values_of(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple, set)) else [value]
