#!/usr/bin/env python3
"""Render the Casoteca sample corpus.

Reads every ``scripts/corpus/<slug>.md`` (YAML front matter + a small Markdown
body) and writes the document into the output folder (``casestudies/`` by
default) in the file format named by its ``format`` key, plus a metadata
sidecar ``<slug>.meta.yaml`` (the front matter minus ``format``) for every
format except ``md``, whose front matter already is the metadata.

All documents are fictional. Output is deterministic as far as the libraries
allow: fixed PDF dates and ids (reportlab ``invariant``, pikepdf
``deterministic_id``), fixed core properties, zip members rewritten with a fixed
timestamp, seeded noise for the "scanned" images and fixed MIME boundaries.

Usage: .venv/bin/python scripts/make_casestudies.py [--out casestudies] [--only SLUG ...]

Supported Markdown: ``#``/``##``/``###`` headings, paragraphs, ``-`` and ``1.``
lists, pipe tables, inline ``**bold**``, ``*italic*``, ```code``` and backslash
escapes. Spreadsheet formats (xlsx, xls, ods) take one sheet per ``## Sheet``
section holding a table (header row first); the intro paragraph before the first
sheet is not a sheet: it goes into the workbook's description property (xlsx,
ods) and is dropped for xls.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.policy
import html
import io
import random
import re
import sys
import textwrap
import zipfile
import zlib
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "corpus"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONT_ITALIC = FONT_DIR / "DejaVuSans-Oblique.ttf"
FONT_BOLD_ITALIC = FONT_DIR / "DejaVuSans-BoldOblique.ttf"
FONT_MONO = FONT_DIR / "DejaVuSansMono.ttf"

# One docx document is written without an extension, to prove ingest sniffs the type from content.
NO_EXTENSION = {"es-argentina-servidumbre-domestica-salta"}

EXT = {
    "pdf": "pdf",
    "scanned_pdf": "pdf",
    "mixed_pdf": "pdf",
    "docx": "docx",
    "pptx": "pptx",
    "html": "html",
    "md": "md",
    "txt_utf8": "txt",
    "txt_latin1": "txt",
    "txt_cp1252": "txt",
    "eml": "eml",
    "xlsx": "xlsx",
    "xls": "xls",
    "ods": "ods",
    "png": "png",
    "jpeg": "jpg",
    "tiff": "tif",
}
MIME = {
    "pdf": ("application", "pdf"),
    "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pptx": ("application", "vnd.openxmlformats-officedocument.presentationml.presentation"),
    "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "xls": ("application", "vnd.ms-excel"),
    "ods": ("application", "vnd.oasis.opendocument.spreadsheet"),
    "html": ("text", "html"),
    "md": ("text", "markdown"),
    "txt": ("text", "plain"),
    "png": ("image", "png"),
    "jpg": ("image", "jpeg"),
    "tif": ("image", "tiff"),
}
ENUMS = {
    "kind": {"case", "judgment", "good_practice", "report", "news"},
    "language": {"es", "pt", "en"},
    "countries": {
        "Argentina",
        "Bolivia",
        "Brazil",
        "Chile",
        "Colombia",
        "Costa Rica",
        "Dominican Republic",
        "Ecuador",
        "El Salvador",
        "Guatemala",
        "Honduras",
        "Mexico",
        "Nicaragua",
        "Panama",
        "Paraguay",
        "Peru",
        "Uruguay",
        "Venezuela",
        "Spain",
        "Portugal",
    },
    "acts": {"recruitment", "transport", "harbouring", "receipt", "transfer"},
    "means": {
        "deception",
        "debt_bondage",
        "abuse_of_vulnerability",
        "threat",
        "force",
        "coercion",
        "document_retention",
        "abduction",
    },
    "purpose": {
        "sexual_exploitation",
        "forced_labour",
        "domestic_servitude",
        "forced_begging",
        "forced_criminality",
        "organ_removal",
        "child_trafficking",
        "smuggling",
    },
    "form": {"trafficking", "smuggling"},
    "sector": {
        "mining",
        "agriculture",
        "textile",
        "fishing",
        "domestic_work",
        "sex_industry",
        "construction",
        "street",
        "online",
        "none",
    },
    "verdict": {"conviction", "acquittal", "pending", "not_applicable"},
    "visibility": {"public", "network", "office"},
    "format": set(EXT),
}
REQUIRED = ["title", "kind", "language", "countries", "year", "form", "owner_office", "visibility", "format"]
PAGE_WORD = {"es": "Página", "pt": "Página", "en": "Page"}
CREATOR = "Casoteca sample corpus generator (scripts/make_casestudies.py)"
ZIP_TIME = (2021, 1, 1, 0, 0, 0)
DPI = 150


# --------------------------------------------------------------------------- parsing


@dataclass
class Block:
    kind: str  # heading | para | bullets | table
    level: int = 0
    text: str = ""
    items: list[str] = field(default_factory=list)
    ordered: bool = False
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Doc:
    slug: str
    meta: dict
    body: str
    raw: str
    blocks: list[Block]

    @property
    def fmt(self) -> str:
        return self.meta["format"]

    @property
    def lang(self) -> str:
        return self.meta["language"]

    @property
    def title(self) -> str:
        return str(self.meta["title"])

    @property
    def owner(self) -> str:
        return str(self.meta["owner_office"])

    @property
    def stamp(self) -> dt.datetime:
        """A fixed, plausible creation date: 30 June of the document's year, noon UTC."""
        return dt.datetime(int(self.meta.get("year") or 2020), 6, 30, 12, 0, 0)

    @property
    def filename(self) -> str:
        return self.slug if self.slug in NO_EXTENSION else f"{self.slug}.{EXT[self.fmt]}"

    @property
    def sidecar_meta(self) -> dict:
        return {k: v for k, v in self.meta.items() if k != "format"}


