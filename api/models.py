"""The answers of the JSON API as pydantic models: every route declares one, so the OpenAPI schema
documents what comes back. They mirror the service's dataclasses (a route may return those; FastAPI reads
their fields). Records whose fields grow with the documents (a document's metadata, an audit event) are
open: their known fields are named, and any others come through as sent."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    """A record whose further fields are passed through."""

    model_config = ConfigDict(extra="allow")


# --- search ---
class Hit(BaseModel):
    document_id: str
    title: str
    text: str
    page_start: int | None
    page_end: int | None
    section: list[str]
    language: str
    countries: list[str]
    year: int | None
    kind: str | None
    score: float = Field(description="0-1, the same scale for every query")
    highlights: list[list[int]] = Field(description="[start, end) character spans of the matched words")
    order: int = Field(description="the passage's number in its document")
    more: list[Hit] = Field(default_factory=list, description="the document's other passages shown")
    more_count: int = Field(0, description="other passages of the document among the results")


class FacetValue(BaseModel):
    value: Any
    count: int


class SearchOut(BaseModel):
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    query_language: str
    total: int = Field(description="documents found above the relevance floor")
    offset: int
    truncated: bool = Field(description="a very long text was searched only in part")
    unmatched_phrases: list[str] = Field(
        default_factory=list,
        description="quoted phrases no passage holds verbatim: the results are for the query without them",
    )
    labels: dict[str, dict[str, str]] | None = Field(
        None, description="with `labels=es|pt|en`: each facet's values shown, named in that language"
    )


class FacetsOut(BaseModel):
    facets: dict[str, list[FacetValue]]
    labels: dict[str, dict[str, str]] | None = Field(
        None, description="with `labels=es|pt|en`: each facet's values shown, named in that language"
    )


# --- documents ---
class Record(BaseModel):
    """A model read from one of the service's dataclasses (`model_validate(view)`)."""

    model_config = ConfigDict(from_attributes=True)


class DocumentSummary(Record):
    id: str
    title: str
    language: str
    kind: str | None = None
    countries: list[str] = []
    year: int | None = None
    pages: int | None = None
    passages: int
    source_name: str
    media_type: str | None = None


class DocumentList(BaseModel):
    total: int
    documents: list[DocumentSummary]


class Passage(Record):
    order: int
    text: str
    page_start: int | None = None
    page_end: int | None = None
    section: list[str] | None = None
    language: str | None = None
    kind: str | None = Field(None, description="narrative, table, list...")
    document_id: str


def _absent(value: object) -> bool:
    return value is None


class Source(Record):
    """Where the document's bytes came from: `via` a file (its `path`), an upload (by an `office`) or an
    e-mail's attachment (`of`: the e-mail)."""

    key: str
    name: str
    path: str
    via: str = Field(description="file, upload or attachment")
    of: str | None = Field(None, exclude_if=_absent, description="attachment only: the e-mail's title")
    office: str | None = Field(None, exclude_if=_absent, description="upload only: the sender's office")
    parent: str | None = Field(
        None, exclude_if=_absent, description="attachment only: the id of the e-mail's document"
    )


class NearDuplicate(Record):
    id: str
    title: str
    resemblance: float


class DocumentOut(Record):
    """A stored document: what it told and what was inferred (`metadata`, `inferred`), where it came from
    (`sources`) and its passages in order."""

    id: str
    title: str
    language: str
    source_name: str
    sha256: str
    media_type: str | None = None
    pages: int | None = None
    metadata: dict[str, Any] = Field(description="told, inferred and corrected fields (open: they grow)")
    inferred: list[str] = Field(description="the metadata fields that were only inferred")
    sources: list[Source]
    passages: list[Passage]
    near_duplicates: list[NearDuplicate] = []


class DocumentChanged(BaseModel):
    id: str
    corrected: dict[str, Any] | None = Field(None, description="the corrections as stored")
    visibility: str | None = None


class ReportLine(BaseModel):
    path: str
    status: str = Field(description="added, updated, unchanged, duplicate or failed")
    document_id: str | None = None
    passages: int = 0
    error: str | None = None
    reason: str | None = Field(None, description="failed only: too_large, unsupported, empty, unreadable")
    title: str | None = None
    corrected: list[str] = Field(
        default_factory=list, description="duplicate only: told fields applied to it"
    )
    note: str | None = Field(None, description="duplicate only: why told metadata was not applied")


class UploadReport(BaseModel):
    documents: list[ReportLine]


class JobOut(BaseModel):
    """Long work answered at once (202): an upload of a long or scanned file, an admin's reindex or optimize."""

    id: str
    owner: str | None
    kind: str = Field(description="upload, reindex or optimize")
    files: list[str]
    status: str = Field(description="queued, running, done or failed")
    current: str = Field(description="the file being read")
    pages_done: int
    pages_total: int
    passages: int = Field(description="passages stored so far")
    errors: list[str]
    report: list[ReportLine] = Field(description="the ingest report of the files done")
    result: dict[str, Any] = Field(description="a reindex's or an optimize's answer")
    created: str
    finished: str
    url: str = Field(description="this job in the API")
    page: str = Field(description="this job's progress page")


