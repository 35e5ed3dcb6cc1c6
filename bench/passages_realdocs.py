"""Passage quality on the real documents in ../shared/realdocs, through the product's own pipeline and search.

Run from the project root:  .venv/bin/python bench/passages_realdocs.py [--files 11_ 13_] [--no-search]

Prints, asserting nothing:
- the share of passages that end in a legal abbreviation ("Art.", "No.", "inc." ...; target 0) and of
  passages under 20 words or over 300 words, passage word counts p5/p50/p95 and passages per document;
- for every PDF with a text layer, the share of its table cell values (cells of `pdftotext -layout` lines
  that have two or more columns) and of its tokens holding a digit (codes, dates, counts) found in some
  passage of the document (target >= 0.99); the PDFs whose labels call them tables are summed apart, also
  with spacing ignored (`pdftotext` splits a word where its glyphs are spaced, "DATA ANALYS IS", or runs
  two side-by-side columns into one cell: the value is there, written otherwise);
- time and peak resident memory of the largest spreadsheet (read in a child process, so the figure is
  that sheet's alone), for an XLSX also with openpyxl's read-only reader as the baseline;
- recall@5 of the labelled questions that name pages: every document is indexed into a temporary
  knowledge base with the real model, each question goes through `index.search.search()` with the lexicon
  and the glossary as the product searches, and it counts as answered when one of the 5 best passages of
  the results is a passage of its document whose page span meets the pages (also printed: the best passage
  of one of the first 5 cards, and the document among them).

The baseline is the same script run on a checkout of main (see the report of the change).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.models import Document
from ingest.pipeline import IngestError, build_document, read_source

REALDOCS = ROOT.parent / "shared" / "realdocs"
NOT_DOCUMENTS = {"labels.yaml", "README.md", "PROVENANCE.tsv"}
MAX_BYTES = 100 * 1024 * 1024
# Abbreviations after which a sentence cannot end (es/pt/en legal writing): a passage ending in one has
# cut a citation from its number or a title from its name. Those that may close a sentence ("S.A.",
# "Ltda.", "etc.") are left out.
ABBREVIATIONS = (
    "art",
    "arts",
    "no",
    "nos",
    "nro",
    "nros",
    "núm",
    "num",
    "nº",
    "n.º",
    "inc",
    "incs",
    "lit",
    "dr",
    "dra",
    "dres",
    "sr",
    "sra",
    "srs",
    "sres",
    "pág",
    "págs",
    "pag",
    "pp",
    "fs",
    "fjs",
    "fl",
    "fls",
    "cf",
    "cfr",
    "v.gr",
    "u.s.c",
    "sec",
    "secs",
    "ss",
    "par",
    "vol",
    "cap",
    "ibid",
    "op",
    "cit",
    "v",
    "vs",
    "mr",
    "mrs",
    "ms",
    "expte",
)
ABBREVIATION_END = re.compile(
    r"(?:^|[\s(])(?:"
    + "|".join(re.escape(a) for a in sorted(set(ABBREVIATIONS), key=len, reverse=True))
    + r")\.$|§+$|N\.?\s?[°º]$",
    re.IGNORECASE,
)
# A table line in `pdftotext -layout` output: cells are separated by runs of two or more spaces.
CELL_GAP = re.compile(r"\s{2,}")


def realdoc_files(selected: list[str]) -> list[Path]:
    files = sorted(p for p in REALDOCS.iterdir() if p.is_file() and p.name not in NOT_DOCUMENTS)
    return [p for p in files if not selected or any(p.name.startswith(s) for s in selected)]


def labels() -> dict[str, dict]:
    data = yaml.safe_load((REALDOCS / "labels.yaml").read_text(encoding="utf-8"))
    return {entry["file"]: entry for entry in data["files"]}


def ends_in_abbreviation(text: str) -> bool:
    last = text.rstrip()
    return bool(ABBREVIATION_END.search(last[-12:]))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def pdf_cells(path: Path) -> tuple[list[str], list[str]]:
    """(table cell values, tokens holding a digit) of a PDF's text layer as `pdftotext -layout` lays it out."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=False).stdout
    text = out.decode("utf-8", errors="replace")
    cells: list[str] = []
    tokens: list[str] = []
    for line in text.splitlines():
        parts = [p.strip() for p in CELL_GAP.split(line.strip()) if p.strip()]
        if len(parts) >= 2:
            cells.extend(p for p in parts if len(p.split()) <= 6 and re.search(r"\w", p))
        tokens.extend(t.strip(".,;:()[]\"'“”") for t in line.split() if re.search(r"\d", t))
    return cells, [t for t in tokens if t]


