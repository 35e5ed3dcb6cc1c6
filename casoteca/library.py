"""The knowledge base as the CLI and the service see it: files in (with a report), documents and search out.

`Library` joins the ingest pipeline (files -> `Document`) to the index (`KnowledgeBase` over a `Store`),
choosing the store and the model from `Settings`. What is done to documents (ingest with one document per
file content, corrections, sharing, deleting) is its half in `casoteca.documents.DocumentActions`.
"""

from __future__ import annotations

import copy
import json
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from index.criteria import Criteria, CriterionVectors, matrix, slug
from index.embed import Embedder, make_embedder
from index.glossary import Glossary
from index.knowledge import BOOKKEEPING, LIVE, KnowledgeBase, sources_of
from index.lexicon import LexiconCache
from index.migrate import MigrateReport, migrate, reindex_server
from index.search import SearchRequest, SearchResult, request_filter, search
from index.similar import AspectLabeller, SimilarRequest, comparable_cases, draft_case, passages_of
from index.store import EdgeStore, ServerStore, Store, Where, merge
from ingest.models import Document
from ingest.pipeline import IngestError, Source, build_document
from service.alerts import Alerts

from .accounts import CLI, Accounts, Caller
from .audit import Audit
from .casebooks import Casebook, Casebooks, Item, citation_for
from .documents import DocumentActions, ReportLine, apply_corrections, safe_name
from .settings import Settings

SIMILAR_SECONDS, SIMILAR_KEPT = 60.0, 256  # comparable cases of a document are kept this long, this many


def open_store(settings: Settings) -> Store:
    if settings.qdrant_url:
        return ServerStore(settings.qdrant_url, settings.qdrant_collection, settings.qdrant_api_key or None,
                           shards=settings.qdrant_shards, replication=settings.qdrant_replication)
    return EdgeStore(settings.index_dir)


