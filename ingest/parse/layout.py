"""Plain page text (a PDF page's text layer, OCR output) into paragraphs, headings and list items.

A PDF text layer has no paragraph marks, only lines. A paragraph ends at a blank line, before a heading,
before a list item, and before a line that opens an article, a division of a code or a part of a
judgment; a heading is a short capitalised line without a full stop that starts after a finished
sentence and is clearly shorter than the page's body lines (a wrapped first line of a paragraph is full
width).
"""

from __future__ import annotations

import re

from ..clean import clean_text
from ..models import Block
from ..sentences import ends_in_abbreviation
from ..structure import heading_line, opens_part, opens_unit

# A heading line ending in one of these words continues on the next line.
DANGLING_WORDS = {
    "de",
    "del",
    "la",
    "las",
    "los",
    "el",
    "da",
    "do",
    "das",
    "dos",
    "a",
    "o",
    "of",
    "the",
    "and",
    "y",
    "e",
    "en",
    "em",
    "in",
    "para",
    "por",
    "con",
    "com",
    "for",
    "to",
}
HEADING_RE = re.compile(r"^[A-ZÁÉÍÓÚÑÇÃÕÂÊÔ0-9][^.;:!?]{2,90}$")
BULLETS = ("• ", "- ", "* ", "– ", "» ", "▪ ", "◦ ", "○ ", "● ")


def text_blocks(text: str, page: int) -> list[Block]:
    """Split one page's text into blocks, all on `page`."""
    text = clean_text(text)
    lengths = sorted(len(line.strip()) for line in text.split("\n") if len(line.strip()) > 20)
    body_width = lengths[len(lengths) * 3 // 4] if lengths else 80
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            joined = " ".join(paragraph)
            blocks.append(Block(joined, page, "list" if joined.startswith(BULLETS) else "narrative"))
            paragraph.clear()

    pending_break = False
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            pending_break = True
            continue
        if pending_break and not (paragraph_open(paragraph) and line[:1].islower()):
            flush()  # a blank line ends a paragraph, unless the sentence plainly goes on (OCR line gaps)
        pending_break = False
        if (
            not paragraph
            and blocks
            and blocks[-1].kind == "heading"
            and len(line) < 60
            and len(blocks[-1].text.split()) + len(line.split()) <= 24
            and not line.endswith(".")
            and (line[:1].islower() or blocks[-1].text.split()[-1].lower() in DANGLING_WORDS)
        ):
            blocks[-1].text = f"{blocks[-1].text} {line}"  # a heading wrapped onto a second line
            continue
        if heading_line(line) and not paragraph_open(paragraph):
            flush()
            blocks.append(Block(line, page, "heading", level=1))
            continue
        if paragraph and (opens_part(line) or (opens_unit(line) and not paragraph_open(paragraph))):
            flush()
        words = line.split()
        if (
            HEADING_RE.match(line)
            and len(words) <= 12
            and not paragraph_open(paragraph)
            and len(line) < 0.75 * body_width
            and sum(ch.isalpha() for ch in line) >= 3
        ):
            flush()
            blocks.append(Block(line, page, "heading", level=1 if line.isupper() or len(words) <= 6 else 2))
            continue
        if line.startswith(BULLETS):
            flush()
        paragraph.append(line)
    flush()
    return blocks


def paragraph_open(paragraph: list[str]) -> bool:
    """A paragraph whose last line does not end a sentence (or ends in "Art.", "No." ...) continues on
    the next line."""
    if not paragraph:
        return False
    last = paragraph[-1].rstrip()
    return not last.endswith((".", ":", ";", "!", "?", ")")) or ends_in_abbreviation(last)
