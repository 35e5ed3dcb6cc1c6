"""Search: a query -> cited passages, fused from a dense and a BM25 list, grouped by document, with facets.

How the lists are weighted and fused is in fusion.py; how words are marked is in highlight.py.

Quoted text ("Caso 123/2019", "La Pampa") must appear verbatim; when no passage holds it, the query is
searched without that requirement and the result says so (`unmatched_phrases`). A quoted name or number is required in every
passage; a quoted phrase of one language ("trafficking in persons") only in the passages of that language, since a translation never holds it verbatim: passages of the other languages are
still ranked by meaning. In a long pasted text (more than LONG_QUERY_WORDS words) quotes are citations, not
filters.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ingest.text import detect_language

from .embed import Embedder
from .fusion import CANDIDATES, fuse, legs_for, merge_sparse
from .highlight import fold, highlight, query_terms
from .knowledge import LIVE
from .lexicon import Lexicon
from .relevance import (
    FLOOR_DEPTH,
    SECOND_LOOK_PASSAGES,
    coverage,
    floors,
    query_words,
    relevance,
    second_look,
)
from .sparse import LANGUAGES, encode_query
from .stopwatch import Stopwatch
from .store import DENSE, SPARSE, Hit, Leg, Range, Store, Where
from .store import merge as merge_where

if TYPE_CHECKING:  # glossary.py reads the criteria, which import this module
    from .glossary import Glossary

__all__ = [
    "FACETS",
    "Filters",
    "SearchHit",
    "SearchRequest",
    "SearchResult",
    "fold",
    "merge_sparse",
    "request_filter",
    "search",
]

SPARES = 5  # documents fetched beyond a page, for passages left out (repeated texts, below the floor)
LIGHT_FIELDS = ("doc_id", "countries", "year", "kind", "language", "purpose", "court", "outcome", "offences")
# What a card shows and its score reads (as_hit, coverage): a first passage also carries its document's whole
# record and a passage its entity mentions, which no card shows and which cost time to carry over.
SHOWN_FIELDS = (
    *("doc_id", "title", "text", "page_start", "page_end", "section", "language", "countries"),
    *("year", "kind", "order"),
)
# A query longer than this is searched piece by piece (a pasted case), at most MAX_PIECES pieces.
MAX_QUERY_CHARS = 2_000
MAX_PIECES = 8
# The glossary's whole phrases in other languages (glossary_legs): each weighs half the dense list; a
# pasted case with many terms asks for at most this many.
WEIGHT_GLOSSARY_PHRASE = 0.5
MAX_GLOSSARY_LEGS = 4
LONG_QUERY_WORDS = 30  # beyond this many words quotes are citations, not phrase filters
FACETS = {
    "country": "countries",
    "year": "year",
    "kind": "kind",
    "language": "language",
    "exploitation": "purpose",
    "court": "court",
    "outcome": "outcome",
    "offence": "offences",
}


@dataclass(kw_only=True)
class Filters:
    """The facets a search (or a comparable-case query) is restricted to."""

    countries: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    kinds: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    exploitation: list[str] = field(default_factory=list)
    courts: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)  # conviction | acquittal | other
    offences: list[str] = field(default_factory=list)
    case_numbers: list[str] = field(default_factory=list)


@dataclass
class SearchRequest(Filters):
    text: str
    limit: int = 10  # documents (cards) per page
    per_document: int = 2  # passages shown per document: its best one and up to per_document - 1 more
    mode: str = "hybrid"  # hybrid | dense | bm25
    offset: int = 0  # documents skipped (paging)
    floor: bool = True  # False: show passages below the relevance floor too (benchmarks' baseline)


@dataclass
class SearchHit:
    """A document's best passage for the query (`more`: its other passages shown; `more_count`: how many
    other passages of the document are among the results)."""

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
    score: float  # 0-1, the same scale for every query (relevance.py)
    highlights: list[tuple[int, int]]
    order: int
    more: list[SearchHit] = field(default_factory=list)
    more_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            **{k: v for k, v in self.__dict__.items() if k != "more"},
            "highlights": [list(span) for span in self.highlights],
            "more": [hit.to_dict() for hit in self.more],
        }


@dataclass
class SearchResult:
    hits: list[SearchHit]
    facets: dict[str, list[tuple[Any, int]]]
    query_language: str
    total: int = 0  # documents among the results above the floor (at most CANDIDATES passages looked at)
    offset: int = 0
    truncated: bool = False  # the query was longer than MAX_PIECES pieces: its end was not searched
    # quoted phrases no passage holds verbatim: the results are for the query without that requirement
    unmatched_phrases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": {
                name: [{"value": v, "count": c} for v, c in values] for name, values in self.facets.items()
            },
            "query_language": self.query_language,
            "total": self.total,
            "offset": self.offset,
            "truncated": self.truncated,
            "unmatched_phrases": list(self.unmatched_phrases),
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
    for key, values in (
        ("court", request.courts),
        ("outcome", request.outcomes),
        ("offences", request.offences),
        ("case_number", request.case_numbers),
    ):
        if values:
            must[key] = values
    if request.year_from is not None or request.year_to is not None:
        must["year"] = Range(gte=request.year_from, lte=request.year_to)
    return Where(must, dict(access.must_not) if access else {})


def split_query(text: str) -> tuple[str, tuple[str, ...]]:
    """The query text with quotes removed, and the quoted phrases that must appear verbatim (none in a long
    pasted text, whose quotes are citations)."""
    phrases = tuple(p.strip() for p in re.findall(r'"([^"]+)"', text[:MAX_QUERY_CHARS]) if p.strip())
    plain = text.replace('"', " ").strip()
    if len(plain.split()) > LONG_QUERY_WORDS:
        phrases = ()
    return plain, phrases


def query_pieces(text: str) -> tuple[list[str], bool]:
    """A long text cut at sentence ends into pieces of at most MAX_QUERY_CHARS characters, each searched
    on its own and fused (as comparable cases search a case passage by passage); at most MAX_PIECES of
    them, and whether the text went beyond."""
    if len(text) <= MAX_QUERY_CHARS:
        return [text], False
    pieces: list[str] = []
    current = ""
    for sentence in re.split(r"(?<=[.!?;:])\s+|\n+", text):
        while len(sentence) > MAX_QUERY_CHARS:  # one endless "sentence": cut at a space
            cut = sentence.rfind(" ", 0, MAX_QUERY_CHARS)
            cut = cut if cut > 0 else MAX_QUERY_CHARS
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut])
            sentence = sentence[cut:].strip()
        if current and len(current) + len(sentence) + 1 > MAX_QUERY_CHARS:
            pieces.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    pieces = [piece for piece in pieces if piece.strip()]
    return pieces[:MAX_PIECES], len(pieces) > MAX_PIECES


def detect_query_language(text: str) -> str:
    """es, pt, en or und; a query is short, so two telling words are enough evidence."""
    return detect_language(text, default="und", min_evidence=2)


def phrase_language(phrase: str) -> str:
    """ "und" for a name or a number (every word capitalised or holding a digit: "La Rinconada", "Caso
    123/2019"), which binds passages of every language; else the language its words tell, if any."""
    words = phrase.split()
    if all(word[:1].isupper() or any(c.isdigit() for c in word) for word in words):
        return "und"
    return detect_language(phrase, default="und", min_evidence=1)


def phrase_filters(phrases: tuple[str, ...]) -> list[Where | None]:
    """Where each leg searches so that a phrase of one language binds only that language's passages: one
    filter if every phrase is a name or number (binding everywhere), else one per group of languages."""
    by_language: dict[str, list[str]] = defaultdict(list)
    for phrase in phrases:
        by_language[phrase_language(phrase)].append(phrase)
    everywhere = tuple(by_language.pop("und", []))
    if not by_language:
        return [Where(phrases=everywhere) if everywhere else None]
    wheres = [
        Where({"language": language}, {}, (*everywhere, *bound)) for language, bound in by_language.items()
    ]
    wheres.append(Where({}, {"language": list(by_language)}, everywhere))
    return wheres


def search_lists(
    store: Store, legs: list[Leg], where: Where, phrases: tuple[str, ...], limit: int
) -> list[list[Hit]]:
    """Each leg's ranked list, under the phrase rules above (lists of one leg merged by score: same query,
    same scale)."""
    parts = [
        store.search_batch(
            [
                Leg(leg.using, leg.vector, leg.weight, both(leg.where, extra), leg.by_language, leg.fixed)
                for leg in legs
            ],
            where,
            limit=limit,
            fields=LIGHT_FIELDS,
        )
        for extra in phrase_filters(phrases)
    ]
    if len(parts) == 1:
        return parts[0]
    return [
        sorted((hit for part in parts for hit in part[i]), key=lambda hit: -hit.score)[:limit]
        for i in range(len(legs))
    ]


def both(first: Where | None, second: Where | None) -> Where | None:
    """A leg's own restriction and a phrase filter together."""
    if first is None or second is None:
        return first or second
    return merge_where(first, second)


def glossary_legs(phrases: Mapping[str, Sequence[str]]) -> list[Leg]:
    """One BM25 leg per glossary phrase of another language (at most MAX_GLOSSARY_LEGS), restricted to the
    passages of that language that hold it whole: an English query on trafficking in persons finds the
    Spanish article on "trata de personas" before the other articles that speak of persons and penalties."""
    legs = []
    for language, terms in phrases.items():
        for term in terms:
            sparse = encode_query(term, language)
            if sparse and language in LANGUAGES:
                where = Where({"language": language}, {}, (term,))
                legs.append(Leg(SPARSE, sparse, WEIGHT_GLOSSARY_PHRASE, where, fixed=True))
    return legs[:MAX_GLOSSARY_LEGS]


def combine(*mappings: Mapping[str, Sequence[str]] | None) -> dict[str, list[str]]:
    """Extra terms per language from several sources, each term once."""
    out: dict[str, list[str]] = {}
    for mapping in mappings:
        for language, terms in (mapping or {}).items():
            out.setdefault(language, [])
            out[language] += [t for t in terms if t not in out[language]]
    return out


def search(
    store: Store,
    embedder: Embedder,
    request: SearchRequest,
    access: Where | None = None,
    expansions: Mapping[str, Sequence[str]] | None = None,
    lexicon: Lexicon | None = None,
    glossary: Glossary | None = None,
    watch: Stopwatch | None = None,
) -> SearchResult:
    """One card per document, best first, from `offset` on: the document's best passage and up to
    `per_document - 1` more, each scored 0-1 (relevance.py); nothing when no passage reaches the floor.
    `expansions` are extra BM25 terms per passage language; `glossary` adds the equivalents of the
    query's terms it holds (glossary.py), `lexicon` the query's other words in the other languages
    (lexicon.py), both in `hybrid` mode only (`bm25` stays plain BM25). Facets count the documents among
    the results above the floor. `watch` (the speed benchmark's) gets the time of each stage.

    Whole payloads are read only for the passages a card shows, the first documents the floor looks at
    and the documents before the page (their scores cap this page's); every other candidate is known by
    its light payload (LIGHT_FIELDS), enough to fuse, group and count facets."""
    if watch:
        watch.start()
    text, phrases = split_query(request.text)
    where = request_filter(request, access)
    query_language = detect_query_language(text[:MAX_QUERY_CHARS])
    if not text:
        return SearchResult(
            [], document_facets(store, Where(where.must, where.must_not, phrases)), query_language
        )
    pieces, truncated = query_pieces(text)
    vectors = embedder.embed(pieces, query=True)
    if watch:
        watch.lap("query embedding")
    legs: list[Leg] = []
    extra: dict[str, list[str]] = combine(expansions)
    for piece, vector in zip(pieces, vectors, strict=True):
        more: dict[str, list[str]] = {}
        rest = piece
        if glossary is not None and request.mode == "hybrid":
            found = glossary.expand(piece, query_language)
            more, rest = found.terms, found.rest
            legs += glossary_legs(
                {lang: terms for lang, terms in found.phrases.items() if lang != query_language}
            )
        if lexicon and request.mode == "hybrid":
            more = combine(more, lexicon.expansions(rest, query_language, embedder))
        extra = combine(extra, more)
        legs += legs_for(  # `bm25` stays plain BM25
            piece, vector, request.mode, combine(expansions, more), query_language
        )
    empty = SearchResult([], {name: [] for name in FACETS}, query_language, truncated=truncated)
    if watch:
        watch.lap("lexicon and BM25 query")
    if not legs:  # nothing searchable in the text (only stopwords or punctuation)
        return empty
    fetch = max(CANDIDATES, (request.offset + request.limit) * request.per_document * 3)
    lists = search_lists(store, legs, where, phrases, fetch)
    unmatched: tuple[str, ...] = ()
    if phrases and not any(lists):
        # No passage holds the quoted words verbatim ("primo gemelo" where the text says "primos
        # gemelos", an English title asked of Spanish passages): search without that requirement, and say so.
        unmatched, phrases = phrases, ()
        lists = search_lists(store, legs, where, phrases, fetch)
    empty.unmatched_phrases = unmatched
    if watch:
        watch.lap("engine legs")
    points = fuse(lists, legs, CANDIDATES)
    cosines: dict[str, float] = {}
    lexical: set[str] = set()
    for leg, hits in zip(legs, lists, strict=True):
        if leg.using == DENSE:
            for hit in hits:
                previous = cosines.get(hit.id)
                if previous is None or hit.score > previous:
                    cosines[hit.id] = hit.score
        else:
            lexical.update(hit.id for hit in hits)
    # The results above the floor, as far as the light payloads tell: near in meaning, or sharing a word.
    floor, passage_floor = floors(embedder.model_id) if request.floor else (0.0, 0.0)
    if passage_floor:
        points = [
            p for p in points if p.id in lexical or relevance(cosines.get(p.id, 0.0), 0.0) >= passage_floor
        ]
    by_doc: dict[str, list[Hit]] = {}
    for point in points:
        by_doc.setdefault(point.payload["doc_id"], []).append(point)
    documents = list(by_doc)
    if watch:
        watch.lap("fusion and grouping")
    shown = documents[request.offset : request.offset + request.limit + SPARES]
    gate = documents[:FLOOR_DEPTH]
    before = documents[: request.offset]  # their scores cap this page's (scores follow the ranking)
    words = query_words(" ".join(pieces))
    # each query word's translation per passage language, which coverage weighs it by (relevance.py)
    translations = (
        lexicon.translations(words, query_language, embedder) if lexicon and request.mode == "hybrid" else {}
    )
    scorer = PassageScorer(
        store, vectors, cosines, words, extra, lexicon.idf if lexicon else None, translations
    )
    # The first `limit` shown documents' first passages and the floor's documents' best ones, in one read;
    # the spare documents and passages only if repeated texts or a vanished point leave a card short.
    window = request.per_document + 1
    scorer.read(
        [by_doc[d][0].id for d in dict.fromkeys(gate + before + shown[: request.limit])]
        + [p.id for d in shown[: request.limit] for p in by_doc[d][1 : request.per_document]]
    )
    if floor and not answered(scorer, [by_doc[d][0].id for d in gate], floor, vectors, embedder):
        return empty
    if watch:
        watch.lap("scores (payloads of the shown)")
    terms = query_terms(" ".join(pieces))
    cap = min((scorer.score(by_doc[d][0].id) for d in before if scorer.has(by_doc[d][0].id)), default=1.0)
    hits: list[SearchHit] = []
    for n, doc_id in enumerate(shown):
        candidates = by_doc[doc_id][:window]
        if n >= request.limit:
            scorer.read([p.id for p in candidates])
        cards = scorer.cards(candidates, request.per_document)
        if len(cards) < request.per_document and len(candidates) > request.per_document:
            scorer.read([p.id for p in candidates])  # a repeated text left a slot: the spare passage fills it
            cards = scorer.cards(candidates, request.per_document)
        if not cards:
            continue
        best, *rest = [
            as_hit(payload, score, highlight(payload["text"], terms, phrases, payload["language"], extra))
            for payload, score in cards
        ]
        best.more, best.more_count = rest, len(by_doc[doc_id]) - 1
        cap = follow_ranking(best, cap)
        hits.append(best)
        if len(hits) >= request.limit:
            break
    if watch:
        watch.lap("highlights and cards")
    facets = candidate_facets([p.payload for p in points])
    if watch:
        watch.lap("facets")
    return SearchResult(
        hits,
        facets,
        query_language,
        total=len(documents),
        offset=request.offset,
        truncated=truncated,
        unmatched_phrases=unmatched,
    )


def answered(scorer: PassageScorer, ids: list[str], floor: float, vectors: Any, embedder: Embedder) -> bool:
    """Whether one of the floor's passages `ids` reaches `floor`, or the best ones just below it pass the
    second look (relevance.second_look: the query's nearest sentence in them)."""
    scored = sorted(((scorer.score(id_), id_) for id_ in ids if scorer.has(id_)), reverse=True)
    if not scored:
        return False
    if scored[0][0] >= floor:
        return True
    texts = [scorer.scored[id_][0].get("text", "") for _, id_ in scored[:SECOND_LOOK_PASSAGES]]
    return second_look(scored[0][0], vectors, texts, embedder.embed)


def follow_ranking(card: SearchHit, cap: float) -> float:
    """Scores that follow the order shown: the card (and each of its other passages, shown below it)
    scores at most `cap`, the score of the card above. The ranking also weighs BM25's evidence, so a
    passage ranked lower can be nearer in meaning; it is then shown with the score of the one above it.
    Returns the cap for the next card."""
    card.score = min(card.score, cap)
    for other in card.more:
        other.score = min(other.score, card.score)
    return card.score


class PassageScorer:
    """Whole payloads and 0-1 scores of passages, read from the store as they are needed (each id once);
    the cosine from the dense lists, or from the stored vector for a passage only BM25 found."""

    def __init__(
        self,
        store: Store,
        vectors: Any,
        cosines: dict[str, float],
        words: list[str],
        extra: Mapping[str, Sequence[str]],
        idf: Callable[[int], float] | None = None,
        translations: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.store, self.vectors, self.cosines, self.words, self.extra = store, vectors, cosines, words, extra
        self.idf = idf  # the lexicon's word rarity, which coverage weighs words by
        self.translations = translations or {}  # per passage language, each query word's translation there
        self.scored: dict[str, tuple[dict[str, Any], float]] = {}
        self._asked: set[str] = set()
        self._weights: dict[tuple[str, str], tuple[float, tuple[int, ...]]] = {}  # coverage's, per query

    def read(self, ids: list[str]) -> None:
        todo = [id_ for id_ in dict.fromkeys(ids) if id_ not in self._asked]
        if not todo:
            return
        self._asked.update(todo)
        # Stored vectors only for the passages BM25 alone found: a vector is 512 floats to carry over.
        known = [id_ for id_ in todo if id_ in self.cosines]
        missing = [id_ for id_ in todo if id_ not in self.cosines]
        hits = (self.store.retrieve(known, fields=SHOWN_FIELDS) if known else []) + (
            self.store.retrieve(missing, vectors=True, fields=SHOWN_FIELDS) if missing else []
        )
        for hit in hits:
            cosine = self.cosines.get(hit.id)
            if cosine is None:
                cosine = (
                    float(np.max(np.asarray(self.vectors) @ np.asarray(hit.vector))) if hit.vector else 0.0
                )
            language = hit.payload.get("language", "und")
            covered = coverage(
                self.words,
                hit.payload.get("text", ""),
                language,
                self.extra.get(language, ()),
                self.idf,
                self._weights,
                self.translations.get(language),
            )
            self.scored[hit.id] = (hit.payload, relevance(cosine, covered))

    def has(self, id_: str) -> bool:
        return id_ in self.scored

    def score(self, id_: str) -> float:
        return self.scored[id_][1]

    def cards(self, passages: list[Hit], count: int) -> list[tuple[dict[str, Any], float]]:
        """Up to `count` of `passages` read so far, in order, each text once (the same text twice, a file
        ingested alone and again as an e-mail attachment, is shown once)."""
        seen: set[str] = set()
        out: list[tuple[dict[str, Any], float]] = []
        for passage in passages:
            found = self.scored.get(passage.id)
            if found is None or found[0]["text"] in seen:
                continue
            seen.add(found[0]["text"])
            out.append(found)
            if len(out) == count:
                break
        return out


def as_hit(p: dict[str, Any], score: float, highlights: list[tuple[int, int]]) -> SearchHit:
    return SearchHit(
        document_id=p["doc_id"],
        title=p["title"],
        text=p["text"],
        page_start=p["page_start"],
        page_end=p["page_end"],
        section=p.get("section", []),
        language=p["language"],
        countries=p.get("countries", []),
        year=p.get("year"),
        kind=p.get("kind"),
        score=score,
        highlights=highlights,
        order=p["order"],
    )


def candidate_facets(payloads: list[dict[str, Any]]) -> dict[str, list[tuple[Any, int]]]:
    """Documents per facet value among the passages the query retrieved (after all filters).

    The passages are grouped by document first: most documents have one passage among the candidates,
    whose values are counted as they are, without a set of (document, value) pairs per facet (a hundred
    candidates times eight facets is the search's largest loop in Python)."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for p in payloads:
        by_doc.setdefault(p["doc_id"], []).append(p)
    groups = list(by_doc.values())
    facets: dict[str, list[tuple[Any, int]]] = {}
    for name, key in FACETS.items():
        found: list[Any] = []
        for passages in groups:
            if len(passages) == 1:
                values = passages[0].get(key)
                if values is None or values == "":
                    continue
                if not isinstance(values, list):
                    found.append(values)
                elif len(values) == 1:
                    if values[0] is not None and values[0] != "":
                        found.append(values[0])
                else:
                    found.extend({value for value in values if value is not None and value != ""})
                continue
            seen: set[Any] = set()
            for p in passages:
                values = p.get(key)
                if isinstance(values, list):
                    seen.update(value for value in values if value is not None and value != "")
                elif values is not None and values != "":
                    seen.add(values)
            found.extend(seen)
        counts = Counter(found)
        facets[name] = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return facets


def document_facets(store: Store, where: Where) -> dict[str, list[tuple[Any, int]]]:
    """Documents per facet value in the whole base under a filter (no query text)."""
    first_passages = where.also(order=0)
    return {name: store.facet(key, first_passages) for name, key in FACETS.items()}
