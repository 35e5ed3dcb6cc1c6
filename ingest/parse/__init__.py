"""One parser per file type, each returning `Parsed` blocks with page numbers; one entry point, `parse`.

The parsers live by format family: `pdf` (PDF, images by OCR), `office` (DOCX, PPTX), `sheets` (XLSX, XLS,
ODS, CSV, TSV), `markup` (HTML, Markdown, text) and `email` (EML). Whatever the format, block text is
cleaned (`ingest.clean`) and legal structure made explicit (`ingest.structure`) before it is returned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..clean import clean_inline, clean_text
from ..models import Block, Parsed
from ..structure import structure_blocks
from .base import ParseError, check_zip_bomb
from .email import parse_email
from .markup import parse_html, parse_markdown, parse_markup_text, parse_text
from .office import parse_docx, parse_pptx
from .pdf import MIN_TEXT_CHARS_PER_PAGE, parse_image, parse_pdf
from .sheets import parse_delimited, parse_ods, parse_xls, parse_xlsx

__all__ = ["MIN_TEXT_CHARS_PER_PAGE", "PARSERS", "ParseError", "parse", "parse_markup_text"]


def parse(kind: str, data: bytes) -> Parsed:
    """Parse `data` of the sniffed `kind`; raises ParseError with the reason a user is shown."""
    parser = PARSERS.get(kind)
    if parser is None:
        raise ParseError(f"unsupported type: {kind}")
    if kind in ("docx", "pptx", "xlsx", "ods"):
        check_zip_bomb(data)
    parsed = parser(data)
    cleaned = [block for block in map(clean_block, parsed.blocks) if block.text.strip() or block.rows]
    parsed.blocks = structure_blocks(cleaned)
    return parsed


def clean_block(block: Block) -> Block:
    text = clean_inline(block.text) if block.kind == "heading" else clean_text(block.text).strip()
    rows = [[clean_inline(cell) for cell in row] for row in block.rows] if block.rows else block.rows
    return replace(block, text=text, rows=rows)


PARSERS: dict[str, Callable[[bytes], Parsed]] = {
    "pdf": parse_pdf,
    "png": parse_image,
    "jpeg": parse_image,
    "tiff": parse_image,
    "docx": parse_docx,
    "pptx": parse_pptx,
    "xlsx": parse_xlsx,
    "xls": parse_xls,
    "ods": parse_ods,
    "csv": parse_delimited,
    "tsv": parse_delimited,
    "html": parse_html,
    "md": parse_markdown,
    "txt": parse_text,
    "eml": parse_email,
}