BULLET = re.compile(r"^[-*+]\s+(.*)$")
NUMBERED = re.compile(r"^\d+[.)]\s+(.*)$")


def _split_row(line: str) -> list[str]:
    s = line.strip()
    s = s.removeprefix("|")
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells = re.split(r"(?<!\\)\|", s)
    return [c.strip().replace("\\|", "|") for c in cells]


def parse_body(body: str) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    lines = body.splitlines()

    def flush() -> None:
        if para:
            blocks.append(Block("para", text=" ".join(para)))
            para.clear()

    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if not s:
            flush()
            i += 1
            continue
        m = re.match(r"^(#{1,6})\s+(.*)$", s)
        if m:
            flush()
            blocks.append(Block("heading", level=len(m.group(1)), text=m.group(2).strip()))
            i += 1
            continue
        if s.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(_split_row(lines[i]))
                i += 1
            rows = [r for r in rows if not all(re.fullmatch(r":?-{2,}:?", c) for c in r)]
            blocks.append(Block("table", header=rows[0], rows=rows[1:]))
            continue
        if BULLET.match(s) or NUMBERED.match(s):
            flush()
            ordered = bool(NUMBERED.match(s)) and not BULLET.match(s)
            items: list[str] = []
            while i < len(lines):
                t = lines[i].strip()
                mm = BULLET.match(t) or NUMBERED.match(t)
                if mm:
                    items.append(mm.group(1).strip())
                elif t and items and lines[i].startswith("  ") and not t.startswith(("#", "|")):
                    items[-1] += " " + t
                else:
                    break
                i += 1
            blocks.append(Block("bullets", items=items, ordered=ordered))
            continue
        para.append(s)
        i += 1
    flush()
    return blocks


INLINE = re.compile(
    r"\\([\\`*_<>#|\[\]()-])|`([^`]+)`|\*\*(.+?)\*\*|(?<![\w*])\*(?![\s*])(.+?)(?<!\s)\*(?!\w)"
)


def inline(text: str) -> list[tuple[str, str | None]]:
    """Split inline Markdown into (text, style) runs; style is None, 'b', 'i' or 'code'."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for m in INLINE.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], None))
        if m.group(1) is not None:
            out.append((m.group(1), None))
        elif m.group(2) is not None:
            out.append((m.group(2), "code"))
        elif m.group(3) is not None:
            out.append((m.group(3), "b"))
        else:
            out.append((m.group(4), "i"))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def plain(text: str) -> str:
    return "".join(t for t, _ in inline(text))


def load(path: Path) -> Doc:
    raw = path.read_text(encoding="utf-8")
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.DOTALL)
    if not m:
        raise SystemExit(f"{path}: no YAML front matter")
    meta = yaml.safe_load(m.group(1))
    slug = path.stem
    problems = [f"missing {k}" for k in REQUIRED if k not in meta]
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        problems.append("slug must be lowercase ascii with hyphens")
    for key, allowed in ENUMS.items():
        if key not in meta or meta[key] is None:
            continue
        values = meta[key] if isinstance(meta[key], list) else [meta[key]]
        bad = [v for v in values if v not in allowed]
        if bad:
            problems.append(f"{key}: unknown {bad}")
    if meta.get("format") == "eml":
        problems += [
            f"missing {k}"
            for k in ("email_from", "email_to", "email_subject", "email_date", "attachments")
            if k not in meta
        ]
    if problems:
        raise SystemExit(f"{path}: " + "; ".join(problems))
    return Doc(slug=slug, meta=meta, body=m.group(2), raw=raw, blocks=parse_body(m.group(2)))


def sections(doc: Doc) -> tuple[list[Block], list[tuple[str, list[Block]]]]:
    """Split the body into the part before the first ## heading and the ## sections."""
    intro: list[Block] = []
    secs: list[tuple[str, list[Block]]] = []
    for b in doc.blocks:
        if b.kind == "heading" and b.level == 2:
            secs.append((plain(b.text), []))
        elif secs:
            secs[-1][1].append(b)
        elif not (b.kind == "heading" and b.level == 1):
            intro.append(b)
    return intro, secs


