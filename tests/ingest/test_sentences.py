"""The sentence splitter never cuts after a legal abbreviation or a list number, in es, pt and en."""

from __future__ import annotations

import pytest

from ingest.sentences import ends_in_abbreviation, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Se aplica el Art. 303 del COIP. El tribunal resolvió.",
            ["Se aplica el Art. 303 del COIP.", "El tribunal resolvió."],
        ),
        ("Según los Arts. 91 y 92. Luego declaró.", ["Según los Arts. 91 y 92.", "Luego declaró."]),
        ("Diario Oficial No. 44097. Rige desde hoy.", ["Diario Oficial No. 44097.", "Rige desde hoy."]),
        (
            "El Nro. 12, inc. 2, lit. b, num. 1 aplica. Fin.",
            ["El Nro. 12, inc. 2, lit. b, num. 1 aplica.", "Fin."],
        ),
        (
            "Compareció el Dr. Ruiz y la Dra. Vega, con la Sra. Paz. Luego el Sr. Gil.",
            ["Compareció el Dr. Ruiz y la Dra. Vega, con la Sra. Paz.", "Luego el Sr. Gil."],
        ),
        (
            "Consta a fs. 12 y en la pág. 4, cf. el informe. Sigue.",
            ["Consta a fs. 12 y en la pág. 4, cf. el informe.", "Sigue."],
        ),
        (
            "Empresas como Minera S.A. y Transportes Ltda. Operaban allí.",
            ["Empresas como Minera S.A. y Transportes Ltda. Operaban allí."],
        ),
        (
            "Chasis No. L2BB1604X, motor No. JD16. Luego vino.",
            ["Chasis No. L2BB1604X, motor No. JD16.", "Luego vino."],
        ),
        ("Dijo que no. El testigo calló.", ["Dijo que no.", "El testigo calló."]),
    ],
)
def test_spanish_abbreviations_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nos termos do art. 149-A do Código Penal. O réu foi condenado.",
            ["Nos termos do art. 149-A do Código Penal.", "O réu foi condenado."],
        ),
        ("Conforme fls. 32 e o Núm. 5. A vítima depôs.", ["Conforme fls. 32 e o Núm. 5.", "A vítima depôs."]),
    ],
)
def test_portuguese_abbreviations_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He was charged under 18 U.S.C. § 1591. The jury convicted.",
            ["He was charged under 18 U.S.C. § 1591.", "The jury convicted."],
        ),
        (
            "See No. 12 and Sec. 4 of the Act. It applies, e.g. to minors. Mr. Lee agreed.",
            ["See No. 12 and Sec. 4 of the Act.", "It applies, e.g. to minors.", "Mr. Lee agreed."],
        ),
        ("HKSAR v. Lau was heard. Leave refused.", ["HKSAR v. Lau was heard.", "Leave refused."]),
    ],
)
def test_english_abbreviations_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_a_list_number_stays_with_its_item() -> None:
    text = "Se probaron estos hechos. 1. La captación en la frontera. 2. El traslado. IV. La explotación."
    assert split_sentences(text) == [
        "Se probaron estos hechos.",
        "1. La captación en la frontera.",
        "2. El traslado.",
        "IV. La explotación.",
    ]


def test_nothing_is_lost_at_the_cuts() -> None:
    text = "Primera oración con Art. 5.  Segunda oración! ¿Tercera? «Cuarta» termina aquí."
    assert " ".join(split_sentences(text)).split() == text.split()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("según el Art.", True),
        ("conforme los arts.", True),
        ("Diario Oficial No.", True),
        ("la Dra.", True),
        ("18 U.S.C. §", True),
        ("el testigo dijo que no.", False),
        ("Minera S.A.", False),
        ("de la pena.", False),
    ],
)
def test_ends_in_abbreviation(text: str, expected: bool) -> None:
    assert ends_in_abbreviation(text) is expected
