"""Entities as a caller sees them: search by any written form, an entity's page, a document's links.

Each action takes the `Caller`; their rights go into every engine query (`index.entities`), so a mention in
a document the caller may not see is never counted or listed. Views of an entity are audited like views of
a document: who looked up which phone or person is itself sensitive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.entities import (
    Aliases,
    DocumentLink,
    EntityDetail,
    EntitySummary,
    Graph,
    document_links,
    entity,
    entity_key,
    find_entities,
    graph,
)
from index.entity_merges import NamePair, proposals
from index.search import Filters, request_filter
from ingest.entities import TYPES

from .errors import Forbidden, NotFound
from .filters import Filters as RequestFilters
from .name_merges import Decision, MergeDecision

if TYPE_CHECKING:
    from .access import Caller
    from .library import Library


class UnknownType(ValueError):
    """An entity type that does not exist; the message lists the ones that do."""


class UnknownEntity(NotFound):
    """An entity id that is not one, or that no document the caller may see names."""


def find(library: Library, query: str, kind: str | None = None, *, caller: Caller) -> list[EntitySummary]:
    """Entities matching `query` (any written form of a phone, account or number; part of a name or
    address), of one `kind` if given, among the documents the caller may see, most widespread first."""
    if kind and kind not in TYPES:
        raise UnknownType(f"unknown entity type {kind!r}: one of {', '.join(TYPES)}")
    return find_entities(library.kb.store, query, kind or None, caller.access, aliases=aliases(library))


def show(library: Library, entity_id: str, *, caller: Caller) -> EntityDetail | None:
    """An entity with every passage that names it among the documents the caller may see; None when the
    id is unknown or no visible document names it (the same answer, so an id reveals nothing)."""
    key = entity_key(entity_id)
    if key is None:
        return None
    return entity(library.kb.store, key, caller.access, aliases(library))


def links(library: Library, doc_id: str, *, caller: Caller) -> list[DocumentLink]:
    """The entities of a document the caller may see, each with how many other visible documents and
    countries name it ("also in 2 other cases in 2 countries")."""
    return document_links(library.kb.store, doc_id, caller.access, aliases=aliases(library))


def network(library: Library, *, caller: Caller, filters: Filters | RequestFilters | None = None) -> Graph:
    """The cases the caller may see (within the search `filters`) and the entities that link two or more
    of them."""
    if isinstance(filters, RequestFilters):
        filters = Filters(**filters.filter_fields())
    where = request_filter(filters) if filters is not None else None
    return graph(library.kb.store, caller.access, where=where, aliases=aliases(library))


def aliases(library: Library) -> Aliases:
    """The names editors merged (each group answers as one entity)."""
    return library.name_merges.aliases()


def merge_proposals(library: Library, *, caller: Caller) -> list[NamePair]:
    """Names among the documents the editor may see that are probably one person, not yet decided."""
    _editor(caller)
    merges = library.name_merges
    return proposals(library.kb.store, caller.access, merges.decided(), merges.aliases())


def decide_merge(
    library: Library, keep_id: str, other_id: str, decision: Decision, *, caller: Caller
) -> MergeDecision:
    """An editor merges two names (`keep_id` is the one the group answers as) or rejects the proposal.
    Both must be names the editor can see, so an id learnt elsewhere merges nothing they cannot check."""
    _editor(caller)
    for entity_id in (keep_id, other_id):
        key = entity_key(entity_id)
        if key is None or entity(library.kb.store, key, caller.access) is None:
            raise UnknownEntity(f"no entity {entity_id!r}")
    return library.name_merges.decide(
        keep_id, other_id, decision, by=caller.name or "", office=caller.office or ""
    )


def _editor(caller: Caller) -> None:
    if not caller.may("editor"):
        raise Forbidden("only editors merge names")
