"""How well a passage answers a query on a scale that means the same for every query, and the floor below
which nothing is shown.

The fused score ranks passages within one query but says nothing across queries: a nonsense query's best
passage scores as high as a real match's. Two signals are absolute: the cosine between the query's and the
passage's vectors (USE: unrelated texts sit near 0.1, a paraphrase near 0.7), and how much of the query
the passage holds in its own words (its coverage): the query's content words stemmed in the passage's
language, or their equivalents there (lexicon, glossary), each weighed by its rarity in the base (BM25's
IDF, counted by the lexicon); in a passage of another language, a query word weighs what its lexicon
translation there weighs (coverage()). A passage's relevance is

    score = clamp((cosine + COVERAGE_WEIGHT * coverage - ZERO) / (ONE - ZERO), 0, 1)

so 0 means nothing in common and 1 a passage that says the same thing in the same words. A query is
answered only if one of its first FLOOR_DEPTH passages reaches FLOOR, or, just below it, if a sentence of
its best passages is near enough (second_look()); then every passage below PASSAGE_FLOOR is left out.

Why the rarity weight: an out-of-domain question ("How many hours does a hamster sleep?") shares common
words with some passage ("hours") and its cosine with the nearest passage is as high as a hard in-domain
question's (0.2-0.25); what it lacks is its subject, which no passage holds, so weighed by rarity its
coverage is near 0 while an in-domain question's passage holds its rare words. Calibrated with
bench/search_quality.py (now bench/floor_calibration.py, which sweeps the thresholds) on the mixed base against 200 out-of-domain queries (bench/offtopic.py: random
letters; cooking, gardening, pets and gadget questions in es/pt/en), the same threshold holding on either
half of the queries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import numpy as np

from .embed import DEFAULT_MODEL
from .fusion import content_words
from .sparse import LANGUAGES, encode_document, encode_query

COVERAGE_WEIGHT = 0.5
ZERO, ONE = 0.10, 0.90
# Chosen on the mixed base (cosine + 0.5 x rarity-weighed coverage, best of the first ten): 0.33 left 97 %
# of the out-of-domain queries empty for an in-domain recall@10 loss of 0.007 (0.32: 95.5 % for 0.006;
# 0.35: 98 % for 0.012). Counting every word alike, 0.28 left 95 % for a loss of 0.012.
# Re-calibrated the same way when coverage came to weigh a word by its translation in a passage of another
# language (bench/floor_calibration.py, the lowest raw threshold leaving 97 % of the mixed base's
# out-of-domain queries empty on both halves): 0.33 again, 97.5 % empty (98 % / 97 %) for a loss of 0.005
# (0.325: 96 %, the odd half 94 %; 0.34: 98.5 % for 0.007).
FLOOR = (0.33 - ZERO) / (ONE - ZERO)
PASSAGE_FLOOR = (0.15 - ZERO) / (ONE - ZERO)
FLOOR_DEPTH = 10
# A second look for a query just below the floor (its best score from SECOND_LOOK_FROM on): a question asks
# about one sentence, and a long passage's vector blurs it, most across languages, where cosines sit lower.
# The query is answered if its best score plus the cosine of its nearest sentence in the best
# SECOND_LOOK_PASSAGES passages reaches SENTENCE_FLOOR. Chosen with bench/gate_signals.py on the
# even-numbered out-of-domain queries of every set (the lowest threshold leaving at least 97 % of them
# empty in each) and reported on the odd ones: cross-language XQuAD nDCG@10 0.894 -> 0.910 (es->en) and
# 0.910 -> 0.923 (en->es) with 96-97 % of the 200 out-of-domain queries still empty; about 4 % of queries
# fall in the band, and one look embeds about 16 sentences (1.6 ms each on 2 cores).
SECOND_LOOK_FROM = 0.18
SECOND_LOOK_PASSAGES = 3
SECOND_LOOK_SENTENCES = 40  # at most, so that one look costs a bounded time
SENTENCE_FLOOR = 0.4975
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
# The model the floor was calibrated with: another model's cosines sit elsewhere (MiniLM's across languages
# far lower), so with it nothing is left out until the floor is calibrated for it too.
CALIBRATED_MODELS = frozenset({DEFAULT_MODEL})


def floors(model_id: str) -> tuple[float, float]:
    """(FLOOR, PASSAGE_FLOOR) for a model: both 0 for a model the floor was not calibrated with."""
    return (FLOOR, PASSAGE_FLOOR) if model_id in CALIBRATED_MODELS else (0.0, 0.0)


@lru_cache(maxsize=50_000)
def _word_terms(word: str, stemmer: str) -> tuple[int, ...]:
    """A query word's BM25 terms in one language (every passage scored for a query asks the same words)."""
    return tuple(encode_query(word, stemmer).indices)


