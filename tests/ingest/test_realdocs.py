"""Structure, passages and tables on real third-party documents (../shared/realdocs, present in CI too).

Assertions name article numbers, parts, pages and counts, never a person.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from ingest.models import Document
from ingest.sentences import ends_in_abbreviation
from tests.ingest.realdocs import REALDOCS, realdoc

CITATION_CUT = re.compile(r"(?:\bArts?|\bNo|\bNro|\bNúm|\binc|\blit|\bDr|\bDra|\bSr|\bSra|\bpág|\bfs)\.$")


def document(prefix: str) -> Document:
    return realdoc(prefix)


def article(doc: Document, label: str) -> list:  # type: ignore[type-arg]
    return [p for p in doc.passages if p.section and p.section[-1] == label]


def test_the_colombian_code_cites_its_smuggling_and_trafficking_articles_alone() -> None:
    code = document("11")
    (smuggling,) = article(code, "Art. 188")
    assert smuggling.text.startswith("Artículo 188. Del tráfico de personas.")
    assert smuggling.page_start == 50
    assert any(part.startswith("CAPITULO QUINTO") for part in smuggling.section)
    assert any(part.startswith("TITULO III") for part in smuggling.section)
    assert "Artículo 189" not in smuggling.text
    (trafficking,) = article(code, "Art. 215")
    assert trafficking.text.startswith("Artículo 215. Trata de personas.") and trafficking.page_start == 55


def test_the_chilean_code_keeps_article_367_bis_across_its_page_break() -> None:
    code = document("12")
    passages = article(code, "Art. 367 bis")
    assert passages and passages[0].page_start == 73
    assert any(p.page_end == 74 for p in passages) or article(code, "Art. 367 ter")[0].page_start == 74
    assert not any("Biblioteca del Congreso Nacional" in p.text for p in passages), "running footer removed"
    assert sum("Biblioteca del Congreso Nacional" in p.text for p in code.passages) <= 1


@pytest.mark.parametrize("prefix", ["01", "02", "05", "07", "11", "12", "27"])
def test_no_passage_ends_in_an_abbreviation(prefix: str) -> None:
    doc = document(prefix)
    cut = [p.text[-40:] for p in doc.passages if ends_in_abbreviation(p.text) or CITATION_CUT.search(p.text)]
    assert cut == []


@pytest.mark.parametrize("prefix", ["01", "05", "11", "12", "24", "25", "27"])
def test_passages_are_neither_fragments_nor_walls(prefix: str) -> None:
    sizes = [len(p.text.split()) for p in document(prefix).passages]
    assert min(sizes) >= 20 and max(sizes) <= 320


@pytest.mark.parametrize(
    ("prefix", "parts"),
    [
        ("06", ["FUNDAMENTOS DE HECHO", "FUNDAMENTOS DE DERECHO", "DECISIÓN"]),
        ("07", ["VISTOS", "CONSIDERANDO", "RESUELVO"]),
        ("01", ["VISTOS", "SEPTIMO", "DECIMO"]),
    ],
)
def test_judgment_parts_are_sections(prefix: str, parts: list[str]) -> None:
    tops = list(dict.fromkeys(p.section[0] for p in document(prefix).passages if p.section))
    assert [t for t in tops if t in parts] == parts


def test_a_running_header_of_a_judgment_is_neither_a_section_nor_repeated() -> None:
    doc = document("06")
    assert not any("SALA PENAL PERMANENTE" in part for p in doc.passages for part in p.section)
    assert sum(p.text.count("SALA PENAL PERMANENTE") for p in doc.passages) <= 3
    assert "169-2025/LIMA ESTE" in doc.passages[0].text, "the letterhead is read once, on the first page"


def pdftotext_page(prefix: str, page: int) -> str:
    path = next(REALDOCS.glob(f"{prefix}_*"))
    out = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        check=True,
    )
    return out.stdout.decode("utf-8")


def test_the_numbers_of_a_table_pdf_are_all_in_its_passages() -> None:
    doc = document("25")
    text = " ".join(" ".join(p.text.split()) for p in doc.passages)
    numbers = re.findall(r"(?<![\w,])\d[\d,]*\d(?![\w,])", pdftotext_page("25", 5))
    assert len(numbers) >= 10
    assert [n for n in numbers if n not in text] == []


def test_a_case_file_keeps_every_date_and_number_of_its_docket() -> None:
    doc = document("03")
    text = " ".join(" ".join(p.text.split()) for p in doc.passages)
    tokens = re.findall(r"\d{2}/\d{2}/\d{4}", "\n".join(pdftotext_page("03", n) for n in (1, 2, 3)))
    assert len(tokens) >= 10
    assert [t for t in tokens if t not in text] == []


@pytest.mark.parametrize(("prefix", "page"), [("01", 12), ("05", 70), ("06", 1)])
def test_the_digital_signature_stamps_of_a_judgment_are_read(prefix: str, page: int) -> None:
    doc = document(prefix)
    text = " ".join(" ".join(p.text.split()) for p in doc.passages)
    stamped = pdftotext_page(prefix, page)
    numbers = re.findall(r"(?<![\w/])\d{10,11}(?![\w/])", stamped)  # identity and tax numbers of the signers
    assert numbers, "pdftotext reads the stamps of this page"
    assert [n for n in numbers if n not in text] == []


@pytest.mark.parametrize(
    ("prefix", "records", "media_type", "column"),
    [
        ("14", 3352, "csv", "fecha_ingreso: 2020-01-01"),
        ("16", 290, "csv", "ano_acao_fiscal: 2020"),  # named .xlsx, really a semicolon CSV
        ("17", 1916, "csv", "Município: "),
    ],
)
def test_delimited_files_become_one_record_per_row(
    prefix: str, records: int, media_type: str, column: str
) -> None:
    doc = document(prefix)
    assert doc.media_type == media_type
    lines = [line for p in doc.passages if p.kind == "table" for line in p.text.splitlines()]
    assert len(lines) == records
    assert column in lines[0]
    assert all(p.section and p.section[-1].startswith("row") for p in doc.passages)


@pytest.mark.slow
def test_the_75k_row_sheet_is_read_whole_in_records() -> None:
    doc = document("13")
    lines = [line for p in doc.passages if p.kind == "table" for line in p.text.splitlines()]
    assert len(lines) == 75508
    assert lines[2].startswith("AÑO: 2017 · MES: 1")
    assert "Denuncias por comisión: C_OFERTA DE TRABAJO" in lines[2]
    assert doc.passages[0].section[0] == "BD_CONSOLIDADO_TRATA"
