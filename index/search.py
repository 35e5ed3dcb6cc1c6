"""Search: a query -> cited passages, fused from a dense and a BM25 list, grouped by document, with facets.

How the lists are weighted and fused is in fusion.py; how words are marked is in highlight.py.

Quoted text ("Caso 123/2019", "La Pampa") must appear verbatim. A quoted name or number is required in every
passage; a quoted phrase of two or more words of one language ("trafficking in persons") only in the
passages of that language, since a translation never holds it verbatim: passages of the other languages are
still ranked by meaning. In a long pasted text (more than LONG_QUERY_WORDS words) quotes are citations, not
filters.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.text import detect_language

from .embed import Embedder
from .fusion import CANDIDATES, fuse, legs_for, merge_sparse
from .highlight import fold, highlight, query_terms
from .knowledge import LIVE
from .lexicon import Lexicon
from .store import Hit, Leg, Range, Store, Where

__all__ = ["FACETS", "Filters", "SearchHit", "SearchRequest", "SearchResult", "fold", "merge_sparse",
           "request_filter", "search"]

SPARES = 5
LIGHT_FIELDS = ("doc_id", "countries", "year", "kind", "language", "purpose")
MAX_QUERY_CHARS = 2_000
LONG_QUERY_WORDS = 30
FACETS = {"country": "countries", "year": "year", "kind": "kind", "language": "language",
          "exploitation": "purpose"}


@dataclass(kw_only=True)
class Filters:
    """The facets a search (or a comparable-case query) is restricted to."""

    countries: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    kinds: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    exploitation: list[str] = field(default_factory=list)


@dataclass
class SearchRequest(Filters):
    text: str
    limit: int = 10
    per_document: int = 2
    mode: str = "hybrid"  # hybrid | dense | bm25


@dataclass
class SearchHit:
    document_id: str
    title: str
    text: str
    page_start: int
    page_end: int
    section: list[str]
    language: str
    countries: list[str]
    year: int | None
    kind: str | None
    score: float
    highlights: list[tuple[int, int]]
    order: int


@dataclass
class SearchResult:
    hits: list[SearchHit]
    facets: dict[str, list[tuple[Any, int]]]
    query_language: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "hits": [{**hit.__dict__, "highlights": [list(span) for span in hit.highlights]} for hit in self.hits],
            "facets": {name: [{"value": v, "count": c} for v, c in values] for name, values in self.facets.items()},
            "query_language": self.query_language,
        }


def request_filter(request: Filters, access: Where | None = None) -> Where:
    """The store filter for a request's facets; `access` (the caller's rights) is always part of it."""
    must: dict[str, Any] = dict(access.must) if access else {}
    must["state"] = LIVE
    if request.countries:
        must["countries"] = request.countries
    if request.kinds:
        must["kind"] = request.kinds
    if request.languages:
        must["language"] = request.languages
    if request.exploitation:
        must["purpose"] = request.exploitation
    if request.year_from is not None or request.year_to is not None:
        must["year"] = Range(gte=request.year_from, lte=request.year_to)
    return Where(must, dict(access.must_not) if access else {})


def split_query(text: str) -> tuple[str, tuple[str, ...]]:
    """The query text with quotes removed, and the quoted phrases that must appear verbatim (none in a long
    pasted text, whose quotes are citations)."""
    text = text[:MAX_QUERY_CHARS]
    phrases = tuple(p.strip() for p in re.findall(r'"([^"]+)"', text) if p.strip())
    plain = text.replace('"', " ").strip()
    if len(plain.split()) > LONG_QUERY_WORDS:
        phrases = ()
    return plain, phrases


def detect_query_language(text: str) -> str:
    """es, pt, en or und; a query is short, so two telling words are enough evidence."""
    return detect_language(text, default="und", min_evidence=2)


def phrase_filters(phrases: tuple[str, ...]) -> list[Where | None]:
    """Where each leg searches so that a phrase of one language binds only that language's passages: one
    filter if every phrase is a name or number (binding everywhere), else one per group of languages."""
    by_language: dict[str, list[str]] = defaultdict(list)
    for phrase in phrases:
        by_language[detect_query_language(phrase)].append(phrase)
    everywhere = tuple(by_language.pop("und", []))
    if not by_language:
        return [Where(phrases=everywhere) if everywhere else None]
    wheres = [Where({"language": language}, {}, (*everywhere, *bound)) for language, bound in by_language.items()]
    wheres.append(Where({}, {"language": list(by_language)}, everywhere))
    return wheres


def search_lists(store: Store, legs: list[Leg], where: Where, phrases: tuple[str, ...], limit: int) -> list[list[Hit]]:
    """Each leg's ranked list, under the phrase rules above (lists of one leg merged by score: same query,
    same scale)."""
    parts = [store.search_batch([Leg(leg.using, leg.vector, leg.weight, extra, leg.by_language) for leg in legs],
                                where, limit=limit, fields=LIGHT_FIELDS) for extra in phrase_filters(phrases)]
    if len(parts) == 1:
        return parts[0]
    return [sorted((hit for part in parts for hit in part[i]), key=lambda hit: -hit.score)[:limit]
            for i in range(len(legs))]


def combine(*mappings: Mapping[str, Sequence[str]] | None) -> dict[str, list[str]]:
    """Extra terms per language from several sources, each term once."""
    out: dict[str, list[str]] = {}
    for mapping in mappings:
        for language, terms in (mapping or {}).items():
            out.setdefault(language, [])
            out[language] += [t for t in terms if t not in out[language]]
    return out


def search(store: Store, embedder: Embedder, request: SearchRequest, access: Where | None = None,
           expansions: Mapping[str, Sequence[str]] | None = None, lexicon: Lexicon | None = None) -> SearchResult:
    """The passages that answer `request`, at most `per_document` of a document. `expansions` are extra BM25
    terms per passage language (a glossary's equivalents of the query's terms); `lexicon` adds the query's
    words in the other languages (lexicon.py)."""
    text, phrases = split_query(request.text)
    where = request_filter(request, access)
    query_language = detect_query_language(text)
    if not text:
        return SearchResult([], document_facets(store, Where(where.must, where.must_not, phrases)), query_language)
    vector = embedder.embed([text], query=True)[0] if request.mode != "bm25" else None
    if lexicon is not None and request.mode == "hybrid":  # `bm25` stays plain BM25
        expansions = combine(expansions, lexicon.expansions(text, query_language, embedder))
    legs = legs_for(text, vector, request.mode, expansions)
    if not legs:  # nothing searchable in the text (only stopwords or punctuation)
        return SearchResult([], {name: [] for name in FACETS}, query_language)
    fetch = max(CANDIDATES, request.limit * request.per_document * 3)
    lists = search_lists(store, legs, where, phrases, fetch)
    points = fuse(lists, legs, CANDIDATES)
    # Group by document on the light payloads, then fetch whole payloads only for the passages shown
    # (and a few spares for repeated texts).
    per_doc: Counter[str] = Counter()
    chosen: list[Hit] = []
    for point in points:
        if per_doc[point.payload["doc_id"]] < request.per_document:
            per_doc[point.payload["doc_id"]] += 1
            chosen.append(point)
            if len(chosen) >= request.limit + SPARES:
                break
    full = {hit.id: hit.payload for hit in store.retrieve([point.id for point in chosen])}
    terms = query_terms(text)
    shown: set[str] = set()
    hits: list[SearchHit] = []
    for point in chosen:
        p = full.get(point.id)
        # The same text twice (a file ingested alone and again as an e-mail attachment) is shown once.
        if p is None or p["text"] in shown:
            continue
        shown.add(p["text"])
        hits.append(SearchHit(
            document_id=p["doc_id"], title=p["title"], text=p["text"], page_start=p["page_start"],
            page_end=p["page_end"], section=p.get("section", []), language=p["language"],
            countries=p.get("countries", []), year=p.get("year"), kind=p.get("kind"), score=point.score,
            highlights=highlight(p["text"], terms, phrases), order=p["order"]))
        if len(hits) >= request.limit:
            break
    return SearchResult(hits, candidate_facets([pt.payload for pt in points]), query_language)


def candidate_facets(payloads: list[dict[str, Any]]) -> dict[str, list[tuple[Any, int]]]:
    """Documents per facet value among the passages the query retrieved (after all filters)."""
    seen: dict[str, set[tuple[str, Any]]] = defaultdict(set)
    for p in payloads:
        for name, key in FACETS.items():
            values = p.get(key)
            for value in values if isinstance(values, list) else [values]:
                if value not in (None, ""):
                    seen[name].add((p["doc_id"], value))
    facets: dict[str, list[tuple[Any, int]]] = {}
    for name in FACETS:
        counts = Counter(value for _, value in seen[name])
        facets[name] = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return facets


def document_facets(store: Store, where: Where) -> dict[str, list[tuple[Any, int]]]:
    """Documents per facet value in the whole base under a filter (no query text)."""
    first_passages = where.also(order=0)
    return {name: store.facet(key, first_passages) for name, key in FACETS.items()}
