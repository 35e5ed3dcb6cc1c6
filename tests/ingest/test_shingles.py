"""The text signature that finds the same text in other bytes."""

from __future__ import annotations

from ingest.shingles import BANDS, SIGNATURE, bands, resemblance, signature
from tests.conftest import CASESTUDIES

GUATEMALA = (CASESTUDIES / "es-guatemala-criminalidad-forzada-maras.txt").read_text(encoding="utf-8")
ECUADOR = (CASESTUDIES / "es-ecuador-mendicidad-forzada-ninos.txt").read_text(
    encoding="cp1252"
)  # as it is stored


def test_layout_case_accents_and_punctuation_do_not_change_the_signature() -> None:
    relaid = " ".join(GUATEMALA.upper().replace("á", "a").replace(",", " ,").split())
    assert len(signature(GUATEMALA)) == SIGNATURE
    assert resemblance(signature(GUATEMALA), signature(relaid)) == 1.0
    assert bands(signature(GUATEMALA)) == bands(signature(relaid)) and len(bands(signature(relaid))) == BANDS


def test_an_edited_copy_is_alike_and_another_case_is_not() -> None:
    paragraphs = GUATEMALA.split("\n\n")
    edited = "\n\n".join(paragraphs[:-1])  # the last paragraph dropped
    assert resemblance(signature(GUATEMALA), signature(edited)) > 0.6
    assert resemblance(signature(GUATEMALA), signature(ECUADOR)) < 0.1
    assert not set(bands(signature(GUATEMALA))) & set(bands(signature(ECUADOR)))


def test_a_text_too_short_to_shingle_has_no_signature() -> None:
    assert signature("Caso archivado sin más") == [] and bands([]) == []
    assert resemblance([], signature(GUATEMALA)) == 0.0
