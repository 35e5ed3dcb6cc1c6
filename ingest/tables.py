"""Tables and sheets as self-standing records, read row by row.

A passage of a table must make sense alone in a search hit, so each row is written as a record that names
its columns ("Município: Marabá · Trabalhadores resgatados: 41"), and rows are grouped until a passage
has its size. The real header row is found among the first rows: titles, notes and disclaimers above it
(or a long note anywhere) become text passages of their own instead of a header repeated everywhere.
Rows come from an iterator and only one passage's rows are held at a time, so a sheet of 75,000 rows is
read in bounded memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .clean import clean_inline
from .models import Block

# The header row is looked for among this many first non-empty rows.
HEADER_LOOKAHEAD = 30
# A header cell is a short label; a cell longer than this is a title or a note.
MAX_HEADER_CELL = 80
# A row with one filled cell of at least this many words is a note, not data.
NOTE_WORDS = 12
NUMBER = re.compile(r"^[-+]?[\d.,%/: ]+$")
# A year is a fine column name ("País | 2019 | 2020"), unlike other numbers.
YEAR = re.compile(r"^(?:19|20)\d\d$")
SEPARATOR = " · "


def table_blocks(
    rows: Iterable[list[str]], page: int, target_words: int, max_words: int, first_row: int = 1
) -> Iterator[Block]:
    """Yield note blocks (narrative) and record blocks (kind "table", `locator` = the rows they hold,
    counted from `first_row` as a spreadsheet numbers them)."""
    numbered = ((first_row + i, [clean_inline(c) for c in row]) for i, row in enumerate(rows))
    filled = ((n, _trim(row)) for n, row in numbered)
    stream = ((n, row) for n, row in filled if row)
    head: list[tuple[int, list[str]]] = []
    for item in stream:
        head.append(item)
        if len(head) >= HEADER_LOOKAHEAD:
            break
    if not head:
        return
    index = find_header(head)
    notes = [" ".join(c for c in row if c) for _, row in head[:index]] if index is not None else []
    if notes:
        yield Block("\n".join(notes), page, "narrative")
    header = head[index][1] if index is not None else []
    body = head[index + 1 :] if index is not None else head
    group: list[str] = []
    group_words = 0
    group_rows: list[int] = []

    def flushed() -> Block:
        rows_label = (
            f"rows {group_rows[0]}-{group_rows[-1]}" if len(group_rows) > 1 else f"row {group_rows[0]}"
        )
        block = Block("\n".join(group), page, "table", locator=rows_label)
        group.clear()
        group_rows.clear()
        return block

    for number, row in _chain(body, stream):
        if _is_note(row, header):
            if group:
                yield flushed()
                group_words = 0
            yield Block(" ".join(c for c in row if c), page, "narrative")
            continue
        record = as_record(header, row)
        size = len(record.split())
        if group and group_words + size > max_words:
            yield flushed()
            group_words = 0
        group.append(record)
        group_rows.append(number)
        group_words += size
        if group_words >= target_words:
            yield flushed()
            group_words = 0
    if group:
        yield flushed()


def find_header(head: list[tuple[int, list[str]]]) -> int | None:
    """Index in `head` of the header row: the first row whose cells are short labels (mostly not
    numbers), filling most of the columns the rows after it use. None when no row qualifies."""
    for i, (_, row) in enumerate(head):
        cells = [c for c in row if c]
        after = [len([c for c in r if c]) for _, r in head[i + 1 : i + 6]]
        if len(cells) < 2 or not after:
            continue
        width = max(after)
        if len(cells) < 0.6 * width or any(len(c) > MAX_HEADER_CELL for c in cells):
            continue
        if sum(1 for c in cells if NUMBER.match(c) and not YEAR.match(c)) > 0.3 * len(cells):
            continue
        return i
    return None


def as_record(header: list[str], row: list[str]) -> str:
    """ "Column: value · Column: value" for the filled cells of a row (a value without a column name,
    such as an unnamed index column, stands alone)."""
    parts = []
    for i, value in enumerate(row):
        if not value:
            continue
        name = header[i] if i < len(header) else ""
        parts.append(f"{name}: {value}" if name else value)
    return SEPARATOR.join(parts)


def _is_note(row: list[str], header: list[str]) -> bool:
    cells = [c for c in row if c]
    return len(cells) == 1 and len(cells[0].split()) >= NOTE_WORDS and len(header) != 1


def _trim(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1]:
        end -= 1
    return row[:end]


def _chain(
    first: list[tuple[int, list[str]]], rest: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    yield from first
    yield from rest
