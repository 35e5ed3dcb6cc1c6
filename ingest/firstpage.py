"""The first page of a PDF as printed, running header included.

The parser drops lines repeated on every page (headers and footers) from passages, rightly; but a court's
header is where its case number and chamber are printed ("RECURSO DE APELACIÓN N.° 169-2025/LIMA ESTE").
Metadata reads this text; passages never do.
"""

from __future__ import annotations

MAX_CHARS = 4_000


def first_page_text(data: bytes) -> str:
    """The text layer of page 1 (at most MAX_CHARS), or "" when the file has none or cannot be read."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return ""
    try:
        if len(pdf) == 0:
            return ""
        return pdf[0].get_textpage().get_text_range()[:MAX_CHARS]
    except pdfium.PdfiumError:
        return ""
    finally:
        pdf.close()
