"""The 0-1 relevance score and the words it weighs: a query's subject, rare in the base, counts for more
than the common words any passage shares."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.lexicon import Lexicon
from index.relevance import FLOOR, coverage, query_words, relevance

BASE = [
    ("Workers in the mine were paid by the hour and slept a few hours a night in the camp.", "en"),
    ("The hours of work in the workshop went from six in the morning to ten at night.", "en"),
    ("Inspectors counted the hours of work of each worker and the debts the owner claimed.", "en"),
    ("The owner kept the workers' documents and a debt that grew every month.", "en"),
]


class WordEmbedder:
    """Deterministic unit vectors per text (the lexicon's translations are not what is tested here)."""

    model_id, dimension = "words", 16

    def embed(self, texts: list[str], query: bool = False) -> np.ndarray:
        rows = [np.random.default_rng(sum(map(ord, text))).normal(size=self.dimension) for text in texts]
        return np.asarray([row / np.linalg.norm(row) for row in rows], dtype=np.float32)


def test_a_query_whose_subject_no_passage_holds_covers_little_though_it_shares_a_common_word() -> None:
    lexicon = Lexicon.from_texts(BASE, WordEmbedder())
    passage, language = BASE[0]
    off_topic = query_words("How many hours does a hamster sleep?")
    plain = coverage(off_topic, passage, language)
    weighed = coverage(off_topic, passage, language, idf=lexicon.idf)
    assert plain >= 0.25 and weighed < plain / 2  # "hours" is in three passages of four, "hamster" in none
    on_topic = query_words("Who kept the workers' documents and their debt?")
    assert coverage(on_topic, BASE[3][0], "en", idf=lexicon.idf) > 0.6
    # the same cosine passes the floor with the subject's words, not with the common ones
    assert (
        relevance(0.22, coverage(on_topic, BASE[3][0], "en", idf=lexicon.idf))
        >= FLOOR
        > relevance(0.22, weighed)
    )


def test_the_lexicon_keeps_its_term_counts_when_saved(tmp_path: Path) -> None:
    lexicon = Lexicon.from_texts(BASE, WordEmbedder())
    lexicon.save(tmp_path / "lexicon.npz")
    again = Lexicon.load(tmp_path / "lexicon.npz")
    assert again.frequencies == lexicon.frequencies and again.passages == 4
