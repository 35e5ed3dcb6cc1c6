"""Casebooks: named collections of passages and cases that trainers assemble, reorder and annotate.

Each casebook is one JSON file under `data/casebooks/`, written whole to a temporary file and renamed, so
a crash never leaves half a file. An item keeps a copy of what it cites (title, countries, year, pages,
text) taken when it was added: a casebook stays readable and exportable even if the document is later
replaced or deleted from the base.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.records import file_lock
from index.views import DocumentView

from .errors import ServiceError

TITLE_CHARS, NOTE_CHARS, MAX_ITEMS = 200, 5_000, 500


class CasebookError(ServiceError):
    """A casebook, item or note that cannot be made as sent (too long, empty, too many items)."""


@dataclass
class Citation:
    """What an item cites, copied from the base when the item was added."""

    document_id: str
    title: str
    countries: list[str]
    year: int | None
    kind: str | None
    language: str
    source_name: str
    text: str  # the passage; for a whole case, its first passage
    order: int | None = None  # passage number; None for a whole case
    page_start: int | None = None
    page_end: int | None = None
    section: list[str] = field(default_factory=list)


@dataclass
class Item:
    id: str
    citation: Citation
    note: str = ""

    @property
    def is_case(self) -> bool:
        return self.citation.order is None


@dataclass
class Casebook:
    id: str
    title: str
    description: str = ""
    created: str = ""
    updated: str = ""
    items: list[Item] = field(default_factory=list)
    owner: str = ""  # the user who made it

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Casebook:
        items = [Item(i["id"], Citation(**i["citation"]), i.get("note", "")) for i in data.get("items", [])]
        return cls(
            data["id"],
            data["title"],
            data.get("description", ""),
            data.get("created", ""),
            data.get("updated", ""),
            items,
            data.get("owner", ""),
        )

    def sources(self) -> list[Citation]:
        """One citation per document, in the order they first appear."""
        seen: dict[str, Citation] = {}
        for item in self.items:
            seen.setdefault(item.citation.document_id, item.citation)
        return list(seen.values())


def citation_for(doc: DocumentView, order: int | None) -> Citation:
    """A citation of passage `order` of a stored document, or of the whole case when `order` is None.
    Raises CasebookError when there is no such passage."""
    meta = doc.metadata
    if order is None:
        passage = doc.passages[0] if doc.passages else None
    else:
        passage = doc.passage(order)
        if passage is None:
            raise CasebookError(f"document {doc.id} has no passage {order}")
    return Citation(
        document_id=doc.id,
        title=doc.title,
        countries=list(meta.get("countries") or []),
        year=meta.get("year"),
        kind=meta.get("kind"),
        language=doc.language or "",
        source_name=doc.source_name or "",
        text=passage.text if passage else "",
        order=order,
        page_start=passage.page_start if passage else None,
        page_end=passage.page_end if passage else None,
        section=list(passage.section) if passage else [],
    )


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def clean(text: str, most: int, what: str, required: bool = False) -> str:
    text = "".join(ch for ch in str(text) if ch.isprintable() or ch == "\n").strip()
    if required and not text:
        raise CasebookError(f"a {what} is required")
    if len(text) > most:
        raise CasebookError(f"the {what} is longer than {most} characters")
    return text


class Casebooks:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()

    def _path(self, casebook_id: str) -> Path | None:
        try:
            return self.folder / f"{uuid.UUID(casebook_id)}.json"  # only a uuid names a file
        except ValueError:
            return None

    def all(self, owner: str | None = None) -> list[Casebook]:
        """Every casebook, newest first; only `owner`'s when given."""
        if not self.folder.is_dir():
            return []
        books = [
            Casebook.from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in self.folder.glob("*.json")
        ]
        return sorted(
            (b for b in books if owner is None or b.owner == owner), key=lambda b: b.updated, reverse=True
        )

    def get(self, casebook_id: str) -> Casebook | None:
        path = self._path(casebook_id)
        if path is None or not path.is_file():
            return None
        return Casebook.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def create(self, title: str, description: str = "", owner: str = "") -> Casebook:
        book = Casebook(
            str(uuid.uuid4()),
            clean(title, TITLE_CHARS, "title", required=True),
            clean(description, NOTE_CHARS, "description"),
            now(),
            now(),
            owner=owner,
        )
        with self._lock, file_lock(self.folder / ".lock"):
            self._write(book)
        return book

    def delete(self, casebook_id: str) -> bool:
        path = self._path(casebook_id)
        with self._lock, file_lock(self.folder / ".lock"):
            if path is None or not path.is_file():
                return False
            path.unlink()
        return True

    def change(
        self, casebook_id: str, title: str | None = None, description: str | None = None
    ) -> Casebook | None:
        def rename(book: Casebook) -> None:
            if title is not None:
                book.title = clean(title, TITLE_CHARS, "title", required=True)
            if description is not None:
                book.description = clean(description, NOTE_CHARS, "description")

        return self._edit(casebook_id, rename)

    def add(self, casebook_id: str, citation: Citation, note: str = "") -> Item | None:
        item = Item(uuid.uuid4().hex[:12], citation, clean(note, NOTE_CHARS, "note"))

        def append(book: Casebook) -> None:
            if len(book.items) >= MAX_ITEMS:
                raise CasebookError(f"a casebook holds at most {MAX_ITEMS} items")
            book.items.append(item)

        return item if self._edit(casebook_id, append) else None

    def edit_item(
        self, casebook_id: str, item_id: str, note: str | None = None, position: int | None = None
    ) -> Casebook | None:
        """Change an item's note, and/or move it to `position` (0 is first; out of range goes to an end)."""

        def edit(book: Casebook) -> None:
            index = next((n for n, i in enumerate(book.items) if i.id == item_id), None)
            if index is None:
                raise KeyError(item_id)
            if note is not None:
                book.items[index].note = clean(note, NOTE_CHARS, "note")
            if position is not None:
                item = book.items.pop(index)
                book.items.insert(max(0, min(position, len(book.items))), item)

        try:
            return self._edit(casebook_id, edit)
        except KeyError:
            return None

    def remove_item(self, casebook_id: str, item_id: str) -> bool:
        def remove(book: Casebook) -> None:
            kept = [i for i in book.items if i.id != item_id]
            if len(kept) == len(book.items):
                raise KeyError(item_id)
            book.items = kept

        try:
            return self._edit(casebook_id, remove) is not None
        except KeyError:
            return False

    def _edit(self, casebook_id: str, change: Any) -> Casebook | None:
        with self._lock, file_lock(self.folder / ".lock"):
            book = self.get(casebook_id)
            if book is None:
                return None
            change(book)
            book.updated = now()
            self._write(book)
        return book

    def _write(self, book: Casebook) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{book.id}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(book.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
