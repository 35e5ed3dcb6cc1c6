"""HTML, Markdown and plain text: headings, paragraphs, list items and tables in reading order."""

from __future__ import annotations

import re

from ..clean import clean_text
from ..models import Block, Parsed
from ..structure import heading_line, opens_unit
from ..text import decode_text
from .office import table_text


def parse_html(data: bytes) -> Parsed:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(data), "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "nav", "footer"]):
        tag.decompose()
    blocks: list[Block] = []
    for element in soup.find_all(["h1", "h2", "h3", "h4", "p", "li", "table", "blockquote", "pre"]):
        if element.find_parent(["table", "li", "blockquote"]) is not None:
            continue  # read with the element that holds it (a nested table is text of its outer cell)
        if element.name == "table":
            rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"], recursive=False)]
                    for tr in element.find_all("tr") if tr.find_parent("table") is element]
            if rows:
                blocks.append(Block(table_text(rows), 1, "table", rows=rows))
            continue
        text = element.get_text(" ", strip=True)
        if not text:
            continue
        if element.name.startswith("h"):
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