def intro_text(doc: Doc) -> str:
    intro, _ = sections(doc)
    return " ".join(plain(b.text) for b in intro if b.kind == "para")


def cell_value(s: str):
    s = plain(s)
    if re.fullmatch(r"-?(0|[1-9]\d*)", s):
        return int(s)
    if re.fullmatch(r"-?(0|[1-9]\d*)\.\d+", s):
        return float(s)
    return s


# --------------------------------------------------------------------------- plain text


def to_text(doc: Doc, width: int = 78) -> str:
    out: list[str] = []
    for b in doc.blocks:
        if b.kind == "heading":
            t = plain(b.text)
            out.append(t)
            if b.level <= 2:
                out.append(("=" if b.level == 1 else "-") * len(t))
            out.append("")
        elif b.kind == "para":
            out.append(textwrap.fill(plain(b.text), width) if width else plain(b.text))
            out.append("")
        elif b.kind == "bullets":
            for n, item in enumerate(b.items, 1):
                mark = f"{n}. " if b.ordered else "- "
                out.append(
                    textwrap.fill(
                        plain(item),
                        width,
                        initial_indent="  " + mark,
                        subsequent_indent=" " * (2 + len(mark)),
                    )
                    if width
                    else "  " + mark + plain(item)
                )
            out.append("")
        elif b.kind == "table":
            out.append(" | ".join(plain(c) for c in b.header))
            out.append("-+-".join("-" * max(3, len(plain(c))) for c in b.header))
            for r in b.rows:
                out.append(" | ".join(plain(c) for c in r))
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def write_txt(doc: Doc) -> bytes:
    text = to_text(doc)
    enc = {"txt_utf8": "utf-8", "txt_latin1": "latin-1", "txt_cp1252": "cp1252"}[doc.fmt]
    if not any(ord(c) > 127 for c in text):
        raise SystemExit(f"{doc.slug}: a {doc.fmt} document needs non-ascii characters")
    if doc.fmt == "txt_cp1252":
        if not any(ord(c) > 255 for c in text):
            raise SystemExit(f"{doc.slug}: cp1252 text should hold characters outside latin-1 (“ ” – €)")
        text = text.replace("\n", "\r\n")  # a Windows file, as such files usually are
    return text.encode(enc)


# --------------------------------------------------------------------------- html


def _html_inline(text: str) -> str:
    parts = []
    for t, style in inline(text):
        e = html.escape(t, quote=True)
        parts.append(
            {"b": f"<strong>{e}</strong>", "i": f"<em>{e}</em>", "code": f"<code>{e}</code>"}.get(style, e)
        )
    return "".join(parts)


def write_html(doc: Doc) -> bytes:
    desc = intro_text(doc) or next((plain(b.text) for b in doc.blocks if b.kind == "para"), doc.title)
    if len(desc) > 220:
        desc = desc[:220].rsplit(" ", 1)[0] + "…"

    def esc(value: object) -> str:
        return html.escape(str(value), quote=True)

    body: list[str] = []
    for b in doc.blocks:
        if b.kind == "heading":
            lvl = min(b.level, 6)
            body.append(f"<h{lvl}>{_html_inline(b.text)}</h{lvl}>")
        elif b.kind == "para":
            body.append(f"<p>{_html_inline(b.text)}</p>")
        elif b.kind == "bullets":
            tag = "ol" if b.ordered else "ul"
            body.append(f"<{tag}>" + "".join(f"<li>{_html_inline(i)}</li>" for i in b.items) + f"</{tag}>")
        elif b.kind == "table":
            head = "".join(f"<th>{_html_inline(c)}</th>" for c in b.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_html_inline(c)}</td>" for c in r) + "</tr>" for r in b.rows
            )
            body.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>{rows}</tbody>\n</table>")
    countries = ", ".join(doc.meta.get("countries") or [])
    page = f"""<!DOCTYPE html>
<html lang="{esc(doc.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(doc.title)}</title>
<meta name="description" content="{esc(desc)}">
<meta name="author" content="{esc(doc.owner)}">
<meta name="keywords" content="{esc(countries)}">
<meta name="generator" content="{esc(CREATOR)}">
<style>body{{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.5}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.2em .5em}}</style>
</head>
<body>
<article>
{chr(10).join(body)}
</article>
<footer><p>{esc(doc.owner)} · {esc(doc.meta.get("year", ""))}</p></footer>
</body>
</html>
"""
    return page.encode("utf-8")


