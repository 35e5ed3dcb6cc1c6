"""A stored document as the index gives it back: the project's own frozen dataclasses, built from the
payload of its passages (index/knowledge.py), so that no caller above the index reads payload keys.

- `DocumentView`: one document with its record (what it told, what was inferred), its sources and its
  passages in order (`KnowledgeBase.document`, `Library.get`).
- `DocumentSummary`: one line of a listing, no passages (`KnowledgeBase.documents`, `Library.summaries`).

A document's metadata stays a mapping: its fields grow with the ingest (facts, corrections, OCR pages), and
the API passes them on as an open record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PassageView:
    """One passage of a stored document, citable by its pages and section."""

    order: int
    text: str
    page_start: int | None
    page_end: int | None
    section: tuple[str, ...]
    language: str | None
    kind: str | None
    document_id: str

    @classmethod
    def of(cls, payload: Mapping[str, Any]) -> PassageView:
        return cls(
            order=int(payload.get("order") or 0),
            text=str(payload.get("text") or ""),
            page_start=payload.get("page_start"),
            page_end=payload.get("page_end"),
            section=tuple(payload.get("section") or ()),
            language=payload.get("language"),
            kind=payload.get("passage_kind"),
            document_id=str(payload.get("doc_id") or ""),
        )


@dataclass(frozen=True, slots=True)
class DocumentSource:
    """Where a document's bytes came from: a file (`path`), an upload (by `office`) or an e-mail's
    attachment (`of`: the e-mail's title, `parent`: its document's id). One content is one document, so a
    document may have several."""

    key: str
    name: str
    path: str
    via: str  # file, upload or attachment
    of: str | None = None
    office: str | None = None
    parent: str | None = None

    @classmethod
    def of_record(cls, record: Mapping[str, Any]) -> DocumentSource:
        return cls(
            key=str(record.get("key") or ""),
            name=str(record.get("name") or ""),
            path=str(record.get("path") or ""),
            via=str(record.get("via") or ""),
            of=record.get("of"),
            office=record.get("office"),
            parent=record.get("parent"),
        )


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A stored document: its record (`metadata` as told, inferred and corrected; `inferred`: the fields
    that were only inferred), where it came from (`sources`, first source first) and its passages."""

    id: str
    title: str
    language: str
    source_name: str
    sha256: str
    media_type: str | None
    pages: int | None
    metadata: dict[str, Any]
    inferred: tuple[str, ...]
    sources: tuple[DocumentSource, ...]
    passages: tuple[PassageView, ...]

    @property
    def owner_office(self) -> str | None:
        """The office that owns it, as told (None or empty: no office, e.g. ingested from a folder)."""
        return self.metadata.get("owner_office")

    @property
    def visibility(self) -> str | None:
        return self.metadata.get("visibility")

    @property
    def corrections(self) -> dict[str, Any]:
        """What editors corrected, as stored (applied above what the file told on every rebuild)."""
        return dict(self.metadata.get("corrections") or {})

    def passage(self, order: int) -> PassageView | None:
        return next((p for p in self.passages if p.order == order), None)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One document in a listing: what identifies it, without its passages."""

    id: str
    title: str
    language: str
    kind: str | None
    countries: tuple[str, ...]
    year: int | None
    pages: int | None
    passages: int
    source_name: str
    media_type: str | None

    @classmethod
    def of(cls, first: Mapping[str, Any]) -> DocumentSummary:
        """From the payload of a document's first passage (it carries the document's own record)."""
        record = first.get("document") or {}
        return cls(
            id=first["doc_id"],
            title=first["title"],
            language=first["doc_language"],
            kind=first.get("kind"),
            countries=tuple(first.get("countries") or ()),
            year=first.get("year"),
            pages=record.get("pages"),
            passages=int(first["passage_count"]),
            source_name=first["source_name"],
            media_type=record.get("media_type"),
        )


def document_view(
    doc_id: str,
    first: Mapping[str, Any],
    sources: Iterable[Mapping[str, Any]],
    passages: Iterable[PassageView],
) -> DocumentView:
    """A document from the payload of its first passage, its source records and its passages. Who may see
    it can change after ingest (`set_visibility`), so the passages' own fields are the truth for that."""
    record = first.get("document") or {}
    metadata = {
        **record.get("metadata", {}),
        **{key: first[key] for key in ("visibility", "owner_office") if key in first},
    }
    return DocumentView(
        id=doc_id,
        title=first["title"],
        language=first["doc_language"],
        source_name=first["source_name"],
        sha256=first["sha256"],
        media_type=record.get("media_type"),
        pages=record.get("pages"),
        metadata=metadata,
        inferred=tuple(record.get("inferred") or ()),
        sources=tuple(DocumentSource.of_record(s) for s in sources),
        passages=tuple(passages),
    )
