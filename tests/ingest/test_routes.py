"""Countries by their role in a route, from the cue before each place, in es/pt/en."""

from __future__ import annotations

import pytest

from ingest.facts import infer_facts
from ingest.models import Passage
from ingest.routes import roles


def found(sentence: str) -> set[tuple[str, str]]:
    return {(r.role, r.country) for r in roles(sentence)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Algumas entravam pelo aeroporto de Lisboa e seguiam de ônibus para Espanha.",
            {("transit", "Portugal"), ("destination", "Spain")},
        ),
        (
            "Los migrantes viajaron a Guatemala y luego, en camiones, hasta México.",
            {("transit", "Guatemala"), ("destination", "Mexico")},
        ),
        ("The boats left the beaches near Miches towards Puerto Rico.", {("destination", "Puerto Rico")}),
        ("El destino era la costa oeste de Puerto Rico.", {("destination", "Puerto Rico")}),
        (
            "La red trasladaba a personas desde San Pedro Sula hasta la frontera norte de México.",
            {("destination", "Mexico")},
        ),
        ("Los trabajadores ingresaron a Chile por el paso de Colchane.", {("destination", "Chile")}),
        ("La víctima había ingresado por Bolivia sin control migratorio.", {("transit", "Bolivia")}),
        (
            "Habían sido reclutados en Paita (Perú) y en Manta (Ecuador).",
            {("origin", "Peru"), ("origin", "Ecuador")},
        ),
        (
            "Trabalhadores aliciados em El Alto e em La Paz viajavam para o Brasil.",
            {("origin", "Bolivia"), ("destination", "Brazil")},
        ),
        ("Os grupos viajavam de ônibus de La Paz a Santa Cruz de la Sierra.", {("origin", "Bolivia")}),
        ("Cinco trabalhadores optaram por voltar à Bolívia.", {("origin", "Bolivia")}),
        (
            "The victims were smuggled through Mexico into the United States.",
            {("transit", "Mexico"), ("destination", "United States")},
        ),
        ("Viajaban en bus pasando por Perú.", {("transit", "Peru")}),
        (
            "Cruzaban a Guatemala y luego, ocultos en camiones, seguían hasta Tapachula.",
            {("transit", "Guatemala")},
        ),
        ("They were taken to Mexico and then returned home.", {("destination", "Mexico")}),
    ],
)
def test_a_cue_gives_a_place_its_role(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert found(sentence) == expected


def test_money_sent_between_countries_is_no_route() -> None:
    assert found("Rastreo de remesas desde Estados Unidos y Venezuela hacia cobradores en Colombia.") == set()


def test_the_court_seat_and_a_lawyers_nationality_are_no_origin() -> None:
    passages = [
        Passage(
            "d",
            0,
            "Caso de trata de personas con fines de explotación laboral.",
            1,
            1,
            ["Hechos"],
            "narrative",
            "es",
        ),
        Passage(
            "d",
            1,
            "El Tribunal Oral de Salta condenó al acusado; el abogado defensor, de nacionalidad "
            "peruana, apeló.",
            2,
            2,
            ["Resolución"],
            "narrative",
            "es",
        ),
        Passage(
            "d",
            2,
            "La estructura integrada por ciudadanos colombianos y panameños captaba a mujeres.",
            3,
            3,
            ["Hechos"],
            "narrative",
            "es",
        ),
    ]
    facts = infer_facts(passages, {"kind": "case_brief", "form": "trafficking", "countries": ["Argentina"]})
    assert facts.values("origin") == []
    assert "Peru" not in facts.values("victim_nationality")
    assert {"Colombia", "Panama"} <= set(facts.values("offender_nationality"))


def test_a_country_reached_and_left_on_the_way_is_transit() -> None:
    passages = [
        Passage(
            "d",
            0,
            "Uma rede de coiotes organizava a viagem de migrantes haitianos desde Quito, no "
            "Equador, até o Brasil.",
            1,
            1,
            ["Fatos"],
            "narrative",
            "pt",
        ),
        Passage("d", 1, "Os migrantes chegavam ao Equador de avião.", 2, 2, ["Fatos"], "narrative", "pt"),
    ]
    facts = infer_facts(passages, {"kind": "case_brief", "form": "smuggling", "countries": ["Brazil"]})
    assert facts.values("transit") == ["Ecuador"]
    assert "Ecuador" not in facts.values("origin") and facts.values("destination") == ["Brazil"]
    assert "Haiti" in facts.values("origin")
    transit = next(f for f in facts.facts if f.field == "transit")
    assert transit.passage == 1 and "chegavam ao Equador" in transit.quote


def test_a_plural_demonym_after_an_article_names_people() -> None:
    passages = [
        Passage(
            "d", 0, "Caso de tráfico ilícito de migrantes en yolas.", 1, 1, ["Hechos"], "narrative", "es"
        ),
        Passage(
            "d",
            1,
            "Los migrantes habían pagado, según declararon los venezolanos, 60.000 pesos dominicanos.",
            2,
            2,
            ["Hechos"],
            "narrative",
            "es",
        ),
    ]
    facts = infer_facts(passages, {"kind": "case_brief", "form": "smuggling", "countries": ["Puerto Rico"]})
    assert facts.values("victim_nationality") == ["Venezuela"]  # not the pesos' country


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ingresaron a territorio mexicano por el río Suchiate.", {("destination", "Mexico")}),
        ("Os aliciadores levavam as vítimas até a fronteira brasileira.", {("destination", "Brazil")}),
        ("The boats were smuggled into Colombian waters at night.", {("destination", "Colombia")}),
        ("Fueron detenidos en suelo peruano.", set()),  # a place, but no cue gives it a role
        ("Los peruanos viajaron en bus.", set()),  # people, not a land
    ],
)
def test_a_country_s_land_named_by_its_adjective_is_a_place(sentence: str, expected: set) -> None:
    assert found(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "La travesía comenzaba en Tumbes (Perú), de noche.",
        "A viagem começava em Pacaraima, em território venezuelano.",
        "The journey started in Tecún Umán (Guatemala).",
    ],
)
def test_where_a_route_starts_is_read(sentence: str) -> None:
    assert {role for role, _ in found(sentence)} == {"start"}