def coverage(values: list[str], haystack: str, spaced: bool = True) -> float:
    """Share of `values` found in `haystack` (squashed); with `spaced` False, spaces are ignored on both sides."""
    if not values:
        return float("nan")
    if not spaced:
        haystack = haystack.replace(" ", "")
        return sum(1 for v in values if squash(v).replace(" ", "") in haystack) / len(values)
    return sum(1 for v in values if squash(v) in haystack) / len(values)


def percentile(values: list[int], share: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0


def high_water_mb() -> float:
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss it does not inherit the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def big_sheet_child(path: str, reader: str = "stream") -> None:
    """Child process: build one document and print its time and peak resident memory as JSON. `reader`
    "openpyxl" reads an XLSX with openpyxl's read-only mode (the reader before `xlsx_stream`): the baseline."""
    if reader == "openpyxl":
        from ingest.parse import sheets

        sheets.parse_xlsx_stream = sheets.parse_xlsx_openpyxl  # type: ignore[assignment]
    before = high_water_mb()
    started = time.perf_counter()
    document, _ = build_document(read_source(Path(path), MAX_BYTES))
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": high_water_mb(),
                "imports_mb": before,
                "passages": len(document.passages),
            }
        )
    )


def measure_big_sheet(files: list[Path]) -> None:
    sheets = [p for p in files if p.suffix.lower() in (".xlsx", ".xls", ".ods", ".csv")]
    if not sheets:
        return
    biggest = max(sheets, key=lambda p: p.stat().st_size)
    readers = ["stream", "openpyxl"] if biggest.suffix.lower() == ".xlsx" else ["stream"]
    for reader in readers:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(biggest), "--reader", reader],
            capture_output=True,
            text=True,
            check=False,
        )
        label = f"largest sheet {biggest.name[:3]}({biggest.stat().st_size // 1024} KB)"
        label += (
            "" if len(readers) == 1 else f", {reader} reader{' (baseline)' if reader == 'openpyxl' else ''}"
        )
        if out.returncode:
            print(f"{label}: failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{label}: {result['seconds']:.1f} s, peak RSS {result['peak_mb']:.0f} MB "
            f"(after imports {result['imports_mb']:.0f} MB), {result['passages']} passages",
            flush=True,
        )


