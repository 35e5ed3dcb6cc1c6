"""Cross-case links: which documents name the same phone, account, person... as stored on their passages.

Every function takes the caller's rights (`access`, a `Where`) and puts them into each engine query, the
same as search does: a passage the caller may not see is never read, so it cannot count, be listed or
draw a link. Entities are looked up by key (`ingest.entities`: "phone:+595981123456"); an entity's `id` in
a URL is its key in URL-safe base64, so no table maps one to the other.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.entities import TYPES, regions_of, search_keys
from ingest.names import fold_name

from .knowledge import LIVE
from .store import Hit, Store, Where, merge

# How many distinct entities a listing reads from the engine (a facet over the caller's passages).
MAX_KEYS = 100_000
PAGE = 1_000  # passages per scroll page
MAX_LISTED = 50  # entities a search returns
MAX_GRAPH_ENTITIES = 300  # more links than a person can read in one picture
# What links cases in the network view: places are left out (every case of a country names it).
LINK_KINDS = ("phone", "email", "url", "social", "account", "id", "person", "org")
# Where a phone typed without its country code is also read (the network's countries, then Spain, Portugal
# and the United States): a query is short, so reading it in each costs nothing, and only keys that some
# visible document names are kept.
QUERY_REGIONS = (
    "PY",
    "AR",
    "BR",
    "BO",
    "CL",
    "UY",
    "PE",
    "EC",
    "CO",
    "VE",
    "PA",
    "CR",
    "NI",
    "HN",
    "SV",
    "GT",
    "MX",
    "DO",
    "CU",
    "ES",
    "PT",
    "US",
)


@dataclass(frozen=True)
class Aliases:
    """Names an editor merged: key -> the key the group answers as. A key no merge names is its own."""

    canonical: Mapping[str, str] = field(default_factory=dict)

    def of(self, key: str) -> str:
        return self.canonical.get(key, key)

    def members(self, key: str) -> list[str]:
        """Every key that answers as `key`'s group, the group's own first."""
        own = self.of(key)
        return [own, *sorted(k for k, c in self.canonical.items() if c == own and k != own)]


NO_ALIASES = Aliases()


@dataclass(frozen=True)
class EntitySummary:
    """An entity and how far it reaches among the documents the caller may see."""

    id: str
    type: str
    value: str
    label: str
    documents: int
    countries: list[str]
    passages: int


@dataclass(frozen=True)
class EntityMention:
    document_id: str
    title: str
    page_start: int
    page_end: int
    text: str  # the passage text
    written: str  # the entity as the passage writes it
    countries: list[str] = field(default_factory=list)
    year: int | None = None
    kind: str | None = None


@dataclass(frozen=True)
class EntityDetail:
    id: str
    type: str
    value: str
    label: str
    mentions: list[EntityMention]
    countries: list[str]
    years: list[int]
    forms: list[str]  # every way the visible documents write it
    merged: list[str] = field(default_factory=list)  # the other names merged into it, as shown


@dataclass(frozen=True)
class DocumentLink:
    """An entity of one document and the other documents (the caller may see) that name it."""

    id: str
    type: str
    value: str
    label: str
    other_documents: int
    other_countries: int
    countries: list[str]


def entity_id(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def entity_key(entity: str) -> str | None:
    """The key of an id, or None when it is no id of ours."""
    try:
        key = base64.urlsafe_b64decode(entity + "=" * (-len(entity) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return key if key.split(":", 1)[0] in TYPES else None


def _visible(access: Where | None) -> Where:
    return merge(Where({"state": LIVE}), access)


def _passages(store: Store, where: Where) -> Iterator[Hit]:
    offset = None
    while True:
        hits, offset = store.scroll(where, limit=PAGE, offset=offset)
        yield from hits
        if offset is None:
            return


def visible_keys(store: Store, access: Where | None, kind: str | None = None) -> list[tuple[str, int]]:
    """(key, passages) of every entity named in a passage the caller may see, of one type if given."""
    found = _facet(store, _visible(access))
    return [(str(key), count) for key, count in found if kind is None or str(key).startswith(f"{kind}:")]


def _facet(store: Store, where: Where) -> list[tuple[str, int]]:
    """(key, passages) of the entities of the passages `where` picks, by the engine's facet."""
    try:
        return [(str(key), count) for key, count in store.facet("entities", where, limit=MAX_KEYS)]
    except Exception as exc:  # Qdrant Edge raises a bare Exception for a missing index
        if "index" not in str(exc).lower():
            raise
        return _counted_keys(store, where)