# --------------------------------------------------------------------------- pdf (reportlab)

_fonts_done = False


def _register_fonts() -> None:
    global _fonts_done
    if _fonts_done:
        return
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    rl_config.invariant = 1
    for name, path in [
        ("DejaVuSans", FONT),
        ("DejaVuSans-Bold", FONT_BOLD),
        ("DejaVuSans-Oblique", FONT_ITALIC),
        ("DejaVuSans-BoldOblique", FONT_BOLD_ITALIC),
        ("DejaVuSansMono", FONT_MONO),
    ]:
        if not path.exists():
            raise SystemExit(f"font {path} missing: apt-get install -y fonts-dejavu-core")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping("DejaVuSans", 0, 0, "DejaVuSans")
    addMapping("DejaVuSans", 1, 0, "DejaVuSans-Bold")
    addMapping("DejaVuSans", 0, 1, "DejaVuSans-Oblique")
    addMapping("DejaVuSans", 1, 1, "DejaVuSans-BoldOblique")
    rl_config.canvas_basefontname = "DejaVuSans"  # no stray unembedded Helvetica in the page resources
    _fonts_done = True


def _rl_inline(text: str) -> str:
    parts = []
    for t, style in inline(text):
        e = xml_escape(t)
        parts.append(
            {"b": f"<b>{e}</b>", "i": f"<i>{e}</i>", "code": f'<font name="DejaVuSansMono">{e}</font>'}.get(
                style, e
            )
        )
    return "".join(parts)


def text_pdf(doc: Doc, blocks: list[Block]) -> bytes:
    _register_fonts()
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle(
        "body", fontName="DejaVuSans", fontSize=10.5, leading=14.5, spaceAfter=6, alignment=TA_JUSTIFY
    )
    heads = {
        1: ParagraphStyle(
            "h1",
            parent=body,
            fontName="DejaVuSans-Bold",
            fontSize=17,
            leading=21,
            spaceAfter=12,
            alignment=TA_LEFT,
            keepWithNext=1,
        ),
        2: ParagraphStyle(
            "h2",
            parent=body,
            fontName="DejaVuSans-Bold",
            fontSize=13,
            leading=17,
            spaceBefore=10,
            spaceAfter=5,
            alignment=TA_LEFT,
            keepWithNext=1,
        ),
        3: ParagraphStyle(
            "h3",
            parent=body,
            fontName="DejaVuSans-Bold",
            fontSize=11.5,
            leading=15,
            spaceBefore=6,
            spaceAfter=4,
            alignment=TA_LEFT,
            keepWithNext=1,
        ),
    }
    bullet = ParagraphStyle(
        "bullet", parent=body, leftIndent=16, bulletIndent=4, spaceAfter=3, alignment=TA_LEFT
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0, alignment=TA_LEFT)
    head_cell = ParagraphStyle("headcell", parent=cell, fontName="DejaVuSans-Bold")

    width = A4[0] - 4.4 * cm
    story = []
    for b in blocks:
        if b.kind == "heading":
            story.append(Paragraph(_rl_inline(b.text), heads[min(b.level, 3)]))
        elif b.kind == "para":
            story.append(Paragraph(_rl_inline(b.text), body))
        elif b.kind == "bullets":
            for n, item in enumerate(b.items, 1):
                story.append(Paragraph(_rl_inline(item), bullet, bulletText=f"{n}." if b.ordered else "•"))
            story.append(Spacer(1, 4))
        elif b.kind == "table":
            data = [[Paragraph(_rl_inline(c), head_cell) for c in b.header]]
            data += [[Paragraph(_rl_inline(c), cell) for c in r] for r in b.rows]
            t = Table(data, colWidths=[width / len(b.header)] * len(b.header), repeatRows=1)
            t.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [t, Spacer(1, 8)]

    def footer(canvas, d):
        canvas.saveState()
        canvas.setFont("DejaVuSans", 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(2.2 * cm, 1.2 * cm, doc.owner)
        canvas.drawRightString(A4[0] - 2.2 * cm, 1.2 * cm, f"{PAGE_WORD[doc.lang]} {d.page}")
        canvas.restoreState()

    buf = io.BytesIO()
    tmpl = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        topMargin=2.2 * cm,
        bottomMargin=2.2 * cm,
        title=doc.title,
        author=doc.owner,
        subject=str(doc.meta.get("kind", "")),
        keywords=", ".join(doc.meta.get("countries") or []),
        creator=CREATOR,
        invariant=1,
        lang=doc.lang,
    )
    tmpl.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


