"""The service: everything a caller can do to the knowledge base, as one object built from the settings.

`Library` joins the ingest pipeline (files -> `Document`) to the index (`KnowledgeBase` over a `Store`),
choosing the store and the model from the settings, and keeps the stores of what people make around the
documents (criteria, glossary, casebooks, accounts, the audit trail). Each action lives in the module of
its role and takes the `Caller` (service/access.py), whose rights go into the engine query itself:

- documents.py: ingest (files, uploads, e-mail attachments), corrections, sharing, deleting, originals
- comparable.py: cases comparable to a document or to a draft
- casebook_actions.py: casebooks, with ownership checked in one place
- shared_texts.py: the shared criteria (and their matrix) and the glossary
- people.py: accounts, API keys, sign-in (with its throttle) and the audit trail
- rebuild.py: reindex, reparse, optimize, migrate

api/ and web/ call these methods and nothing under them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from index.criteria import Criteria, CriterionVectors
from index.glossary import Glossary
from index.knowledge import LIVE, KnowledgeBase
from index.lexicon import LexiconCache
from index.search import SearchRequest, SearchResult, search
from index.similar import AspectLabeller
from index.store import EdgeStore, ServerStore, Store, Where, merge
from index.views import DocumentSource, DocumentSummary, DocumentView, PassageView

from .access import Caller
from .accounts import Accounts
from .alerts import Alerts
from .audit import Audit
from .casebook_actions import CasebookActions
from .casebooks import Casebooks
from .comparable import ComparableActions
from .config import Config
from .corrections import Correction
from .documents import DocumentActions
from .embedding import embedder_for
from .filters import SearchParams
from .name_merges import NameMerges
from .people import PeopleActions
from .rebuild import RebuildActions
from .report import ReportLine, report_json
from .shared_texts import SharedTextActions
from .switch import ModelSwitch
from .throttle import SignInThrottle

__all__ = [
    "Correction",
    "DocumentSource",
    "DocumentSummary",
    "DocumentView",
    "Library",
    "ModelSwitch",
    "PassageView",
    "ReportLine",
    "embedder_for",
    "open_store",
    "report_json",
]


def open_store(settings: Config) -> Store:
    """The embedded Qdrant Edge store in the data folder, or a Qdrant server when a URL is set."""
    if settings.qdrant_url:
        return ServerStore(
            settings.qdrant_url,
            settings.qdrant_collection,
            settings.qdrant_api_key or None,
            shards=settings.qdrant_shards,
            replication=settings.qdrant_replication,
        )
    return EdgeStore(settings.index_dir)


class Library(
    DocumentActions, ComparableActions, CasebookActions, SharedTextActions, PeopleActions, RebuildActions
):
    """The service: one per process (the app's lifespan or a CLI command makes it and closes it). The
    stores (`kb`, `criteria`, `glossary`, `casebooks`, `accounts`, `audit`) are its own; callers use the
    methods, which take the `Caller`."""

    def __init__(self, settings: Config, store: Store | None = None) -> None:
        """`store`: the index to use instead of the settings' (a search process's own copy)."""
        self.settings = settings
        self.switch = ModelSwitch()
        self.kb = KnowledgeBase(store or open_store(settings), lambda: embedder_for(settings.model))
        self._stats: tuple[int, dict[str, int]] | None = None
        self._labeller: AspectLabeller | None = None
        self._criterion_vectors: CriterionVectors | None = None
        self._throttle: SignInThrottle | None = None
        self.init_comparable()
        self.criteria = Criteria(settings.data_dir / "criteria.json")
        self.glossary = Glossary(settings.data_dir / "glossary.json")
        self.casebooks = Casebooks(settings.data_dir / "casebooks")
        self.name_merges = NameMerges(settings.data_dir / "name_merges.json")
        self.accounts = Accounts(settings.data_dir / "accounts.db")
        self.audit = Audit.for_settings(settings)  # the key and syslog settings too
        self.lexicon = LexiconCache(settings.data_dir / "lexicon")
        self.alerts = Alerts(self)

    def start(self) -> None:
        """Before serving: load the model (and check it against the index), and refuse to start when
        sealed audit lines exist but their key is gone."""
        self.kb.embedder  # noqa: B018 - loading is the point
        self.audit.key  # noqa: B018

    # --- reading ---
    # Every reading method takes the caller: their rights (`Caller.access`) go into the engine query.
    def get(self, doc_id: str, *, caller: Caller) -> DocumentView | None:
        """The stored document with its passages, or None (also when the caller may not see it). Only a
        well-formed uuid names a document."""
        try:
            doc_id = str(uuid.UUID(doc_id))
        except ValueError:
            return None
        return self.kb.document(doc_id, caller.access)

    def summaries(
        self, language: str | None = None, country: str | None = None, *, caller: Caller
    ) -> list[DocumentSummary]:
        """One line per document, for listings: no passages."""
        must: dict[str, Any] = dict(caller.access.must) if caller.access else {}
        if country:
            must["countries"] = country
        docs = self.kb.documents(Where(must))
        return [d for d in docs if not language or d.language == language]

    def paged_documents(self, ids: list[str], *, caller: Caller) -> set[str]:
        """Which of these documents are PDFs, the one format a browser opens at a page (`#page=N`):
        Markdown, HTML, a TIFF or a DOCX get no page links."""
        if not ids:
            return set()
        where = (caller.access or Where()).also(doc_id=ids)
        return {d.id for d in self.kb.documents(where) if d.media_type == "pdf"}

    def search(self, request: SearchRequest | SearchParams, *, caller: Caller) -> SearchResult:
        """Passages that answer the request, grouped by document, with facets, among what the caller may
        see. `SearchParams` (as the API, the pages and the CLI build it) take the configured passages per
        document unless they say otherwise."""
        if isinstance(request, SearchParams):
            request = request.request(self.settings.per_document)
        with self.switch.reading():
            lexicon = self.lexicon.get(self.kb.store, self.kb.embedder, self.kb.changes)
            return search(
                self.kb.store,
                self.kb.embedder,
                request,
                caller.access,
                lexicon=lexicon,
                glossary=self.glossary,
            )

    def ingest_paths(
        self, paths: Iterable[Path], progress: Callable[[ReportLine], None] | None = None
    ) -> list[ReportLine]:
        report = super().ingest_paths(paths, progress)
        self.lexicon.refresh(self.kb.store, self.kb.embedder, self.kb.changes)  # a small base's at once
        return report

    def ingest_upload(
        self,
        name: str,
        data: bytes,
        *,
        caller: Caller,
        visibility: str = "office",
        sidecar: dict[str, Any] | None = None,
    ) -> list[ReportLine]:
        lines = super().ingest_upload(name, data, caller=caller, visibility=visibility, sidecar=sidecar)
        # In the background: an upload answers its sender, who should not wait for the words of the base.
        self.lexicon.get(self.kb.store, self.kb.embedder, self.kb.changes)
        return lines

    def visible(self, doc_ids: Iterable[str], caller: Caller) -> set[str]:
        """Those of `doc_ids` the caller may see now (one engine count each)."""
        return {
            d
            for d in set(doc_ids)
            if self.kb.store.count(merge(Where({"doc_id": d, "state": LIVE}), caller.access))
        }

    def stats(self) -> dict[str, int]:
        """Documents and passages in the base; counted again only after a write (at 100k passages a count
        takes about 10 ms, and /health and /metrics ask often)."""
        if self._stats is None or self._stats[0] != self.kb.changes:
            self._stats = (
                self.kb.changes,
                {
                    "documents": self.kb.store.count(Where({"state": LIVE, "order": 0})),
                    "passages": self.kb.store.count(Where({"state": LIVE})),
                },
            )
        return self._stats[1]

    @property
    def model_id(self) -> str:
        return self.kb.embedder.model_id

    @property
    def store_kind(self) -> str:
        return "qdrant-server" if isinstance(self.kb.store, ServerStore) else "qdrant-edge"

    def close(self) -> None:
        if self._throttle is not None:
            self._throttle.close()
        self.kb.close()
        self.accounts.close()
        self.alerts.close()
        self.audit.close()