def _counted_keys(store: Store, where: Where) -> list[tuple[str, int]]:
    """The facet of `entities` counted passage by passage: a store created before entities were indexed has
    no index to facet on (`casoteca reindex` makes one); its answers are the same, only slower."""
    counts: dict[str, int] = defaultdict(int)
    for hit in _passages(store, where):
        for key in hit.payload.get("entities", []):
            counts[key] += 1
    return sorted(counts.items(), key=lambda kv: -kv[1])


def find_entities(
    store: Store,
    query: str,
    kind: str | None,
    access: Where | None,
    countries: Sequence[str] = (),
    aliases: Aliases = NO_ALIASES,
) -> list[EntitySummary]:
    """Entities matching what a user typed, most widespread first: any written form of an identifier
    ("0981 123 456" finds +595981123456: a phone is read in each of `countries`, default every country the
    caller's documents are about), or part of a name, an address or a handle, accents and case aside.
    An empty query lists the most widespread entities."""
    keys = dict(visible_keys(store, access, kind))
    if not keys:
        return []
    query = query.strip()
    if query:
        regions = list(dict.fromkeys([*regions_of(countries or _countries(store, access)), *QUERY_REGIONS]))
        wanted = [k for k in search_keys(query, regions) if k in keys]
        needle = fold_name(query, sort=False)
        digits = re.sub(r"\D", "", query)
        for key in keys:
            value = key.split(":", 1)[1]
            folded = (
                fold_name(value.replace(".", " "), sort=False)
                if not key.startswith(("phone:", "account:", "id:"))
                else ""
            )
            if (
                (needle and needle in folded)
                or (len(digits) >= 6 and digits in re.sub(r"\D", "", value))
                or (needle and all(word in folded.split() for word in needle.split()))
            ):
                wanted.append(key)
        chosen = list(dict.fromkeys(aliases.of(k) for k in wanted))
    else:
        ranked = [k for k, _ in sorted(keys.items(), key=lambda kv: -kv[1])]
        chosen = list(dict.fromkeys(aliases.of(k) for k in ranked))[: MAX_LISTED * 4]
    summaries = summarise(store, chosen[: MAX_LISTED * 4], access, aliases)
    return sorted(summaries, key=lambda s: (-s.documents, -len(s.countries), s.label.casefold()))[:MAX_LISTED]


def _countries(store: Store, access: Where | None) -> list[str]:
    return [str(c) for c, _ in store.facet("countries", _visible(access).also(order=0), limit=300)]


def summarise(
    store: Store, keys: Sequence[str], access: Where | None, aliases: Aliases = NO_ALIASES
) -> list[EntitySummary]:
    """One summary per key (a merged group counted as one): documents, countries and passages among what
    the caller may see."""
    if not keys:
        return []
    keys = list(dict.fromkeys(aliases.of(k) for k in keys))
    wanted = {member for k in keys for member in aliases.members(k)}
    documents: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, set[str]] = defaultdict(set)
    passages: dict[str, int] = defaultdict(int)
    labels: dict[str, tuple[str, str, str]] = {}
    merged_labels: dict[str, tuple[str, str, str]] = {}
    for hit in _passages(store, _visible(access).also(entities=list(wanted))):
        payload = hit.payload
        for mention in payload.get("entity_mentions", []):
            key = mention["key"]
            if key not in wanted:
                continue
            shown = (mention["type"], mention["value"], mention["label"])
            (labels if key == aliases.of(key) else merged_labels).setdefault(aliases.of(key), shown)
        for key in {aliases.of(k) for k in set(payload.get("entities", [])) & wanted}:
            documents[key].add(payload["doc_id"])
            countries[key].update(payload.get("countries", []))
            passages[key] += 1
    shown = {**merged_labels, **labels}  # a group is shown by its own name when the caller sees it
    return [
        EntitySummary(entity_id(key), *shown[key], len(documents[key]), sorted(countries[key]), passages[key])
        for key in keys
        if key in shown
    ]


def entity(
    store: Store, key: str, access: Where | None, aliases: Aliases = NO_ALIASES
) -> EntityDetail | None:
    """Every passage the caller may see that names the entity (or a name merged with it), by document and
    page; None when none."""
    key = aliases.of(key)
    members = aliases.members(key)
    mentions: list[EntityMention] = []
    forms: dict[str, None] = {}
    label: tuple[str, str, str] | None = None
    merged: dict[str, str] = {}
    for hit in _passages(store, _visible(access).also(entities=members)):
        payload = hit.payload
        own = [m for m in payload.get("entity_mentions", []) if m["key"] in members]
        if not own:
            continue
        for mention in own:
            if mention["key"] == key:
                label = label or (mention["type"], mention["value"], mention["label"])
            else:
                merged.setdefault(mention["key"], mention["label"])
        for mention in own:
            forms[mention["text"]] = None
        mentions.append(
            EntityMention(
                payload["doc_id"],
                payload["title"],
                payload["page_start"],
                payload["page_end"],
                payload["text"],
                own[0]["text"],
                list(payload.get("countries", [])),
                payload.get("year"),
                payload.get("kind"),
            )
        )
    if label is None and merged:  # only merged names are visible: the first of them stands for the group
        first = next(iter(merged))
        label = ("person", first.split(":", 1)[1], merged.pop(first))
    if label is None:
        return None
    mentions.sort(key=lambda m: (m.title.casefold(), m.document_id, m.page_start))
    countries = sorted({c for m in mentions for c in m.countries})
    years = sorted({m.year for m in mentions if m.year is not None})
    return EntityDetail(
        entity_id(key), *label, mentions, countries, years, list(forms), sorted(set(merged.values()))
    )


