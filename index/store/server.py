"""A Qdrant server or cluster through qdrant-client (also its `:memory:` mode, used in tests)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from ..sparse import Sparse
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
    Where,
    as_point,
    dense_vector,
    merge,
)


class ServerStore:
    """A collection on a Qdrant server or cluster. `url=":memory:"` is qdrant-client's in-process mode.

    `collection` is the name the service reads and writes: an alias of a collection named after it
    (`casoteca-<8 hex>`), so `casoteca reindex` can build a new collection while the old one serves and
    then move the alias in one atomic operation. Shards and replication factor are set when the
    collection is made (a cluster: see deploy/)."""

    def __init__(
        self,
        url: str,
        collection: str = "casoteca",
        api_key: str | None = None,
        shards: int = 1,
        replication: int = 1,
        client: Any = None,
        aliased: bool = True,
    ) -> None:
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
        return ServerStore(
            self.url,
            collection,
            shards=self.shards,
            replication=self.replication,
            client=self._client,
            aliased=False,
        )

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
            shard_number=self.shards,
            replication_factor=self.replication,
            metadata={"model_id": model_id, "dimension": dimension},
        )
        if self.local:  # the in-process mode filters by scanning and warns that it ignores payload indexes
            return
        for field_name in KEYWORD_FIELDS:
            self._client.create_payload_index(name, field_name, m.PayloadSchemaType.KEYWORD)
        self._client.create_payload_index(
            name, TENANT_FIELD, m.KeywordIndexParams(type=m.KeywordIndexType.KEYWORD, is_tenant=True)
        )
        for field_name in INTEGER_FIELDS:
            self._client.create_payload_index(
                name,
                field_name,
                m.IntegerIndexParams(type=m.IntegerIndexType.INTEGER, lookup=True, range=True),
            )
        self._client.create_payload_index(
            name,
            PHRASE_FIELD,
            m.TextIndexParams(
                type=m.TextIndexType.TEXT,
                tokenizer=m.TokenizerType.WORD,
                lowercase=True,
                ascii_folding=True,
                phrase_matching=True,
            ),
        )

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
            raise StoreError(
                f"{self.collection!r} is a collection, not an alias: it cannot be switched in place"
            )
        operations: list[Any] = []
        if previous is not None and previous != self.collection:
            operations.append(m.DeleteAliasOperation(delete_alias=m.DeleteAlias(alias_name=self.collection)))
        operations.append(
            m.CreateAliasOperation(
                create_alias=m.CreateAlias(collection_name=physical, alias_name=self.collection)
            )
        )
        self._client.update_collection_aliases(change_aliases_operations=operations)
        self._exists = True
        return previous

    def drop(self, name: str) -> None:
        self._client.delete_collection(name)

    def points(self, limit: int, offset: Any = None) -> tuple[list[Point], Any]:
        """Every point with both vectors and its payload, a page at a time (for migrate and checks)."""
        if not self._ready():
            return [], None
        records, next_offset = self._client.scroll(
            self.collection, limit=limit, offset=offset, with_payload=True, with_vectors=True
        )
        return [as_point(r.id, r.vector, r.payload) for r in records], next_offset

    def _params(self, leg: Leg, limit: int) -> Any:
        """What a dense leg asks of the collection's HNSW index and quantization (see HNSW_EF); nothing in
        qdrant-client's in-process mode, which searches exactly and warns about search parameters."""
        if leg.using != DENSE or self.local:
            return None
        m = self._m
        return m.SearchParams(
            hnsw_ef=max(HNSW_EF, limit),
            quantization=m.QuantizationSearchParams(rescore=True, oversampling=OVERSAMPLING),
        )

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
        self._client.upsert(
            self.collection,
            [
                m.PointStruct(
                    id=p.id,
                    vector={DENSE: self._vector(p.dense), SPARSE: self._vector(p.sparse)},
                    payload=p.payload,
                )
                for p in points
            ],
            wait=True,
        )

    def delete(self, where: Where) -> None:
        if not self._ready():
            return
        self._client.delete(self.collection, self._m.FilterSelector(filter=self._filter(where)), wait=True)

    def set_payload(self, where: Where, payload: dict[str, Any]) -> None:
        if not self._ready():
            return
        self._client.set_payload(
            self.collection, payload, points=self._m.FilterSelector(filter=self._filter(where)), wait=True
        )

    def query(self, legs: list[Leg], where: Where, limit: int, fusion_k: int = 2) -> list[Hit]:
        m = self._m
        if not self._ready():
            return []
        if len(legs) == 1:
            leg = legs[0]
            response = self._client.query_points(
                self.collection,
                query=self._vector(leg.vector),
                using=leg.using,
                limit=limit,
                with_payload=True,
                query_filter=self._filter(merge(where, leg.where)),
                search_params=self._params(leg, limit),
            )
        else:
            prefetch = [
                m.Prefetch(
                    query=self._vector(leg.vector),
                    using=leg.using,
                    limit=limit,
                    filter=self._filter(merge(where, leg.where)),
                    params=self._params(leg, limit),
                )
                for leg in legs
            ]
            response = self._client.query_points(
                self.collection,
                prefetch=prefetch,
                limit=limit,
                with_payload=True,
                query=m.RrfQuery(rrf=m.Rrf(k=fusion_k, weights=[leg.weight for leg in legs])),
                query_filter=self._filter(where),
            )
        return [Hit(str(p.id), p.score, p.payload or {}) for p in response.points]

    def search_batch(
        self, legs: list[Leg], where: Where, limit: int, fields: Sequence[str] | None = None
    ) -> list[list[Hit]]:
        m = self._m
        if not legs or not self._ready():
            return [[] for _ in legs]
        requests = [
            m.QueryRequest(
                query=self._vector(leg.vector),
                using=leg.using,
                limit=limit,
                with_payload=list(fields) if fields is not None else True,
                filter=self._filter(merge(where, leg.where)),
                params=self._params(leg, limit),
            )
            for leg in legs
        ]
        responses = self._client.query_batch_points(self.collection, requests)
        return [[Hit(str(p.id), p.score, p.payload or {}) for p in response.points] for response in responses]

    def retrieve(
        self, ids: list[str], vectors: bool = False, fields: Sequence[str] | None = None
    ) -> list[Hit]:
        if not ids or not self._ready():
            return []
        found = {
            str(r.id): r
            for r in self._client.retrieve(
                self.collection,
                ids,
                with_payload=list(fields) if fields is not None else True,
                with_vectors=[DENSE] if vectors else False,
            )
        }
        return [
            Hit(id_, 0.0, found[id_].payload or {}, dense_vector(found[id_].vector))
            for id_ in ids
            if id_ in found
        ]

    def facet(self, key: str, where: Where, limit: int = 50) -> list[tuple[Any, int]]:
        if not self._ready():
            return []
        response = self._client.facet(
            self.collection, key, facet_filter=self._filter(where), limit=limit, exact=True
        )
        return [(hit.value, hit.count) for hit in response.hits]

    def count(self, where: Where) -> int:
        if not self._ready():
            return 0
        return self._client.count(self.collection, count_filter=self._filter(where), exact=True).count

    def scroll(
        self, where: Where, limit: int, order_by: str | None = None, offset: Any = None, vectors: bool = False
    ) -> tuple[list[Hit], Any]:
        if not self._ready():
            return [], None
        records, next_offset = self._client.scroll(
            self.collection,
            scroll_filter=self._filter(where),
            limit=limit,
            offset=offset,
            with_payload=True,
            with_vectors=[DENSE] if vectors else False,
            order_by=order_by,
        )
        return [Hit(str(r.id), 0.0, r.payload or {}, dense_vector(r.vector)) for r in records], next_offset

    def flush(self) -> None:
        pass

    def optimize(self) -> bool:
        return False  # a Qdrant server builds its indexes itself, in the background

    def close(self) -> None:
        self._client.close()
