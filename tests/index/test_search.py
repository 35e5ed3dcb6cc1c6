"""Hybrid search over real sample documents, the real multilingual model and the embedded Qdrant Edge index."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from casoteca.settings import Settings
from index.fusion import WEIGHT_DENSE_SAME_LANGUAGE, fuse, legs_for
from index.highlight import highlight, query_terms
from index.search import SearchRequest, fold, query_pieces, split_query
from index.sparse import Sparse
from index.store import DENSE, SPARSE, Hit, Leg
from service.accounts import CLI
from service.library import Library
from tests.conftest import CASESTUDIES

SAMPLES = [
    "es-argentina-talleres-textiles-costureros-bolivianos.pdf",
    "pt-brasil-oficinas-costura-sao-paulo-bolivianos.pdf",
    "en-good-practice-textile-labour-inspection.pptx",
    "es-peru-mineria-la-rinconada-servidumbre-deudas.pdf",
    "pt-brasil-garimpo-para-servidao-por-dividas.docx",
    "en-good-practice-mining-debt-bondage-investigations.md",
    "es-bolivia-trata-laboral-castana-riberalta.pdf",
    "es-republica-dominicana-yolas-trafico-maritimo.txt",
    "pt-brasil-aliciamento-redes-sociais-portugal-espanha.pdf",
    "es-guatemala-criminalidad-forzada-maras.txt",
    "es-ecuador-mendicidad-forzada-ninos.txt",
]


@pytest.fixture(scope="module", params=["edge", "server"])
def library(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """The same sample base on the embedded Qdrant Edge index and on qdrant-client's in-process mode, which
    stands in for a Qdrant server: every search test runs on both backends."""
    url = ":memory:" if request.param == "server" else ""
    library = Library(Settings(data_dir=tmp_path_factory.mktemp("search"), qdrant_url=url))
    report = library.ingest_paths([CASESTUDIES / name for name in SAMPLES])
    assert [line.status for line in report] == ["added"] * len(SAMPLES)
    yield library
    library.close()


def titles(library: Library) -> dict[str, str]:
    return {d.id: d.source_name for d in library.summaries(caller=CLI)}


def test_a_spanish_query_finds_the_portuguese_and_english_twins(library: Library) -> None:
    result = library.search(
        SearchRequest("explotación de costureros en talleres textiles", limit=8), caller=CLI
    )
    names = titles(library)
    top = [names[hit.document_id] for hit in result.hits]
    assert top[0] == "es-argentina-talleres-textiles-costureros-bolivianos.pdf"
    assert "pt-brasil-oficinas-costura-sao-paulo-bolivianos.pdf" in top
    assert "en-good-practice-textile-labour-inspection.pptx" in top
    assert {hit.language for hit in result.hits} >= {"es", "pt", "en"}


def test_a_quoted_phrase_must_appear_verbatim(library: Library) -> None:
    result = library.search(SearchRequest('deudas "La Rinconada"', limit=10), caller=CLI)
    assert result.hits
    for hit in result.hits:
        assert "la rinconada" in fold(hit.text)
        assert any(fold(hit.text[a:b]) == "la rinconada" for a, b in hit.highlights)


def test_a_quoted_phrase_no_passage_holds_is_searched_without_the_quotes_and_said(library: Library) -> None:
    result = library.search(
        SearchRequest('deudas en la minería "servidumbres deudoras"', limit=5), caller=CLI
    )
    assert result.unmatched_phrases == ("servidumbres deudoras",)
    plain = library.search(SearchRequest("deudas en la minería servidumbres deudoras", limit=5), caller=CLI)
    assert result.hits and [h.document_id for h in result.hits] == [h.document_id for h in plain.hits]
    assert result.to_dict()["unmatched_phrases"] == ["servidumbres deudoras"]
    held = library.search(SearchRequest('deudas "La Rinconada"', limit=5), caller=CLI)
    assert held.unmatched_phrases == () and held.hits


def test_a_case_number_is_found_by_keyword(library: Library) -> None:
    result = library.search(SearchRequest("FIS-RIB-1804512", limit=3), caller=CLI)
    names = titles(library)
    assert names[result.hits[0].document_id] == "es-bolivia-trata-laboral-castana-riberalta.pdf"
    assert "1804512" in result.hits[0].text


def test_one_rare_word_found_in_one_passage_comes_first(library: Library) -> None:
    result = library.search(SearchRequest("yolas", limit=3), caller=CLI)
    assert titles(library)[result.hits[0].document_id] == "es-republica-dominicana-yolas-trafico-maritimo.txt"


@pytest.mark.parametrize("per_document", [1, 2])
def test_one_document_never_fills_the_page(library: Library, per_document: int) -> None:
    result = library.search(
        SearchRequest("servidumbre por deudas en la minería", limit=10, per_document=per_document), caller=CLI
    )
    counts = Counter(hit.document_id for hit in result.hits)
    assert max(counts.values()) <= per_document
    assert len(result.hits) >= 5


def test_filters_apply_and_facets_count_documents(library: Library) -> None:
    brazil = library.search(SearchRequest("trabajo esclavo", countries=["Brazil"], limit=20), caller=CLI)
    assert brazil.hits and all("Brazil" in hit.countries for hit in brazil.hits)
    assert dict(brazil.facets["country"])["Brazil"] == len({hit.document_id for hit in brazil.hits})
    english = library.search(SearchRequest("trabajo esclavo", languages=["en"], limit=20), caller=CLI)
    assert english.hits and {hit.language for hit in english.hits} == {"en"}
    recent = library.search(SearchRequest("trata", year_from=2021, year_to=2030, limit=20), caller=CLI)
    assert all(hit.year is not None and hit.year >= 2021 for hit in recent.hits)
    smuggling = library.search(
        SearchRequest("embarcaciones", exploitation=["smuggling"], limit=20), caller=CLI
    )
    names = titles(library)
    assert {names[h.document_id] for h in smuggling.hits} == {
        "es-republica-dominicana-yolas-trafico-maritimo.txt"
    }
    judgments = library.search(SearchRequest("sentencia", kinds=["judgment"], limit=20), caller=CLI)
    assert judgments.hits and {hit.kind for hit in judgments.hits} == {"judgment"}


def test_without_query_text_the_facets_describe_the_whole_base(library: Library) -> None:
    result = library.search(SearchRequest("", countries=["Peru"]), caller=CLI)
    assert result.hits == []
    peru_docs = [d for d in library.summaries(caller=CLI) if "Peru" in d.countries]
    assert dict(result.facets["country"])["Peru"] == len(peru_docs)


@pytest.mark.parametrize(
    "text", ["x" * 100_000, "¿¡" * 50_000, "\x00\ud7ff<script>", "de la que el", '"', ""]
)
def test_odd_queries_answer_without_error(library: Library, text: str) -> None:
    result = library.search(SearchRequest(text), caller=CLI)
    assert isinstance(result.hits, list)


def test_modes_give_single_retrievers(library: Library) -> None:
    names = titles(library)
    bm25 = library.search(SearchRequest("servidão por dívidas no garimpo", mode="bm25", limit=5), caller=CLI)
    assert names[bm25.hits[0].document_id] == "pt-brasil-garimpo-para-servidao-por-dividas.docx"
    assert {hit.language for hit in bm25.hits} == {"pt"}  # stemmed words do not cross languages
    dense = library.search(
        SearchRequest("servidão por dívidas no garimpo", mode="dense", limit=5), caller=CLI
    )
    assert {names[hit.document_id] for hit in dense.hits[:3]} <= {
        "pt-brasil-garimpo-para-servidao-por-dividas.docx",
        "es-peru-mineria-la-rinconada-servidumbre-deudas.pdf",
        "en-good-practice-mining-debt-bondage-investigations.md",
    }


def test_reopening_the_embedded_index_keeps_everything(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = Library(settings)
    first.ingest_paths([CASESTUDIES / "es-republica-dominicana-yolas-trafico-maritimo.txt"])
    before = first.search(SearchRequest("yolas", limit=3), caller=CLI)
    first.close()
    reopened = Library(settings)
    try:
        after = reopened.search(SearchRequest("yolas", limit=3), caller=CLI)
        assert before.hits and [h.document_id for h in after.hits] == [h.document_id for h in before.hits]
    finally:
        reopened.close()


def test_a_spanish_query_finds_the_portuguese_case(library: Library) -> None:
    # On the first page of results, among the eleven documents of the sample base in three languages.
    result = library.search(
        SearchRequest("captación de mujeres con falsas ofertas de trabajo en el extranjero", limit=8),
        caller=CLI,
    )
    names = titles(library)
    assert "pt-brasil-aliciamento-redes-sociais-portugal-espanha.pdf" in [
        names[h.document_id] for h in result.hits
    ]


@pytest.mark.parametrize(
    "text",
    [
        "zzqxv qwrtp",
        "¿Cuánto tiempo hay que hornear un bizcocho de chocolate?",
        "How often should I water orchids in summer?",
    ],
)
def test_a_query_nothing_in_the_base_matches_answers_nothing(library: Library, text: str) -> None:
    result = library.search(SearchRequest(text), caller=CLI)
    assert result.hits == [] and result.total == 0
    assert all(values == [] for values in result.facets.values())


def test_one_card_per_document_with_its_other_passages(library: Library) -> None:
    result = library.search(
        SearchRequest("servidumbre por deudas en la minería", limit=10, per_document=3), caller=CLI
    )
    documents = [hit.document_id for hit in result.hits]
    assert len(documents) >= 3 and len(set(documents)) == len(documents)
    assert any(hit.more_count for hit in result.hits)
    for hit in result.hits:
        assert 0.0 <= hit.score <= 1.0
        assert len(hit.more) <= min(2, hit.more_count)
        for other in hit.more:
            assert (
                other.document_id == hit.document_id and other.order != hit.order and other.text != hit.text
            )


def test_paging_returns_the_next_documents_without_repeats(library: Library) -> None:
    query = "explotación laboral de trabajadores migrantes"
    whole = library.search(SearchRequest(query, limit=6), caller=CLI)
    first = library.search(SearchRequest(query, limit=3), caller=CLI)
    second = library.search(SearchRequest(query, limit=3, offset=3), caller=CLI)
    assert whole.total >= 6 and second.offset == 3
    ids = [hit.document_id for hit in first.hits + second.hits]
    assert len(set(ids)) == 6 and ids == [hit.document_id for hit in whole.hits]


def test_facets_count_the_documents_among_the_results(library: Library) -> None:
    result = library.search(SearchRequest("servidumbre por deudas en la minería", limit=20), caller=CLI)
    assert sum(count for _, count in result.facets["kind"]) == result.total == len(result.hits)
    every = library.search(SearchRequest("", limit=20), caller=CLI)
    assert result.total < sum(count for _, count in every.facets["kind"])  # they narrow the base
    value, _ = result.facets["country"][0]
    narrowed = library.search(
        SearchRequest("servidumbre por deudas en la minería", countries=[value], limit=20), caller=CLI
    )
    assert narrowed.hits and all(value in hit.countries for hit in narrowed.hits)


def test_highlights_of_a_spanish_query_in_english_passages_are_stemmed_in_english(library: Library) -> None:
    result = library.search(
        SearchRequest("extracción de oro y trata de personas en la minería", limit=10, languages=["en"]),
        caller=CLI,
    )
    assert result.hits
    marked = {fold(hit.text[a:b]) for hit in result.hits for a, b in hit.highlights}
    assert not marked & {"extract", "extraction", "track", "tracking"}


def test_a_quoted_english_title_does_not_hide_the_spanish_passages(library: Library) -> None:
    result = library.search(
        SearchRequest('"debt bondage in mining" servidumbre por deudas', limit=10), caller=CLI
    )
    languages = {hit.language for hit in result.hits}
    assert "es" in languages
    for hit in result.hits:
        if hit.language == "en":
            assert "debt bondage in mining" in fold(hit.text)


def test_a_long_pasted_text_with_quotes_finds_its_cases(library: Library) -> None:
    pasted = (
        'Los trabajadores bolivianos contaron que el dueño del taller les dijo "acá van a estar mejor" y '
        "que cosían desde las siete de la mañana hasta la medianoche, encerrados, sin cobrar, con la deuda "
        "del pasaje descontada del sueldo. "
    ) * 20
    result = library.search(SearchRequest(pasted, limit=5), caller=CLI)
    assert not result.truncated
    names = titles(library)
    assert "es-argentina-talleres-textiles-costureros-bolivianos.pdf" in [
        names[h.document_id] for h in result.hits
    ]


# --- fast unit tests of the pieces ---


def test_fusion_weights_and_missing_passages() -> None:
    dense = [Hit("a", 0.9, {}), Hit("b", 0.5, {}), Hit("c", 0.4, {})] + [
        Hit(f"x{n}", 0.1, {}) for n in range(10)
    ]
    bm25 = [Hit("c", 12.0, {"language": "es"}), Hit("b", 3.0, {"language": "pt"})] + [
        Hit(f"y{n}", 1.0, {"language": "pt"}) for n in range(10)
    ]
    assert fuse([dense, bm25], [Leg(DENSE, [], 1.0), Leg(SPARSE, Sparse([], []), 0.01)])[0].id == "a"
    assert fuse([dense, bm25], [Leg(DENSE, [], 0.01), Leg(SPARSE, Sparse([], []), 1.0)])[0].id == "c"
    # A per-language weight silences BM25 in Spanish passages only.
    quiet_es = Leg(SPARSE, Sparse([], []), 1.0, by_language={"es": 0.0})
    assert fuse([dense, bm25], [Leg(DENSE, [], 0.01), quiet_es])[0].id == "b"
    assert [h.id for h in fuse([dense[:3], []], [Leg(DENSE, [], 1.0), quiet_es])] == ["a", "b", "c"]


def test_the_dense_list_weighs_less_in_the_query_language_in_hybrid_mode_only() -> None:
    """Two passages equally near in meaning, one in the query's language and one in another, neither found by
    BM25: in hybrid mode the one in the other language comes first (within its language BM25 has had its
    say); dense mode stays plain dense ranking."""
    hybrid = legs_for("trata de personas", [0.1, 0.2], "hybrid", None, "es")
    assert hybrid[0].using == DENSE and hybrid[0].by_language == {"es": WEIGHT_DENSE_SAME_LANGUAGE}
    assert legs_for("trata de personas", [0.1, 0.2], "dense", None, "es")[0].by_language is None
    assert legs_for("trata de personas", [0.1, 0.2], "hybrid", None, "und")[0].by_language is None
    dense = [Hit("es", 0.6, {"language": "es"}), Hit("en", 0.6, {"language": "en"})] + [
        Hit(f"x{n}", 0.2, {"language": "es"}) for n in range(10)
    ]
    bm25 = [Hit(f"y{n}", 5.0 - n / 10, {"language": "es"}) for n in range(10)]
    assert fuse([dense, bm25], hybrid)[0].id == "en"
    assert {h.id for h in fuse([dense], hybrid[:1])[:2]} == {"es", "en"}


def test_a_lone_keyword_match_stands_out() -> None:
    dense = [Hit(f"x{n}", 0.5 - n / 100, {}) for n in range(20)]
    lone = [Hit("rare", 8.0, {})]
    fused = fuse([dense, lone], [Leg(DENSE, [], 1.0), Leg(SPARSE, Sparse([], []), 0.8)])
    assert fused[0].id == "rare"


def test_highlights_fold_accents_and_inflection() -> None:
    text = "La servidumbre por DEUDAS en Tambopata; explotación de trabajadoras."
    spans = highlight(text, query_terms("deuda explotacion trabajadora"), language="es")
    assert [text[a:b] for a, b in spans] == ["DEUDAS", "explotación", "trabajadoras"]
    assert highlight(text, query_terms("de la por en"), language="es") == []


def test_highlights_never_mark_a_word_that_only_shares_letters_across_languages() -> None:
    text = "Investigators track recruiters who extract fees from trafficking victims in Lima."
    spans = highlight(text, query_terms("trata de personas y extracción de oro en Lima"), language="en")
    assert [text[a:b] for a, b in spans] == ["Lima"]  # a name is a name in every language
    # An equivalent given for the passage's language is marked, stemmed in that language.
    spans = highlight(text, query_terms("trata de personas"), language="en", extra={"en": ["trafficked"]})
    assert [text[a:b] for a, b in spans] == ["trafficking"]


def test_quotes_in_a_long_pasted_text_are_not_filters_and_nothing_is_cut_silently() -> None:
    _, phrases = split_query('deudas "La Rinconada"')
    assert phrases == ("La Rinconada",)
    pasted = 'El imputado dijo a las víctimas "vas a ganar mucho dinero" y ' + "las llevó a la mina " * 10
    assert split_query(pasted)[1] == ()
    pieces, truncated = query_pieces("Una frase sobre la mina. " * 300)
    assert not truncated and len(pieces) == 4 and all(len(piece) <= 2_000 for piece in pieces)
    assert " ".join(pieces).split() == ("Una frase sobre la mina. " * 300).split()
    assert query_pieces("Una frase sobre la mina. " * 2_000)[1]


@pytest.mark.parametrize(
    "query",
    [
        "servidumbre por deudas en la minería",
        "explotación laboral de trabajadores migrantes",
        "women recruited on social media with false job offers abroad",
    ],
)
def test_scores_follow_the_order_of_the_cards_across_pages(library: Library, query: str) -> None:
    first = library.search(SearchRequest(query, limit=3, per_document=3), caller=CLI)
    second = library.search(SearchRequest(query, limit=3, per_document=3, offset=3), caller=CLI)
    whole = library.search(SearchRequest(query, limit=6, per_document=3), caller=CLI)
    scores = [hit.score for hit in first.hits + second.hits]
    assert len(scores) >= 4 and scores == sorted(scores, reverse=True)
    assert [hit.score for hit in whole.hits] == scores  # a page shows the scores the whole list shows
    for hit in whole.hits:
        assert all(other.score <= hit.score for other in hit.more)