# --------------------------------------------------------------------------- page images (PIL)


def _wrap(draw, text: str, font, width: float) -> list[str]:
    lines: list[str] = []
    cur = ""
    for word in text.split():
        trial = f"{cur} {word}" if cur else word
        if draw.textlength(trial, font=font) <= width or not cur:
            cur = trial
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


def render_pages(doc: Doc, blocks: list[Block], first_page: int = 1, scan: bool = True):
    """Lay the blocks out on A4 pages at DPI; returns PIL images (mode L)."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    s = DPI / 72
    f_body = ImageFont.truetype(str(FONT), round(11 * s))
    f_small = ImageFont.truetype(str(FONT), round(9 * s))
    f_heads = {
        1: ImageFont.truetype(str(FONT_BOLD), round(16 * s)),
        2: ImageFont.truetype(str(FONT_BOLD), round(13 * s)),
        3: ImageFont.truetype(str(FONT_BOLD), round(11.5 * s)),
    }
    pw, ph = round(8.27 * DPI), round(11.69 * DPI)
    margin = round(0.85 * DPI)
    avail = pw - 2 * margin
    probe = ImageDraw.Draw(Image.new("L", (10, 10)))

    # (font, text, x-indent, extra space before)
    lines: list[tuple] = []
    for b in blocks:
        if b.kind == "heading":
            f = f_heads[min(b.level, 3)]
            for k, ln in enumerate(_wrap(probe, plain(b.text), f, avail)):
                lines.append((f, ln, 0, round(0.5 * f.size) if k == 0 else 0))
        elif b.kind == "para":
            for k, ln in enumerate(_wrap(probe, plain(b.text), f_body, avail)):
                lines.append((f_body, ln, 0, round(0.45 * f_body.size) if k == 0 else 0))
        elif b.kind == "bullets":
            for n, item in enumerate(b.items, 1):
                mark = f"{n}." if b.ordered else "•"
                for k, ln in enumerate(_wrap(probe, plain(item), f_body, avail - 40)):
                    lines.append((f_body, (mark + "\t" if k == 0 else "\t") + ln, 40, 4 if k == 0 else 0))
        elif b.kind == "table":
            for k, r in enumerate([b.header] + b.rows):
                f = f_small
                for j, ln in enumerate(_wrap(probe, "  |  ".join(plain(c) for c in r), f, avail)):
                    lines.append((f, ln, 0 if j == 0 else 30, 8 if k == 0 and j == 0 else 0))

    pages = []
    page_no = first_page

    def new_page():
        im = Image.new("L", (pw, ph), 255)
        return im, ImageDraw.Draw(im)

    im, d = new_page()
    y = margin
    bottom = ph - margin
    for f, text, indent, before in lines:
        lh = round(f.size * 1.38)
        if y + before + lh > bottom and y > margin:
            pages.append((im, d, page_no))
            page_no += 1
            im, d = new_page()
            y = margin
            before = 0
        y += before if y > margin else 0
        if "\t" in text:
            mark, _, rest = text.partition("\t")
            if mark:
                d.text((margin + indent - 30, y), mark, font=f, fill=20)
            d.text((margin + indent, y), rest, font=f, fill=20)
        else:
            d.text((margin + indent, y), text, font=f, fill=20)
        y += lh
    pages.append((im, d, page_no))

    out = []
    for im, d, n in pages:
        label = f"{PAGE_WORD[doc.lang]} {n}"
        d.text(
            (pw - margin - d.textlength(label, font=f_small), ph - round(0.55 * DPI)),
            label,
            font=f_small,
            fill=60,
        )
        if scan:
            rng = random.Random(zlib.crc32(f"{doc.slug}:{n}".encode()))
            im = im.rotate(rng.uniform(-0.35, 0.35), resample=Image.BICUBIC, fillcolor=255)
            im = im.filter(ImageFilter.GaussianBlur(0.35))
            im = im.point(lambda v: min(v, 244))  # off-white paper
            px = im.load()
            for _ in range(pw * ph // 500):
                px[rng.randrange(pw), rng.randrange(ph)] = rng.randint(150, 220)
        out.append(im)
    return out


def image_only_pdf(images, stamp: dt.datetime) -> bytes:
    """An image-only PDF (no text layer, no font resources), one page per image, JPEG-compressed as a scan."""
    import pikepdf

    raw = io.BytesIO()
    fixed = stamp.timetuple()
    images[0].save(
        raw,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=DPI,
        quality=80,
        producer="Scan2PDF",
        creationDate=fixed,
        modDate=fixed,
    )
    pdf = pikepdf.open(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def write_pdf(doc: Doc) -> bytes:
    return text_pdf(doc, doc.blocks)


def write_scanned_pdf(doc: Doc) -> bytes:
    return image_only_pdf(render_pages(doc, doc.blocks), doc.stamp)


def write_mixed_pdf(doc: Doc) -> bytes:
    """Text pages for everything but the last ## section, which becomes one image-only (scanned) page."""
    import pikepdf

    idx = max(i for i, b in enumerate(doc.blocks) if b.kind == "heading" and b.level == 2)
    text = pikepdf.open(io.BytesIO(text_pdf(doc, doc.blocks[:idx])))
    pages = render_pages(doc, doc.blocks[idx:], first_page=len(text.pages) + 1)
    if len(pages) != 1:
        raise SystemExit(f"{doc.slug}: the scanned annex of a mixed_pdf must fit on one page")
    scan = pikepdf.open(io.BytesIO(image_only_pdf(pages, doc.stamp)))
    text.pages.extend(scan.pages)
    out = io.BytesIO()
    text.save(out, deterministic_id=True)
    return out.getvalue()


