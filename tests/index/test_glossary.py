"""The shared glossary: its Protocol-based seed, term equivalents across es/pt/en with false friends, and
edits kept in the knowledge base's file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casoteca.settings import Settings
from index.glossary import Glossary, GlossaryError, equivalents, expansions, find_terms, seed
from index.highlight import fold, highlight, query_terms
from index.search import SearchRequest
from service.accounts import CLI
from service.library import Library
from tests.conftest import ROOT

REALDOCS = ROOT.parent / "shared" / "realdocs"


def test_the_seed_covers_the_protocols_terms_in_three_languages() -> None:
    entries = seed()
    assert len({e.id for e in entries}) == len(entries) >= 25
    for entry in entries:
        assert set(entry.texts) == {"es", "pt", "en"}, entry.id
        assert all(text.term and text.definition for text in entry.texts.values()), entry.id
    by_id = {e.id: e for e in entries}
    english = {e.texts["en"].term for e in entries}
    for term in (
        "exploitation",
        "forced labour or services",
        "servitude",
        "removal of organs",
        "coercion",
        "abduction",
        "fraud",
        "deception",
        "abuse of power",
        "position of vulnerability",
        "illegal entry",
        "financial or other material benefit",
        "fraudulent travel or identity document",
    ):
        assert term in english
    provisions = {
        (legal.country, legal.provision.split(" (")[0]) for legal in by_id["trafficking-in-persons"].legal
    }
    assert ("Brazil", "Código Penal, art. 149-A") in provisions and (
        "Colombia",
        "Código Penal, art. 188-A",
    ) in provisions
    assert any(
        legal.country == "Brazil" and "149" in legal.provision and "escravo" in legal.term
        for legal in by_id["practices-similar-to-slavery"].legal
    )


def test_trata_de_personas_gives_the_portuguese_and_english_terms_and_warns_of_the_false_friend() -> None:
    found = equivalents("trata de personas", "es")
    assert list(found) == ["trata de personas"]
    assert "tráfico de pessoas" in found["trata de personas"]
    assert "trafficking in persons" in found["trata de personas"]
    assert not any("migrant" in term for term in found["trata de personas"])
    (term,) = find_terms("trata de personas", "es", seed())
    friend = next(f for f in term.false_friends if f.language == "pt")
    assert friend.term == "tráfico de pessoas" and "trata de personas" in friend.note_in("pt")


def test_spanish_smuggling_is_not_expanded_to_portuguese_trafficking() -> None:
    found = equivalents("Una red de tráfico ilícito de migrantes cobraba 6.000 dólares por persona.", "es")
    assert list(found) == [
        "tráfico ilícito de migrantes"
    ]  # the longest term, not also "tráfico de migrantes"
    assert "smuggling of migrants" in found["tráfico ilícito de migrantes"]
    assert "contrabando de migrantes" in found["tráfico ilícito de migrantes"]
    assert "tráfico de pessoas" not in found["tráfico ilícito de migrantes"]
    # an ambiguous word (smuggling in Mexico's law, trafficking elsewhere) expands to neither
    assert equivalents("el delito de tráfico de personas", "es") == {}


def test_terms_are_found_without_case_or_accents_as_whole_words_in_portuguese_and_english() -> None:
    found = equivalents("Houve ENGANO e servidao por dividas; a vítima sofreu ameaças.", "pt")
    assert set(found) == {"ENGANO", "servidao por dividas", "ameaças"}
    assert (
        "debt bondage" in found["servidao por dividas"]
        and "servidumbre por deudas" in found["servidao por dividas"]
    )
    assert "deception" in found["ENGANO"]
    assert equivalents("The victims were recruited; then deceptively moved.", "en") == {}  # no whole word
    english = equivalents("Forced labour and debt bondage on fishing vessels", "en")
    assert (
        "trabajos o servicios forzados" in english["Forced labour"]
        and "servidão por dívidas" in english["debt bondage"]
    )


def test_glossary_edits_persist_in_the_file_and_bad_entries_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "glossary.json"
    glossary = Glossary(path)
    assert len(glossary.all()) == len(seed()) and not path.exists()
    made = glossary.create(
        {
            "texts": {
                "es": {
                    "term": "pulpería",
                    "variants": ["tienda de raya"],
                    "definition": "Tienda del empleador que vende a crédito.",
                },
                "pt": {"term": "barracão", "definition": "Venda do patrão a crédito."},
            },
            "legal": [],
            "false_friends": [],
            "source": "uso del campo",
        }
    )
    again = Glossary(path)  # another worker reading the same data folder
    assert again.get(made.id) == made and len(again.all()) == len(seed()) + 1
    assert again.equivalents("la tienda de raya del habilitador", "es") == {"tienda de raya": ["barracão"]}
    entry = made.to_dict()
    entry["texts"]["en"] = {"term": "company store", "variants": [], "definition": "The employer's store."}
    assert glossary.update(made.id, entry).texts["en"].term == "company store"  # type: ignore[union-attr]
    assert "company store" in again.equivalents("pulpería", "es")["pulpería"]  # its kept copy saw the edit
    for bad in (
        {"texts": {}},
        {"texts": {"fr": {"term": "traite"}}},
        {"texts": {"es": {"term": "  "}}},
        {"texts": {"es": {"term": "x" * 201}}},
        {"texts": {"es": {"term": "x"}}, "legal": [{"country": "Chile", "language": "de", "term": "x"}]},
    ):
        with pytest.raises(GlossaryError):
            glossary.create(bad)
    assert glossary.update("no-such-entry", entry) is None
    assert glossary.delete(made.id) and not glossary.delete(made.id)
    assert made.id not in {item["id"] for item in json.loads(path.read_text(encoding="utf-8"))["entries"]}


def test_expansions_give_each_equivalent_in_the_language_it_is_written_in() -> None:
    found = expansions("penalty for the crime of trafficking in persons", "en")
    assert set(found) == {"es", "pt"}  # never the query's own language
    assert "trata de personas" in found["es"] and "tráfico de pessoas" in found["pt"]
    assert "trata de personas" not in found["pt"] and "tráfico de pessoas" not in found["es"]
    # a query whose language is not told is looked up in all three languages
    assert "trafficking in persons" in expansions("trata de personas", "und")["en"]
    assert expansions("el delito de tráfico de personas", "es") == {}  # the false friend expands to nothing


def test_a_passage_marks_the_glossary_equivalent_of_a_query_term_of_another_language() -> None:
    passage = "El artículo 215 castiga la trata de personas con prisión de cuatro a seis años."
    query = "penalty for trafficking in persons"
    marked = {
        passage[a:b] for a, b in highlight(passage, query_terms(query), (), "es", expansions(query, "en"))
    }
    assert marked == {"trata de personas"}
    assert highlight(passage, query_terms(query), (), "es") == []  # no word of the English query itself


def test_an_edited_glossary_expands_per_language(tmp_path: Path) -> None:
    glossary = Glossary(tmp_path / "glossary.json")
    glossary.create(
        {
            "texts": {
                "es": {"term": "pulpería", "definition": "Tienda del empleador."},
                "pt": {"term": "barracão", "definition": "Venda do patrão."},
            },
            "legal": [],
            "false_friends": [],
            "source": "uso del campo",
        }
    )
    assert glossary.expansions("deudas en la pulpería", "es") == {"pt": ["barracão"]}


@pytest.mark.slow
def test_an_english_query_finds_the_trafficking_article_of_a_spanish_criminal_code(tmp_path: Path) -> None:
    # The Colombian code of 2000: "Artículo 215. Trata de personas" (p. 55), while art. 188 "Del tráfico de
    # personas" is smuggling; many other articles speak of persons and penalties.
    library = Library(Settings(data_dir=tmp_path / "data"))
    try:
        (line,) = library.ingest_paths([REALDOCS / "11_codigo-penal.pdf"])
        assert line.status == "added"
        result = library.search(
            SearchRequest("penalty for the crime of trafficking in persons", kinds=["law"]), caller=CLI
        )
        (card,) = result.hits
        assert card.text.startswith("Artículo 215") and card.page_start == 55
        assert "trata de personas" in {fold(card.text[a:b]) for a, b in card.highlights}
    finally:
        library.close()
