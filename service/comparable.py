"""Comparable cases: for a document of the base (kept a while, the document page asks on every view) and
for a draft that is never stored (pasted text or a file). Answers are `CaseMatch`es."""

from __future__ import annotations

import copy
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from index.knowledge import KnowledgeBase
from index.similar import AspectLabeller, SimilarRequest, comparable_cases, draft_case, passages_of
from index.store import Where
from ingest.pipeline import IngestError, Source, build_document

from .access import Caller
from .config import Config
from .errors import Unreadable
from .names import safe_name
from .switch import ModelSwitch

SIMILAR_SECONDS, SIMILAR_KEPT = 60.0, 256  # comparable cases of a document are kept this long, this many


@dataclass
class PassageRef:
    """A passage as evidence cites it."""

    order: int
    text: str
    page_start: int | None = None
    page_end: int | None = None
    section: list[str] = field(default_factory=list)


@dataclass
class Evidence:
    """A pair of passages, one of each case, that makes them comparable, labelled by aspect (recruitment,
    transport, exploitation, control, financial, investigation, outcome; None: general)."""

    aspect: str | None
    query_passage: PassageRef
    match_passage: PassageRef
    score: float


@dataclass
class CaseMatch:
    """A case comparable to the one asked about: its score, the facets both share, and the evidence."""

    document_id: str
    title: str
    countries: list[str]
    year: int | None
    kind: str | None
    language: str | None
    score: float
    shared: dict[str, list[str]]
    evidence: list[Evidence]

    @classmethod
    def from_record(cls, case: dict[str, Any]) -> CaseMatch:
        """From the record `index.similar.comparable_cases` gives."""
        pairs = [
            Evidence(
                p.get("aspect"),
                PassageRef(**p["query_passage"]),
                PassageRef(**p["match_passage"]),
                p["score"],
            )
            for p in case.get("evidence", [])
        ]
        return cls(
            case["document_id"],
            case.get("title", ""),
            list(case.get("countries") or []),
            case.get("year"),
            case.get("kind"),
            case.get("language"),
            case["score"],
            dict(case.get("shared") or {}),
            pairs,
        )


@dataclass(frozen=True)
class CaseFileEntry:
    """A document sent together with the one asked about: the e-mail it came attached to
    (`attached_to`) or one of its attachments (`attachment`)."""

    document_id: str
    title: str
    relation: str


def matches(cases: Iterable[dict[str, Any]]) -> list[CaseMatch]:
    return [CaseMatch.from_record(case) for case in cases]


class ComparableActions:
    """The comparable-case half of `Library` (which provides the knowledge base, settings and switch)."""

    kb: KnowledgeBase
    settings: Config
    switch: ModelSwitch
    _labeller: AspectLabeller | None
    visible: Callable[[Iterable[str], Caller], set[str]]

    def init_comparable(self) -> None:
        self._similar: OrderedDict[tuple[Any, ...], tuple[int, float, list[CaseMatch]]] = OrderedDict()
        self._similar_lock = threading.Lock()

    @property
    def labeller(self) -> AspectLabeller:
        if self._labeller is None:
            self._labeller = AspectLabeller(self.kb.embedder)
        return self._labeller

    def similar(self, doc_id: str, request: SimilarRequest, *, caller: Caller) -> list[CaseMatch] | None:
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
            # the documents of its own case file tell this very case: they are not comparable cases
            exclude = [doc_id, *(other for other, _ in self.kb.case_file(doc_id))]
            cases = matches(
                comparable_cases(
                    self.kb.store, self.labeller, case, facets, request, exclude=exclude, access=caller.access
                )
            )
        with self._similar_lock:
            self._similar[key] = (changes, started, copy.deepcopy(cases))
            while len(self._similar) > SIMILAR_KEPT:
                self._similar.popitem(last=False)
        return cases

    def case_file(self, doc_id: str, *, caller: Caller) -> list[CaseFileEntry]:
        """The documents of this one's case file that the caller may see (see KnowledgeBase.case_file)."""
        related = self.kb.case_file(doc_id)
        if not related:
            return []
        # one engine query, the caller's rights in it: the summaries of those the caller may see
        where = (caller.access or Where()).also(doc_id=[other for other, _ in related])
        titles = {summary.id: summary.title for summary in self.kb.documents(where)}
        return [
            CaseFileEntry(other, titles[other], relation) for other, relation in related if other in titles
        ]

    def similar_to_draft(
        self,
        name: str,
        data: bytes,
        request: SimilarRequest,
        *,
        caller: Caller,
        parsed: list[Any] | None = None,
    ) -> list[CaseMatch]:
        """Cases comparable to a draft that is not in the base: pasted text or an uploaded file, parsed and
        embedded like a document but never stored (`parsed`, when given, receives the parsed draft, so a
        page can offer to follow it without reading the file again). Raises Unreadable (with the ingest
        pipeline's reason: too_large, unsupported, empty, unreadable) for a file that cannot be read."""
        if len(data) > self.settings.max_file_mb * 1024 * 1024:
            raise Unreadable(f"too large: the limit is {self.settings.max_file_mb} MB", "too_large")
        try:
            document, _ = build_document(
                Source(key=f"draft:{safe_name(name)}", name=safe_name(name), data=data)
            )
        except IngestError as exc:
            raise Unreadable(str(exc), exc.reason) from exc
        if parsed is not None:
            parsed.append(document)
        with self.switch.reading():
            case = draft_case(self.kb.embedder, document.passages)
            return matches(
                comparable_cases(
                    self.kb.store, self.labeller, case, document.metadata, request, access=caller.access
                )
            )
