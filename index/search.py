"""Hybrid search: dense and BM25 lists fused inside Qdrant, grouped by document, with highlights and facets.

How the lists are weighted is the heart of it. Measured on the benchmarks (bench/search_quality.py):
within one language BM25 is the stronger list; across languages it finds only shared names and numbers,
since a Spanish query shares few terms with an English passage. So the BM25 query carries the query's
words stemmed in Spanish, Portuguese and English (each passage was indexed with its own language's
stemmer), and a BM25 match weighs more in the query's own language than in the others; a query too short
to tell its language gets a middling weight everywhere.

The dense and BM25 lists come from one batched engine call and are fused here by weighted
distribution-based score fusion: Qdrant's DBSF (each list's scores scaled by its mean +- 3 standard
deviations, a passage missing from a list scores 0 there), with weights. Score fusion keeps what rank
fusion throws away: how far ahead a list's best hit is. Qdrant's in-engine RRF lost to BM25 alone on the
Spanish and Portuguese sets (bench/search_quality.py prints it as a baseline).

Quoted text ("Caso 123/2019", "La Pampa") must appear verbatim: it becomes a phrase filter in the engine.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ingest.text import STOPWORDS, detect_language

from .embed import Embedder
from .knowledge import LIVE
from .sparse import LANGUAGES, Sparse, encode_query
from .store import DENSE, SPARSE, Hit, Leg, Range, Store, Where

# Fusion weights of the BM25 legs: in the query's language, in other languages, and when the query's
# language is unknown; the dense list weighs 1. Chosen on a small grid over the four benchmark sets, where
# a heavier same-language weight (1.5) gains 0.01 in-language but costs 0.03 across languages and, in a
# corpus that mixes languages, pushes passages in the query's language above better ones in the others.
WEIGHT_SAME, WEIGHT_OTHER, WEIGHT_UNKNOWN = 1.0, 0.5, 0.8
CANDIDATES = 100
SPARES = 5
LIGHT_FIELDS = ("doc_id", "countries", "year", "kind", "language", "purpose", "court", "outcome", "offences")
PAD_BELOW = 5  # a BM25 list this short is a rare word: keep how far its hits stand out
MAX_QUERY_CHARS = 2_000
FACETS = {"country": "countries", "year": "year", "kind": "kind", "language": "language",
          "exploitation": "purpose", "court": "court", "outcome": "outcome", "offence": "offences"}


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
    for key, values in (("court", request.courts), ("outcome", request.outcomes), ("offences", request.offences),
                        ("case_number", request.case_numbers)):
        if values:
            must[key] = values
    if request.year_from is not None or request.year_to is not None:
        must["year"] = Range(gte=request.year_from, lte=request.year_to)
    return Where(must, dict(access.must_not) if access else {})


def split_query(text: str) -> tuple[str, tuple[str, ...]]:
    """The query text with quotes removed, and the quoted phrases that must appear verbatim."""
    text = text[:MAX_QUERY_CHARS]
    phrases = tuple(p.strip() for p in re.findall(r'"([^"]+)"', text) if p.strip())
    return text.replace('"', " ").strip(), phrases


def detect_query_language(text: str) -> str:
    """es, pt, en or und; a query is short, so two telling words are enough evidence."""
    return detect_language(text, default="und", min_evidence=2)


def legs_for(text: str, query_language: str, vector: Any, mode: str) -> list[Leg]:
    """The dense leg and one BM25 leg. The BM25 query holds the query's words stemmed in each language,
    so each passage meets them stemmed as its own words were; its weight depends on the passage's
    language (see the weights above)."""
    legs: list[Leg] = []
    if mode in ("hybrid", "dense"):
        legs.append(Leg(DENSE, vector, 1.0))
    if mode in ("hybrid", "bm25"):
        sparse = merge_sparse([encode_query(text, language) for language in (*LANGUAGES, "und")])
        if sparse:
            if query_language in LANGUAGES:
                weights = {language: WEIGHT_OTHER for language in (*LANGUAGES, "und")}
                weights[query_language] = WEIGHT_SAME
                legs.append(Leg(SPARSE, sparse, WEIGHT_OTHER, by_language=weights))
            else:
                legs.append(Leg(SPARSE, sparse, WEIGHT_UNKNOWN))
    return legs


def merge_sparse(vectors: list[Sparse]) -> Sparse:
    terms: dict[int, float] = {}
    for vector in vectors:
        for index, value in zip(vector.indices, vector.values, strict=True):
            terms[index] = max(value, terms.get(index, 0.0))
    return Sparse(list(terms), list(terms.values()))


def search(store: Store, embedder: Embedder, request: SearchRequest, access: Where | None = None) -> SearchResult:
    text, phrases = split_query(request.text)
    where = request_filter(request, access)
    where = Where(where.must, where.must_not, phrases)
    query_language = detect_query_language(text)
    if not text:
        return SearchResult([], document_facets(store, where), query_language)
    vector = embedder.embed([text], query=True)[0] if request.mode != "bm25" else None
    legs = legs_for(text, query_language, vector, request.mode)
    if not legs:  # nothing searchable in the text (only stopwords or punctuation)
        return SearchResult([], {name: [] for name in FACETS}, query_language)
    fetch = max(CANDIDATES, request.limit * request.per_document * 3)
    lists = store.search_batch(legs, where, limit=fetch, fields=LIGHT_FIELDS)
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


def fuse(lists: list[list[Hit]], legs: list[Leg], depth: int = CANDIDATES) -> list[Hit]:
    """Weighted distribution-based score fusion: each list's scores scaled by mean +- 3 sd over its best
    `depth` scores, then summed with the leg's weight for the passage.

    A list with fewer than PAD_BELOW hits is padded with zeros up to `depth`, the score of every passage
    it did not match: one rare word found in one passage then stands far above the rest, as it should,
    instead of scaling to 0.5."""
    first: dict[str, Hit] = {}
    totals: Counter[str] = Counter()
    for hits, leg in zip(lists, legs, strict=True):
        scores = sorted((hit.score for hit in hits), reverse=True)[:depth]
        if not scores:
            continue
        if len(scores) < PAD_BELOW:
            scores += [0.0] * (depth - len(scores))
        mean = sum(scores) / len(scores)
        sd = (sum((x - mean) ** 2 for x in scores) / len(scores)) ** 0.5
        low, span = mean - 3 * sd, 6 * sd
        for hit in hits:
            scaled = (hit.score - low) / span if span > 0 else 0.5
            totals[hit.id] += leg.weight_for(hit.payload) * scaled
            first.setdefault(hit.id, hit)
    return [Hit(id_, round(score, 6), first[id_].payload) for id_, score in totals.most_common()]


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


# --- highlighting ---

_STOP = {word for words in STOPWORDS.values() for word in words.split()}
_WORD = re.compile(r"\w+", re.UNICODE)


def _build_fold_table() -> dict[int, str]:
    """Latin letters with diacritics -> their base letter, one character for one (offsets stay aligned)."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if len(base) == 1 and base != chr(code):
            table[code] = base
    return table


