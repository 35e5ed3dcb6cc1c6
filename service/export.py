"""A casebook exported to Markdown, DOCX or PDF: every passage cited (title, country, year, pages) and a
list of sources at the end. The three formats are built from the same outline, so they say the same."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from .casebooks import Casebook, Citation
from .labels import EXPORT_WORDS
from .labels import labels as translated
from .media import EXPORT_TYPES

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core, installed by bootstrap
LABELS = EXPORT_WORDS  # one table with the pages and the API (service/labels.py)
MEDIA_TYPES = EXPORT_TYPES  # the name this module has always offered


@dataclass
class Entry:
    heading: str
    citation: str
    text: str
    note: str


def place_and_year(c: Citation, language: str = "en") -> str:
    return ", ".join([*translated("country", c.countries, language), *([str(c.year)] if c.year else [])])


def cite(c: Citation, language: str) -> str:
    """ "Title (Peru, Bolivia, 2019), pp. 3-4, Section › Subsection"."""
    labels = LABELS.get(language, LABELS["en"])
    where = place_and_year(c, language)
    parts = [f"{c.title} ({where})" if where else c.title]
    if c.order is None:
        parts.append(labels["case"])
    else:
        if c.page_start is not None:
            parts.append(
                f"{labels['p']} {c.page_start}"
                if c.page_start == c.page_end
                else f"{labels['pp']} {c.page_start}-{c.page_end}"
            )
        if c.section:
            parts.append(" › ".join(c.section))
    return ", ".join(parts)


def outline(book: Casebook, language: str) -> tuple[list[Entry], list[str]]:
    """The entries in order, and one source line per document cited."""
    labels = LABELS.get(language, LABELS["en"])
    entries = [
        Entry(f"{n}. {item.citation.title}", cite(item.citation, language), item.citation.text, item.note)
        for n, item in enumerate(book.items, 1)
    ]
    sources = []
    for c in book.sources():
        where = place_and_year(c, language)
        sources.append(
            f"{c.title}{f' ({where})' if where else ''}. {c.source_name}; "
            f"{labels['document']} {c.document_id}"
        )
    return entries, sources


def to_markdown(book: Casebook, language: str = "en") -> str:
    entries, sources = outline(book, language)
    labels = LABELS.get(language, LABELS["en"])
    out = [f"# {md_escape(book.title)}", ""]
    if book.description:
        out += [md_escape(book.description), ""]
    for entry in entries:
        out += [f"## {md_escape(entry.heading)}", "", f"*{md_escape(entry.citation)}*", ""]
        out += ["> " + md_escape(line) if line.strip() else ">" for line in entry.text.splitlines()] + [""]
        if entry.note:
            out += [f"**{labels['note']}:** {md_escape(entry.note)}", ""]
    out += [f"## {labels['sources']}", ""] + [f"{n}. {md_escape(s)}" for n, s in enumerate(sources, 1)]
    return "\n".join(out) + "\n"


def md_escape(text: str) -> str:
    """Text shown as written: markup characters in a document never become Markdown or HTML."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def to_docx(book: Casebook, language: str = "en") -> bytes:
    from docx import Document

    entries, sources = outline(book, language)
    labels = LABELS.get(language, LABELS["en"])
    doc = Document()
    doc.core_properties.title = book.title
    doc.add_heading(book.title, level=0)
    if book.description:
        doc.add_paragraph(book.description)
    for entry in entries:
        doc.add_heading(entry.heading, level=1)
        doc.add_paragraph().add_run(entry.citation).italic = True
        doc.add_paragraph(entry.text, style="Quote")
        if entry.note:
            paragraph = doc.add_paragraph()
            paragraph.add_run(f"{labels['note']}: ").bold = True
            paragraph.add_run(entry.note)
    doc.add_heading(labels["sources"], level=1)
    for source in sources:
        doc.add_paragraph(source, style="List Number")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def to_pdf(book: Casebook, language: str = "en") -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer

    entries, sources = outline(book, language)
    labels = LABELS.get(language, LABELS["en"])
    font, bold = "Helvetica", "Helvetica-Bold"
    if (FONT_DIR / "DejaVuSans.ttf").is_file():  # covers every letter of es/pt/en and the quotes and dashes
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        font, bold = "DejaVuSans", "DejaVuSans-Bold"
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=font, fontSize=10, leading=14)
    quote = ParagraphStyle("quote", parent=body, leftIndent=0.8 * cm, textColor="#222222")
    cite_style = ParagraphStyle("cite", parent=body, fontSize=9, textColor="#444444")
    h0 = ParagraphStyle("h0", parent=base["Title"], fontName=bold)
    h1 = ParagraphStyle("h1", parent=base["Heading2"], fontName=bold)

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story = [para(book.title, h0)]
    if book.description:
        story.append(para(book.description, body))
    for entry in entries:
        story += [
            para(entry.heading, h1),
            para(entry.citation, cite_style),
            Spacer(1, 4),
            para(entry.text, quote),
        ]
        if entry.note:
            story.append(Paragraph(f"<b>{escape(labels['note'])}:</b> {escape(entry.note)}", body))
    story += [
        para(labels["sources"], h1),
        ListFlowable([para(s, body) for s in sources], bulletType="1", bulletFontName=font),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=book.title,
        author="Casoteca",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    ).build(story)
    return buffer.getvalue()


def export(book: Casebook, fmt: str, language: str = "en") -> bytes:
    if fmt == "md":
        return to_markdown(book, language).encode("utf-8")
    if fmt == "docx":
        return to_docx(book, language)
    if fmt == "pdf":
        return to_pdf(book, language)
    raise ValueError(f"unknown export format {fmt!r}: md, docx or pdf")
