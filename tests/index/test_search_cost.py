"""What the cheaper search keeps: the same words marked, the same facet counts, the same scores.

Fast unit tests: the highlighting and facet code on plain texts and payloads, and the passage scorer on a
small stand-in store that records what it is asked for (the real engine is covered by test_search.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from index.highlight import highlight, query_terms, words_by_stem
from index.relevance import coverage, relevance
from index.search import PassageScorer, candidate_facets
from index.store import Hit

PASSAGE = (
    "La víctima fue captada con una oferta de trabajo falsa. Las trabajadoras explotadas debían pagar "
    "deudas; la explotación laboral duró años y el trabajo forzoso se denunció en 2019."
)


def marked(text: str, query: str, language: str = "es", **kwargs: Any) -> list[str]:
    return [text[a:b] for a, b in highlight(text, query_terms(query), language=language, **kwargs)]


def test_a_passage_shown_for_two_queries_marks_each_querys_own_words() -> None:
    first = marked(PASSAGE, "explotación laboral")
    second = marked(PASSAGE, "deuda de trabajo")
    assert first == ["explotación", "laboral"]
    assert second == ["trabajo", "trabajadoras", "deudas", "trabajo"]
    assert marked(PASSAGE, "explotación laboral") == first  # asked again: the same spans


def test_every_occurrence_is_marked_as_a_whole_word_and_stopwords_never() -> None:
    text = "trabajo, trabajos y trabajador: el trabajo"
    spans = highlight(text, query_terms("trabajo"), language="es")
    assert [text[a:b] for a, b in spans] == ["trabajo", "trabajos", "trabajador", "trabajo"]
    assert all(not text[b : b + 1].isalnum() for _, b in spans)
    assert marked(PASSAGE, "trabajo", extra={"es": ["con", "una"]}) == ["trabajo", "trabajadoras", "trabajo"]


def test_the_same_text_in_another_language_is_stemmed_in_that_language() -> None:
    text = "Trafficking victims were tracked; trafficked workers"
    assert marked(text, "trafficking", language="en") == ["Trafficking", "trafficked"]
    assert marked(text, "trafficking", language="und") == ["Trafficking"]  # no stemmer: the word itself
    assert set(words_by_stem(text, "en")) != set(words_by_stem(text, "und"))


def test_facets_count_documents_once_whatever_their_passages() -> None:
    payloads = [
        {"doc_id": "a", "countries": ["Peru", "Bolivia"], "year": 2019, "kind": "judgment", "language": "es"},
        {"doc_id": "a", "countries": ["Peru", "Bolivia"], "year": 2019, "kind": "judgment", "language": "en"},
        {"doc_id": "b", "countries": ["Peru", ""], "year": None, "kind": "", "language": "es"},
        {"doc_id": "c", "countries": [], "year": 2021, "language": "pt"},
    ]
    facets = candidate_facets(payloads)
    assert facets["country"] == [("Peru", 2), ("Bolivia", 1)]
    assert facets["year"] == [(2019, 1), (2021, 1)]
    assert facets["kind"] == [("judgment", 1)]
    assert facets["language"] == [("es", 2), ("en", 1), ("pt", 1)]
    assert facets["court"] == []


class RecordingStore:
    """Passages by id, and which ids were asked for with their vectors."""

    def __init__(self, passages: dict[str, tuple[str, list[float]]]) -> None:
        self.passages = passages
        self.asked: list[tuple[list[str], bool]] = []

    def retrieve(self, ids: list[str], vectors: bool = False, fields: Any = None) -> list[Hit]:
        self.asked.append((list(ids), vectors))
        return [
            Hit(id_, 0.0, {"text": text, "language": "es"}, vector if vectors else None)
            for id_, (text, vector) in ((i, self.passages[i]) for i in ids)
        ]


def test_a_passage_only_bm25_found_is_scored_from_its_stored_vector() -> None:
    query = np.array([[0.6, 0.8, 0.0]], dtype=np.float32)
    store = RecordingStore(
        {"dense": ("Trabajo forzoso en talleres.", [0.0, 1.0, 0.0]), "bm25": (PASSAGE, [1.0, 0.0, 0.0])}
    )
    words = ["trabajo", "forzoso"]
    scorer = PassageScorer(store, query, {"dense": 0.9}, words, {})  # type: ignore[arg-type]
    scorer.read(["dense", "bm25", "dense"])
    assert store.asked == [(["dense"], False), (["bm25"], True)]  # a vector only where none is known
    assert scorer.score("dense") == relevance(0.9, coverage(words, "Trabajo forzoso en talleres.", "es"))
    assert scorer.score("bm25") == relevance(float(np.float32(0.6)), coverage(words, PASSAGE, "es"))
    scorer.read(["bm25"])
    assert len(store.asked) == 2  # each passage read once


def test_coverage_with_the_weights_kept_for_a_query_equals_coverage_without() -> None:
    words = ["trabajo", "forzoso", "deuda", "minería"]
    rarity = {}

    def idf(term: int) -> float:
        return rarity.setdefault(term, 1.0 + len(rarity))

    kept: dict = {}
    texts = [PASSAGE, "Trabajo forzoso en talleres.", "Minería ilegal de oro.", "Nada en común."]
    alone = [coverage(words, text, "es", ["deudas"], idf) for text in texts]
    assert [coverage(words, text, "es", ["deudas"], idf, kept) for text in texts] == alone
    assert alone[0] > alone[2] > alone[3] == 0.0
    assert len(kept) == len(words) + 1  # each word (and the equivalent) weighed once for the query