def _case(*texts: str, language: str = "es") -> list[Passage]:
    return [
        Passage("d", k, text, k + 1, k + 1, ["Hechos"], "narrative", language) for k, text in enumerate(texts)
    ]


def test_a_route_starting_where_its_people_do_not_come_from_starts_at_a_stop() -> None:
    passages = _case(
        "Caso de tráfico ilícito de migrantes.",
        "Los migrantes cubanos pagaban 2.000 dólares por persona.",
        "El trayecto comenzaba en Tumbes (Perú) y seguía por tierra hasta Chile.",
    )
    facts = infer_facts(passages, {"kind": "case_brief", "form": "smuggling", "countries": ["Chile"]})
    assert facts.values("transit") == ["Peru"] and "Cuba" in facts.values("origin")
    assert "Peru" not in facts.values("origin")


def test_a_route_starting_in_its_people_s_own_country_starts_at_the_origin() -> None:
    passages = _case(
        "Caso de trata de personas con fines de explotación laboral.",
        "Las víctimas, trabajadores peruanos, fueron explotadas en Chile.",
        "El trayecto comenzaba en Tumbes (Perú).",
    )
    facts = infer_facts(passages, {"kind": "case_brief", "form": "trafficking", "countries": ["Chile"]})
    assert "Peru" in facts.values("origin") and facts.values("transit") == []


def test_people_in_transit_pass_through_the_countries_of_the_document() -> None:
    passages = _case(
        "A smuggling ring charged migrants in transit for the crossing, said the prosecutor.",
        "The Haitian migrants were smuggled towards the United States.",
        language="en",
    )
    metadata = {
        "kind": "case_brief",
        "form": "smuggling",
        "countries": ["Mexico", "Guatemala", "United States"],
    }
    facts = infer_facts(passages, metadata)
    assert set(facts.values("transit")) == {"Mexico", "Guatemala"}
    assert facts.values("destination") == ["United States"]
    transit = next(f for f in facts.facts if f.field == "transit")
    assert transit.passage == 0 and "in transit" in transit.quote
    # without the words, the same countries are no stops
    quiet = _case("A smuggling ring charged migrants for the crossing.", passages[1].text, language="en")
    assert infer_facts(quiet, metadata).values("transit") == []
