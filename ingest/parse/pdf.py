"""PDF and image files: text layer by pypdfium2 (hundreds of pages a second), OCR for pages without one.

A page without a text layer is rendered and OCR'd, so a scanned page inside a text PDF is never dropped.
Text drawn by annotations (a digital-signature stamp, a filled form field, a free-text note) is not in the
page's own text layer; such pages are flattened first, so what a reader sees printed is read too.
Running headers and footers are removed only among the first and last lines of a page: a line inside
the page (a table row, a repeated code or date in a column) is data and stays, however often it recurs.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from ..models import Block, Parsed
from ..ocr import OCR_DPI, ocr_image
from ..progress import page_read
from .base import ParseError
from .layout import text_blocks

if TYPE_CHECKING:
    from pypdfium2 import PdfDocument

# A page with fewer characters than this is treated as scanned and OCR'd.
MIN_TEXT_CHARS_PER_PAGE = 25
# Headers and footers live in at most this many non-empty lines at the top and at the bottom of a page
# (a court's letterhead takes six or seven).
EDGE_LINES = 8
# Annotation types that draw no text of their own on the page (pdfium's FPDF_ANNOT_LINK, FPDF_ANNOT_POPUP):
# a page holding only these is not flattened.
TEXTLESS_ANNOTATIONS = {2, 16}
PAGE_NUMBER = re.compile(r"(p(á|a)g(ina)?\.?|page|p\.)?\s*\d{1,4}(\s*(/|de|of)\s*\d{1,4})?", re.IGNORECASE)


def parse_pdf(data: bytes) -> Parsed:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ParseError("password-protected PDF: remove the password and upload it again") from exc
        raise ParseError(f"damaged PDF: {message}") from exc
    blocks: list[Block] = []
    ocr_pages: list[int] = []
    try:
        properties = {k.lower(): v for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
        texts: list[str] = []
        for index in range(len(pdf)):
            page = pdf[index]
            text = page.get_textpage().get_text_range()
            page.close()
            shown = annotated_text(pdf, index)
            if len(text.strip()) < MIN_TEXT_CHARS_PER_PAGE:
                text = ocr_image(pdf[index].render(scale=OCR_DPI / 72).to_pil())
                ocr_pages.append(index + 1)
                if shown:
                    text = f"{text}\n{shown}"
            elif shown:
                text = shown
            texts.append(text)
            page_read(index + 1, len(pdf))
        pages = len(pdf)
    finally:
        pdf.close()
    running = running_lines(texts)
    seen: set[str] = set()
    for number, text in enumerate(texts, start=1):
        blocks.extend(text_blocks(strip_running(text, running, seen), number))
    if running and all(
        digitless(line) in running or PAGE_NUMBER.fullmatch(line.strip())
        for text in texts
        for line in text.splitlines()
        if line.strip()
    ):
        raise ParseError("no text besides a running header or footer repeated on every page")
    return Parsed(blocks, pages, properties, ocr_pages=ocr_pages)


def annotated_text(pdf: PdfDocument, index: int) -> str:
    """The text of page `index` with its annotations' appearance merged in (flattened), or "" when the page
    has no annotation that can draw text. Flattening changes the page in memory only; the page is loaded
    again to read it."""
    from pypdfium2 import raw

    page = pdf[index]
    subtypes = []
    for n in range(raw.FPDFPage_GetAnnotCount(page)):
        annotation = raw.FPDFPage_GetAnnot(page, n)
        subtypes.append(raw.FPDFAnnot_GetSubtype(annotation))
        raw.FPDFPage_CloseAnnot(annotation)
    if all(subtype in TEXTLESS_ANNOTATIONS for subtype in subtypes):
        return ""
    if raw.FPDFPage_Flatten(page, raw.FLAT_NORMALDISPLAY) != raw.FLATTEN_SUCCESS:
        return ""
    page.close()
    return pdf[index].get_textpage().get_text_range()


def digitless(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def edge_lines(text: str) -> list[str]:
    """The first and last EDGE_LINES non-empty lines of a page (all of them on a short page)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) <= 2 * EDGE_LINES:
        return lines
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def running_lines(texts: list[str]) -> set[str]:
    """Headers and footers: edge lines (numbers ignored) that repeat at the edges of at least half the
    pages of a document of three pages or more, hold a word, and never occur twice on one page."""
    if len(texts) < 3:
        return set()
    counts: dict[str, int] = {}
    repeated_in_page: set[str] = set()
    for text in texts:
        seen: set[str] = set()
        for line in (digitless(line) for line in text.splitlines() if line.strip()):
            if line in seen:
                repeated_in_page.add(line)  # twice on one page: a table row or a list, not a header
            seen.add(line)
        for line in {digitless(line) for line in edge_lines(text)}:
            counts[line] = counts.get(line, 0) + 1
    return {
        line
        for line, n in counts.items()
        if n >= max(2, len(texts) // 2) and line not in repeated_in_page and re.search(r"[^\W\d_]{3}", line)
    }


def strip_running(text: str, running: set[str], seen: set[str]) -> str:
    """Drop running lines and bare page numbers, scanning inwards from the top and from the bottom and
    stopping at the first line that is neither (so nothing inside the page is touched). A running line
    is kept where it first appears (`seen` remembers them): a letterhead with the court and the case
    number is read once, not once per page."""
    lines = text.splitlines()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    drop: set[int] = set()
    for order in (filled[:EDGE_LINES], list(reversed(filled))[:EDGE_LINES]):
        for i in order:
            line = lines[i].strip()
            key = digitless(line)
            if PAGE_NUMBER.fullmatch(line):
                drop.add(i)
            elif key in running:
                if key in seen:
                    drop.add(i)
                seen.add(key)
            else:
                break
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def parse_image(data: bytes) -> Parsed:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = 100_000_000
    try:
        image = Image.open(io.BytesIO(data))
        frames = []
        for frame in range(getattr(image, "n_frames", 1)):
            image.seek(frame)
            frames.append(image.copy())
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ParseError(f"unreadable image: {exc}") from exc
    blocks: list[Block] = []
    for number, frame in enumerate(frames, start=1):
        blocks.extend(text_blocks(ocr_image(frame), number))
    return Parsed(blocks, len(frames), {}, ocr_pages=list(range(1, len(frames) + 1)))
