"""The 0-1 relevance score and the words it weighs: a query's subject, rare in the base, counts for more
than the common words any passage shares."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index import relevance as rel
from index.lexicon import Lexicon
from index.relevance import FLOOR, coverage, query_words, relevance

BASE = [
    ("Workers in the mine were paid by the hour and slept a few hours a night in the camp.", "en"),
    ("The hours of work in the workshop went from six in the morning to ten at night.", "en"),
    ("Inspectors counted the hours of work of each worker and the debts the owner claimed.", "en"),
    ("The owner kept the workers' documents and a debt that grew every month.", "en"),
]
SPANISH = [
    ("Los trabajadores de la mina cobraban por hora y dormían pocas horas en el campamento.", "es"),
    ("El dueño guardaba los documentos de los trabajadores y una deuda que crecía cada mes.", "es"),
]
# What the lexicon gives for the Spanish query's words in English (the model's translations are tested in
# test_lexicon.py; here, what coverage makes of them)
IN_ENGLISH = {"guardaba": "kept", "documentos": "documents", "deuda": "debt", "trabajadores": "workers"}


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


def test_a_spanish_query_covers_an_english_passage_holding_its_translations_as_the_english_query_does() -> (
    None
):
    lexicon = Lexicon.from_texts(BASE + SPANISH, WordEmbedder())
    passage = BASE[3][0]
    english = coverage(query_words("Who kept the workers' documents and their debt?"), passage, "en",
                       idf=lexicon.idf)  # fmt: skip
    spanish = query_words("¿Quién guardaba los documentos y la deuda de los trabajadores?")
    translated = coverage(
        spanish, passage, "en", list(IN_ENGLISH.values()), lexicon.idf, translations=IN_ENGLISH
    )
    assert english > 0.9 and abs(translated - english) < 0.05
    # Weighed by their own stems, which no English passage holds (the heaviest weight), the same Spanish
    # words left the passage with under half of that, though it holds every translation.
    assert coverage(spanish, passage, "en", list(IN_ENGLISH.values()), lexicon.idf) < english / 2
    # a passage on another subject holds fewer of them
    other = coverage(
        spanish, BASE[1][0], "en", list(IN_ENGLISH.values()), lexicon.idf, translations=IN_ENGLISH
    )
    assert other < translated / 2


def test_a_translation_counts_once_and_a_glossary_equivalent_still_counts() -> None:
    lexicon = Lexicon.from_texts(BASE + SPANISH, WordEmbedder())
    spanish = query_words("¿Quién guardaba los documentos y la deuda de los trabajadores?")
    some = {"deuda": "debt", "trabajadores": "workers"}
    passage = BASE[3][0]
    alone = coverage(spanish, passage, "en", (), lexicon.idf, translations=some)
    assert coverage(spanish, passage, "en", ["debt", "workers"], lexicon.idf, translations=some) == alone
    assert coverage(spanish, passage, "en", ["debt", "workers", "documents"], lexicon.idf,
                    translations=some) > alone  # fmt: skip


def test_a_nonsense_query_covers_nothing_with_or_without_translations() -> None:
    lexicon = Lexicon.from_texts(BASE + SPANISH, WordEmbedder())
    words = query_words("zzqxv qwrtp")
    found = lexicon.translations(words, "und", WordEmbedder())
    for text, language in BASE + SPANISH:
        assert coverage(words, text, language, (), lexicon.idf, translations=found.get(language)) == 0.0


def test_a_query_just_below_the_floor_is_answered_when_one_sentence_of_its_best_passages_is_near() -> None:
    """A long passage's vector blurs the one sentence a question asks about; the second look finds it."""
    query = np.array([[1.0, 0.0]])
    near, far = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    asked: list[list[str]] = []

    def embed(texts: list[str]) -> np.ndarray:
        asked.append(texts)
        return np.array([near if "stators" in t else far for t in texts])

    passage = "The motor turned all night. Its stators were fixed to the frame by bolts. The end came."
    below = rel.FLOOR - 0.01
    assert rel.second_look(below, query, [passage], embed)
    assert asked == [
        ["The motor turned all night.", "Its stators were fixed to the frame by bolts.", "The end came."]
    ]
    assert not rel.second_look(below, query, ["The motor turned all night. The end came."], embed)
    # far below the floor or already above it, no look is taken (nothing embedded)
    asked.clear()
    assert not rel.second_look(rel.SECOND_LOOK_FROM - 0.01, query, [passage], embed)
    assert not rel.second_look(rel.FLOOR, query, [passage], embed) and asked == []


def test_the_second_look_embeds_a_bounded_number_of_sentences() -> None:
    texts = [" ".join(f"Sentence number {i} of passage {k}." for i in range(30)) for k in range(3)]
    assert len(rel.sentences(texts)) == rel.SECOND_LOOK_SENTENCES
