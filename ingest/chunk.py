"""Structure-aware chunking: blocks into passages that a search hit can cite.

A unit is what sits under one section path: an article of a code, a part of a judgment, a section of a
report. A unit of up to MAX_WORDS is one passage, however short (an article is cited whole); a longer one
is cut at sentence ends (`ingest.sentences`, which never cuts after "Art." or a list number) into passages
of even size near TARGET_WORDS. A fragment under FRAGMENT_WORDS never stands alone: it joins a neighbour.
Headings are kept as the first line of the passage they open, so their words are searchable too. Table
records (`ingest.tables`) arrive already grouped and carry the rows they hold in their section.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .models import Block
from .sentences import ends_in_abbreviation, split_sentences
from .structure import ARTICLE_LEVEL
from .tables import table_blocks

TARGET_WORDS = 220
MAX_WORDS = 300
# A passage below this size is only allowed when it is a whole unit (an article, a short section).
MIN_WORDS = 120
# Below this a passage is a fragment ("(2020)", a lone heading) and is merged into a neighbour.
FRAGMENT_WORDS = 20


@dataclass
class Chunk:
    text: str
    page_start: int
    page_end: int
    section: list[str]
    kind: str


@dataclass
class Piece:
    """A sentence (or a heading line) with its page; `opens_block` puts a line break before it."""

    text: str
    page: int
    opens_block: bool


@dataclass
class Unit:
    section: list[str]
    pieces: list[Piece] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)


def words(text: str) -> int:
    return len(text.split())


def chunk_blocks(blocks: list[Block]) -> list[Chunk]:
    """Passages in reading order, each with its page span and section path."""
    chunks: list[Chunk] = []
    path: list[tuple[int, str]] = []
    unit = Unit([])
    headings: list[Block] = []  # headings waiting for the unit they open

    def close() -> None:
        nonlocal unit
        if unit.pieces:
            chunks.extend(pack(unit))
        unit = Unit([title for _, title in path])

    for block in blocks:
        if block.kind == "heading":
            close()
            path = [(lvl, t) for lvl, t in path if lvl < block.level] + [(block.level, block.text)]
            unit = Unit([title for _, title in path])
            if block.level != ARTICLE_LEVEL:  # an article's label ("Art. 92") is not in the text itself
                headings.append(block)
            continue
        if block.kind == "table":
            close()
            section = [title for _, title in path]
            headings.clear()  # a table's headings (a sheet's name) are its section, not a passage of their own
            for records in (
                [block]
                if block.rows is None
                else table_blocks(block.rows, block.page, TARGET_WORDS, MAX_WORDS)
            ):
                text = records.text
                if records.kind != "table":  # a note or title of the table: text, cut like any other
                    note = Unit(
                        section,
                        [Piece(t, records.page, i == 0) for i, t in enumerate(split_sentences(text))],
                        {"narrative"},
                    )
                    chunks.extend(pack(note))
                    continue
                where = [records.locator] if records.locator else []
                chunks.append(Chunk(text, records.page, records.page, section + where, "table"))
            continue
        for heading in headings:
            if not block.text.lower().startswith(heading.text.lower()[:40]):
                unit.pieces.append(Piece(heading.text, heading.page, True))
        headings.clear()
        unit.kinds.add(block.kind)
        for i, sentence in enumerate(split_sentences(block.text)):
            if i == 0 and unit.pieces and ends_in_abbreviation(unit.pieces[-1].text, sentence):
                last = unit.pieces[-1]  # "... Chasis No." + "9C2..." on the next line: one sentence
                unit.pieces[-1] = Piece(f"{last.text} {sentence}", last.page, last.opens_block)
                continue
            unit.pieces.append(Piece(sentence, block.page, i == 0))
    close()
    if headings:  # headings at the very end, with nothing under them
        chunks.append(
            Chunk(
                "\n".join(h.text for h in headings),
                headings[0].page,
                headings[-1].page,
                unit.section,
                "narrative",
            )
        )
    return merge_fragments(chunks)


def pack(unit: Unit) -> list[Chunk]:
    """Cut a unit into passages of even size at sentence ends; a sentence longer than MAX_WORDS is cut
    between words, never after an abbreviation."""
    pieces = [p for piece in unit.pieces for p in _split_long(piece)]
    total = sum(words(p.text) for p in pieces)
    count = max(1, math.ceil(total / TARGET_WORDS)) if total > MAX_WORDS else 1
    kind = "list" if unit.kinds == {"list"} else "narrative"
    chunks: list[Chunk] = []
    current: list[Piece] = []
    size = 0
    remaining = total
    for piece in pieces:
        n = words(piece.text)
        goal = remaining / max(1, count - len(chunks))
        if current and (size + n > MAX_WORDS or (size >= goal and size >= MIN_WORDS // 2)):
            chunks.append(_chunk(current, unit.section, kind))
            remaining -= size
            current, size = [], 0
        current.append(piece)
        size += n
    if current:
        chunks.append(_chunk(current, unit.section, kind))
    return chunks


def _split_long(piece: Piece) -> list[Piece]:
    tokens = piece.text.split()
    if len(tokens) <= MAX_WORDS:
        return [piece]
    parts: list[Piece] = []
    step = TARGET_WORDS
    start = 0
    while start < len(tokens):
        end = min(len(tokens), start + step)
        while (
            end < len(tokens)
            and end - start > step // 2
            and (ends_in_abbreviation(tokens[end - 1], tokens[end]) or tokens[end][:1].isdigit())
        ):
            end -= 1  # never leave "Art." at the end or its number at the start
        parts.append(Piece(" ".join(tokens[start:end]), piece.page, piece.opens_block and start == 0))
        start = end
    return parts


def _chunk(pieces: list[Piece], section: list[str], kind: str) -> Chunk:
    text = ""
    for piece in pieces:
        text = piece.text if not text else f"{text}{chr(10) if piece.opens_block else ' '}{piece.text}"
    return Chunk(text, pieces[0].page, pieces[-1].page, list(section), kind)


def merge_fragments(chunks: list[Chunk]) -> list[Chunk]:
    """Join every passage under FRAGMENT_WORDS to a neighbour: to the fragments next to it, then (when
    still short) to the previous passage when it has room, else to the next. Merged articles are cited
    together ("Arts. 10–11")."""
    runs: list[Chunk] = []
    run_open = False  # whether runs[-1] is made only of fragments
    for chunk in chunks:
        small = words(chunk.text) < FRAGMENT_WORDS
        if small and run_open and words(runs[-1].text) + words(chunk.text) <= MAX_WORDS:
            runs[-1] = _join(runs[-1], chunk)  # neighbouring fragments first join each other
        else:
            runs.append(chunk)
            run_open = small
    merged: list[Chunk] = []
    carry: Chunk | None = None
    for chunk in runs:
        if carry is not None:
            chunk = _join(carry, chunk, chunk.section)
            carry = None
        small = words(chunk.text) < FRAGMENT_WORDS
        last = merged[-1] if merged else None
        if small and last is not None and words(last.text) + words(chunk.text) <= MAX_WORDS + FRAGMENT_WORDS:
            merged[-1] = _join(last, chunk)
        elif small:
            carry = chunk
        else:
            merged.append(chunk)
    if carry is not None:
        merged.append(carry)
    return merged


def _join(first: Chunk, second: Chunk, section: list[str] | None = None) -> Chunk:
    """One passage of two; it keeps `section`, else the first one's (articles cited together)."""
    if section is not None:
        return Chunk(
            f"{first.text}\n{second.text}", first.page_start, second.page_end, section, _kind(first, second)
        )
    section = first.section
    if (
        first.section
        and second.section
        and first.section[:-1] == second.section[:-1]
        and first.section[-1] != second.section[-1]
    ):
        a, b = first.section[-1], second.section[-1]
        if a.startswith(("Art. ", "Arts. ")) and b.startswith("Art. "):
            start = a.split(" ", 1)[1].split("–")[0]  # an en dash: "149-A" keeps its hyphen
            section = [*first.section[:-1], f"Arts. {start}–{b.split(' ', 1)[1]}"]
    return Chunk(
        f"{first.text}\n{second.text}", first.page_start, second.page_end, section, _kind(first, second)
    )


def _kind(first: Chunk, second: Chunk) -> str:
    """Rows stay a table when a fragment of text joins them."""
    if "table" in (first.kind, second.kind):
        return "table"
    return first.kind if first.kind == second.kind else "narrative"
