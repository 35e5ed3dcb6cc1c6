"""HTML, Markdown and plain text: headings, paragraphs, list items and tables in reading order."""

from __future__ import annotations

import re

from ..clean import clean_text
from ..models import Block, Parsed
from ..structure import heading_line, opens_unit
from ..text import decode_text
from .office import table_text

BLOCK_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "table", "blockquote", "pre"]
# What a cell of a page-layout table holds and a data table's cell does not.
LAYOUT_CONTENT = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table"]


def parse_html(data: bytes) -> Parsed:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(data), "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "nav", "footer"]):
        tag.decompose()
    layout = {id(table) for table in soup.find_all("table") if _is_layout(table)}
    blocks: list[Block] = []
    for element in soup.find_all([*BLOCK_TAGS, "td", "th"]):
        holder = element.find_parent("table")
        if element.find_parent(["li", "blockquote"]) is not None or (
            holder is not None and id(holder) not in layout
        ):
            continue  # read with the element that holds it (a data table's cells are its rows)
        if element.name in ("td", "th"):
            # A page-layout cell's own text, when it has no paragraphs of its own to carry it.
            if element.find(BLOCK_TAGS) is None and (text := element.get_text(" ", strip=True)):
                blocks.append(Block(text, 1, "narrative"))
            continue
        if element.name == "table":
            if id(element) in layout:
                continue  # a page laid out in a table: its paragraphs and cells are read one by one
            rows = [
                [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"], recursive=False)]
                for tr in element.find_all("tr")
                if tr.find_parent("table") is element
            ]
            if rows:
                blocks.append(Block(table_text(rows), 1, "table", rows=rows))
            continue
        text = element.get_text(" ", strip=True)
        if not text:
            continue
        if element.name[0] == "h" and element.name[1:].isdigit():
            blocks.append(Block(text, 1, "heading", level=int(element.name[1])))
        else:
            blocks.append(Block(text, 1, "list" if element.name == "li" else "narrative"))
    properties = {}
    if soup.title and soup.title.string:
        properties["title"] = soup.title.string.strip()
    description = soup.find("meta", attrs={"name": "description"})
    if description and description.get("content"):
        properties["description"] = description["content"]
    return Parsed(blocks, 1, properties)


def _is_layout(table: object) -> bool:
    """A table that lays out a page rather than holding data: one of its own cells holds paragraphs,
    headings, lists or another table (court sites print a whole judgment inside one)."""
    for row in table.find_all("tr"):  # type: ignore[attr-defined]
        if row.find_parent("table") is not table:
            continue
        for cell in row.find_all(["td", "th"], recursive=False):
            if cell.find(LAYOUT_CONTENT) is not None:
                return True
    return False


def parse_markdown(data: bytes) -> Parsed:
    from ..metadata import split_front_matter

    front, body = split_front_matter(decode_text(data))
    parsed = parse_markup_text(body)
    parsed.properties["front_matter"] = front
    return parsed


def parse_markup_text(text: str) -> Parsed:
    """Markdown-ish text: `#` and underlined headings, `-` list items, `|` tables, blank-line paragraphs."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    table_rows: list[list[str]] = []

    def flush() -> None:
        if paragraph:
            joined = " ".join(paragraph)
            kind = "list" if re.match(r"^([-*+]|\d+\.)\s", joined) else "narrative"
            blocks.append(Block(re.sub(r"^([-*+])\s+", "", joined), 1, kind))
            paragraph.clear()
        if table_rows:
            rows = [r for r in table_rows if not all(re.fullmatch(r":?-{2,}:?", c) for c in r if c)]
            blocks.append(Block(table_text(rows), 1, "table", rows=rows))
            table_rows.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if re.fullmatch(r"={3,}|-{3,}", line) and len(paragraph) == 1 and len(paragraph[0]) < 120:
            title = paragraph.pop()  # a Setext heading: its text is the line above the underline
            flush()
            blocks.append(Block(title, 1, "heading", level=1 if line[0] == "=" else 2))
        elif heading:
            flush()
            blocks.append(Block(heading.group(2).strip(), 1, "heading", level=len(heading.group(1))))
        elif line.startswith("|"):
            if paragraph:
                flush()
            table_rows.append([c.strip() for c in line.strip("|").split("|")])
        elif not line:
            flush()
        elif heading_line(line):
            flush()
            paragraph.append(line)
            flush()
        else:
            if table_rows or re.match(r"^([-*+]|\d+\.)\s", line):
                flush()
            elif paragraph and opens_unit(line) and paragraph[-1].rstrip().endswith((".", ":", ";")):
                flush()  # an article or a judgment part opens its own paragraph
            paragraph.append(line)
    flush()
    return Parsed(blocks, 1, {})


def parse_text(data: bytes) -> Parsed:
    return parse_markup_text(clean_text(decode_text(data)))