@lru_cache(maxsize=20_000)
def _passage_terms(text: str, language: str) -> frozenset[int]:
    return frozenset(encode_document(text, language if language in LANGUAGES else "und").indices)


def coverage(
    query_words: Sequence[str],
    text: str,
    language: str,
    equivalents: Sequence[str] = (),
    idf: Callable[[int], float] | None = None,
    weights: dict[tuple[str, str], tuple[float, tuple[int, ...]]] | None = None,
    translations: Mapping[str, str] | None = None,
) -> float:
    """The share of `query_words` whose stem (in `language`) the passage `text` holds, each word weighed by
    `idf` (its rarity in the base; 1 each without it); a held `equivalent` (the query's words in the
    passage's language, from the lexicon or a glossary) counts as one more word of its own weight.

    Why weighed: an out-of-domain question shares only common words with the base ("hours", "time",
    "summer") and misses its subject ("hamster"), which no passage holds and so weighs the most.

    `translations` (a query word -> its lexicon translation in `language`, for a passage in another
    language than the query's): such a word weighs what its translation weighs there and counts as held
    when the passage holds either. Why: stemmed in the passage's language, a Spanish word is a term no
    English passage holds, so it would weigh the most of any word and pull every passage's coverage
    across languages toward 0, while the translation the passage does hold counted at its own, lower
    weight. Weighed once, by the word the passage could hold, a translated query covers as the same
    query asked in the passage's language does.

    `weights` (one dict per query, the same `idf` throughout) keeps each word's weight and terms for the
    query's other passages."""
    held = _passage_terms(text, language)
    stemmer = language if language in LANGUAGES else "und"
    memo: dict[tuple[str, str], tuple[float, tuple[int, ...]]] = {} if weights is None else weights
    translated = translations or {}

    def terms_of(word: str) -> tuple[float, tuple[int, ...]]:
        known = memo.get((word, stemmer))
        if known is None:
            terms = _word_terms(word, stemmer)
            known = memo[(word, stemmer)] = (
                ((sum(idf(t) for t in terms) if idf else 1.0) if terms else 0.0),
                terms,
            )
        return known

    def own(word: str) -> tuple[float, bool]:
        own_weight, terms = terms_of(word)
        return (own_weight, held.issuperset(terms)) if terms else (0.0, False)

    def weight(word: str) -> tuple[float, bool]:
        own_weight, terms = terms_of(word)
        if not terms:
            return 0.0, False
        if word in translated:
            other_weight, other = terms_of(translated[word])
            if other:
                return other_weight, held.issuperset(terms) or held.issuperset(other)
        return own_weight, held.issuperset(terms)

    asked = [weight(word) for word in query_words]
    total = sum(w for w, _ in asked)
    if not total:
        return 0.0
    # the equivalents no query word was weighed by (the glossary's; the lexicon's without `translations`)
    used = {translated[word] for word in query_words if word in translated and terms_of(word)[1]}
    found = sum(w for w, holds in asked if holds) + sum(
        w for w, holds in map(own, set(equivalents) - used) if holds
    )
    return min(1.0, found / total)


def sentences(texts: Sequence[str]) -> list[str]:
    """The sentences of at least three words of `texts`, in order, at most SECOND_LOOK_SENTENCES."""
    found = [part for text in texts for part in SENTENCE_END.split(text) if len(part.split()) >= 3]
    return list(dict.fromkeys(found))[:SECOND_LOOK_SENTENCES]


def second_look(best: float, query_vectors: np.ndarray, texts: Sequence[str], embed: Callable) -> bool:
    """Whether a query whose best score `best` is just below the floor is answered after all: its nearest
    sentence among `texts` (the best passages' texts) brings it to SENTENCE_FLOOR. `embed` embeds
    passage-side texts as unit vectors."""
    if not SECOND_LOOK_FROM <= best < FLOOR:
        return False
    found = sentences(texts)
    if not found:
        return False
    nearest = float(np.max(np.asarray(query_vectors) @ np.asarray(embed(found)).T))
    return best + nearest >= SENTENCE_FLOOR


def relevance(cosine: float, covered: float) -> float:
    """The 0-1 score of a passage (see the module's docstring)."""
    return round(min(1.0, max(0.0, (cosine + COVERAGE_WEIGHT * covered - ZERO) / (ONE - ZERO))), 3)


def query_words(text: str) -> list[str]:
    return list(dict.fromkeys(word.lower() for word in content_words(text)))