# --- comparable cases ---
class PassageRef(BaseModel):
    order: int
    text: str
    page_start: int | None = None
    page_end: int | None = None
    section: list[str] = []


class Evidence(BaseModel):
    aspect: str | None
    query_passage: PassageRef
    match_passage: PassageRef
    score: float


class CaseMatch(BaseModel):
    document_id: str
    title: str
    countries: list[str]
    year: int | None
    kind: str | None
    language: str | None
    score: float
    shared: dict[str, list[str]] = Field(description="facet values both cases have")
    evidence: list[Evidence] = Field(description="passage pairs that make them comparable, by aspect")


class CaseFileEntry(BaseModel):
    document_id: str
    title: str
    relation: str = Field(
        description="attached_to: the e-mail it came attached to; attachment: one it carries"
    )


class Cases(BaseModel):
    cases: list[CaseMatch]
    case_file: list[CaseFileEntry] = Field(
        default_factory=list,
        description="documents of the same case file, left out of the comparable cases",
    )


# --- criteria ---
class CriterionText(BaseModel):
    name: str
    description: str


class CriterionOut(BaseModel):
    id: str
    keywords: list[str]
    texts: dict[str, CriterionText]


class CriteriaOut(BaseModel):
    criteria: list[CriterionOut]


class CriterionColumn(BaseModel):
    id: str
    name: str
    description: str


class MatrixCell(BaseModel):
    meets: bool
    score: float
    passage: dict[str, Any] | None = None


class MatrixRow(BaseModel):
    document_id: str
    title: str
    countries: list[str]
    year: int | None
    kind: str | None
    cells: dict[str, MatrixCell]


class MatrixOut(BaseModel):
    criteria: list[CriterionColumn]
    rows: list[MatrixRow]
    counts: dict[str, dict[str, Any]]


# --- glossary ---
class GlossaryText(BaseModel):
    term: str
    variants: list[str]
    definition: str


class LegalTerm(BaseModel):
    country: str
    language: str
    term: str
    provision: str


class FalseFriend(BaseModel):
    language: str
    term: str
    note: dict[str, str]


class EntryOut(BaseModel):
    id: str
    source: str
    texts: dict[str, GlossaryText]
    legal: list[LegalTerm]
    false_friends: list[FalseFriend]


class EntriesOut(BaseModel):
    entries: list[EntryOut]


class FoundFriend(BaseModel):
    language: str
    term: str
    note: str


class FoundTerm(BaseModel):
    text: str
    start: int
    end: int
    entry_id: str
    equivalents: dict[str, Any]
    false_friends: list[FoundFriend]


class TermsOut(BaseModel):
    terms: list[FoundTerm]


# --- casebooks ---
class Citation(BaseModel):
    document_id: str
    title: str
    countries: list[str]
    year: int | None
    kind: str | None
    language: str
    source_name: str
    text: str
    order: int | None = None
    page_start: int | None = None
    page_end: int | None = None
    section: list[str] = []


class ItemOut(BaseModel):
    id: str
    citation: Citation
    note: str


class CasebookOut(BaseModel):
    id: str
    title: str
    description: str
    created: str
    updated: str
    items: list[ItemOut]
    owner: str


class CasebookLine(BaseModel):
    id: str
    title: str
    items: int
    updated: str


class CasebooksOut(BaseModel):
    casebooks: list[CasebookLine]


# --- people and administration ---
class Me(BaseModel):
    name: str | None
    office: str | None
    role: str
    via: str


class KeyOut(BaseModel):
    id: str
    user: str
    label: str
    created: str
    revoked: str | None


class KeysOut(BaseModel):
    keys: list[KeyOut]


class NewKey(BaseModel):
    id: str
    key: str = Field(description="shown in this answer only: it is stored hashed")
    label: str


class UserOut(BaseModel):
    name: str
    office: str
    role: str
    disabled: bool
    created: str


class OfficeOut(BaseModel):
    name: str
    country: str


class UsersOut(BaseModel):
    users: list[UserOut]
    offices: list[OfficeOut]
    roles: list[str]


class AddedUser(BaseModel):
    name: str
    office: str
    role: str


class OfficesOut(BaseModel):
    offices: list[OfficeOut]


class LockOut(BaseModel):
    key: str = Field(description="user:NAME or addr:IP")
    failures: int
    wait_seconds: float


class LocksOut(BaseModel):
    locks: list[LockOut]


class Unlocked(BaseModel):
    name: str
    was_locked: bool


class Optimized(BaseModel):
    built_seconds: float
    quantized: bool


class Reindexed(BaseModel):
    passages: int
    model: str
    kept_unparsed: list[str]
    configured: bool = Field(description="whether the model is the configured one (else set CASOTECA_MODEL)")


class AuditOut(BaseModel):
    events: list[Open]
    intact: bool
    verification: str


class Health(BaseModel):
    status: str = Field(description="ok, or down (503)")
    model: str | None = None
    store: str | None = None
    documents: int | None = None
    passages: int | None = None
