"""The knowledge base: documents written into a `Store` as passages, read back as documents.

One point per passage. Every point carries what a search hit must show (document title, countries, year,
kind, page span, section...) so a hit never needs a second lookup; the first passage of a document also
carries the rest of its metadata.

Writing a document never exposes half of it. Its new passages are written "staged" (search only sees
"live" points), then the old version is deleted and the new one promoted. `recover()`, run on open,
finishes or discards whatever a crash interrupted: a complete staged set whose document has no live
version is promoted, anything else staged is deleted (the next ingest writes it again).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any

from ingest.models import Document, Passage
from ingest.pipeline import NAMESPACE
from ingest.shingles import bands, resemblance, signature

from .embed import Embedder, make_embedder
from .facts import fact_payload
from .sparse import encode_document
from .store import Hit, Point, Store, Where, check_model, merge
from .views import DocumentSummary, DocumentView, PassageView, document_view

LIVE, STAGED = "live", "staged"
BATCH = 128
FOLLOW_SECONDS = 5.0  # how often a running process checks that the store still holds its model
# Payload keys copied from the document's metadata onto every passage (filters, facets and hits use them).
DOCUMENT_FIELDS = (
    "kind",
    "countries",
    "year",
    "purpose",
    "form",
    "sector",
    "owner_office",
    "visibility",
    "case_number",
    "court",
    "decision_date",
    "offences",
    "outcome",
)
# Estimated resemblance of two texts' shingles above which a document is "probably the same" as another.
# A DOCX and a PDF made from the same text scored 0.875 (the pair of tests/index/test_near_duplicates.py);
# the most alike two distinct documents of casestudies/ scored 0.03.
NEAR_DUPLICATE = 0.6
# Record keys that are the base's own bookkeeping, never metadata a file told or inference found.
BOOKKEEPING = ("ocr_pages", "source_key", "source_path", "sources", "corrections")


def audience(visibility: str | None, owner_office: str | None) -> str:
    """The one audience a document is shown to, stored on each of its passages so that a caller's rights
    are a single indexed condition in every engine query: `public`, `network` (every signed-in user; also
    a document with no visibility set) or `office:<owner office>`."""
    if visibility == "public":
        return "public"
    if visibility == "office":
        return f"office:{owner_office or ''}"
    return "network"


def point_id(doc_id: str, fingerprint: str, order: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{doc_id}:{fingerprint}:{order}"))


def embedding_text(passage: Passage) -> str:
    """What the dense model reads: the section heading in front of the passage gives it context."""
    heading = passage.section[-1] if passage.section else ""
    return f"{heading}\n{passage.text}" if heading and heading not in passage.text[:200] else passage.text


class KnowledgeBase:
    def __init__(self, store: Store, embedder: Callable[[], Embedder]) -> None:
        """`embedder` is called the first time vectors are needed, so listing documents never loads a model."""
        self.store = store
        self._make_embedder = embedder
        self._embedder: Embedder | None = None
        self._checked = 0.0
        self._loading = threading.Lock()
        self.changes = 0  # counts writes, so readers can cache what only a write can change
        # Told after each write which documents it touched (None: possibly any), e.g. the fact table.
        self.watchers: list[Callable[[set[str] | None], None]] = []
        self.recover()

    @property
    def embedder(self) -> Embedder:
        """The model of the store. Checked against the store when first needed (an index built with another
        model than the configured one is refused), then again every FOLLOW_SECONDS: when another process
        rebuilt the store with another model since (API workers on one Qdrant collection, one of which ran
        the reindex and moved the alias), this one follows it."""
        if self._embedder is None:
            embedder = self._make_embedder()
            check_model(self.store, embedder.model_id, embedder.dimension)
            self._embedder, self._checked = embedder, time.monotonic()
        elif time.monotonic() - self._checked > FOLLOW_SECONDS:
            self._follow()
        return self._embedder

    def _follow(self) -> None:
        with self._loading:
            self._checked = time.monotonic()
            found = (self.store.model() or {}).get("model_id")
            if self._embedder is not None and found not in (None, self._embedder.model_id):
                self.use_embedder(make_embedder(found))

    def use_embedder(self, embedder: Embedder) -> None:
        """Embed with this model from now on: the store has just been rebuilt with it (a reindex)."""
        check_model(self.store, embedder.model_id, embedder.dimension)
        self._make_embedder = lambda: embedder
        self._embedder, self._checked = embedder, time.monotonic()
        self.changed(None)

    # --- writing ---
    def add(self, document: Document, fingerprint: str) -> None:
        """Write a document, replacing any earlier version of it whole."""
        live = Where({"doc_id": document.id, "state": LIVE})
        staged = Where({"doc_id": document.id, "state": STAGED})
        passages = document.passages
        embedder = self.embedder  # creates the collection on first use
        text_signature = signature("\n".join(p.text for p in passages))
        self.store.delete(staged)
        for start in range(0, len(passages), BATCH):
            batch = passages[start : start + BATCH]
            vectors = embedder.embed([embedding_text(p) for p in batch])
            self.store.upsert(
                [
                    Point(
                        point_id(document.id, fingerprint, p.order),
                        vector,
                        encode_document(p.text, p.language),
                        passage_payload(document, p, fingerprint, text_signature),
                    )
                    for p, vector in zip(batch, vectors, strict=True)
                ]
            )
        self.store.delete(live)
        self.store.set_payload(staged, {"state": LIVE})
        self.changed({document.id})

    def changed(self, doc_ids: set[str] | None) -> None:
        """Count a write that touched these documents (None: possibly any) and tell the watchers."""
        self.changes += 1
        for watcher in self.watchers:
            watcher(doc_ids)

    def flush(self) -> None:
        """Make written documents durable on disk (each write is already in the write-ahead log, which
        survives a killed process; flushing costs about 50 ms, so it is done once per batch)."""
        self.store.flush()

    def copy_from(self, source: Store, where: Where | None = None) -> int:
        """Copy every live passage of another store (or those `where` picks), embedding it again with this
        base's model."""
        embedder = self.embedder
        copied = 0
        offset = None
        while True:
            hits, offset = source.scroll((where or Where()).also(state=LIVE), limit=BATCH, offset=offset)
            if hits:
                texts = [embedding_text(passage_from(h.payload)) for h in hits]
                self.store.upsert(
                    [
                        Point(
                            h.id, vector, encode_document(h.payload["text"], h.payload["language"]), h.payload
                        )
                        for h, vector in zip(hits, embedder.embed(texts), strict=True)
                    ]
                )
                copied += len(hits)
            if offset is None:
                break
        self.store.flush()
        return copied

    def delete(self, doc_id: str) -> bool:
        where = Where({"doc_id": doc_id})
        if not self.store.count(where):
            return False
        self.store.delete(where)
        self.store.flush()
        self.changed({doc_id})
        return True

    def recover(self) -> None:
        if self.store.model() is None:
            return
        for doc_id, count in self.store.facet("doc_id", Where({"state": STAGED}), limit=10_000):
            first, _ = self.store.scroll(Where({"doc_id": doc_id, "state": STAGED}), limit=1)
            complete = bool(first) and first[0].payload.get("passage_count") == count
            if complete and not self.store.count(Where({"doc_id": doc_id, "state": LIVE})):
                self.store.set_payload(Where({"doc_id": doc_id, "state": STAGED}), {"state": LIVE})
            else:
                self.store.delete(Where({"doc_id": doc_id, "state": STAGED}))
        # Documents written before passages carried their audience get it now, from their visibility.
        for hit in self.first_passages(Where()):
            if "audience" not in hit.payload:
                self.store.set_payload(
                    Where({"doc_id": hit.payload["doc_id"]}),
                    {"audience": audience(hit.payload.get("visibility"), hit.payload.get("owner_office"))},
                )
        self.store.flush()

    def set_visibility(self, doc_id: str, visibility: str, owner_office: str | None) -> bool:
        """Change who may see a document (every passage at once)."""
        where = Where({"doc_id": doc_id})
        if not self.store.count(where):
            return False
        payload: dict[str, Any] = {"visibility": visibility, "audience": audience(visibility, owner_office)}
        if owner_office is not None:
            payload["owner_office"] = owner_office
        self.store.set_payload(where, payload)
        self.store.flush()
        self.changed({doc_id})
        return True

    def add_source(self, doc_id: str, source: dict[str, Any]) -> bool:
        """List one more source (another path, an upload, an e-mail's attachment) of the same bytes on a
        stored document; nothing is parsed or embedded again. False when there is no such document."""
        first = self.first(doc_id)
        if first is None:
            return False
        sources = sources_of(first.payload)
        if all(known["key"] != source["key"] for known in sources):
            self._set_sources(first, [*sources, source])
        return True

    def remove_source(self, doc_id: str, key: str) -> None:
        """Forget one source of a document (its file now holds other bytes)."""
        first = self.first(doc_id)
        if first is not None:
            self._set_sources(first, [s for s in sources_of(first.payload) if s["key"] != key])

    def _set_sources(self, first: Hit, sources: list[dict[str, Any]]) -> None:
        record = dict(first.payload["document"])
        record["metadata"] = {**record.get("metadata", {}), "sources": sources}
        self.store.set_payload(
            Where({"doc_id": first.payload["doc_id"], "order": 0, "state": LIVE}),
            {"document": record, "source_keys": [s["key"] for s in sources]},
        )
        self.store.flush()
        self.changed({first.payload["doc_id"]})

    def correct(self, doc_id: str, corrections: dict[str, Any]) -> bool:
        """An editor's corrections of a document's metadata, written into every passage that carries the
        field (title and DOCUMENT_FIELDS, which filters, facets and hits read) and into the record, where
        they are kept (`metadata.corrections`) to be applied again when the file is ingested or parsed
        again, and no longer listed as inferred. False when there is no such document."""
        first = self.first(doc_id)
        if first is None:
            return False
        record = dict(first.payload["document"])
        metadata = record.get("metadata", {})
        record["metadata"] = {
            **metadata,
            **corrections,
            "corrections": {**metadata.get("corrections", {}), **corrections},
        }
        record["inferred"] = [key for key in record.get("inferred", []) if key not in corrections]
        every = {key: value for key, value in corrections.items() if key in DOCUMENT_FIELDS}
        if "title" in corrections:
            every["title"] = corrections["title"]
        if every:
            self.store.set_payload(Where({"doc_id": doc_id}), every)
        self.store.set_payload(
            Where({"doc_id": doc_id, "order": 0, "state": LIVE}),
            {"document": record, **fact_payload(record["metadata"], record["inferred"])},
        )
        self.store.flush()
        self.changed({doc_id})
        return True

    # --- reading ---
    def first(self, doc_id: str) -> Hit | None:
        """The first passage of the live version of a document (it carries the document's record)."""
        hits, _ = self.store.scroll(Where({"doc_id": doc_id, "state": LIVE, "order": 0}), limit=1)
        return hits[0] if hits else None

    def with_bytes(self, sha256: str, access: Where | None = None) -> Hit | None:
        """The first passage of a live document of exactly these bytes that `access` reaches, or None."""
        hits, _ = self.store.scroll(
            merge(Where({"sha256": sha256, "state": LIVE, "order": 0}), access), limit=1
        )
        return hits[0] if hits else None

    def near_duplicates(
        self, doc_id: str, access: Where | None = None, threshold: float = NEAR_DUPLICATE
    ) -> list[tuple[str, str, float]]:
        """(id, title, resemblance) of the other live documents `access` reaches whose text is probably
        the same as this one's in other bytes, most alike first. Candidates share a band of the text
        signature (one engine query), then their signatures are compared."""
        first = self.first(doc_id)
        if first is None or not first.payload.get("near_bands"):
            return []
        mine = first.payload["document"].get("signature", [])
        where = merge(
            Where({"near_bands": first.payload["near_bands"], "state": LIVE, "order": 0}), access
        ).excluding(doc_id=doc_id)
        hits, _ = self.store.scroll(where, limit=50)
        found = [
            (
                h.payload["doc_id"],
                h.payload["title"],
                resemblance(mine, (h.payload.get("document") or {}).get("signature", [])),
            )
            for h in hits
        ]
        return sorted((f for f in found if f[2] >= threshold), key=lambda f: -f[2])

    def fingerprint(self, doc_id: str) -> str | None:
        """The fingerprint of the live version of a document, None if it is not in the base."""
        hits, _ = self.store.scroll(Where({"doc_id": doc_id, "state": LIVE}), limit=1)
        return hits[0].payload.get("fingerprint") if hits else None

    def document(self, doc_id: str, access: Where | None = None) -> DocumentView | None:
        """The document with its passages in order, or None (also when `access` does not reach it)."""
        where = merge(Where({"doc_id": doc_id, "state": LIVE}), access)
        hits, _ = self.store.scroll(where, limit=100_000, order_by="order")
        if not hits:
            return None
        first = next((h.payload for h in hits if h.payload.get("order") == 0), hits[0].payload)
        return document_view(doc_id, first, sources_of(first), (PassageView.of(h.payload) for h in hits))

    def documents(self, where: Where | None = None) -> list[DocumentSummary]:
        """One summary per live document (no passages), sorted by title."""
        out = [DocumentSummary.of(hit.payload) for hit in self.first_passages(where or Where())]
        return sorted(out, key=lambda d: (d.title.casefold(), d.id))

    def first_passages(self, where: Where) -> Iterator[Hit]:
        """The first passage of each live document (it carries the document's own record), a page at a time."""
        where = where.also(order=0, state=LIVE)
        offset = None
        while True:
            hits, offset = self.store.scroll(where, limit=1_000, offset=offset)
            yield from hits
            if offset is None:
                break

    def case_file(self, doc_id: str) -> list[tuple[str, str]]:
        """The live documents sent together with this one, as (id, relation): the e-mail it came attached
        to ("attached_to") and the attachments it carries ("attachment"). They are the same case file, not
        comparable cases. An attachment's source key is its e-mail's key, "#", and its file name."""
        first = self.first(doc_id)
        if first is None:
            return []
        found: dict[str, str] = {}
        sources = sources_of(first.payload)
        for source in sources:
            if source.get("via") == "attachment":
                parent = source.get("parent") or self.find(source["key"].rpartition("#")[0])
                if parent:
                    found.setdefault(parent, "attached_to")
        names = (first.payload.get("document") or {}).get("metadata", {}).get("attachments") or []
        for source in sources:
            for name in names:
                if child := self.find(f"{source['key']}#{name}"):
                    found.setdefault(child, "attachment")
        found.pop(doc_id, None)
        return list(found.items())

    def find(self, source_key: str) -> str | None:
        """The id of the live document ingested from this source key, first or as a copy."""
        hits, _ = self.store.scroll(Where({"source_key": source_key, "state": LIVE}), limit=1)
        if not hits:
            hits, _ = self.store.scroll(
                Where({"source_keys": source_key, "state": LIVE, "order": 0}), limit=1
            )
        return hits[0].payload["doc_id"] if hits else None

    def close(self) -> None:
        self.store.close()


