"""Case facts read from text: countries by role, provisions normalised, victims, outcome, sentence."""

from __future__ import annotations

from ingest.facts import infer_facts, legs
from ingest.models import Passage
from ingest.provisions import provisions


def passages(*texts: str) -> list[Passage]:
    return [
        Passage("d", k, text, k + 1, k + 1, ["Hechos"], "narrative", "es") for k, text in enumerate(texts)
    ]


def test_provisions_are_normalised_with_their_code() -> None:
    found = dict(
        provisions(
            "Condenados por trata (art. 91 del Código Orgánico Integral Penal, en relación con el art. 92 ibídem); "
            "artigo 149-A do Código Penal; el art. 145 bis del Código Penal y la Ley N° 26.364; 18 U.S.C. § 1589."
        )
    )
    assert {
        "COIP art. 91",
        "COIP art. 92",
        "CP art. 149-A",
        "CP art. 145 bis",
        "Ley 26.364",
        "18 U.S.C. § 1589",
    } <= set(found)
    assert (
        provisions("Según el art. 5 del contrato, y el art. 12.") == []
    )  # a bare article names no provision


def test_route_roles_victims_and_evidence() -> None:
    facts = infer_facts(
        passages(
            "Una red de trata de personas captaba mujeres paraguayas con falsas ofertas de empleo.",
            "Les pagaban el pasaje desde Encarnación hasta Buenos Aires, vía Posadas, donde eran explotadas "
            "sexualmente en un prostíbulo.",
            "Se rescataron 5 mujeres y 2 adolescentes. El tribunal condenó a los 3 acusados a 12 años de prisión.",
        ),
        {"kind": "case_brief", "countries": ["Argentina", "Paraguay"], "year": 2022},
    )
    assert "Paraguay" in facts.values("origin") and "Argentina" in facts.values("destination")
    assert "sexual_exploitation" in facts.values("exploitation")
    assert (
        facts.victims == 7
        and "female" in facts.values("victim_sex")
        and "minor" in facts.values("victim_age")
    )
    assert facts.values("outcome") == ["conviction"] and facts.sentence_years == 12
    destination = next(f for f in facts.facts if f.field == "destination" and f.value == "Argentina")
    assert (
        destination.passage == 1 and "Buenos Aires" in destination.quote and 0 < destination.confidence <= 1
    )


def test_drug_trafficking_is_no_human_trafficking() -> None:
    facts = infer_facts(
        passages(
            "El procesado fue detenido por tráfico ilícito de sustancias catalogadas sujetas "
            "a fiscalización (art. 220 del COIP); se ratifica su estado de inocencia."
        ),
        {"kind": "judgment", "countries": ["Ecuador"]},
    )
    assert facts.values("exploitation") == [] and facts.values("origin") == []
    assert facts.values("provision") == ["COIP art. 220"]


def test_legs_run_through_transit_countries() -> None:
    assert legs(["Haiti"], ["Ecuador", "Peru"], ["Brazil"]) == [
        ("Haiti", "Ecuador"),
        ("Ecuador", "Peru"),
        ("Peru", "Brazil"),
    ]


def test_a_demonym_of_an_institution_or_of_offenders_is_no_victims_nationality() -> None:
    facts = infer_facts(
        passages(
            "Summary prepared by the Chilean national prosecutor's office for the network.",
            "A Peruvian woman was recruited in Lima with a false job offer and exploited in domestic servitude.",
            "Police arrested two Argentine men, the leaders of the ring.",
        ),
        {"form": "trafficking"},
    )
    assert facts.values("victim_nationality") == ["Peru"]
    assert "Argentina" in facts.values("offender_nationality")
    assert "Chile" not in facts.values("origin") + facts.values("offender_nationality")


def test_child_trafficking_needs_counted_minors_or_its_own_name() -> None:
    in_passing = infer_facts(
        passages(
            "Trabajadores bolivianos eran explotados en talleres de costura con trabajo forzoso.",
            "Las víctimas vivían en el taller con sus hijos; los niños no iban a la escuela. Trabajo forzoso.",
        ),
        {"form": "trafficking"},
    )
    assert "child_trafficking" not in in_passing.values("exploitation")
    counted = infer_facts(
        passages("Las víctimas eran tres niñas captadas en Caaguazú para explotación sexual."),
        {"form": "trafficking"},
    )
    assert "child_trafficking" in counted.values("exploitation")


def test_a_report_of_one_case_tells_how_it_ended() -> None:
    decided = infer_facts(
        passages(
            "Resolución. El tribunal de juicio condenó a siete imputados por tráfico ilícito de migrantes."
        ),
        {"kind": "report"},
    )
    assert decided.values("outcome") == ["conviction"]
    open_case = infer_facts(
        passages("El capitán y el oficial fueron formalizados por el delito de trata de personas."),
        {"kind": "report"},
    )
    assert open_case.values("outcome") == ["other"]
    general = infer_facts(
        passages("Las condenas por trata de personas siguen siendo pocas en la región."), {"kind": "guide"}
    )
    assert general.values("outcome") == []
