"""Structure-aware chunking: passages of about 150-300 words that keep sentences whole,
carry their page span and heading path, and repeat a table's header row when it is split."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Block

TARGET_WORDS = 220
MAX_WORDS = 300
MIN_WORDS = 150
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“«(¿¡A-ZÁÉÍÓÚÑÇ0-9])")


@dataclass
class Chunk:
    text: str
    page_start: int
    page_end: int
    section: list[str]
    kind: str


def words(text: str) -> int:
    return len(text.split())


def split_sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def chunk_blocks(blocks: list[Block]) -> list[Chunk]:
    chunks: list[Chunk] = []
    path: list[tuple[int, str]] = []
    buffer: list[Block] = []

    def section() -> list[str]:
        return [title for _, title in path]

    def flush() -> None:
        if buffer:
            chunks.append(
                Chunk(
                    "\n".join(b.text for b in buffer),
                    buffer[0].page,
                    buffer[-1].page,
                    section(),
                    "list" if all(b.kind == "list" for b in buffer) else "narrative",
                )
            )
            buffer.clear()

    for block in blocks:
        if block.kind == "heading":
            flush()
            path = [(lvl, t) for lvl, t in path if lvl < block.level] + [(block.level, block.text)]
            continue
        if block.kind == "table" and block.rows:
            flush()
            chunks.extend(_table_chunks(block, section()))
            continue
        for piece in _split_long(block):
            if buffer and sum(words(b.text) for b in buffer) + words(piece.text) > MAX_WORDS:
                flush()
            buffer.append(piece)
            if sum(words(b.text) for b in buffer) >= TARGET_WORDS:
                flush()
    flush()
    return _merge_small(chunks)


def _split_long(block: Block) -> list[Block]:
    if words(block.text) <= MAX_WORDS:
        return [block]
    pieces: list[Block] = []
    current: list[str] = []
    for sentence in split_sentences(block.text):
        if current and words(" ".join(current)) + words(sentence) > TARGET_WORDS:
            pieces.append(Block(" ".join(current), block.page, block.kind))
            current = []
        current.append(sentence)
    if current:
        pieces.append(Block(" ".join(current), block.page, block.kind))
    return pieces


def _table_chunks(block: Block, section: list[str]) -> list[Chunk]:
    assert block.rows
    header, *body = block.rows
    header_line = " | ".join(header)
    chunks: list[Chunk] = []
    current: list[str] = []
    for row in body or [[]]:
        line = " | ".join(row)
        if current and words(header_line) + sum(words(r) for r in current) + words(line) > MAX_WORDS:
            chunks.append(Chunk("\n".join([header_line, *current]), block.page, block.page, section, "table"))
            current = []
        if line:
            current.append(line)
    chunks.append(Chunk("\n".join([header_line, *current]), block.page, block.page, section, "table"))
    return chunks


def _merge_small(chunks: list[Chunk]) -> list[Chunk]:
    """Join a short narrative chunk to the previous one of the same section when both fit."""
    merged: list[Chunk] = []
    for chunk in chunks:
        last = merged[-1] if merged else None
        if (
            last is not None
            and chunk.kind != "table"
            and last.kind != "table"
            and last.section == chunk.section
            and (words(chunk.text) < MIN_WORDS // 2 or words(last.text) < MIN_WORDS // 2)
            and words(last.text) + words(chunk.text) <= MAX_WORDS
        ):
            last.text = f"{last.text}\n{chunk.text}"
            last.page_end = chunk.page_end
            last.kind = "narrative" if last.kind != chunk.kind else last.kind
        else:
            merged.append(chunk)
    return merged