def _page_image(doc: Doc):
    pages = render_pages(doc, doc.blocks)
    if len(pages) != 1:
        raise SystemExit(f"{doc.slug}: an image document must fit on one page ({len(pages)} pages)")
    return pages[0]


def write_png(doc: Doc) -> bytes:
    b = io.BytesIO()
    _page_image(doc).save(b, "PNG", dpi=(DPI, DPI))
    return b.getvalue()


def write_jpeg(doc: Doc) -> bytes:
    b = io.BytesIO()
    _page_image(doc).save(b, "JPEG", quality=85, dpi=(DPI, DPI))
    return b.getvalue()


def write_tiff(doc: Doc) -> bytes:
    b = io.BytesIO()
    _page_image(doc).save(b, "TIFF", compression="tiff_lzw", dpi=(DPI, DPI))
    return b.getvalue()


# --------------------------------------------------------------------------- zip-based office formats


def normalize_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite a zip with fixed member timestamps and a fixed dcterms:modified, keeping member order."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + iso + rb"\g<2>",
                    content,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = info.compress_type
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, content)
    return out.getvalue()


def _docx_runs(par, text: str) -> None:
    for t, style in inline(text):
        r = par.add_run(t)
        r.bold = style == "b" or None
        r.italic = style == "i" or None
        if style == "code":
            r.font.name = "Consolas"


def write_docx(doc: Doc) -> bytes:
    from docx import Document as Docx

    d = Docx()
    cp = d.core_properties
    cp.title = doc.title
    cp.author = doc.owner
    cp.last_modified_by = doc.owner
    cp.created = doc.stamp
    cp.modified = doc.stamp
    cp.last_printed = doc.stamp
    cp.revision = 1
    cp.language = doc.lang
    cp.subject = str(doc.meta.get("kind", ""))
    cp.keywords = ", ".join(doc.meta.get("countries") or [])
    cp.comments = CREATOR
    for b in doc.blocks:
        if b.kind == "heading":
            d.add_heading(plain(b.text), level=min(b.level, 3))
        elif b.kind == "para":
            _docx_runs(d.add_paragraph(), b.text)
        elif b.kind == "bullets":
            for item in b.items:
                _docx_runs(d.add_paragraph(style="List Number" if b.ordered else "List Bullet"), item)
        elif b.kind == "table":
            t = d.add_table(rows=1 + len(b.rows), cols=len(b.header))
            t.style = "Table Grid"
            for j, c in enumerate(b.header):
                par = t.rows[0].cells[j].paragraphs[0]
                par.add_run(plain(c)).bold = True
            for i, r in enumerate(b.rows, 1):
                for j, c in enumerate(r[: len(b.header)]):
                    _docx_runs(t.rows[i].cells[j].paragraphs[0], c)
    buf = io.BytesIO()
    d.save(buf)
    return normalize_zip(buf.getvalue(), doc.stamp)


