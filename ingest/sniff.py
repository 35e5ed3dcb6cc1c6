"""Tell a file's type from its bytes, never from its name (a semicolon CSV named ".xlsx" is a CSV)."""

from __future__ import annotations

import csv
import zipfile
from io import BytesIO

DELIMITERS = (",", ";", "\t", "|")
# A delimited file has at least this many lines in the sample, this share of them with the same number
# (two or more) of fields, and fields this short on average (prose with commas has long ones).
MIN_TABLE_LINES = 3
MIN_SAME_WIDTH = 0.8
MAX_MEAN_FIELD = 60

# Zip containers are told apart by the members that only their kind carries.
ZIP_MEMBERS = {
    "word/document.xml": "docx",
    "ppt/presentation.xml": "pptx",
    "xl/workbook.xml": "xlsx",
}


class UnsupportedType(ValueError):
    pass


def sniff(data: bytes) -> str:
    """Return one of: pdf, docx, pptx, xlsx, xls, ods, png, jpeg, tiff, eml, html, md, csv, tsv, txt."""
    if not data:
        raise UnsupportedType("empty file")
    head = data[:8]
    if data.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"  # OLE2; legacy .doc/.ppt are refused by the xls parser with a clear message
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedType("binary file of unknown type")
    return _sniff_text(data[:32768])


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                mimetype = zf.read("mimetype")[:100]
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods"
    except zipfile.BadZipFile as exc:
        raise UnsupportedType(f"damaged zip container: {exc}") from exc
    for member, kind in ZIP_MEMBERS.items():
        if member in names:
            return kind
    raise UnsupportedType("zip archive that is not a DOCX, PPTX, XLSX or ODS document")


def _sniff_text(head: bytes) -> str:
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered[:2048]:
        return "html"
    lines = head.splitlines()[:30]
    header_names = (b"from:", b"to:", b"subject:", b"date:", b"message-id:", b"mime-version:", b"received:")
    headers = sum(1 for line in lines if line.lower().startswith(header_names))
    if headers >= 3:
        return "eml"
    if head.startswith((b"---\n", b"---\r\n")) or any(line.startswith(b"# ") for line in lines):
        return "md"
    delimiter = sniff_delimiter(_decode_sample(head))
    if delimiter is not None:
        return "tsv" if delimiter == "\t" else "csv"
    return "txt"


def _decode_sample(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start > len(head) - 4:
            return head[: exc.start].decode("utf-8-sig")  # a character cut by the end of the sample
        return head.decode("cp1252", errors="replace")


def sniff_delimiter(sample: str) -> str | None:
    """The delimiter that splits the sample's lines into the same number (two or more) of short fields
    most consistently, or None when no delimiter does (the text is not a table)."""
    lines = [line for line in sample.splitlines()[:60] if line.strip()]
    if len(lines) > MIN_TABLE_LINES:
        lines = lines[:-1]  # the last line of a sample may be cut
    if len(lines) < MIN_TABLE_LINES or lines[0].lstrip().startswith(("|", "#", "<")):
        return None
    if sum(line.rstrip().endswith((".", "!", "?")) for line in lines) > len(lines) / 2:
        return None  # lines that end sentences are prose
    best, best_score = None, 0.0
    for delimiter in DELIMITERS:
        rows = list(csv.reader(lines, delimiter=delimiter))
        counts = [len(row) for row in rows]
        common = max(set(counts), key=counts.count)
        share = counts.count(common) / len(counts)
        fields = [f for row in rows for f in row]
        wordy = sum(1 for f in fields if len(f.split()) >= 4)
        if (
            common < 2
            or share < MIN_SAME_WIDTH
            or sum(map(len, fields)) / len(fields) > MAX_MEAN_FIELD
            or wordy > 0.4 * len(fields)
        ):
            continue
        score = share * min(common, 30)
        if score > best_score:
            best, best_score = delimiter, score
    return best
