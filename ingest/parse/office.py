"""Word and PowerPoint files: paragraphs with their heading styles, slides, and tables as rows.

Many real DOCX files never use the heading styles: their headings are "List Paragraph" or "Normal"
paragraphs set in bold, or carry an outline level. Such a paragraph, short and not ending a sentence, is a
heading too, so the sections and the title are read from it.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..models import Block, Parsed

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

# A bold paragraph of at most this many words (without a closing full stop) is a heading.
BOLD_HEADING_WORDS = 12


def parse_docx(data: bytes) -> Parsed:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            style = (item.style.name if item.style is not None else "") or ""
            level = heading_level(item, style, text)
            if level:
                blocks.append(Block(text, 1, "heading", level=level))
            else:
                blocks.append(Block(text, 1, "list" if "List" in style else "narrative"))
        elif isinstance(item, Table):
            rows = [[cell.text.strip() for cell in row.cells] for row in item.rows]
            if rows:
                blocks.append(Block(table_text(rows), 1, "table", rows=rows))
    core = document.core_properties
    properties = {"title": core.title, "author": core.author, "created": core.created}
    return Parsed(blocks, 1, {k: v for k, v in properties.items() if v})


def heading_level(paragraph: Paragraph, style: str, text: str) -> int | None:
    """The heading level of a paragraph: its heading style, else its outline level (0 is level 1), else 2
    when it is short, does not end a sentence and all its text is bold; None for body text."""
    if style.startswith("Heading") or style == "Title":
        return int(style.split()[-1]) if style[-1:].isdigit() else 1
    outline = paragraph._p.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl")
    if outline is not None:
        value = outline.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", "")
        if value.isdigit() and int(value) < 9:  # 9 is "body text"
            return int(value) + 1
    if len(text.split()) > BOLD_HEADING_WORDS or text.endswith((".", ";", ",", ":")):
        return None
    runs = [run for run in paragraph.runs if run.text.strip()]
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    if runs and all(run.bold or (run.bold is None and style_bold) for run in runs):
        return 2
    return None


def parse_pptx(data: bytes) -> Parsed:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    blocks: list[Block] = []
    for number, slide in enumerate(deck.slides, start=1):
        title_shape = slide.shapes.title
        if title_shape is not None and title_shape.text.strip():
            blocks.append(Block(title_shape.text.strip(), number, "heading", level=1))
        for shape in slide.shapes:
            if shape is title_shape:
                continue
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    text = "".join(run.text for run in paragraph.runs).strip()
                    if text:
                        blocks.append(
                            Block(text, number, "list" if paragraph.level or len(text) < 200 else "narrative")
                        )
            elif getattr(shape, "has_table", False) and shape.has_table:
                rows = [[cell.text.strip() for cell in row.cells] for row in shape.table.rows]
                blocks.append(Block(table_text(rows), number, "table", rows=rows))
    core = deck.core_properties
    properties = {"title": core.title, "author": core.author}
    return Parsed(blocks, len(deck.slides), {k: v for k, v in properties.items() if v})


def table_text(rows: list[list[str]]) -> str:
    return "\n".join(" | ".join(row) for row in rows)