class ModelSwitch:
    """Reads that embed a query or compare stored vectors run side by side; the moment a reindex switches
    to its new index and model waits for them to finish and holds new ones back, so no query embedded with
    one model meets an index of another."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._readers = 0
        self._switching = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._switching)
            self._readers += 1
        try:
            yield
        finally:
            with self._changed:
                self._readers -= 1
                self._changed.notify_all()

    @contextmanager
    def switching(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._switching)
            self._switching = True
            self._changed.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._changed:
                self._switching = False
                self._changed.notify_all()


class Library(DocumentActions):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.switch = ModelSwitch()
        self._similar: OrderedDict[tuple[Any, ...], tuple[int, float, list[dict[str, Any]]]] = OrderedDict()
        self._similar_lock = threading.Lock()
        self.kb = KnowledgeBase(open_store(settings), lambda: make_embedder(settings.model))
        self._stats: tuple[int, dict[str, int]] | None = None
        self._labeller: AspectLabeller | None = None
        self.criteria = Criteria(settings.data_dir / "criteria.json")
        self.glossary = Glossary(settings.data_dir / "glossary.json")
        self.casebooks = Casebooks(settings.data_dir / "casebooks")
        self.accounts = Accounts(settings.data_dir / "accounts.db")
        self.audit = Audit.for_settings(settings)  # the key and syslog settings too
        self._criterion_vectors: CriterionVectors | None = None
        self.lexicon = LexiconCache(settings.data_dir / "lexicon")
        self.alerts = Alerts(self)

    # --- reading ---
    # Every reading method takes the caller: their rights (`Caller.access`) go into the engine query.
    def get(self, doc_id: str, *, caller: Caller) -> dict[str, Any] | None:
        """The stored document with its passages, or None (also when the caller may not see it). Only a
        well-formed uuid names a document."""
        try:
            doc_id = str(uuid.UUID(doc_id))
        except ValueError:
            return None
        return self.kb.document(doc_id, caller.access)

    def summaries(self, language: str | None = None, country: str | None = None, *,
                  caller: Caller) -> list[dict[str, Any]]:
        """One line per document, for listings: no passages."""
        must: dict[str, Any] = dict(caller.access.must) if caller.access else {}
        if country:
            must["countries"] = country
        docs = self.kb.documents(Where(must))
        return [d for d in docs if not language or d["language"] == language]

    def ingest_paths(self, paths: Iterable[Path], progress: Callable[[ReportLine], None] | None = None
                     ) -> list[ReportLine]:
        report = super().ingest_paths(paths, progress)
        self.lexicon.refresh(self.kb.store, self.kb.embedder, self.kb.changes)  # a small base's at once
        return report

    def ingest_upload(self, name: str, data: bytes, *, caller: Caller, visibility: str = "office",
                      sidecar: dict[str, Any] | None = None) -> list[ReportLine]:
        lines = super().ingest_upload(name, data, caller=caller, visibility=visibility, sidecar=sidecar)
        # In the background: an upload answers its sender, who should not wait for the words of the base.
        self.lexicon.get(self.kb.store, self.kb.embedder, self.kb.changes)
        return lines

    def search(self, request: SearchRequest, *, caller: Caller) -> SearchResult:
        with self.switch.reading():
            lexicon = self.lexicon.get(self.kb.store, self.kb.embedder, self.kb.changes)
            return search(self.kb.store, self.kb.embedder, request, caller.access, lexicon=lexicon,
                          glossary=self.glossary)

    @property
    def labeller(self) -> AspectLabeller:
        if self._labeller is None:
            self._labeller = AspectLabeller(self.kb.embedder)
        return self._labeller

    def similar(self, doc_id: str, request: SimilarRequest, *, caller: Caller) -> list[dict[str, Any]] | None:
        """Cases comparable to a document of the base (None if there is no such document for the caller).
        Kept for a while per document, request and audience (the document page asks on every view: one
        engine query per passage); any write in this process, or a minute, makes it stale."""
        try:
            doc_id = str(uuid.UUID(doc_id))
        except ValueError:
            return None
        if not self.visible([doc_id], caller):  # one count, not the whole document
            return None
        key = (doc_id, repr(request), tuple(caller.audiences) if caller.audiences is not None else None)
        with self._similar_lock:
            cached = self._similar.get(key)
            if cached and cached[0] == self.kb.changes and time.monotonic() - cached[1] < SIMILAR_SECONDS:
                self._similar.move_to_end(key)
                return copy.deepcopy(cached[2])
        with self.switch.reading():
            changes, started = self.kb.changes, time.monotonic()
            case, facets = passages_of(self.kb.store, doc_id)
            if not case:
                return None
            cases = comparable_cases(self.kb.store, self.labeller, case, facets, request, exclude=doc_id,
                                     access=caller.access)
        with self._similar_lock:
            self._similar[key] = (changes, started, copy.deepcopy(cases))
            while len(self._similar) > SIMILAR_KEPT:
                self._similar.popitem(last=False)
        return cases

    def visible(self, doc_ids: Iterable[str], caller: Caller) -> set[str]:
        """Those of `doc_ids` the caller may see now (one engine count each)."""
        return {d for d in set(doc_ids) if self.kb.store.count(merge(Where({"doc_id": d, "state": LIVE}),
                                                                     caller.access))}

    def casebook(self, casebook_id: str, *, caller: Caller) -> Casebook | None:
        """A casebook of the caller's (admins: anyone's), without the items whose documents the caller may
        not see now: a document made private since it was cited drops out of views and exports. An item
        whose document was deleted stays (its citation is a copy)."""
        book = self.casebooks.get(casebook_id)
        if book is None or (book.owner != caller.name and caller.audiences is not None):
            return None
        cited = {item.citation.document_id for item in book.items}
        unseen = cited - self.visible(cited, caller)
        hidden = self.visible(unseen, CLI)  # in the base, but not for this caller (the rest were deleted)
        book.items = [item for item in book.items if item.citation.document_id not in hidden]
        return book

    def add_to_casebook(self, casebook_id: str, doc_id: str, order: int | None, note: str = "", *,
                        caller: Caller) -> Item | None:
        """Cite passage `order` of a document (or the whole case when None) in a casebook. None when the
        casebook or the document does not exist for the caller; CasebookError when the passage does not."""
        doc = self.get(doc_id, caller=caller)
        if doc is None or self.casebook(casebook_id, caller=caller) is None:
            return None
        return self.casebooks.add(casebook_id, citation_for(doc, order), note)

    def criteria_matrix(self, request: SearchRequest, language: str = "en", *, caller: Caller) -> dict[str, Any]:
        """Cases by criteria under the filters of `request` (its text is ignored)."""
        with self.switch.reading():
            if self._criterion_vectors is None:
                self._criterion_vectors = CriterionVectors(self.kb.embedder)
            return matrix(self.kb.store, self._criterion_vectors, self.criteria.all(),
                          request_filter(request, caller.access), language)

    def similar_to_draft(self, name: str, data: bytes, request: SimilarRequest, *, caller: Caller,
                         parsed: list[Document] | None = None) -> list[dict[str, Any]]:
        """Cases comparable to a draft that is not in the base: pasted text or an uploaded file, parsed and
        embedded like a document but never stored (`parsed`, when given, receives the parsed draft, so a
        page can offer to follow it without reading the file again). Raises IngestError for a file that
        cannot be read."""
        if len(data) > self.settings.max_file_mb * 1024 * 1024:
            raise IngestError(f"too large: the limit is {self.settings.max_file_mb} MB", "too_large")
        document, _ = build_document(Source(key=f"draft:{safe_name(name)}", name=safe_name(name), data=data))
        if parsed is not None:
            parsed.append(document)
        with self.switch.reading():
            case = draft_case(self.kb.embedder, document.passages)
            return comparable_cases(self.kb.store, self.labeller, case, document.metadata, request,
                                    access=caller.access)

    # --- writing: see DocumentActions ---
    def stats(self) -> dict[str, int]:
        """Documents and passages in the base; counted again only after a write (at 100k passages a count
        takes about 10 ms, and /health and /metrics ask often)."""
        if self._stats is None or self._stats[0] != self.kb.changes:
            self._stats = (self.kb.changes, {"documents": self.kb.store.count(Where({"state": LIVE, "order": 0})),
                                             "passages": self.kb.store.count(Where({"state": LIVE}))})
        return self._stats[1]

    # --- rebuilding ---
    def reindex(self, model: str | None = None, reparse: bool = False) -> tuple[int, list[str]]:
        """Embed every live passage again with `model` (the configured one by default) into a new index
        while the current one keeps answering, then switch to it in one step and drop the old one; from
        then on queries are embedded with that model. With `reparse`, every document is first parsed and
        chunked again from its kept original (new parsers or chunking; see `_reparse`). Embedded: a new
        version of the index beside the live one, then `EdgeStore.switch_to`. Server: a new collection,
        then the alias moves (`index.migrate.reindex_server`). In a serving process this runs on the writer
        thread, so uploads wait for it. Returns the number of passages, and a line for each document that
        could not be parsed again (it keeps its passages)."""
        embedder = make_embedder(model or self.settings.model)
        store = self.kb.store
        kept: list[str] = []

        def fill(target: KnowledgeBase) -> int:
            return self._reparse_into(target, kept) if reparse else target.copy_from(store)

        if isinstance(store, ServerStore):
            copied, _ = reindex_server(store, lambda: embedder, around_switch=self._switch_model(embedder),
                                       fill=fill)
            return copied, kept
        assert isinstance(store, EdgeStore)
        version = store.new_version()
        target = EdgeStore(version)
        try:
            copied = fill(KnowledgeBase(target, lambda: embedder))
        except BaseException:
            target.close()
            shutil.rmtree(version, ignore_errors=True)
            raise
        target.close()
        with self._switch_model(embedder):
            store.switch_to(version)
        return copied, kept

    def _reparse_into(self, target: KnowledgeBase, kept: list[str]) -> int:
        """Every live document parsed again into `target`; one whose original is gone or no longer parses
        keeps its passages as they are (embedded again), and gets a line in `kept`."""
        passages = 0
        for first in self.kb.first_passages(Where()):
            try:
                document = self._reparse(first.payload)
            except (OSError, KeyError, IngestError) as exc:
                kept.append(f"{first.payload.get('source_name', first.id)}: {exc}")
                passages += target.copy_from(self.kb.store, Where({"doc_id": first.payload["doc_id"]}))
                continue
            target.add(document, first.payload["fingerprint"])
            passages += len(document.passages)
        target.flush()
        return passages

    def _reparse(self, first: dict[str, Any]) -> Document:
        """A stored document parsed and chunked again from its kept original by today's pipeline. What it
        was told about itself (sidecar, front matter, file properties) is kept as told; what was inferred is
        inferred again; who may see it is as it was last shared. Its id and fingerprint stay, so a later
        ingest of the same file still finds it unchanged. An e-mail's attachments are documents of their
        own, parsed again on their own. Every source it lists stays listed, and an editor's corrections are
        applied again above everything else."""
        record = first["document"]
        metadata = record["metadata"]
        told = {k: v for k, v in metadata.items() if k not in {*record.get("inferred", []), *BOOKKEEPING}}
        for key in ("visibility", "owner_office"):
            if first.get(key):
                told[key] = first[key]
        data = (self.settings.files_dir / first["sha256"]).read_bytes()
        document, _ = build_document(Source(key=first["source_key"], name=first["source_name"], data=data,
                                            sidecar=told, path=metadata.get("source_path", "")),
                                     people=self.settings.extract_people)
        document.metadata["sources"] = sources_of(first)
        return apply_corrections(document, metadata.get("corrections", {}))

    @contextmanager
    def _switch_model(self, embedder: Embedder) -> Iterator[None]:
        """Around the switch to a reindexed store: no reads meanwhile, then queries use the new model."""
        with self.switch.switching():
            yield
            self.kb.use_embedder(embedder)
            self._labeller, self._criterion_vectors = None, None  # both hold vectors of the old model

    def close(self) -> None:
        self.kb.close()
        self.accounts.close()
        self.alerts.close()


def report_json(report: list[ReportLine]) -> str:
    return json.dumps({"documents": [asdict(line) for line in report]}, ensure_ascii=False, indent=2)


def migrate_to(settings: Settings, url: str, collection: str, api_key: str | None,
               progress: Callable[[int], None] | None = None) -> MigrateReport:
    """Copy the embedded index into a Qdrant server collection; resumable (checkpoint in the data folder)."""
    source = EdgeStore(settings.index_dir)
    target = ServerStore(url, collection, api_key, shards=settings.qdrant_shards,
                         replication=settings.qdrant_replication)
    try:
        return migrate(source, target, settings.data_dir / f"migrate-{slug(collection)}.json", progress=progress)
    finally:
        source.close()
        target.close()