_FOLD = _build_fold_table()


def fold(text: str) -> str:
    """Lower case without accents, same length as `text`: "Explotación" -> "explotacion"."""
    lowered = text.lower()
    if len(lowered) != len(text):  # rare letters whose lower case is longer ("İ"): keep those as they are
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_FOLD)


def query_terms(text: str) -> set[str]:
    return {fold(w) for w in _WORD.findall(text) if fold(w) not in _STOP and (len(w) > 2 or w.isdigit())}


def _matches(word: str, terms: set[str], heads: set[str]) -> bool:
    """Same word up to accents and inflection: equal, or sharing all but a short ending (stem-like)."""
    if word in terms:
        return True
    if len(word) < 5 or word[:3] not in heads:
        return False
    for term in terms:
        stem = min(len(word), len(term)) - 2
        if stem >= 3 and abs(len(word) - len(term)) <= 3 and word[:stem] == term[:stem]:
            return True
    return False


def highlight(text: str, terms: set[str], phrases: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Character spans of `text` that match the query's words or its quoted phrases, in order, merged."""
    folded = fold(text)
    heads = {term[:3] for term in terms}
    spans = [(m.start(), m.end()) for m in _WORD.finditer(folded) if _matches(m.group(), terms, heads)]
    for phrase in phrases:
        spans.extend((m.start(), m.end()) for m in re.finditer(re.escape(fold(phrase)), folded))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
