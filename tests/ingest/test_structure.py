"""Legal structure on small synthetic texts: articles of codes, parts of judgments, false headings."""

from __future__ import annotations

from ingest.chunk import Chunk, chunk_blocks
from ingest.parse import parse
from tests.ingest.pdfs import pdf_with_lines

FILLER = (
    "La pena se aumentará de una tercera parte a la mitad cuando la conducta se cometa contra una persona "
    "menor de dieciocho años o en situación de vulnerabilidad."
)


def passages(kind: str, data: bytes) -> list[Chunk]:
    return chunk_blocks(parse(kind, data).blocks)


def article_of(chunks: list[Chunk], label: str) -> list[Chunk]:
    return [c for c in chunks if c.section and c.section[-1] == label]


CODE = f"""LIBRO SEGUNDO
PARTE ESPECIAL

TÍTULO III
DELITOS CONTRA LA LIBERTAD INDIVIDUAL

CAPÍTULO QUINTO
De los delitos contra la autonomía personal

Artículo 90. Secuestro. El que arrebate, sustraiga, retenga u oculte a una persona incurrirá en prisión. {FILLER}

Artículo 91. Desaparición forzada. El particular que someta a otra persona a privación de su libertad. {FILLER}

Artículo 92. Trata de personas. El que capte, traslade, acoja o reciba a una persona con fines de explotación,
incurrirá en prisión de trece a veintiséis años, conforme al Art. 91 y al inc. 2 del Art. 90. {FILLER}

"Gaceta Judicial, DELITO DE COHECHO, 30-jun-2004"

Artículo 93. Tráfico de migrantes. El que promueva la entrada o salida de personas del país sin el cumplimiento
de los requisitos legales incurrirá en prisión. {FILLER}

CAPÍTULO SEXTO
De los delitos contra la inviolabilidad de habitación

Artículo 94. Violación de habitación ajena. El que se introduzca arbitrariamente en habitación ajena. {FILLER}
"""


def test_every_article_of_a_code_is_its_own_unit_with_its_path() -> None:
    chunks = passages("txt", CODE.encode())
    (trata,) = article_of(chunks, "Art. 92")
    assert trata.section == [
        "LIBRO SEGUNDO",
        "PARTE ESPECIAL",
        "TÍTULO III. DELITOS CONTRA LA LIBERTAD INDIVIDUAL",
        "CAPÍTULO QUINTO. De los delitos contra la autonomía personal",
        "Art. 92",
    ]
    assert trata.text.startswith("Artículo 92. Trata de personas.")
    assert "Artículo 93" not in trata.text and "Artículo 91" not in trata.text
    (habitacion,) = article_of(chunks, "Art. 94")
    assert habitacion.section[-2].startswith("CAPÍTULO SEXTO")


def test_a_quoted_jurisprudence_heading_never_becomes_a_section() -> None:
    chunks = passages("txt", CODE.encode())
    assert not any("Gaceta" in part for c in chunks for part in c.section)
    assert any("Gaceta Judicial" in c.text for c in chunks), "its text is kept"
    (migrantes,) = article_of(chunks, "Art. 93")
    assert migrantes.section[-2].startswith("CAPÍTULO QUINTO")


BRAZILIAN = """TÍTULO IV
DOS CRIMES CONTRA A ORGANIZAÇÃO DO TRABALHO

Art. 149. Reduzir alguém a condição análoga à de escravo, quer submetendo-o a trabalhos forçados ou a jornada
exaustiva. Pena - reclusão, de dois a oito anos, e multa.
Art. 149-A. Agenciar, aliciar, recrutar, transportar, transferir, comprar, alojar ou acolher pessoa, mediante
grave ameaça, violência, coação, fraude ou abuso, com a finalidade de remover-lhe órgãos, tecidos ou partes do
corpo. Pena - reclusão, de 4 (quatro) a 8 (oito) anos, e multa.
Art. 149-B. Promover, intermediar ou facilitar a entrada ilegal de pessoa no território nacional, com o fim
de obter vantagem econômica. Pena - reclusão, de 2 (dois) a 5 (cinco) anos, e multa.
Art. 150. Entrar ou permanecer, clandestina ou astuciosamente, em casa alheia ou em suas dependências.
Art. 151. Devassar indevidamente o conteúdo de correspondência fechada, dirigida a outrem.
Art. 152. Abusar da condição de sócio ou empregado de estabelecimento comercial ou industrial para desviar.
"""


