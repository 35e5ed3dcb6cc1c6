"""Text cleaning: what extraction leaves in text is repaired before anyone searches it."""

from __future__ import annotations

import pytest

from ingest.chunk import chunk_blocks
from ingest.clean import clean_inline, clean_text
from ingest.parse import parse


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("oper\ufffeators", "operators"),
        ("explo\u00adtación", "explotación"),
        ("explota-\nción laboral", "explotación laboral"),
        ("trata\u00ad\nde personas", "tratade personas"),
        ("\u0084 primera\n\u0084 segunda", "• primera\n• segunda"),
        ("\ufb01nanciera y \ufb02ujos", "financiera y flujos"),
        ("el 3º piso y la 2ª vez, Nº 5", "el 3º piso y la 2ª vez, Nº 5"),
        ("dijo \u0093basta\u0094", "dijo “basta”"),
        ("logo\ue000 aquí", "logo  aquí"),
        ("línea\r\nsiguiente", "línea\nsiguiente"),
        ("socio-económico", "socio-económico"),
        ("Art. 149-\nA", "Art. 149-\nA"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_inline_collapses_whitespace() -> None:
    assert clean_inline("  Trabalhadores\u00a0\n resgatados ") == "Trabalhadores resgatados"


def test_every_format_is_cleaned() -> None:
    markdown = "# Informe\n\nLos oper\ufffeadores de la red usaban \u0084 ofertas \ufb01cticias de trabajo.\n"
    text = " ".join(c.text for c in chunk_blocks(parse("md", markdown.encode()).blocks))
    assert "operadores" in text and "ficticias" in text
    assert not any(ch in text for ch in "\ufffe\u0084\ufb01")
