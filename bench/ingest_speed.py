"""Ingest speed: per file type over casestudies/, and on a generated 300-page text PDF.

Run from the project root:  .venv/bin/python bench/ingest_speed.py [--no-ocr]

Prints tables, asserts nothing. Part 2 compares `build_document` on the 300-page PDF with raw
pypdfium2 text extraction of the same file, and reports the peak RSS of a fresh subprocess that
only parses that PDF.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium

from ingest.parse import MIN_TEXT_CHARS_PER_PAGE
from ingest.pipeline import IngestError, build_document, iter_files, read_source
from ingest.sniff import sniff

CASES = ROOT / "casestudies"
MAX_BYTES = 100 * 1024 * 1024  # the default of settings.max_file_mb
IMAGE_TYPES = {"png", "jpeg", "tiff"}
PAGES = 300
RSS_CHILD = (
    "import resource, sys; from pathlib import Path; from ingest.pipeline import build_document, read_source;"
    " p = Path(sys.argv[1]); build_document(read_source(p, 1 << 30));"
    " print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def pdf_needs_ocr(path: Path) -> bool:
    """True when some page has too little text, so the PDF parser would OCR it."""
    pdf = pdfium.PdfDocument(path)
    try:
        return any(
            len(page.get_textpage().get_text_range().strip()) < MIN_TEXT_CHARS_PER_PAGE for page in pdf
        )
    finally:
        pdf.close()


def table(header: list[str], rows: list[list[str]]) -> None:
    """Print a left-aligned first column and right-aligned other columns."""
    widths = [max(len(r[i]) for r in [header, *rows]) + 2 for i in range(len(header))]
    for r in [header, *rows]:
        print(r[0].ljust(widths[0]) + "".join(c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)))


def rate(count: float, seconds: float) -> str:
    return f"{count / seconds:.1f}" if seconds else "-"


def bench_casestudies(no_ocr: bool) -> None:
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    skipped: list[str] = []
    for path, _ in iter_files([CASES]):
        kind = sniff(path.read_bytes())
        if no_ocr and (kind in IMAGE_TYPES or (kind == "pdf" and pdf_needs_ocr(path))):
            skipped.append(path.name)
            continue
        start = time.perf_counter()
        try:
            document, _ = build_document(read_source(path, MAX_BYTES))
        except IngestError as exc:  # report it, keep going
            print(f"  ! {path.name}: {exc}")
            stats[kind]["errors"] += 1
            continue
        seconds = time.perf_counter() - start
        ocr = len(document.metadata.get("ocr_pages") or [])
        row = stats[kind]
        row["files"] += 1
        row["pages"] += document.pages
        row["passages"] += len(document.passages)
        row["seconds"] += seconds
        row["ocr_pages"] += ocr
        row["ocr_seconds"] += seconds if ocr else 0.0
    header = ["type", "files", "pages", "passages", "seconds", "pages/s", "passages/s",
              "s/OCR-page", "errors"]  # fmt: skip
    rows = [
        [kind, *(str(int(r[k])) for k in ("files", "pages", "passages")), f"{r['seconds']:.3f}",
         rate(r["pages"], r["seconds"]), rate(r["passages"], r["seconds"]),
         f"{r['ocr_seconds'] / r['ocr_pages']:.2f}" if r["ocr_pages"] else "-", str(int(r["errors"]))]
        for kind, r in sorted(stats.items())
    ]  # fmt: skip
    table(header, rows)
    if skipped:
        print(f"--no-ocr skipped {len(skipped)} file(s): {', '.join(skipped)}")


# fmt: off
SUBJECTS = ["El Ministerio Público", "La fiscalía especializada", "El tribunal de juicio", "La defensa técnica",
            "La unidad de protección de víctimas", "El juez de garantías", "La inspección del trabajo"]
VERBS = ["acreditó", "valoró", "ordenó", "desestimó", "consideró probado", "solicitó", "documentó", "examinó"]
OBJECTS = ["la situación de vulnerabilidad de la víctima", "la retención de documentos de identidad",
           "el traslado con fines de explotación laboral", "la deuda impuesta como mecanismo de control",
           "las transferencias bancarias entre los imputados", "el testimonio en cámara Gesell",
           "la captación mediante ofertas de empleo falsas", "las condiciones de alojamiento en el taller"]
TAILS = ["conforme al artículo 145 bis del Código Penal", "en los términos del Protocolo de Palermo",
         "con base en la prueba pericial incorporada", "sin que la defensa lograra desvirtuarlo",
         "de acuerdo con la jurisprudencia reiterada de la Corte", "según consta en el acta de allanamiento"]
TOPICS = ["De la competencia", "De los hechos probados", "De la calificación jurídica", "De la prueba testimonial",
          "De la reparación integral", "De las medidas de protección", "Del decomiso de bienes", "De la pena"]
# fmt: on


def make_pdf(path: Path, pages: int = PAGES, words_per_page: int = 400) -> None:
    """Write a text PDF of `pages` pages of varied Spanish legal prose, three numbered headings a page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    rng = random.Random(42)
    styles = getSampleStyleSheet()
    story: list[Any] = []
    for page in range(pages):
        for n in range(1, 4):
            story.append(Paragraph(f"{page * 3 + n}. {rng.choice(TOPICS)}", styles["Heading2"]))
            words: list[str] = []
            while len(words) < words_per_page // 3:
                words += f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}, {rng.choice(TAILS)}.".split()
            story.append(Paragraph(" ".join(words), styles["BodyText"]))
        story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4).build(story[:-1])


def bench_big_pdf() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sentencia-300.pdf"
        start = time.perf_counter()
        make_pdf(path)
        print(f"generated {path.name}: {path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s")  # fmt: skip

        start = time.perf_counter()
        pdf = pdfium.PdfDocument(path)
        raw_pages, chars = len(pdf), sum(len(page.get_textpage().get_text_range()) for page in pdf)
        pdf.close()
        raw_s = time.perf_counter() - start

        start = time.perf_counter()
        document, _ = build_document(read_source(path, MAX_BYTES))
        build_s = time.perf_counter() - start
        passages = len(document.passages)

        cmd = [sys.executable, "-c", RSS_CHILD, str(path)]
        child = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
        rss_mb = int(child.stdout.split()[-1]) / 1024

    table(
        ["method", "pages", "passages", "seconds", "pages/s", "passages/s"],
        [["pypdfium2 raw text", str(raw_pages), "-", f"{raw_s:.3f}", rate(raw_pages, raw_s), "-"],
         ["build_document", str(document.pages), str(passages), f"{build_s:.3f}",
          rate(document.pages, build_s), rate(passages, build_s)]],
    )  # fmt: skip
    print(f"raw text: {chars} chars; build_document is {build_s / raw_s:.1f}x the raw extraction time")
    print(f"peak RSS of a fresh process that only runs build_document on it: {rss_mb:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-ocr", action="store_true", help="skip files that would be OCR'd")
    args = parser.parse_args()
    print("$ " + " ".join(sys.orig_argv))
    print(
        f"python {platform.python_version()} on {platform.platform()}; cpu count {os.cpu_count()}"
        f" (usable {len(os.sched_getaffinity(0))}); {platform.processor() or platform.machine()}"
    )
    print(f"\n== casestudies/ by sniffed type{' (no OCR)' if args.no_ocr else ''} ==")
    bench_casestudies(args.no_ocr)
    print(f"\n== generated {PAGES}-page text PDF ==")
    bench_big_pdf()


if __name__ == "__main__":
    main()
