"""Aspect labels of passages (real model) and how a short draft is cut into parts."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

from index.aspects import AspectLabeller, cue_counts, heading_cues
from index.embed import make_embedder
from index.similar import draft_parts


@dataclass
class Passage:
    text: str
    section: list[str] = field(default_factory=list)
    vector: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.float32))


@pytest.fixture(scope="module")
def labeller_and_embedder():  # type: ignore[no-untyped-def]
    embedder = make_embedder()
    return AspectLabeller(embedder), embedder


PASSAGES = {
    "recruitment": [
        (
            "es",
            (
                "Una reclutadora publicaba en Instagram ofertas de trabajo como modelo en el extranjero y prometía "
                "un sueldo de dos mil dólares; las jóvenes eran contactadas por mensajes directos."
            ),
        ),
        (
            "pt",
            (
                "O aliciador anunciava vagas numa rádio comunitária e prometia salário, moradia e passagem paga "
                "a quem aceitasse a proposta de trabalho."
            ),
        ),
    ],
    "financial": [
        (
            "en",
            (
                "Bank records showed transfers to the owners' accounts, and the financial intelligence unit "
                "traced remittances; the court ordered the confiscation of two properties bought with the proceeds."
            ),
        ),
    ],
    "outcome": [
        (
            "es",
            (
                "El tribunal condenó a los dos acusados a doce años de prisión y fijó una reparación civil a favor "
                "de las víctimas; absolvió a la tercera acusada."
            ),
        ),
    ],
    "control": [
        (
            "pt",
            (
                "Os documentos de identidade ficavam guardados pelo patrão, a dívida da passagem nunca diminuía e "
                "os trabalhadores eram ameaçados de ser denunciados à polícia se tentassem sair."
            ),
        ),
    ],
    "investigation": [
        (
            "en",
            (
                "Prosecutors took anticipated testimony from the victims with interpreters, seized phones during "
                "the raids and shared the evidence through a joint investigation team."
            ),
        ),
    ],
}


def test_clear_passages_get_their_aspect_in_each_language(labeller_and_embedder) -> None:  # type: ignore[no-untyped-def]
    labeller, embedder = labeller_and_embedder
    for aspect, items in PASSAGES.items():
        for _, text in items:
            passage = Passage(text, vector=embedder.embed([text])[0])
            assert labeller.label_passage(passage) == aspect, text


def test_a_section_heading_names_the_part_of_the_case() -> None:
    names = ["recruitment", "transport", "exploitation", "control", "financial", "investigation", "outcome"]
    assert names[int(np.argmax(heading_cues(["Caso de pesca", "Buenas prácticas"])))] == "investigation"
    assert names[int(np.argmax(heading_cues(["Dispositivo"])))] == "outcome"
    assert not heading_cues(
        ["Trabajo forzoso de tripulantes extranjeros en un buque pesquero en el Atlántico"]
    ).any()
    shares = cue_counts("Transferencias, remesas y cuentas bancarias")
    assert names[int(np.argmax(shares))] == "financial" and shares.max() == pytest.approx(
        4 / 5
    )  # all but "y"


def test_a_short_draft_is_cut_into_whole_sentences_of_about_the_size_asked() -> None:
    text = (
        "La red captaba mujeres en Pereira con ofertas falsas. Les pagaba el pasaje a Cancún. "
        "Allí les retenían el pasaporte y les cobraban una deuda. El tribunal condenó a la reclutadora."
    )
    parts = draft_parts(text, 10)
    assert len(parts) == 4 and " ".join(parts) == text
    assert draft_parts(text, 60) == [text]
    # a short tail joins its neighbour, and a list line stays whole
    assert draft_parts("Primera frase de la descripción del caso con muchas palabras.\nFin.", 9) == [
        "Primera frase de la descripción del caso con muchas palabras. Fin."
    ]
