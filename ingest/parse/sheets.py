"""Spreadsheets (XLSX, XLS, ODS) and delimited text (CSV, TSV): each sheet a section of record passages.

Rows are streamed into `tables.table_blocks`: an XLSX sheet's XML is parsed in chunks (`xlsx_stream`, openpyxl's
read-only mode for a workbook it cannot follow), a CSV is read
by `csv.reader` line by line, so no sheet is held as a list of rows.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator

from .. import chunk
from ..models import Block, Parsed
from ..sniff import sniff_delimiter
from ..tables import table_blocks
from ..text import decode_text
from . import xlsx_stream
from .base import ParseError
from .xlsx_stream import XlsxFormatError

# csv's default field limit (128 KB) is below what a long note cell can hold.
csv.field_size_limit(16 * 1024 * 1024)


def sheet_blocks(name: str, rows: Iterable[list[str]], page: int = 1) -> Iterator[Block]:
    """A heading with the sheet's name, then its notes and records; nothing for an empty sheet."""
    blocks = table_blocks(rows, page, chunk.TARGET_WORDS, chunk.MAX_WORDS)
    first = next(blocks, None)
    if first is None:
        return
    if name:
        yield Block(name, page, "heading", level=1)
    yield first
    yield from blocks


def cell(value: object) -> str:
    """A cell as a reader writes it: 41 not 41.0, a date without a midnight time."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d}" if value.time() == datetime.time(0) else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


def parse_xlsx(data: bytes) -> Parsed:
    """Rows streamed from the sheets' XML (`xlsx_stream`); a workbook that reader cannot follow is read
    again with openpyxl."""
    try:
        return parse_xlsx_stream(data)
    except (XlsxFormatError, zipfile.BadZipFile):
        return parse_xlsx_openpyxl(data)


def parse_xlsx_stream(data: bytes) -> Parsed:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members, epoch1904 = xlsx_stream.sheets(zf)
        strings = xlsx_stream.shared_strings(zf, cell)
        dates = xlsx_stream.date_styles(zf)
        blocks: list[Block] = []
        for name, member in members:
            blocks.extend(
                sheet_blocks(name, xlsx_stream.sheet_rows(zf, member, strings, dates, epoch1904, cell))
            )
        properties = xlsx_stream.core_properties(zf)
    return Parsed(blocks, 1, properties)


def parse_xlsx_openpyxl(data: bytes) -> Parsed:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        blocks: list[Block] = []
        for ws in book.worksheets:
            rows = ([cell(v) for v in row] for row in ws.iter_rows(values_only=True))
            blocks.extend(sheet_blocks(ws.title, rows))
        properties = {"title": book.properties.title, "author": book.properties.creator}
    finally:
        book.close()
    return Parsed(blocks, 1, {k: v for k, v in properties.items() if v})


def parse_xls(data: bytes) -> Parsed:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.XLRDError as exc:
        raise ParseError(
            f"not a readable XLS workbook (legacy .doc and .ppt are not supported): {exc}"
        ) from exc
    blocks: list[Block] = []
    for sheet in book.sheets():
        rows = ([cell(v) for v in sheet.row_values(r)] for r in range(sheet.nrows))
        blocks.extend(sheet_blocks(sheet.name, rows))
    return Parsed(blocks, 1, {})


def parse_ods(data: bytes) -> Parsed:
    from odf import opendocument, table, teletype

    document = opendocument.load(io.BytesIO(data))

    def rows_of(sheet: object) -> Iterator[list[str]]:
        for row in sheet.getElementsByType(table.TableRow):  # type: ignore[attr-defined]
            cells: list[str] = []
            for item in row.getElementsByType(table.TableCell):
                repeat = min(int(item.getAttribute("numbercolumnsrepeated") or 1), 50)
                cells.extend([teletype.extractText(item).strip()] * repeat)
            yield cells

    blocks: list[Block] = []
    for sheet in document.spreadsheet.getElementsByType(table.Table):
        blocks.extend(sheet_blocks(sheet.getAttribute("name"), rows_of(sheet)))
    return Parsed(blocks, 1, {})


def parse_delimited(data: bytes) -> Parsed:
    """CSV or TSV in any common encoding (BOM honoured); the delimiter is sniffed from the first lines."""
    text = decode_text(data)
    delimiter = sniff_delimiter(text[:20000]) or ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return Parsed(list(sheet_blocks("", rows)), 1, {"delimiter": delimiter})
