"""Casebooks as a caller sees them: only their own (admins: anyone's), checked in one place (`casebook`),
and without the items whose documents the caller may no longer see. Exports go through the same check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .access import CLI, Caller
from .casebooks import Casebook, Casebooks, Item, citation_for
from .export import export
from .media import EXPORT_TYPES
from .names import file_stem
from .pseudonyms import pseudonymise as pseudonymised


@dataclass
class ExportFile:
    """A casebook exported: the bytes, their media type, and an ASCII file name for the download."""

    data: bytes
    media_type: str
    filename: str
    items: int


class CasebookActions:
    """The casebook half of `Library` (which provides `casebooks`, `get` and `visible`)."""

    casebooks: Casebooks
    get: Callable[..., dict[str, Any] | None]
    visible: Callable[[Iterable[str], Caller], set[str]]

    def casebook(self, casebook_id: str, *, caller: Caller) -> Casebook | None:
        """A casebook of the caller's (admins: anyone's), without the items whose documents the caller may
        not see now: a document made private since it was cited drops out of views and exports. An item
        whose document was deleted stays (its citation is a copy). None for anyone else's, or anonymous."""
        book = self.casebooks.get(casebook_id)
        if (
            book is None
            or caller.name is None
            or (book.owner != caller.name and caller.audiences is not None)
        ):
            return None
        cited = {item.citation.document_id for item in book.items}
        unseen = cited - self.visible(cited, caller)
        hidden = self.visible(unseen, CLI)  # in the base, but not for this caller (the rest were deleted)
        book.items = [item for item in book.items if item.citation.document_id not in hidden]
        return book

    def training_casebook(self, casebook_id: str, language: str = "en", *, caller: Caller) -> Casebook | None:
        """The casebook pseudonymised for a class in `language` (the same entity is the same label all
        through it; names an editor merged are one); None as for `casebook`."""
        book = self.casebook(casebook_id, caller=caller)
        return pseudonymised(book, language, self.name_alias()) if book is not None else None

    def name_alias(self) -> Callable[[str], str] | None:
        """Entity key -> the key editors merged it into (`service.name_merges`)."""
        merges = getattr(self, "name_merges", None)
        return merges.aliases().of if merges is not None else None

    def my_casebooks(self, *, caller: Caller) -> list[Casebook]:
        """The caller's own casebooks, newest first (none for an anonymous caller)."""
        return self.casebooks.all(owner=caller.name) if caller.name else []

    def create_casebook(self, title: str, description: str = "", *, caller: Caller) -> Casebook:
        """A new casebook owned by the caller; CasebookError for an empty or too long title."""
        return self.casebooks.create(title, description, owner=caller.name or "")

    def change_casebook(
        self, casebook_id: str, title: str | None = None, description: str | None = None, *, caller: Caller
    ) -> Casebook | None:
        if self.casebook(casebook_id, caller=caller) is None:
            return None
        self.casebooks.change(casebook_id, title, description)
        return self.casebook(casebook_id, caller=caller)

    def delete_casebook(self, casebook_id: str, *, caller: Caller) -> bool:
        return self.casebook(casebook_id, caller=caller) is not None and self.casebooks.delete(casebook_id)

    def add_to_casebook(
        self, casebook_id: str, doc_id: str, order: int | None, note: str = "", *, caller: Caller
    ) -> Item | None:
        """Cite passage `order` of a document (or the whole case when None) in a casebook. None when the
        casebook or the document does not exist for the caller; CasebookError when the passage does not."""
        doc = self.get(doc_id, caller=caller)
        if doc is None or self.casebook(casebook_id, caller=caller) is None:
            return None
        return self.casebooks.add(casebook_id, citation_for(doc, order), note)

    def edit_casebook_item(
        self,
        casebook_id: str,
        item_id: str,
        note: str | None = None,
        position: int | None = None,
        *,
        caller: Caller,
    ) -> Casebook | None:
        """Change an item's note and/or move it to `position` (0 is first); the casebook as the caller sees
        it after, or None when there is no such item in a casebook of theirs."""
        if self.casebook(casebook_id, caller=caller) is None:
            return None
        if self.casebooks.edit_item(casebook_id, item_id, note, position) is None:
            return None
        return self.casebook(casebook_id, caller=caller)

    def remove_casebook_item(self, casebook_id: str, item_id: str, *, caller: Caller) -> bool:
        return self.casebook(casebook_id, caller=caller) is not None and self.casebooks.remove_item(
            casebook_id, item_id
        )

    def export_casebook(
        self, casebook_id: str, fmt: str, language: str = "en", *, caller: Caller, pseudonymise: bool = False
    ) -> ExportFile | None:
        """The casebook as a Markdown, DOCX or PDF file: every passage cited, the sources at the end;
        `pseudonymise` replaces people and identifiers by roles and masks (`service.pseudonyms`)."""
        book = self.training_casebook(casebook_id, language, caller=caller) if pseudonymise else None
        book = book or (None if pseudonymise else self.casebook(casebook_id, caller=caller))
        if book is None:
            return None
        return ExportFile(
            export(book, fmt, language),
            EXPORT_TYPES[fmt],
            f"{file_stem(book.title, 'casebook')}.{fmt}",
            len(book.items),
        )
