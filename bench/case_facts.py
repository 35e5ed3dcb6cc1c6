"""Case facts inferred from the text against what people wrote: per-field precision and recall.

    .venv/bin/python bench/case_facts.py [--cache FILE] [--show]

Truth: the sidecars of casestudies/ (`purpose` = forms of exploitation, `means`, `sector`, `verdict` =
outcome), hand labels of countries by role and of provisions cited (bench/data/case_facts_labels.yaml),
and ../shared/realdocs/labels.yaml (outcome of each judgment; the articles of its offences, recall only,
since the labels name the offences' articles and not every provision cited; and, since none of those
judgments is on trafficking, any form of exploitation found in one is a false positive).

Documents are parsed without their sidecars and facts inferred from the inferred metadata only, so a told
value never counts as found. Baseline in the same run: a keyword-free guess (the most frequent value of
each field for every document) to show what the numbers would be without reading the text.
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.facts import COUNTED
from ingest.facts import CaseFacts, infer_facts
from ingest.models import Document
from ingest.pipeline import Source, build_document, iter_files

CORPUS = ROOT / "casestudies"
REALDOCS = ROOT.parent / "shared" / "realdocs"
LABELS = ROOT / "bench" / "data" / "case_facts_labels.yaml"
OUTCOMES = {"conviction": "conviction", "acquittal": "acquittal", "pending": "other", "other": "other"}
EMPTY = {"none", "not_applicable", ""}


def build(path: Path) -> Document | None:
    """The document as ingest makes it, but without its sidecar (the truth must not leak into it)."""
    try:
        document, _ = build_document(Source(key=str(path), name=path.name, data=path.read_bytes()))
    except Exception as exc:  # noqa: BLE001 - one unreadable file is reported and skipped
        print(f"  skipped {path.name}: {exc}", file=sys.stderr)
        return None
    return document


def documents(cache: Path | None) -> dict[str, Document]:
    if cache and cache.is_file():
        return pickle.loads(cache.read_bytes())
    out: dict[str, Document] = {}
    for root in (CORPUS, REALDOCS):
        for path, error in iter_files([root]):
            if error or path.suffix in (".tsv", ".yaml") or path.name == "README.md":
                continue
            document = build(path)
            if document is not None:
                out[str(path.relative_to(root.parent))] = document
    if cache:
        cache.write_bytes(pickle.dumps(out))
    return out


def facts_of(document: Document) -> CaseFacts:
    metadata = {key: document.metadata[key] for key in document.inferred if key in document.metadata}
    return infer_facts(document.passages, metadata)


class Score:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.misses: list[str] = []

    def add(self, name: str, found: set[str], truth: set[str], recall_only: bool = False) -> None:
        self.tp += len(found & truth)
        self.fn += len(truth - found)
        if not recall_only:
            self.fp += len(found - truth)
        if found != truth:
            self.misses.append(f"{name}: found {sorted(found)} truth {sorted(truth)}")

    def line(self, field: str) -> str:
        if not (self.tp or self.fp or self.fn):
            return f"{field:<34} nothing found, nothing expected: 0 false positives"
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")
        return f"{field:<34} P {p:5.2f}  R {r:5.2f}   (tp {self.tp}, fp {self.fp}, fn {self.fn})"


def stem(key: str) -> str:
    return Path(key).name.rsplit(".", 1)[0] if "." in Path(key).name else Path(key).name


def truth_provisions(offences: list[str]) -> set[str]:
    """The articles a label's offences name ("... (art. 144 en relación con art. 39 COIP)", "(s. 4(1)(a)
    and (3), Dangerous Drugs Ordinance, Cap. 134)"), in the stored spelling: every "art. N" of a bracket
    with the code the bracket names."""
    out: set[str] = set()
    for offence in offences:
        for group in re.findall(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)", offence):
            code = re.search(r"\b(COIP|CPP|CP)\b", group)
            if code:
                out |= {f"{code.group(1)} art. {n}" for n in re.findall(r"\bart\.\s*(\d+(?:-[A-Z])?)", group)}
            chapter = re.search(r"Cap\.\s*(\d+)", group)
            section = re.search(r"\bs\.\s*(\d+)", group)
            if chapter and section:
                out.add(f"Cap. {chapter.group(1)} s. {section.group(1)}")
    return out


def run(docs: dict[str, Document], show: bool) -> None:
    sidecars: dict[str, dict[str, Any]] = {}
    for path in CORPUS.glob("*.meta.yaml"):
        sidecars[path.name[: -len(".meta.yaml")]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in CORPUS.glob("*.md"):
        if path.name != "README.md":
            sidecars[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    hand = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["documents"]
    real = (
        {
            item["file"]: item
            for item in yaml.safe_load((REALDOCS / "labels.yaml").read_text(encoding="utf-8"))["files"]
        }
        if (REALDOCS / "labels.yaml").is_file()
        else {}
    )
    scores: dict[str, Score] = {}
    baseline: dict[str, Score] = {}
    facts = {key: facts_of(doc) for key, doc in docs.items()}
    truths: dict[str, list[tuple[str, set[str], bool]]] = {}  # field -> (doc, truth, recall_only)
    for key in docs:
        name = stem(key)
        told = sidecars.get(name) if key.startswith("casestudies/") else None
        rows = truths.setdefault
        if told is not None:
            for field, label in (("exploitation", "purpose"), ("means", "means"), ("sector", "sector")):
                rows(field, []).append((key, {v for v in told.get(label) or [] if v not in EMPTY}, False))
            verdict = str(told.get("verdict") or "")
            rows("outcome", []).append((key, {OUTCOMES[verdict]} if verdict in OUTCOMES else set(), False))
        labels = hand.get(name) or {}
        for role in ("origin", "transit", "destination"):
            if "roles" in labels:
                rows(f"countries: {role}", []).append((key, set(labels["roles"].get(role) or []), False))
        if "provisions" in labels:
            rows("provisions (casestudies)", []).append((key, set(labels["provisions"]), False))
        realdoc = real.get(Path(key).name)
        if realdoc and realdoc.get("kind") in ("judgment", "case_brief") and "outcome" in realdoc:
            rows("outcome (realdocs judgments)", []).append((key, {realdoc["outcome"]}, False))
            rows("provisions (realdocs offences, R)", []).append(
                (key, truth_provisions(realdoc["offences"]), True)
            )
            rows("exploitation (realdocs, none)", []).append((key, set(), False))
    for field, items in truths.items():
        value_field = {
            "countries: origin": "origin",
            "countries: transit": "transit",
            "countries: destination": "destination",
        }.get(field, field.split(" ")[0])
        value_field = "provision" if value_field == "provisions" else value_field
        common = Counter(v for _, truth, _ in items for v in truth).most_common(1)
        guess = {common[0][0]} if common else set()
        for key, truth, recall_only in items:
            found = {f.value for f in facts[key].facts if f.field == value_field and f.confidence >= COUNTED}
            if value_field == "outcome":
                found = set(list(found)[:1])
            scores.setdefault(field, Score()).add(stem(key), found, truth, recall_only)
            baseline.setdefault(field, Score()).add(
                stem(key), guess if truth or not recall_only else set(), truth, recall_only
            )
    print(
        f"{len(docs)} documents ({sum(k.startswith('casestudies/') for k in docs)} casestudies, "
        f"{sum(not k.startswith('casestudies/') for k in docs)} realdocs)\n"
    )
    print("inferred facts")
    for field in sorted(scores):
        print("  " + scores[field].line(field))
    print("\nbaseline: the most frequent true value, guessed for every document")
    for field in sorted(baseline):
        print("  " + baseline[field].line(field))
    if show:
        for field in sorted(scores):
            print(f"\n{field}")
            for miss in scores[field].misses:
                print("   ", miss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="keep the parsed documents in this file between runs")
    parser.add_argument("--show", action="store_true", help="list every document whose facts differ")
    args = parser.parse_args()
    run(documents(args.cache), args.show)


if __name__ == "__main__":
    main()