def recall_at_5(documents: dict[str, Document], label_of: dict[str, dict]) -> None:
    """Each question through the product's search (with the lexicon and the shared glossary, as
    `Library.search` has them), counted three ways: one of the 5 best passages of the results (the cards'
    passages ranked by score, as the results were before one card per document), the best passage of one of
    the first 5 cards, and its document among the first 5 cards."""
    from index.embed import make_embedder
    from index.glossary import Glossary
    from index.knowledge import KnowledgeBase
    from index.lexicon import Lexicon
    from index.search import SearchRequest, search
    from index.store import EdgeStore

    embedder = make_embedder()
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(EdgeStore(Path(tmp)), lambda: embedder)
        started = time.perf_counter()
        for document in documents.values():
            kb.add(document, "bench")
        kb.flush()
        print(
            f"indexed {sum(len(d.passages) for d in documents.values())} passages "
            f"in {time.perf_counter() - started:.0f} s"
        )
        lexicon, glossary = Lexicon.build(kb.store, embedder), Glossary(Path(tmp) / "glossary.json")
        found = {"passage": 0, "card": 0, "document": 0}
        asked = 0
        by_lang: dict[str, list[int]] = {}
        for name, document in documents.items():
            for question in label_of.get(name, {}).get("questions", []):
                pages = set(question.get("pages") or [])
                if not pages:
                    continue
                request = SearchRequest(question["q"], limit=5, per_document=5)
                cards = search(kb.store, embedder, request, lexicon=lexicon, glossary=glossary).hits[:5]
                passages = sorted((p for card in cards for p in (card, *card.more)), key=lambda p: -p.score)

                def answers(hit: Any, document: Document = document, pages: set[int] = pages) -> bool:
                    return hit.document_id == document.id and bool(
                        pages & set(range(hit.page_start, hit.page_end + 1))
                    )

                hit = any(answers(p) for p in passages[:5])
                found["passage"] += hit
                found["card"] += any(answers(card) for card in cards)
                found["document"] += any(card.document_id == document.id for card in cards)
                asked += 1
                by_lang.setdefault(question.get("lang", "?"), []).append(int(hit))
        kb.close()
    langs = "  ".join(f"{lang} {sum(v)}/{len(v)}" for lang, v in sorted(by_lang.items()))
    asked = max(asked, 1)
    print(
        f"recall@5 by page, the 5 best passages: {found['passage']}/{asked} = {found['passage'] / asked:.3f}   ({langs})"
    )
    print(f"  the best passage of the first 5 cards: {found['card']}/{asked} = {found['card'] / asked:.3f}")
    print(
        f"  the document among the first 5 cards: {found['document']}/{asked} = {found['document'] / asked:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="*", default=[], help="file name prefixes (default: every file)")
    parser.add_argument("--no-search", action="store_true", help="skip indexing and recall@5")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--reader", default="stream", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        big_sheet_child(args.child, args.reader)
        return
    files = realdoc_files(args.files)
    label_of = labels()
    documents: dict[str, Document] = {}
    print(
        f"{'file':6}{'passages':>9}{'p5':>5}{'p50':>5}{'p95':>5}{'<20w':>6}{'>300w':>6}{'abbr':>6}"
        f"{'cells':>8}{'digits':>8}{'sec':>7}"
    )
    all_counts: list[int] = []
    abbreviated = 0
    table_cells: list[float] = []
    table_cells_unspaced: list[float] = []
    for path in files:
        started = time.perf_counter()
        try:
            document, _ = build_document(read_source(path, MAX_BYTES))
        except IngestError as exc:
            print(f"{path.name[:3]:6} refused: {exc}")
            continue
        seconds = time.perf_counter() - started
        documents[path.name] = document
        counts = [len(p.text.split()) for p in document.passages]
        all_counts += counts
        ends = sum(ends_in_abbreviation(p.text) for p in document.passages)
        abbreviated += ends
        cells_share = digits_share = float("nan")
        if path.suffix.lower() == ".pdf":
            cells, tokens = pdf_cells(path)
            haystack = "\n".join(squash(p.text) for p in document.passages)
            cells_share, digits_share = coverage(cells, haystack), coverage(tokens, haystack)
            if "table" in str(label_of.get(path.name, {}).get("notes", "")).lower() and cells:
                table_cells.append(cells_share)
                table_cells_unspaced.append(coverage(cells, haystack, spaced=False))
        print(
            f"{path.name[:3]:6}{len(counts):9}{percentile(counts, 0.05):5}{percentile(counts, 0.5):5}"
            f"{percentile(counts, 0.95):5}{sum(c < 20 for c in counts):6}{sum(c > 300 for c in counts):6}"
            f"{ends:6}{cells_share:8.3f}{digits_share:8.3f}{seconds:7.1f}",
            flush=True,
        )
    total = len(all_counts)
    if total:
        print(
            f"\nall: {total} passages in {len(documents)} documents "
            f"({statistics.mean(len(d.passages) for d in documents.values()):.0f} per document); words "
            f"p5 {percentile(all_counts, 0.05)} p50 {percentile(all_counts, 0.5)} p95 {percentile(all_counts, 0.95)}"
        )
        print(
            f"ending in an abbreviation: {abbreviated}/{total} = {abbreviated / total:.4f}; "
            f"under 20 words {sum(c < 20 for c in all_counts) / total:.3f}; "
            f"over 300 words {sum(c > 300 for c in all_counts) / total:.3f}"
        )
    if table_cells:
        print(
            f"table PDFs (labels say tables): cell values found {min(table_cells):.3f} (worst) "
            f"{statistics.mean(table_cells):.3f} (mean) of {len(table_cells)}; spacing ignored "
            f"{min(table_cells_unspaced):.3f} (worst) {statistics.mean(table_cells_unspaced):.3f} (mean)"
        )
    measure_big_sheet(files)
    if not args.no_search and documents:
        recall_at_5(documents, label_of)


if __name__ == "__main__":
    main()
