"""Tables and sheets: the real header row, self-standing records, notes apart, CSV/TSV with any delimiter."""

from __future__ import annotations

import io

from ingest.chunk import chunk_blocks
from ingest.parse import parse
from ingest.sniff import sniff, sniff_delimiter
from ingest.tables import table_blocks

DISCLAIMER = (
    "Nota: los datos de esta tabla provienen de registros administrativos, pueden contener errores "
    "de digitación y no constituyen estadística oficial; su uso es responsabilidad de quien los "
    "consulta y no sustituye la información de las fiscalías."
)


def sheet_rows() -> list[list[str]]:
    return [
        ["Registro de operativos", "", "", ""],
        [DISCLAIMER, "", "", ""],
        ["", "", "", ""],
        ["Município", "UF", "Ano", "Trabalhadores resgatados"],
        *[[f"Município {i}", "PA", str(2000 + i % 20), str(i)] for i in range(60)],
    ]


def test_a_disclaimer_above_the_header_is_one_passage_and_never_the_header() -> None:
    blocks = list(table_blocks(sheet_rows(), 1, 220, 300))
    assert blocks[0].kind == "narrative" and DISCLAIMER in blocks[0].text
    records = [line for b in blocks[1:] for line in b.text.splitlines()]
    assert len(records) == 60
    assert records[41] == "Município: Município 41 · UF: PA · Ano: 2001 · Trabalhadores resgatados: 41"
    assert not any(DISCLAIMER[:30] in b.text for b in blocks[1:])


def test_records_fill_passages_and_say_which_rows_they_hold() -> None:
    blocks = [b for b in table_blocks(sheet_rows(), 1, 220, 300) if b.kind == "table"]
    assert all(len(b.text.split()) <= 300 for b in blocks)
    assert all(len(b.text.split()) >= 200 for b in blocks[:-1])
    assert blocks[0].locator == f"rows 5-{4 + len(blocks[0].text.splitlines())}"


def test_a_long_note_among_the_rows_stands_apart() -> None:
    rows = sheet_rows()
    rows.insert(30, [DISCLAIMER])
    blocks = list(table_blocks(rows, 1, 220, 300))
    notes = [b for b in blocks if b.kind == "narrative"]
    assert len(notes) == 2 and all(b.text.startswith(("Registro", "Nota")) for b in notes)


def test_a_sheet_of_only_notes_becomes_text_passages() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Notas"
    sheet.append([DISCLAIMER])
    sheet.append(
        [
            (
                "Fuente: registros administrativos de las fiscalías especializadas en trata de personas "
                "de la región, consolidados por la unidad de análisis con corte trimestral."
            )
        ]
    )
    out = io.BytesIO()
    book.save(out)
    chunks = chunk_blocks(parse("xlsx", out.getvalue()).blocks)
    assert chunks and all(c.kind == "narrative" for c in chunks)
    assert DISCLAIMER in " ".join(c.text for c in chunks)


def csv_bytes(delimiter: str, encoding: str = "utf-8") -> bytes:
    lines = [delimiter.join(["Ano", "Estabelecimento", "Município", "Trabalhadores"])]
    lines += [delimiter.join([str(2000 + i), f"Fazenda São João {i}", "Marabá", str(i)]) for i in range(40)]
    return "\n".join(lines).encode(encoding)


def test_csv_and_tsv_are_sniffed_from_their_bytes() -> None:
    assert sniff(csv_bytes(",")) == "csv"
    assert sniff(csv_bytes(";")) == "csv"
    assert sniff(csv_bytes("\t")) == "tsv"
    assert sniff(b"\xef\xbb\xbf" + csv_bytes(";")) == "csv"
    assert sniff_delimiter(csv_bytes(";").decode()) == ";"


def test_prose_with_commas_is_not_a_table() -> None:
    prose = (
        "La víctima, una mujer joven, fue captada en la frontera, según la Fiscalía.\n"
        "El acusado, por su parte, negó los hechos, aunque admitió haberla transportado.\n"
        "La defensa, en cambio, pidió la absolución, alegando falta de pruebas.\n"
        "El tribunal, finalmente, condenó al acusado, con la pena máxima prevista.\n"
    ) * 3
    assert sniff(prose.encode()) == "txt"


def test_a_semicolon_csv_named_xlsx_is_read_as_csv(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ingest.pipeline import build_document, read_source

    path = tmp_path / "cadastro.xlsx"
    path.write_bytes(b"\xef\xbb\xbf" + csv_bytes(";", "utf-8"))
    document, _ = build_document(read_source(path, 10 * 1024 * 1024))
    assert document.media_type == "csv"
    records = [line for p in document.passages for line in p.text.splitlines()]
    assert len(records) == 40
    assert (
        records[15]
        == "Ano: 2015 · Estabelecimento: Fazenda São João 15 · Município: Marabá · Trabalhadores: 15"
    )


def test_a_latin1_csv_is_decoded() -> None:
    chunks = chunk_blocks(parse("csv", csv_bytes(";", "cp1252")).blocks)
    assert "Município: Marabá" in chunks[0].text and "São João" in chunks[0].text


def test_years_can_name_columns() -> None:
    rows = [["País", "2019", "2020", "2021"], ["Perú", "12", "15", "20"], ["Chile", "3", "4", "8"]]
    (block,) = table_blocks(rows, 1, 220, 300)
    assert block.text.splitlines() == [
        "País: Perú · 2019: 12 · 2020: 15 · 2021: 20",
        "País: Chile · 2019: 3 · 2020: 4 · 2021: 8",
    ]


def test_spreadsheet_dates_read_as_dates() -> None:
    import datetime

    from ingest.parse.sheets import cell

    assert cell(datetime.datetime(2020, 5, 14)) == "2020-05-14"
    assert cell(datetime.datetime(2020, 5, 14, 0, 15)) == "2020-05-14 00:15"
    assert cell(41.0) == "41" and cell(None) == ""
