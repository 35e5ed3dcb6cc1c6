"""Forms of exploitation read from text in es/pt/en: the cue phrases, a denied or terminological mention,
domestic servitude charged as forced labour, and child trafficking from the victims counted."""

from __future__ import annotations

import pytest

from ingest.facts import infer_facts
from ingest.models import Passage

CASE = {"kind": "case_brief", "form": "trafficking", "countries": ["Argentina"]}


def forms(*texts: str, metadata: dict | None = None) -> list[str]:
    passages = [
        Passage("d", k, text, k + 1, k + 1, ["Hechos"], "narrative", "es") for k, text in enumerate(texts)
    ]
    return infer_facts(passages, metadata or CASE).values("exploitation")


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        ("Trata laboral de jornaleros en fincas de café.", "forced_labour"),
        ("Los trabajadores eran explotados laboralmente en la cosecha.", "forced_labour"),
        ("Os trabalhadores viviam em condições análogas às de escravo na fazenda.", "forced_labour"),
        ("The workers were subjected to slave labour on the vessel.", "forced_labour"),
        ("Women were recruited as cooks and later exploited sexually in bars.", "sexual_exploitation"),
        ("Duas mulheres eram obrigadas a manter relações sexuais com os clientes.", "sexual_exploitation"),
        ("La única forma de pagarla era prestar servicios sexuales.", "sexual_exploitation"),
        ("Trabajaba como empleada del hogar sin salario.", "domestic_servitude"),
        ("Ela trabalhava como empregada doméstica sem salário.", "domestic_servitude"),
        ("As vítimas pediam esmola durante dez horas.", "forced_begging"),
        ("As crianças eram obrigadas a praticar pequenos furtos.", "forced_criminality"),
        ("Los adolescentes eran obligados a robar en el transporte público.", "forced_criminality"),
        ("La joven fue sometida a un matrimonio servil.", "forced_marriage"),
        ("Mendicidade forçada de crianças em Lisboa.", "child_trafficking"),
        ("Infants were offered for irregular adoption online.", "child_trafficking"),
    ],
)
def test_a_form_named_once_is_found(sentence: str, form: str) -> None:
    assert form in forms("Caso de trata de personas.", sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "No se acreditó la explotación laboral de los trabajadores.",
        "Neste caso o crime é o tráfico de pessoas, não o trabalho forçado.",
        "The court found it was not forced labour but a labour dispute.",
    ],
)
def test_a_denied_form_is_not_found(sentence: str) -> None:
    assert "forced_labour" not in forms("Caso de trata de personas con fines sexuales.", sentence)


def test_a_note_on_terminology_names_no_form_of_the_case() -> None:
    found = forms(
        "Caso de tráfico de pessoas para fins de exploração sexual.",
        'Em português, "tráfico de pessoas" corresponde ao espanhol "trata de personas"; o transporte '
        'clandestino de migrantes é "contrabando de migrantes".',
    )
    assert found == ["sexual_exploitation"]


def test_domestic_servitude_charged_as_servitude_is_no_forced_labour() -> None:
    found = forms(
        "Servidumbre doméstica de una adolescente en Salta.",
        "El tribunal condenó a los acusados por trata con fines de reducción a servidumbre.",
    )
    assert "domestic_servitude" in found and "forced_labour" not in found
    named = forms(
        "Domestic servitude of a woman in a Santiago household.",
        "The court convicted the defendant of trafficking for the purpose of forced labour and servitude.",
    )
    assert {"domestic_servitude", "forced_labour"} <= set(named)


def test_minors_among_adult_victims_or_adult_offenders_decide_child_trafficking() -> None:
    among = forms(
        "Se trata de un caso de trabajo forzoso en carbonerías.",
        "La inspección rescató a 32 trabajadores, entre ellos tres adolescentes.",
    )
    assert "child_trafficking" not in among
    children = forms(
        "Trata con fines de actividades delictivas.",
        "La policía detuvo a dos adolescentes de catorce años cobrando una extorsión.",
        "El tribunal condenó a los cuatro adultos por el reclutamiento de menores de edad.",
    )
    assert "child_trafficking" in children


def test_an_appeal_refused_is_the_outcome_not_the_conviction_under_review() -> None:
    head = "COURT OF APPEAL. CRIMINAL APPEAL NO 28 OF 2025. " + "The applicant seeks leave to appeal. " * 5
    body = "He was convicted of trafficking in dangerous drugs and sentenced to 6 years. " * 20
    end = "I do not consider there are reasonably arguable grounds. The application is accordingly refused."
    passages = [Passage("d", 0, head + body + end, 1, 1, [], "narrative", "en")]
    facts = infer_facts(passages, {"kind": "judgment", "countries": ["Hong Kong"]})
    assert facts.values("outcome") == ["other"]
    trial = "The court convicted the accused of trafficking in persons and sentenced him to 8 years."
    facts = infer_facts([Passage("d", 0, trial, 1, 1, [], "narrative", "en")], {"kind": "judgment"})
    assert facts.values("outcome") == ["conviction"]


def means(*texts: str) -> list[str]:
    passages = [
        Passage("d", k, text, k + 1, k + 1, ["Hechos"], "narrative", "es") for k, text in enumerate(texts)
    ]
    return infer_facts(passages, CASE).values("means")


@pytest.mark.parametrize(
    ("sentences", "mean"),
    [
        (
            (
                "El capataz recogió las tarjetas de visitante.",
                "A otros se les retuvo la cédula de identidad.",
            ),
            "document_retention",
        ),
        (
            ("O homem recolhia os passaportes.", "Os documentos ficavam guardados pelo chefe."),
            "document_retention",
        ),
        (
            ("An Argentine woman took their identity cards.", "The passports were kept by the owner."),
            "document_retention",
        ),
        (
            (
                "Publicaba falsas ofertas de modelaje.",
                "Una supuesta agencia ofrecía contratos de seis meses.",
            ),
            "deception",
        ),
        (
            (
                "Les dijo que serían entregados a migración y deportados.",
                "Se les advertía que sus familias recibirían visitas.",
            ),
            "threat",
        ),
        (
            ("Eran personas en extrema pobreza.", "Muchos eran desplazados por la violencia."),
            "abuse_of_vulnerability",
        ),
    ],
)
def test_a_means_named_twice_is_found(sentences: tuple[str, str], mean: str) -> None:
    assert mean in means("Caso de trata de personas con fines de explotación laboral.", *sentences)


def test_a_means_named_once_in_a_long_text_or_denied_is_not_found() -> None:
    filler = "La fiscalía coordinó las diligencias con la policía y con la inspección del trabajo. " * 60
    assert "document_retention" not in means(filler, "El capataz recogió los pasaportes.")
    assert "threat" not in means("No hubo amenazas contra los trabajadores.", "Nunca amenazaron a nadie.")