def write_pptx(doc: Doc) -> bytes:
    from pptx import Presentation
    from pptx.util import Pt

    prs = Presentation()
    cp = prs.core_properties
    cp.title = doc.title
    cp.author = doc.owner
    cp.last_modified_by = doc.owner
    cp.created = doc.stamp
    cp.modified = doc.stamp
    cp.revision = 1
    cp.language = doc.lang
    cp.subject = str(doc.meta.get("kind", ""))
    cp.keywords = ", ".join(doc.meta.get("countries") or [])

    intro, secs = sections(doc)
    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = doc.title
    first.placeholders[1].text = (
        " ".join(plain(b.text) for b in intro if b.kind == "para")
        or f"{doc.owner} · {doc.meta.get('year', '')}"
    )
    for title, blocks in secs:
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = title
        tf = slide.placeholders[1].text_frame
        tf.word_wrap = True
        paras: list[tuple[int, str, bool]] = []
        for b in blocks:
            if b.kind == "heading":
                paras.append((0, plain(b.text), True))
            elif b.kind == "para":
                paras.append((0, plain(b.text), False))
            elif b.kind == "bullets":
                lvl = 1 if paras and paras[-1][2] else 0
                paras += [(lvl, plain(i), False) for i in b.items]
            elif b.kind == "table":
                paras += [(0, " | ".join(plain(c) for c in r), False) for r in [b.header] + b.rows]
        size = 20 if sum(len(t) for _, t, _ in paras) < 450 else 16
        for k, (lvl, text, bold) in enumerate(paras):
            p = tf.paragraphs[0] if k == 0 else tf.add_paragraph()
            p.level = lvl
            run = p.add_run()
            run.text = text
            run.font.size = Pt(size - 2 * lvl)
            run.font.bold = bold or None
    buf = io.BytesIO()
    prs.save(buf)
    return normalize_zip(buf.getvalue(), doc.stamp)


def _sheets(doc: Doc) -> list[tuple[str, Block]]:
    _, secs = sections(doc)
    out = []
    for title, blocks in secs:
        tables = [b for b in blocks if b.kind == "table"]
        if not tables:
            raise SystemExit(f"{doc.slug}: sheet section '{title}' has no table")
        name = re.sub(r"[\[\]:*?/\\]", "-", title)[:31]
        out.append((name, tables[0]))
    if not out:
        raise SystemExit(f"{doc.slug}: a spreadsheet needs at least one '## Sheet' section with a table")
    return out


def write_xlsx(doc: Doc) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    p = wb.properties
    p.title = doc.title
    p.creator = doc.owner
    p.lastModifiedBy = doc.owner
    p.created = doc.stamp
    p.modified = doc.stamp
    p.description = intro_text(doc) or None
    p.subject = str(doc.meta.get("kind", ""))
    p.keywords = ", ".join(doc.meta.get("countries") or [])
    p.language = doc.lang
    for name, t in _sheets(doc):
        ws = wb.create_sheet(title=name)
        ws.append([plain(c) for c in t.header])
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in t.rows:
            ws.append([cell_value(c) for c in r])
        for j, h in enumerate(t.header):
            longest = max([len(plain(h))] + [len(plain(r[j])) for r in t.rows if j < len(r)])
            ws.column_dimensions[openpyxl.utils.get_column_letter(j + 1)].width = min(
                60, max(10, longest + 2)
            )
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return normalize_zip(buf.getvalue(), doc.stamp)


