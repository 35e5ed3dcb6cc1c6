"""CSV for spreadsheets, the one way every export writes it: each text cell is made safe to open.

A cell that starts with `=`, `+`, `-`, `@` (or their full-width forms), a tab or a line break is taken by
Excel, LibreOffice and Google Sheets as a formula, which can compute, fetch a URL or run a command
(CSV/formula injection). Such a cell gets a leading apostrophe, which spreadsheets show as text and hide.
Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_safe(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula (numbers, booleans and None as they are)."""
    if value is None or isinstance(value, bool | int | float):
        return "" if value is None else value
    text = str(value)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


def to_csv(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> str:
    """The table as CSV text, every cell through `csv_safe`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return buffer.getvalue()
