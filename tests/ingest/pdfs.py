"""Small real PDFs for tests, drawn with reportlab: each page a list of lines, top to bottom."""

from __future__ import annotations

import io


def pdf_with_lines(pages: list[list[str]]) -> bytes:
    """A text PDF whose page N holds `pages[N]`, one line each, 14 points apart from the top."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    _width, height = A4
    for lines in pages:
        y = height - 50
        for line in lines:
            pdf.setFont("Helvetica", 10)
            pdf.drawString(50, y, line)
            y -= 14
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def pdf_with_stamp(body: list[str], stamp: str) -> bytes:
    """A one-page text PDF with `body` drawn on the page and `stamp` only as the value of a form field (a
    widget annotation, as digital-signature stamps and filled forms carry their text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    _width, height = A4
    y = height - 50
    for line in body:
        pdf.setFont("Helvetica", 10)
        pdf.drawString(50, y, line)
        y -= 14
    pdf.acroForm.textfield(
        name="stamp",
        value=stamp,
        x=50,
        y=60,
        width=400,
        height=20,
        borderWidth=0,
        fontName="Helvetica",
        fontSize=9,
    )
    pdf.showPage()
    pdf.save()
    return out.getvalue()
