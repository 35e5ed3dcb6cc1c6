"""Metadata accuracy on real documents: the real ingest pipeline over ../shared/realdocs, against labels.yaml.

    .venv/bin/python bench/metadata_accuracy.py                  # every file, with the baseline
    .venv/bin/python bench/metadata_accuracy.py --skip 13_ 09_   # leave out the 75k-row sheet and the scan
    .venv/bin/python bench/metadata_accuracy.py --no-baseline -v # per-file rows, this tree only

The baseline is the pipeline of another git revision (default `main`), exported with `git archive` to a
temporary folder and run in a subprocess on the same files, so both columns come from one run.

Fields (each over the files whose label has the field):
  kind            exact
  countries       exact set; "no wrong country": every predicted country is in the label (none predicted
                  counts as no wrong country)
  year            exact
  case number     the digits of the predicted number equal the digits of the label's number (or of one of
                  its alternatives, split on ";" and parentheses): "12283202400838" = "12283-2024-00838"
  court           the predicted court holds >= 60 % of the content words of the labelled court (outside
                  parentheses; accents and case ignored)
  outcome         exact
  title           key words: for a file whose label has a case number, the title holds that number (its
                  digits in order); otherwise the title holds >= 60 % of the content words (3+ letters, not
                  function words) of the labelled title's head clause, the part before its first comma,
                  colon, parenthesis or " - " (what follows is context the labeller added: publisher, date,
                  version)
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
from io import BytesIO
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "realdocs"
FIELDS = ("kind", "countries", "no wrong country", "year", "case number", "court", "outcome", "title")
TARGETS = {
    "kind": 0.9,
    "countries": 0.8,
    "no wrong country": 0.9,
    "year": 0.9,
    "case number": 0.9,
    "court": 0.9,
    "outcome": 0.8,
    "title": 0.9,
}
FUNCTION_WORDS = {
    "de",
    "del",
    "la",
    "las",
    "los",
    "el",
    "en",
    "y",
    "por",
    "para",
    "con",
    "que",
    "se",
    "un",
    "una",
    "da",
    "do",
    "das",
    "dos",
    "e",
    "em",
    "no",
    "na",
    "ao",
    "os",
    "as",
    "um",
    "uma",
    "the",
    "of",
    "and",
    "in",
    "for",
    "to",
    "on",
    "an",
    "a",
    "by",
    "at",
    "from",
    "with",
    "sobre",
    "cual",
}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9][a-z0-9/.-]*[a-z0-9]|[a-z0-9]", fold(text))
    return {w for w in words if len(w) >= 3 and w not in FUNCTION_WORDS}


def digits(text: str) -> str:
    return re.sub(r"\D", "", str(text))


def alternatives(label: str) -> list[str]:
    parts = re.split(r"[;()]", label)
    return [p.strip() for p in parts if digits(p)]


def case_number_ok(predicted: Any, label: str) -> bool:
    return bool(predicted) and any(digits(predicted) == digits(alt) for alt in alternatives(label))


def court_ok(predicted: Any, label: str) -> bool:
    wanted = content_words(re.sub(r"\([^)]*\)", " ", label))
    return bool(predicted) and bool(wanted) and len(wanted & content_words(predicted)) >= 0.6 * len(wanted)


def title_ok(predicted: str, label: dict[str, Any]) -> bool:
    if label.get("case_number"):
        return any(
            digits(alt) and digits(alt) in digits(predicted) for alt in alternatives(label["case_number"])
        )
    head = re.split(r",|:|\(| - ", label["title"], maxsplit=1)[0]
    wanted = content_words(head)
    return bool(wanted) and len(wanted & content_words(predicted)) >= 0.6 * len(wanted)


def predict(paths: list[Path]) -> list[dict[str, Any]]:
    """Run the ingest pipeline of whatever `ingest` package is importable on each file."""
    from ingest.pipeline import IngestError, build_document, read_source

    rows = []
    for path in paths:
        start = time.perf_counter()
        try:
            document, _ = build_document(read_source(path, 1 << 30))
            meta = {**document.metadata, "title": document.title}
            error = None
        except IngestError as exc:
            meta, error = {}, str(exc)
        rows.append(
            {
                "file": path.name,
                "seconds": round(time.perf_counter() - start, 2),
                "error": error,
                **{
                    k: meta.get(k)
                    for k in (
                        "title",
                        "kind",
                        "countries",
                        "year",
                        "case_number",
                        "court",
                        "outcome",
                        "decision_date",
                        "offences",
                    )
                },
            }
        )
    return rows


def score(rows: list[dict[str, Any]], labels: dict[str, dict[str, Any]]) -> dict[str, tuple[int, int]]:
    tally = {name: [0, 0] for name in FIELDS}

    def count(name: str, ok: bool) -> None:
        tally[name][0] += int(ok)
        tally[name][1] += 1

    for row in rows:
        label = labels[row["file"]]
        count("kind", row["kind"] == label["kind"])
        predicted = set(row["countries"] or [])
        count("countries", predicted == set(label.get("countries") or []))
        count("no wrong country", predicted <= set(label.get("countries") or []))
        count("year", row["year"] == label.get("year"))
        if label.get("case_number"):
            count("case number", case_number_ok(row["case_number"], label["case_number"]))
        if label.get("court"):
            count("court", court_ok(row["court"], label["court"]))
        if label.get("outcome"):
            count("outcome", row["outcome"] == label["outcome"])
        count("title", title_ok(row["title"] or "", label))
    return {name: (ok, n) for name, (ok, n) in tally.items()}


def baseline_rows(revision: str, paths: list[Path]) -> list[dict[str, Any]] | None:
    """The same predictions by the `ingest` package of another revision, in a subprocess."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", revision, "ingest"], check=True, capture_output=True
        ).stdout
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        print(f"baseline skipped: cannot export {revision}: {exc}", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        code = (
            "import json, sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(1, sys.argv[2]);"
            "from metadata_accuracy import predict; from pathlib import Path;"
            "print(json.dumps(predict([Path(p) for p in sys.argv[3:]])))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, folder, str(ROOT / "bench"), *map(str, paths)],
            capture_output=True,
            text=True,
            cwd=folder,
            check=False,
        )
    if done.returncode != 0:
        print(f"baseline failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--skip", nargs="*", default=[], help="leave out files whose name starts with these")
    parser.add_argument("--only", nargs="*", default=[], help="only files whose name starts with these")
    parser.add_argument("--baseline", default="main", help="git revision whose pipeline is the baseline")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each file's predictions")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    labels = {
        entry["file"]: entry for entry in yaml.safe_load((REALDOCS / "labels.yaml").read_text())["files"]
    }
    paths = [
        REALDOCS / name
        for name in sorted(labels)
        if not any(name.startswith(s) for s in args.skip)
        and (not args.only or any(name.startswith(s) for s in args.only))
    ]
    rows = predict(paths)
    old = None if args.no_baseline else baseline_rows(args.baseline, paths)
    new_score = score(rows, labels)
    old_score = score(old, labels) if old else None

    if args.verbose:
        for row in rows:
            label = labels[row["file"]]
            print(
                f"\n{row['file'][:40]}  ({row['seconds']} s){'  ERROR ' + row['error'] if row['error'] else ''}"
            )
            for key in (
                "title",
                "kind",
                "countries",
                "year",
                "case_number",
                "court",
                "outcome",
                "decision_date",
            ):
                want = label.get(key)
                mark = "" if want is None else ("  ok" if _same(key, row, label) else f"  WANT {want}")
                print(f"  {key:13} {row.get(key)}{mark}")
    print(
        f"\nmetadata accuracy on {len(rows)} real files in {REALDOCS}"
        f" ({sum(r['seconds'] for r in rows):.0f} s)"
    )
    header = f"{'field':18} {'this tree':>14}" + (
        f" {args.baseline + ' (baseline)':>18}" if old_score else ""
    )
    print(header + f" {'target':>8}")
    for name in FIELDS:
        ok, n = new_score[name]
        line = f"{name:18} {_rate(ok, n):>14}"
        if old_score:
            line += f" {_rate(*old_score[name]):>18}"
        print(line + f" {TARGETS[name]:>8.2f}")


def _same(key: str, row: dict[str, Any], label: dict[str, Any]) -> bool:
    if key == "case_number":
        return case_number_ok(row[key], label[key])
    if key == "court":
        return court_ok(row[key], label[key])
    if key == "title":
        return title_ok(row[key] or "", label)
    if key == "countries":
        return set(row[key] or []) == set(label[key] or [])
    return row.get(key) == label.get(key)


def _rate(ok: int, n: int) -> str:
    return f"{ok / n:.2f} ({ok}/{n})" if n else "-"


if __name__ == "__main__":
    main()
