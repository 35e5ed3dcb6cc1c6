"""Where passages live: one `Store` interface, two Qdrant backends.

- `EdgeStore` (edge.py): Qdrant Edge, the engine embedded in this process, on local disk (the default).
- `ServerStore` (server.py): a Qdrant server or cluster through qdrant-client (also its `:memory:` mode, used
  in tests).

Both hold one point per passage with a dense vector ("dense"), a BM25 sparse vector ("bm25", IDF applied
by the engine) and a payload. Filters, hybrid queries and facets are written once with the small neutral
types of types.py and translated by each backend, so the rest of the code never sees a Qdrant class.

Callers import everything from `index.store`. The two backends are imported when first named, so a caller
that needs only the neutral types (an error class, `Where`) does not load the engine: `casoteca --help`
stays light.
"""

from __future__ import annotations

from typing import Any

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
    ModelMismatch,
    Point,
    Range,
    Store,
    StoreError,
    StoreLocked,
    Where,
    check_model,
    merge,
)

__all__ = [
    "DENSE",
    "HNSW_EF",
    "INTEGER_FIELDS",
    "KEYWORD_FIELDS",
    "OVERSAMPLING",
    "PHRASE_FIELD",
    "SPARSE",
    "TENANT_FIELD",
    "EdgeStore",
    "Hit",
    "Leg",
    "ModelMismatch",
    "Point",
    "Range",
    "ServerStore",
    "Store",
    "StoreError",
    "StoreLocked",
    "Where",
    "check_model",
    "merge",
]


def __getattr__(name: str) -> Any:
    """`EdgeStore` and `ServerStore` on first use (PEP 562)."""
    if name == "EdgeStore":
        from .edge import EdgeStore

        return EdgeStore
    if name == "ServerStore":
        from .server import ServerStore

        return ServerStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
