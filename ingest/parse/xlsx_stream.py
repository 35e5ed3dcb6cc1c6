"""XLSX sheets read as a stream of rows straight from the zip's XML, with expat.

openpyxl's read-only mode streams rows too, but builds an object per shared string and per cell: on a
75,000-row sheet most of the ingest time went there. Here a row is a list of cell strings written as a
reader writes them (`sheets.cell`: 41 not 41.0, dates as ISO dates), produced while the sheet's XML is
parsed in chunks; only the shared-string table and the current row are held. Anything this reader does not
understand raises `XlsxFormatError`, and the caller falls back to openpyxl.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from xml.parsers import expat

# Bytes of XML fed to expat at a time.
CHUNK = 1 << 16
# Built-in number formats that show a date or a time (ECMA-376 18.8.30).
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)}
# A custom format shows a date when, outside quoted text and [colour]/[condition] parts, it has a date letter.
DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
CELL_REF = re.compile(r"([A-Z]+)")


class XlsxFormatError(ValueError):
    """A workbook part this reader cannot follow (the caller reads the file with openpyxl instead)."""


_LOCAL: dict[str, str] = {}


def local(tag: str) -> str:
    """A tag's name without its namespace (remembered: a sheet repeats a handful of tags a million times)."""
    name = _LOCAL.get(tag)
    if name is None:
        name = tag.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]
        if len(_LOCAL) < 1000:  # a file of made-up tags cannot grow it without bound
            _LOCAL[tag] = name
    return name


def parse_part(
    zf: zipfile.ZipFile,
    name: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Run expat over one zip member in chunks, calling the handlers with local tag names."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = lambda tag, attrs: start(local(tag), attrs)
    if end is not None:
        parser.EndElementHandler = lambda tag: end(local(tag))
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        with zf.open(name) as part:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (KeyError, expat.ExpatError) as exc:
        raise XlsxFormatError(f"{name}: {exc}") from exc


def attribute(attrs: dict[str, str], name: str) -> str | None:
    for key, value in attrs.items():
        if local(key) == name:
            return value
    return None


def sheets(zf: zipfile.ZipFile) -> tuple[list[tuple[str, str]], bool]:
    """(sheet name, zip member) in workbook order, and whether dates count from 1904."""
    found: list[tuple[str, str | None]] = []
    flags = {"1904": False}

    def on_workbook(tag: str, attrs: dict[str, str]) -> None:
        if tag == "sheet":
            found.append((attribute(attrs, "name") or "", attribute(attrs, "id")))
        elif tag == "workbookPr" and attribute(attrs, "date1904") in ("1", "true"):
            flags["1904"] = True

    parse_part(zf, "xl/workbook.xml", on_workbook)
    targets: dict[str, str] = {}

    def on_rels(tag: str, attrs: dict[str, str]) -> None:
        if tag == "Relationship" and attrs.get("Id") and attrs.get("Target"):
            targets[attrs["Id"]] = attrs["Target"]

    parse_part(zf, "xl/_rels/workbook.xml.rels", on_rels)
    out = []
    for name, rel in found:
        target = targets.get(rel or "")
        if target is None:
            raise XlsxFormatError(f"sheet {name!r} has no part")
        member = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        )
        out.append((name, member))
    return out, flags["1904"]


