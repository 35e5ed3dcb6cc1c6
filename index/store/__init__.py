"""Where passages live: one `Store` interface, two Qdrant backends.

- `EdgeStore` (edge.py): Qdrant Edge, the engine embedded in this process, on local disk (the default).
- `ServerStore` (server.py): a Qdrant server or cluster through qdrant-client (also its `:memory:` mode, used
  in tests).

Both hold one point per passage with a dense vector ("dense"), a BM25 sparse vector ("bm25", IDF applied
by the engine) and a payload. Filters, hybrid queries and facets are written once with the small neutral
types of types.py and translated by each backend, so the rest of the code never sees a Qdrant class.

Callers import everything from `index.store`.
"""

from .edge import EdgeStore
from .server import ServerStore
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
