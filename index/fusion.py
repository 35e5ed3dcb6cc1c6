"""How a query's dense and BM25 lists become one ranking (the legs, their weights, the fusion).

Measured on the mixed-language base of bench/search_quality.py (Spanish, English and Portuguese passages in
one index): within one language BM25 is the stronger list; across languages it finds only shared names and
numbers, and its same-language hits on other topics push the answer down. So:

- The BM25 query holds the query's words stemmed in Spanish, Portuguese and English (each passage was
  indexed with its own language's stemmer), without the stopwords of any of the three: "de", "la", "the"
  are rare, heavy terms in the passages of the other languages.
- It weighs the same in every passage language (weighing it less in the other languages made `bm25` mode
  something other than BM25 and cost the cross-language groups).
- It also holds the query's words in the other languages (lexicon.py), which is what lets BM25 help across
  languages: es -> en 0.75 -> 0.89 on the mixed base. A query-level switch tried before it (BM25 cut to a
  quarter when the dense list's best passage is in another language than the query) reached 0.83 but cost
  0.03 in English on English passages: it is not used.

- The dense list weighs WEIGHT_DENSE_SAME_LANGUAGE (0.8) for passages in the query's own language and 1 for
  the others: within a language BM25 already holds the query's words and is the stronger list, so the
  dense list's vote there mostly brings passages that share the language and not the topic; across
  languages it is the main evidence. Mixed base, chosen on the even-numbered questions (0.8 kept en -> en,
  0.7 cost it) and checked on the odd ones, where no group is lower than with 1 (en -> es 0.907 -> 0.918,
  es -> en 0.886 -> 0.893, pt -> pt 0.900 -> 0.904; bench/search_quality.py has the whole set).

The lists are fused by weighted distribution-based score fusion (Qdrant's DBSF: each list's scores scaled by
its mean +- 3 standard deviations, a passage missing from a list scores 0 there). Score fusion keeps what
rank fusion throws away: how far ahead a list's best hit is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from .sparse import LANGUAGES, Sparse, encode_query
from .store import DENSE, SPARSE, Hit, Leg

# BM25's weight against the dense list's 1.
WEIGHT_BM25 = 1.0
# Extra terms (a glossary's or a lexicon's equivalents in another language) weigh less than the query's own
# (mixed base: 0.5 against 1.0 kept the in-language groups, 1.0 gained across languages but lost in them).
WEIGHT_EXPANSION = 0.5
# The dense list's weight for passages in the query's own language (1 for the other languages).
WEIGHT_DENSE_SAME_LANGUAGE = 0.8
CANDIDATES = 100
PAD_BELOW = 5  # a BM25 list this short is a rare word: keep how far its hits stand out
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=50_000)
def is_stopword(word: str) -> bool:
    """A stopword of Spanish, Portuguese or English (the BM25 encoder of that language drops it)."""
    return any(not encode_query(word, language) for language in LANGUAGES)


def content_words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text) if not is_stopword(word.lower())]


def bm25_query(text: str, expansions: Mapping[str, Sequence[str]] | None = None) -> Sparse:
    """The query's content words stemmed in each language, plus `expansions` (extra terms per language,
    e.g. a glossary's equivalents) stemmed in their own language at WEIGHT_EXPANSION."""
    words = " ".join(content_words(text))
    vectors = [encode_query(words, language) for language in LANGUAGES] if words else []
    for language, terms in (expansions or {}).items():
        extra = " ".join(term for term in terms if term)
        if extra and language in LANGUAGES:
            vector = encode_query(extra, language)
            vectors.append(Sparse(vector.indices, [v * WEIGHT_EXPANSION for v in vector.values]))
    return merge_sparse(vectors)


def merge_sparse(vectors: list[Sparse]) -> Sparse:
    """One sparse vector holding every term of `vectors`, each at its largest value."""
    terms: dict[int, float] = {}
    for vector in vectors:
        for index, value in zip(vector.indices, vector.values, strict=True):
            terms[index] = max(value, terms.get(index, 0.0))
    return Sparse(list(terms), list(terms.values()))


def legs_for(
    text: str,
    vector: Any,
    mode: str,
    expansions: Mapping[str, Sequence[str]] | None = None,
    query_language: str = "und",
) -> list[Leg]:
    """The dense leg and the BM25 leg a mode asks for (BM25 left out when the text has no content word).
    In `hybrid` mode the dense leg weighs WEIGHT_DENSE_SAME_LANGUAGE for passages of `query_language` (when
    it is known)."""
    legs: list[Leg] = []
    if mode in ("hybrid", "dense"):
        same = (
            {query_language: WEIGHT_DENSE_SAME_LANGUAGE}
            if mode == "hybrid" and query_language in LANGUAGES
            else None
        )
        legs.append(Leg(DENSE, vector, 1.0, by_language=same))
    if mode in ("hybrid", "bm25"):
        sparse = bm25_query(text, expansions)
        if sparse:
            legs.append(Leg(SPARSE, sparse, WEIGHT_BM25))
    return legs


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
