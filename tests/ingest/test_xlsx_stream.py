"""XLSX rows read straight from the sheet XML are the rows openpyxl reads, and a workbook the stream reader
cannot follow is still read (by openpyxl)."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import openpyxl
import pytest

from ingest.parse import xlsx_stream
from ingest.parse.sheets import parse_xlsx, parse_xlsx_openpyxl, parse_xlsx_stream
from tests.conftest import CASESTUDIES


def workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Resgates"
    sheet.append(
        ["Nota: dados preliminares sujeitos a revisão pela inspeção do trabalho em cada estado federado"]
    )
    sheet.append([])
    sheet.append(["Data", "Hora", "Município", "Trabalhadores", "Taxa", "Confirmado", "Cálculo"])
    sheet.append([datetime.date(2019, 3, 4), datetime.time(13, 30), "Marabá", 41, 0.25, True, 1234.5])
    sheet.append([datetime.datetime(2020, 1, 2, 8, 15), None, "Redenção", 7, 1.0, False, "=D4*2"])
    sheet.cell(row=9, column=5, value="depois de um salto")
    book.create_sheet("Vazia")
    book.create_sheet("Notas")["B2"] = "segunda folha"
    book.properties.title = "Resgates de trabalhadores"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def blocks(parsed: object) -> list[tuple[str, str, str | None]]:
    return [(b.text, b.kind, b.locator) for b in parsed.blocks]  # type: ignore[attr-defined]


def test_streamed_rows_are_the_rows_openpyxl_reads_dates_numbers_gaps_and_sheets_included() -> None:
    data = workbook()
    streamed = parse_xlsx_stream(data)
    assert blocks(streamed) == blocks(parse_xlsx_openpyxl(data))
    assert streamed.properties["title"] == "Resgates de trabalhadores"
    table = next(b for b in streamed.blocks if b.kind == "table")
    assert table.locator == "rows 4-9", "empty and skipped rows keep the sheet's row numbers"
    assert table.text.splitlines()[0] == (
        "Data: 2019-03-04 · Hora: 13:30:00 · Município: Marabá · "
        "Trabalhadores: 41 · Taxa: 0.25 · Confirmado: True · Cálculo: 1234.5"
    )


def test_the_sample_workbooks_read_the_same_streamed() -> None:
    paths = sorted(CASESTUDIES.glob("*.xlsx"))
    assert paths
    for path in paths:
        data = Path(path).read_bytes()
        assert blocks(parse_xlsx_stream(data)) == blocks(parse_xlsx_openpyxl(data)), path.name


def test_a_workbook_the_stream_reader_cannot_follow_is_read_by_openpyxl(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_args: object) -> object:
        raise xlsx_stream.XlsxFormatError("xl/worksheets/sheet1.xml: unknown construct")

    monkeypatch.setattr(xlsx_stream, "sheet_rows", refuse)
    parsed = parse_xlsx(workbook())
    assert any("Município: Marabá" in b.text for b in parsed.blocks)