def passage_payload(
    document: Document, passage: Passage, fingerprint: str, text_signature: list[int] | None = None
) -> dict[str, Any]:
    """What one passage's point carries. A passage naming entities carries their keys (`entities`, indexed:
    cross-case links are filters on it, so they pass through the caller's rights like any query) and the
    mentions themselves (`entity_mentions`: type, value, label, text and offsets). The first passage also
    carries the document's record, every key it was ingested from (`source_keys`: a copy elsewhere is found
    by any of them) and the band keys of its text signature (`near_bands`: the same text in other bytes is
    found by them)."""
    meta = document.metadata
    payload: dict[str, Any] = {
        "doc_id": document.id,
        "title": document.title,
        "doc_language": document.language,
        "source_name": document.source_name,
        "source_key": meta.get("source_key", ""),
        "sha256": document.sha256,
        "fingerprint": fingerprint,
        "passage_count": len(document.passages),
        "state": STAGED,
        "order": passage.order,
        "text": passage.text,
        "page_start": passage.page_start,
        "page_end": passage.page_end,
        "section": passage.section,
        "passage_kind": passage.kind,
        "language": passage.language,
    }
    if passage.entities:
        payload["entities"] = sorted({m.key for m in passage.entities})
        payload["entity_mentions"] = [asdict(m) for m in passage.entities]
    for key in DOCUMENT_FIELDS:
        if meta.get(key) not in (None, "", []):
            payload[key] = meta[key]
    payload["audience"] = audience(meta.get("visibility"), meta.get("owner_office"))
    if passage.order == 0:
        payload["document"] = {
            "media_type": document.media_type,
            "pages": document.pages,
            "metadata": meta,
            "inferred": document.inferred,
            "signature": text_signature or [],
        }
        payload["source_keys"] = [s["key"] for s in meta.get("sources", [])] or [meta.get("source_key", "")]
        payload["near_bands"] = bands(text_signature or [])
        payload.update(fact_payload(meta, document.inferred))  # counted by index/analysis.py
    return payload


def sources_of(first: dict[str, Any]) -> list[dict[str, Any]]:
    """Where a document's bytes came from, first source first: dicts with `key`, `name`, `path` and `via`
    (`file`, `upload` or `attachment`; an attachment also names the e-mail it came `of`). A document
    stored before sources were kept lists the one it was ingested from."""
    metadata = (first.get("document") or {}).get("metadata", {})
    if metadata.get("sources"):
        return [dict(s) for s in metadata["sources"]]
    return [
        {
            "key": first.get("source_key", ""),
            "name": first.get("source_name", ""),
            "path": metadata.get("source_path", ""),
            "via": "file" if metadata.get("source_path") else "upload",
        }
    ]


def passage_from(payload: dict[str, Any]) -> Passage:
    return Passage(
        payload["doc_id"],
        payload["order"],
        payload["text"],
        payload["page_start"],
        payload["page_end"],
        payload.get("section", []),
        payload.get("passage_kind", "narrative"),
        payload["language"],
    )
