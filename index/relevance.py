"""How well a passage answers a query on a scale that means the same for every query, and the floor below
which nothing is shown.

The fused score ranks passages within one query but says nothing across queries: a nonsense query's best
passage scores as high as a real match's. Two signals are absolute: the cosine between the query's and the
passage's vectors (USE: unrelated texts sit near 0.1, a paraphrase near 0.7), and the share of the query's
content words the passage holds, stemmed in the passage's language (its coverage). A passage's relevance is

    score = clamp((cosine + COVERAGE_WEIGHT * coverage - ZERO) / (ONE - ZERO), 0, 1)

so 0 means nothing in common and 1 a passage that says the same thing in the same words. A query is
answered only if one of its first FLOOR_DEPTH passages reaches FLOOR; then every passage below
PASSAGE_FLOOR is left out. Calibrated with bench/search_quality.py on the mixed base against 200
out-of-domain queries (random letters; cooking, gardening, pets and gadget questions in es/pt/en).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .embed import DEFAULT_MODEL
from .fusion import content_words
from .sparse import LANGUAGES, encode_document, encode_query

COVERAGE_WEIGHT = 0.25
ZERO, ONE = 0.10, 0.70
# Chosen on the mixed base: cosine + 0.25 x coverage >= 0.25 in the first ten left 90 % of the out-of-domain
# queries empty for an in-domain recall@10 loss of 0.007; 0.27 left 91 % for 0.010.
FLOOR = (0.25 - ZERO) / (ONE - ZERO)
PASSAGE_FLOOR = (0.15 - ZERO) / (ONE - ZERO)
FLOOR_DEPTH = 10
# The model the floor was calibrated with: another model's cosines sit elsewhere (MiniLM's across languages
# far lower), so with it nothing is left out until the floor is calibrated for it too.
CALIBRATED_MODELS = frozenset({DEFAULT_MODEL})


def floors(model_id: str) -> tuple[float, float]:
    """(FLOOR, PASSAGE_FLOOR) for a model: both 0 for a model the floor was not calibrated with."""
    return (FLOOR, PASSAGE_FLOOR) if model_id in CALIBRATED_MODELS else (0.0, 0.0)


@lru_cache(maxsize=20_000)
def _passage_terms(text: str, language: str) -> frozenset[int]:
    return frozenset(encode_document(text, language if language in LANGUAGES else "und").indices)


def coverage(query_words: Sequence[str], text: str, language: str, equivalents: Sequence[str] = ()) -> float:
    """The share of `query_words` whose stem (in `language`) the passage `text` holds; a held `equivalent`
    (the query's words in the passage's language, from the lexicon or a glossary) counts as one more."""
    if not query_words:
        return 0.0
    held = _passage_terms(text, language)
    stemmer = language if language in LANGUAGES else "und"

    def holds(word: str) -> bool:
        terms = encode_query(word, stemmer).indices
        return bool(terms) and set(terms) <= held

    found = sum(1 for word in query_words if holds(word)) + sum(1 for word in set(equivalents) if holds(word))
    return min(1.0, found / len(query_words))


def relevance(cosine: float, covered: float) -> float:
    """The 0-1 score of a passage (see the module's docstring)."""
    return round(min(1.0, max(0.0, (cosine + COVERAGE_WEIGHT * covered - ZERO) / (ONE - ZERO))), 3)


def query_words(text: str) -> list[str]:
    return list(dict.fromkeys(word.lower() for word in content_words(text)))