def test_a_brazilian_article_with_a_letter_is_its_own_unit() -> None:
    chunks = passages("txt", BRAZILIAN.encode())
    labels = [c.section[-1] for c in chunks]
    assert labels[:3] == ["Art. 149", "Art. 149-A", "Art. 149-B"]
    (trafico,) = article_of(chunks, "Art. 149-A")
    assert trafico.text.startswith("Art. 149-A. Agenciar") and "Art. 149-B" not in trafico.text
    assert trafico.section[0].startswith("TÍTULO IV")
    # articles under 20 words do not stand alone: they are cited together
    assert labels[3:] == ["Arts. 150–152"]


JUDGMENT = f"""JUICIO No. 17282-2020-01011
UNIDAD JUDICIAL PENAL

VISTOS: El tribunal, luego de la audiencia de juicio, dicta sentencia en la causa seguida por trata de personas
con fines de explotación laboral, conforme a los artículos del Código Orgánico Integral Penal. {FILLER}

ANTECEDENTES: La Fiscalía formuló cargos el día de la audiencia de formulación, en la que se dictó prisión
preventiva contra los procesados por el delito del Art. 91 del COIP. {FILLER}

Oficio, FePresentacion

CONSIDERANDO: PRIMERO: VALIDEZ. No se observa omisión de solemnidad sustancial que pueda influir en la decisión
de la causa, por lo que se declara su validez. {FILLER} {FILLER}

RESUELVE: Declarar la culpabilidad de los procesados como autores del delito tipificado en el Art. 91 del COIP,
imponiéndoles la pena de trece años de privación de libertad y la multa correspondiente. {FILLER}
"""


def test_the_parts_of_a_judgment_are_its_sections() -> None:
    chunks = passages("txt", JUDGMENT.encode())
    tops = [c.section[0] for c in chunks if c.section]
    assert list(dict.fromkeys(tops)) == ["VISTOS", "ANTECEDENTES", "CONSIDERANDO", "RESUELVE"]
    resuelve = [c for c in chunks if c.section[:1] == ["RESUELVE"]]
    assert resuelve and resuelve[0].text.startswith("RESUELVE: Declarar")
    assert not any("FePresentacion" in part for c in chunks for part in c.section)


def test_a_judgment_in_a_pdf_keeps_its_parts_though_lines_carry_no_paragraph_marks() -> None:
    body = [line for line in JUDGMENT.splitlines() if line.strip()]
    wrapped = [piece for line in body for piece in _wrap(line, 95)]
    chunks = chunk_blocks(parse("pdf", pdf_with_lines([wrapped])).blocks)
    tops = [c.section[0] for c in chunks if c.section]
    assert list(dict.fromkeys(tops)) == ["VISTOS", "ANTECEDENTES", "CONSIDERANDO", "RESUELVE"]


ENGLISH = f"""BACKGROUND
The applicant was convicted after trial of one count of trafficking in persons. {FILLER}

ANALYSIS
The judge correctly took the offence as committed for gain, which is an aggravating factor here. {FILLER}

ORDER
Leave to appeal against sentence is refused and the sentence imposed below stands as it was. {FILLER}
"""


def test_english_judgment_parts() -> None:
    chunks = passages("txt", ENGLISH.encode())
    assert [c.section for c in chunks] == [["BACKGROUND"], ["ANALYSIS"], ["ORDER"]]


def _wrap(line: str, width: int) -> list[str]:
    out, current = [], ""
    for word in line.split():
        if current and len(current) + len(word) + 1 > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*out, current] if current else out