def shared_strings(zf: zipfile.ZipFile, cell: Callable[[object], str] = str) -> list[str]:
    """The shared-string table: each <si>'s text runs joined (phonetic guides left out), passed through
    `cell`."""
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    strings: list[str] = []
    parts: list[str] = []
    state = {"t": False, "phonetic": 0}

    def start(tag: str, _attrs: dict[str, str]) -> None:
        if tag == "t":
            state["t"] = not state["phonetic"]
        elif tag == "rPh":
            state["phonetic"] += 1

    def end(tag: str) -> None:
        if tag == "t":
            state["t"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            strings.append(cell("".join(parts)))
            parts.clear()

    def text(data: str) -> None:
        if state["t"]:
            parts.append(data)

    parse_part(zf, "xl/sharedStrings.xml", start, end, text)
    return strings


def date_styles(zf: zipfile.ZipFile) -> set[int]:
    """Indices of the cell formats (cellXfs) that show dates or times."""
    if "xl/styles.xml" not in zf.namelist():
        return set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    state = {"xfs": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "numFmt":
            custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            state["xfs"] = True
        elif tag == "xf" and state["xfs"]:
            formats.append(int(attrs.get("numFmtId", "0")))

    def end(tag: str) -> None:
        if tag == "cellXfs":
            state["xfs"] = False

    parse_part(zf, "xl/styles.xml", start, end)

    def is_date(fmt: int) -> bool:
        if fmt in custom:
            return bool(DATE_CODE.search(QUOTED.sub("", custom[fmt]).replace("General", "")))
        return fmt in DATE_FORMAT_IDS

    return {i for i, fmt in enumerate(formats) if is_date(fmt)}


_COLUMNS: dict[str, int] = {}


def column_index(ref: str) -> int:
    """ "C12" -> 2 (the letters' index from 0; remembered per column)."""
    letters = ref.rstrip("0123456789")
    index = _COLUMNS.get(letters)
    if index is None:
        if not CELL_REF.fullmatch(letters):
            raise XlsxFormatError(f"bad cell reference {ref!r}")
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        index = _COLUMNS[letters] = n - 1
    return index


def excel_date(serial: float, epoch1904: bool) -> datetime.datetime | datetime.time:
    """An Excel serial date as a datetime (a time alone for a serial below one day)."""
    if 0 <= serial < 1:
        seconds = round(serial * 86400)
        return datetime.time(seconds // 3600 % 24, seconds // 60 % 60, seconds % 60)
    base = datetime.datetime(1904, 1, 1) if epoch1904 else datetime.datetime(1899, 12, 30)
    if not epoch1904 and serial < 60:
        serial += 1  # Excel's phantom 29 February 1900
    return base + datetime.timedelta(days=serial)


def sheet_rows(
    zf: zipfile.ZipFile,
    member: str,
    strings: list[str],
    dates: set[int],
    epoch1904: bool,
    cell: Callable[[object], str],
) -> Iterator[list[str]]:
    """The rows of one sheet as lists of cell strings, empty rows kept (so row numbers stay true).
    `strings` are the shared strings as `cell` writes them (`shared_strings(zf, cell)`)."""
    ready: list[list[str]] = []
    row: list[str] = []
    state: dict[str, object] = {"row": 0, "col": 0, "type": "n", "style": 0, "value": None, "in": False}
    text: list[str] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "row":
            number = int(attrs.get("r") or int(state["row"]) + 1)  # type: ignore[call-overload]
            for _ in range(number - int(state["row"]) - 1):  # type: ignore[call-overload]
                ready.append([])
            state["row"] = number
            row.clear()
            state["col"] = 0
        elif tag == "c":
            ref = attrs.get("r")
            state["col"] = column_index(ref) if ref else len(row)
            state["type"] = attrs.get("t", "n")
            state["style"] = int(attrs.get("s", "0"))
            state["value"] = None
        elif tag in ("v", "t"):
            state["in"] = True
            text.clear()

    def end(tag: str) -> None:
        if tag == "v":
            state["in"] = False
            state["value"] = "".join(text)
        elif tag == "t":  # an inline string's text, in one piece or in runs
            state["in"] = False
            state["value"] = f"{state['value'] or ''}{''.join(text)}"
        elif tag == "c":
            raw = state["value"]
            if not raw:  # no value, or a formula never calculated: an empty cell
                return
            col = int(state["col"])  # type: ignore[call-overload]
            while len(row) < col:
                row.append("")
            row.append(value_of(str(raw), str(state["type"]), int(state["style"])))  # type: ignore[call-overload]
        elif tag == "row":
            ready.append(list(row))

    def on_text(data: str) -> None:
        if state["in"]:
            text.append(data)

    def value_of(raw: str, kind: str, style: int) -> str:
        if kind == "s":
            return strings[int(raw)]
        if kind in ("str", "inlineStr", "e"):
            return cell(raw)
        if kind == "b":
            return cell(raw == "1")
        number: float = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
        if style in dates:
            return cell(excel_date(float(number), epoch1904))
        return cell(number)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = lambda tag, attrs: start(local(tag), attrs)
    parser.EndElementHandler = lambda tag: end(local(tag))
    parser.CharacterDataHandler = on_text
    try:
        with zf.open(member) as part:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
                yield from ready
                ready.clear()
            parser.Parse(b"", True)
            yield from ready
    except (KeyError, IndexError, ValueError, expat.ExpatError) as exc:
        raise XlsxFormatError(f"{member}: {exc}") from exc


def core_properties(zf: zipfile.ZipFile) -> dict[str, str]:
    """The workbook's title and author from docProps/core.xml, when it has them."""
    if "docProps/core.xml" not in zf.namelist():
        return {}
    found: dict[str, str] = {}
    text: list[str] = []
    wanted = {"title": "title", "creator": "author"}

    def start(_tag: str, _attrs: dict[str, str]) -> None:
        text.clear()

    def end(tag: str) -> None:
        value = "".join(text).strip()
        if tag in wanted and value:
            found[wanted[tag]] = value

    parse_part(zf, "docProps/core.xml", start, end, text.append)
    return found
