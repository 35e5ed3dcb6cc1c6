"""One parser per file type, each returning `Parsed` blocks with page numbers.

PDF text comes from pypdfium2 (hundreds of pages a second); a page without a text layer is
rendered and OCR'd, so a scanned page inside a text PDF is never dropped.
"""

from __future__ import annotations

import email
import email.policy
import io
import re
import zipfile
from collections.abc import Callable

from .models import Block, Parsed
from .ocr import OCR_DPI, ocr_image
from .text import decode_text

# A page with fewer characters than this is treated as scanned and OCR'd.
MIN_TEXT_CHARS_PER_PAGE = 25
# Zip documents (DOCX, PPTX, XLSX, ODS) may not expand beyond this, nor compress better than the ratio.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200


class ParseError(ValueError):
    """A file that cannot be read; the message is shown to the user as the reason."""


def parse(kind: str, data: bytes) -> Parsed:
    parser = PARSERS.get(kind)
    if parser is None:
        raise ParseError(f"unsupported type: {kind}")
    if kind in ("docx", "pptx", "xlsx", "ods"):
        check_zip_bomb(data)
    return parser(data)


def check_zip_bomb(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        total = sum(info.file_size for info in zf.infolist())
        packed = sum(info.compress_size for info in zf.infolist()) or 1
    if total > MAX_UNZIPPED_BYTES or (total / packed > MAX_ZIP_RATIO and total > 10 * 1024 * 1024):
        raise ParseError(f"refused: the document expands to {total // (1024 * 1024)} MB (zip bomb?)")


# --- PDF ---------------------------------------------------------------------------------------

# A heading line ending in one of these words continues on the next line.
DANGLING_WORDS = {"de", "del", "la", "las", "los", "el", "da", "do", "das", "dos", "a", "o", "of", "the", "and",
                  "y", "e", "en", "em", "in", "para", "por", "con", "com", "for", "to"}
HEADING_RE = re.compile(r"^[A-ZÁÉÍÓÚÑÇÃÕÂÊÔ0-9][^.;:!?]{2,90}$")


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
            if len(text.strip()) < MIN_TEXT_CHARS_PER_PAGE:
                text = ocr_image(page.render(scale=OCR_DPI / 72).to_pil())
                ocr_pages.append(index + 1)
            texts.append(text)
        pages = len(pdf)
        running = _running_lines(texts)
        for number, text in enumerate(texts, start=1):
            kept = "\n".join(line for line in text.splitlines() if _digitless(line) not in running)
            blocks.extend(_text_blocks(kept, number, pdf_page=True))
    finally:
        pdf.close()
    return Parsed(blocks, pages, properties, ocr_pages=ocr_pages)


def _digitless(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())


def _running_lines(texts: list[str]) -> set[str]:
    """Headers and footers: lines (numbers ignored) that repeat on at least half of the pages."""
    if len(texts) < 3:
        return set()
    counts: dict[str, int] = {}
    for text in texts:
        for line in {_digitless(line) for line in text.splitlines() if line.strip()}:
            counts[line] = counts.get(line, 0) + 1
    return {line for line, n in counts.items() if n >= max(2, len(texts) // 2)}


def _text_blocks(text: str, page: int, pdf_page: bool = False) -> list[Block]:
    """Split page text into paragraphs. A heading is a short capitalised line without a full stop that
    starts after a finished sentence and is clearly shorter than the page's body lines (a wrapped first
    line of a paragraph is full width)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lengths = sorted(len(line.strip()) for line in text.split("\n") if len(line.strip()) > 20)
    body_width = lengths[len(lengths) * 3 // 4] if lengths else 80
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            joined = " ".join(paragraph)
            joined = re.sub(r"(\w)- (\w)", r"\1\2", joined)
            blocks.append(Block(joined, page, "list" if joined.startswith(("• ", "- ", "* ")) else "narrative"))
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
        if (not paragraph and blocks and blocks[-1].kind == "heading" and len(line) < 60
                and (line[:1].islower() or blocks[-1].text.split()[-1].lower() in DANGLING_WORDS)):
            blocks[-1].text = f"{blocks[-1].text} {line}"  # a heading wrapped onto a second line
            continue
        if pdf_page and re.fullmatch(r"(p(á|a)g(ina)?\.?|page)?\s*\d+(\s*(/|de|of)\s*\d+)?", line, re.IGNORECASE):
            continue  # running page number
        words = line.split()
        if (HEADING_RE.match(line) and len(words) <= 12 and not paragraph_open(paragraph)
                and len(line) < 0.75 * body_width):
            flush()
            blocks.append(Block(line, page, "heading", level=1 if line.isupper() or len(words) <= 6 else 2))
            continue
        if line.startswith(("• ", "- ", "* ", "– ")):
            flush()
        paragraph.append(line)
    flush()
    return blocks


def paragraph_open(paragraph: list[str]) -> bool:
    """A paragraph whose last line does not end a sentence continues on the next line."""
    return bool(paragraph) and not paragraph[-1].rstrip().endswith((".", ":", ";", "!", "?", ")"))


# --- Images ------------------------------------------------------------------------------------


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
        blocks.extend(_text_blocks(ocr_image(frame), number))
    return Parsed(blocks, len(frames), {}, ocr_pages=list(range(1, len(frames) + 1)))


# --- Office documents --------------------------------------------------------------------------


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
            if style.startswith("Heading") or style == "Title":
                level = int(style.split()[-1]) if style[-1:].isdigit() else 1
                blocks.append(Block(text, 1, "heading", level=level))
            else:
                blocks.append(Block(text, 1, "list" if "List" in style else "narrative"))
        elif isinstance(item, Table):
            rows = [[cell.text.strip() for cell in row.cells] for row in item.rows]
            if rows:
                blocks.append(Block(_table_text(rows), 1, "table", rows=rows))
    core = document.core_properties
    properties = {"title": core.title, "author": core.author, "created": core.created}
    return Parsed(blocks, 1, {k: v for k, v in properties.items() if v})


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
                        blocks.append(Block(text, number, "list" if paragraph.level or len(text) < 200 else "narrative"))
            elif getattr(shape, "has_table", False) and shape.has_table:
                rows = [[cell.text.strip() for cell in row.cells] for row in shape.table.rows]
                blocks.append(Block(_table_text(rows), number, "table", rows=rows))
    core = deck.core_properties
    properties = {"title": core.title, "author": core.author}
    return Parsed(blocks, len(deck.slides), {k: v for k, v in properties.items() if v})


def _table_text(rows: list[list[str]]) -> str:
    return "\n".join(" | ".join(row) for row in rows)


def _sheet_blocks(sheets: list[tuple[str, list[list[str]]]]) -> list[Block]:
    blocks: list[Block] = []
    for name, rows in sheets:
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if not rows:
            continue
        blocks.append(Block(name, 1, "heading", level=1))
        blocks.append(Block(_table_text(rows), 1, "table", rows=rows))
    return blocks


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_xlsx(data: bytes) -> Parsed:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheets = [(ws.title, [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]) for ws in book.worksheets]
    properties = {"title": book.properties.title, "author": book.properties.creator}
    book.close()
    return Parsed(_sheet_blocks(sheets), 1, {k: v for k, v in properties.items() if v})


def parse_xls(data: bytes) -> Parsed:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data)
    except xlrd.XLRDError as exc:
        raise ParseError(f"not a readable XLS workbook (legacy .doc and .ppt are not supported): {exc}") from exc
    sheets = [
        (sheet.name, [[_cell(v) for v in sheet.row_values(r)] for r in range(sheet.nrows)]) for sheet in book.sheets()
    ]
    return Parsed(_sheet_blocks(sheets), 1, {})


def parse_ods(data: bytes) -> Parsed:
    from odf import opendocument, table, teletype

    document = opendocument.load(io.BytesIO(data))
    sheets = []
    for sheet in document.spreadsheet.getElementsByType(table.Table):
        rows = []
        for row in sheet.getElementsByType(table.TableRow):
            cells: list[str] = []
            for cell in row.getElementsByType(table.TableCell):
                repeat = min(int(cell.getAttribute("numbercolumnsrepeated") or 1), 50)
                cells.extend([teletype.extractText(cell).strip()] * repeat)
            while cells and not cells[-1]:
                cells.pop()
            rows.append(cells)
        sheets.append((sheet.getAttribute("name"), rows))
    return Parsed(_sheet_blocks(sheets), 1, {})


# --- Text formats ------------------------------------------------------------------------------


def parse_html(data: bytes) -> Parsed:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(data), "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "nav", "footer"]):
        tag.decompose()
    blocks: list[Block] = []
    for element in soup.find_all(["h1", "h2", "h3", "h4", "p", "li", "table", "blockquote", "pre"]):
        if element.find_parent(["table", "li", "blockquote"]) is not None and element.name != "table":
            continue
        if element.name == "table":
            rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in element.find_all("tr")]
            if rows:
                blocks.append(Block(_table_text(rows), 1, "table", rows=rows))
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
    from .metadata import split_front_matter

    front, body = split_front_matter(decode_text(data))
    parsed = parse_markup_text(body)
    parsed.properties["front_matter"] = front
    return parsed


def parse_markup_text(text: str) -> Parsed:
    """Markdown-ish text: `#` headings, `-` list items, `|` tables, blank-line paragraphs."""
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
            blocks.append(Block(_table_text(rows), 1, "table", rows=rows))
            table_rows.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            flush()
            blocks.append(Block(heading.group(2).strip(), 1, "heading", level=len(heading.group(1))))
        elif line.startswith("|"):
            if paragraph:
                flush()
            table_rows.append([c.strip() for c in line.strip("|").split("|")])
        elif not line:
            flush()
        else:
            if table_rows or re.match(r"^([-*+]|\d+\.)\s", line):
                flush()
            paragraph.append(line)
    flush()
    return Parsed(blocks, 1, {})


def parse_text(data: bytes) -> Parsed:
    return parse_markup_text(decode_text(data))


def parse_email(data: bytes) -> Parsed:
    message = email.message_from_bytes(data, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain", "html"))
    blocks: list[Block] = []
    if body is not None:
        content = body.get_content()
        if body.get_content_type() == "text/html":
            blocks = parse_html(content.encode("utf-8")).blocks
        else:
            blocks = parse_markup_text(content).blocks
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if payload:
            attachments.append((part.get_filename() or "attachment", payload))
    properties = {
        "title": str(message.get("subject", "")),
        "author": str(message.get("from", "")),
        "date": str(message.get("date", "")),
    }
    return Parsed(blocks, 1, {k: v for k, v in properties.items() if v}, attachments=attachments)


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
    "html": parse_html,
    "md": parse_markdown,
    "txt": parse_text,
    "eml": parse_email,
}