def write_xls(doc: Doc) -> bytes:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    bold = xlwt.easyxf("font: bold on")
    for name, t in _sheets(doc):
        ws = wb.add_sheet(name)
        for j, h in enumerate(t.header):
            ws.write(0, j, plain(h), bold)
            ws.col(j).width = 256 * min(
                60, max(10, max([len(plain(h))] + [len(plain(r[j])) for r in t.rows]) + 2)
            )
        for i, r in enumerate(t.rows, 1):
            for j, c in enumerate(r):
                ws.write(i, j, cell_value(c))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_ods(doc: Doc) -> bytes:
    from odf import dc
    from odf import meta as odfmeta
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    o = OpenDocumentSpreadsheet()
    iso = doc.stamp.strftime("%Y-%m-%dT%H:%M:%S")
    o.meta.addElement(dc.Title(text=doc.title))
    o.meta.addElement(dc.Creator(text=doc.owner))
    o.meta.addElement(odfmeta.InitialCreator(text=doc.owner))
    o.meta.addElement(odfmeta.CreationDate(text=iso))
    o.meta.addElement(dc.Date(text=iso))
    o.meta.addElement(dc.Language(text=doc.lang))
    if intro_text(doc):
        o.meta.addElement(dc.Description(text=intro_text(doc)))
    bold = Style(name="Header", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    o.automaticstyles.addElement(bold)
    for name, t in _sheets(doc):
        table = Table(name=name)
        tr = TableRow()
        for h in t.header:
            cell = TableCell(valuetype="string", stylename=bold)
            cell.addElement(P(text=plain(h)))
            tr.addElement(cell)
        table.addElement(tr)
        for r in t.rows:
            tr = TableRow()
            for c in r:
                v = cell_value(c)
                cell = (
                    TableCell(valuetype="float", value=v)
                    if isinstance(v, (int, float))
                    else TableCell(valuetype="string")
                )
                cell.addElement(P(text=str(v)))
                tr.addElement(cell)
            table.addElement(tr)
        o.spreadsheet.addElement(table)
    buf = io.BytesIO()
    o.write(buf)
    return normalize_zip(buf.getvalue(), doc.stamp)


# --------------------------------------------------------------------------- md and eml


def write_md(doc: Doc) -> bytes:
    head, _, rest = doc.raw[4:].partition("\n---\n")
    head = "\n".join(ln for ln in head.splitlines() if not ln.startswith("format:"))
    return f"---\n{head}\n---\n{rest}".encode()


def write_eml(doc: Doc, written: dict[str, Path]) -> bytes:
    m = doc.meta
    msg = EmailMessage()
    msg["From"] = m["email_from"]
    msg["To"] = m["email_to"]
    if m.get("email_cc"):
        msg["Cc"] = m["email_cc"]
    msg["Subject"] = m["email_subject"]
    msg["Date"] = m["email_date"]
    msg["Message-ID"] = f"<{doc.slug}@casoteca.invalid>"
    msg["Content-Language"] = doc.lang
    msg.set_content(to_text(doc, width=0))
    for slug in m.get("attachments") or []:
        if slug not in written:
            raise SystemExit(f"{doc.slug}: attachment {slug} was not rendered")
        path = written[slug]
        maintype, subtype = MIME.get(path.suffix.lstrip("."), ("application", "octet-stream"))
        msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    if msg.is_multipart():
        msg.set_boundary(f"==casoteca-{doc.slug}==")
    return msg.as_bytes(policy=email.policy.SMTP)


WRITERS = {
    "pdf": write_pdf,
    "scanned_pdf": write_scanned_pdf,
    "mixed_pdf": write_mixed_pdf,
    "docx": write_docx,
    "pptx": write_pptx,
    "html": write_html,
    "md": write_md,
    "txt_utf8": write_txt,
    "txt_latin1": write_txt,
    "txt_cp1252": write_txt,
    "xlsx": write_xlsx,
    "xls": write_xls,
    "ods": write_ods,
    "png": write_png,
    "jpeg": write_jpeg,
    "tiff": write_tiff,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / "casestudies"), help="output folder (default: casestudies/)")
    ap.add_argument("--only", nargs="*", help="render only these slugs (plus the attachments they need)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    docs = [load(p) for p in sorted(CORPUS.glob("*.md"))]
    if not docs:
        raise SystemExit(f"no sources in {CORPUS}")
    if args.only:
        wanted = set(args.only)
        for d in docs:
            if d.slug in wanted and d.fmt == "eml":
                wanted |= set(d.meta.get("attachments") or [])
        docs = [d for d in docs if d.slug in wanted]
    docs.sort(key=lambda d: (d.fmt == "eml", d.slug))  # e-mails last: they attach rendered files

    written: dict[str, Path] = {}
    produced: set[str] = set()
    for d in docs:
        data = write_eml(d, written) if d.fmt == "eml" else WRITERS[d.fmt](d)
        path = out / d.filename
        path.write_bytes(data)
        written[d.slug] = path
        produced.add(path.name)
        print(f"{path}  ({d.fmt}, {d.lang}, {len(data):,} bytes)")
        if d.fmt != "md":
            side = out / f"{d.slug}.meta.yaml"
            side.write_text(
                yaml.safe_dump(d.sidecar_meta, allow_unicode=True, sort_keys=False, width=1000),
                encoding="utf-8",
            )
            produced.add(side.name)
            print(f"{side}  (sidecar)")

    if not args.only:  # remove files an earlier run wrote for sources that no longer exist
        exts = {f".{e}" for e in EXT.values()}
        for p in sorted(out.iterdir()):
            generated_looking = p.suffix in exts or p.name.endswith(".meta.yaml") or p.name in NO_EXTENSION
            if p.is_file() and p.name not in produced and p.name != "README.md" and generated_looking:
                p.unlink()
                print(f"{p}  (removed, stale)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