def document_links(
    store: Store,
    doc_id: str,
    access: Where | None,
    kinds: Sequence[str] = LINK_KINDS,
    aliases: Aliases = NO_ALIASES,
) -> list[DocumentLink]:
    """The entities of one document (places aside unless asked: every case names its country) with how
    many other documents and countries the caller may see also name each; those that link come first."""
    own: dict[str, tuple[str, str, str]] = {}
    for hit in _passages(store, _visible(access).also(doc_id=doc_id)):
        for mention in hit.payload.get("entity_mentions", []):
            if mention["type"] in kinds:
                own.setdefault(
                    aliases.of(mention["key"]), (mention["type"], mention["value"], mention["label"])
                )
    if not own:
        return []
    others: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, set[str]] = defaultdict(set)
    members = {member: key for key in own for member in aliases.members(key)}
    where = _visible(access).also(entities=list(members)).excluding(doc_id=doc_id)
    for hit in _passages(store, where):
        for key in {members[k] for k in set(hit.payload.get("entities", [])) & members.keys()}:
            others[key].add(hit.payload["doc_id"])
            countries[key].update(hit.payload.get("countries", []))
    links = [
        DocumentLink(entity_id(key), *own[key], len(others[key]), len(countries[key]), sorted(countries[key]))
        for key in own
    ]
    return sorted(
        links, key=lambda link: (-link.other_documents, TYPES.index(link.type), link.label.casefold())
    )


@dataclass(frozen=True)
class GraphNode:
    id: str  # a document id, or an entity id
    kind: str  # "document", or the entity's type
    label: str
    countries: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Graph:
    """Documents and the entities that link at least two of them, as nodes; an edge joins a document to
    each of those entities it names."""

    nodes: list[GraphNode]
    edges: list[tuple[str, str]]


def graph(
    store: Store,
    access: Where | None,
    kinds: Sequence[str] = LINK_KINDS,
    where: Where | None = None,
    limit: int = MAX_GRAPH_ENTITIES,
    aliases: Aliases = NO_ALIASES,
) -> Graph:
    """The network of cases the caller may see (within `where`, the search filters): every entity of
    `kinds` that two or more of those documents name, with the documents. A document without such an
    entity is left out: the graph shows links."""
    visible = merge(_visible(access), where) if where else _visible(access)
    counted: dict[str, int] = defaultdict(int)  # passages per entity, a merged group's summed
    for key, count in _facet(store, visible):
        if str(key).split(":", 1)[0] in kinds:
            counted[aliases.of(str(key))] += count
    keys = [member for key, count in counted.items() if count >= 2 for member in aliases.members(key)]
    documents: dict[str, dict[str, Any]] = {}
    named: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, tuple[str, str]] = {}
    wanted = set(keys)
    for hit in _passages(store, visible.also(entities=keys)) if keys else ():
        payload = hit.payload
        documents.setdefault(
            payload["doc_id"], {"title": payload["title"], "countries": list(payload.get("countries", []))}
        )
        for mention in payload.get("entity_mentions", []):
            if mention["key"] in wanted:
                group = aliases.of(mention["key"])
                named[group].add(payload["doc_id"])
                if mention["key"] == group or group not in labels:
                    labels[group] = (mention["type"], mention["label"])
    linking = sorted((k for k in named if len(named[k]) >= 2), key=lambda k: (-len(named[k]), k))[:limit]
    used = {doc for key in linking for doc in named[key]}
    nodes = [
        GraphNode(doc, "document", documents[doc]["title"], documents[doc]["countries"])
        for doc in sorted(used)
    ]
    nodes += [
        GraphNode(
            entity_id(key),
            labels[key][0],
            labels[key][1],
            sorted({c for doc in named[key] for c in documents[doc]["countries"]}),
        )
        for key in linking
    ]
    edges = [(doc, entity_id(key)) for key in linking for doc in sorted(named[key])]
    return Graph(nodes, edges)
