"""Entity extraction: precision and recall per type on hand-labelled passages, and what it costs ingest.

Run from the project root:  .venv/bin/python bench/entities.py [--speed-only | --labels-only] [--rounds N]

Part 1 reads bench/data/entity_labels.yaml: passages of casestudies/ and of ../shared/realdocs, each found
by an excerpt (casestudies) or by the hash of eight of its words (realdocs, whose text may not be copied
here), with every entity it names. Real people's names and numbers are never written: a realdocs label is
the sha256 of the entity's key. Prints precision and recall per type, and the misses and false finds of the
sample corpus in clear.

Part 2 times `build_document` (read, parse, metadata, chunk: ingest without embedding, where extraction
weighs most) over casestudies/ with extraction and without it, alternating rounds in one process after an
untimed one of each, and prints passages/s of both (CPU time of the process: other work on a shared
machine does not count) and the slowdown, of the best and of the median round. Asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import pipeline
from ingest.models import Document, Passage
from ingest.names import fold_name
from ingest.parse import MIN_TEXT_CHARS_PER_PAGE
from ingest.pipeline import IngestError, build_document, iter_files, read_source
from ingest.sniff import UnsupportedType, sniff

LABELS = ROOT / "bench" / "data" / "entity_labels.yaml"
REALDOCS = ROOT.parent / "shared" / "realdocs"
CASES = ROOT / "casestudies"
MAX_BYTES = 100 * 1024 * 1024
WINDOW = 8  # words hashed to find a realdocs passage
TYPES = ("phone", "email", "url", "social", "account", "id", "place", "person", "org")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def windows(text: str) -> set[str]:
    """The hashes of every run of WINDOW folded words of a text (how a realdocs passage is found)."""
    words = fold_name(text, sort=False).split()
    return {digest(" ".join(words[i : i + WINDOW])) for i in range(max(len(words) - WINDOW + 1, 1))}


def source_path(name: str) -> Path:
    """casestudies/<file>, or realdocs/<number prefix> (the one file of ../shared/realdocs it starts)."""
    folder, _, file = name.partition("/")
    if folder != "realdocs":
        return CASES / file
    return next(path for path in sorted(REALDOCS.iterdir()) if path.name.startswith(file))


def find_passage(document: Document, label: dict[str, Any]) -> Passage | None:
    if "excerpt" in label:
        wanted = " ".join(label["excerpt"].split())
        return next((p for p in document.passages if wanted in " ".join(p.text.split())), None)
    return next((p for p in document.passages if label["excerpt_sha"] in windows(p.text)), None)


def accuracy() -> None:
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["passages"]
    documents: dict[str, Document] = {}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    notes: list[str] = []
    missing = 0
    for label in labels:
        name = label["file"]
        if name not in documents:
            documents[name] = build_document(read_source(source_path(name), MAX_BYTES))[0]
        passage = find_passage(documents[name], label)
        if passage is None:
            missing += 1
            notes.append(f"  passage not found: {name} {label.get('excerpt', label.get('excerpt_sha'))!r}")
            continue
        real = name.startswith("realdocs/")
        gold = {(e["type"], e.get("key_sha") or e["key"]) for e in label.get("entities", [])}
        found = {(m.type, digest(m.key) if real else m.key) for m in passage.entities}
        for kind, key in found | gold:
            outcome = (
                "tp"
                if (kind, key) in found and (kind, key) in gold
                else "fp"
                if (kind, key) in found
                else "fn"
            )
            counts[kind][outcome] += 1
            if outcome != "tp" and not real:
                notes.append(f"  {outcome}: {name} {kind} {key}")
            elif outcome != "tp":
                notes.append(f"  {outcome}: {name} {kind} (realdocs, sha {key})")
    print(
        f"Entity extraction on {len(labels) - missing} labelled passages ({missing} not found) of "
        f"{len(documents)} documents"
    )
    print(f"{'type':8} {'labelled':>8} {'found':>6} {'right':>6} {'precision':>10} {'recall':>7}")
    totals = {"tp": 0, "fp": 0, "fn": 0}
    for kind in TYPES:
        c = counts[kind]
        for key in totals:
            totals[key] += c[key]
        print(row(kind, c))
    print(row("all", totals))
    print("\n".join(notes))


def row(kind: str, c: dict[str, int]) -> str:
    labelled, found = c["tp"] + c["fn"], c["tp"] + c["fp"]
    precision = f"{c['tp'] / found:.2f}" if found else "-"
    recall = f"{c['tp'] / labelled:.2f}" if labelled else "-"
    return f"{kind:8} {labelled:8} {found:6} {c['tp']:6} {precision:>10} {recall:>7}"


def needs_ocr(data: bytes) -> bool:
    """Images and PDFs with a page without text: OCR would take the whole run (and has no entities to find
    that the text layer has not)."""
    try:
        kind = sniff(data)
    except UnsupportedType:
        return True
    if kind in ("png", "jpeg", "tiff"):
        return True
    if kind != "pdf":
        return False
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return any(
            len(page.get_textpage().get_text_range().strip()) < MIN_TEXT_CHARS_PER_PAGE for page in pdf
        )
    finally:
        pdf.close()


def speed(rounds: int) -> None:
    sources = []
    for path, error in iter_files([CASES]):
        if error is None:
            try:
                source = read_source(path, MAX_BYTES)
            except IngestError:
                continue
            if not needs_ocr(source.data):
                sources.append(source)
    real_extract = pipeline.extract_entities
    timings: dict[str, list[float]] = {"with entities": [], "without": []}
    passages = 0
    # One untimed round of each first: the parsers' imports and first calls, the gazetteers and the
    # validators' tables load once per process, and the first round timed (without entities, before
    # extraction ever ran) would otherwise be the slow one of its side only.
    for n in range(rounds + 1):
        for label, extractor in (("without", lambda *a, **k: []), ("with entities", real_extract)):
            pipeline.extract_entities = extractor
            started = time.process_time()
            passages = 0
            for source in sources:
                try:
                    passages += len(build_document(source)[0].passages)
                except IngestError:
                    continue
            if n:
                timings[label].append(time.process_time() - started)
    pipeline.extract_entities = real_extract
    print(
        f"\nbuild_document over casestudies/ without OCR ({len(sources)} files, {passages} passages), "
        f"best and median of {rounds} rounds after a warm-up one, CPU time of this process (the machine is shared)"
    )
    best = {label: min(times) for label, times in timings.items()}
    middle = {label: statistics.median(times) for label, times in timings.items()}
    for label, seconds in best.items():
        print(
            f"  {label:14} {passages / seconds:8.1f} passages/s  ({seconds:.2f} s; "
            f"median {middle[label]:.2f} s)"
        )
    print(f"  slowdown with entities: {100 * (best['with entities'] / best['without'] - 1):+.1f} % (best)")
    print(
        f"                          {100 * (middle['with entities'] / middle['without'] - 1):+.1f} % (median)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--labels-only", action="store_true")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds of each (after one untimed)")
    args = parser.parse_args()
    if not args.speed_only:
        accuracy()
    if not args.labels_only:
        speed(args.rounds)


if __name__ == "__main__":
    main()
