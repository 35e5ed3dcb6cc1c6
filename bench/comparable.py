"""Comparable cases and shared criteria on casestudies/.

Run from the project root:  .venv/bin/python bench/comparable.py

Part 1: do the near-twins of each case (the same pattern told independently, often in another language;
`twin_group` in their metadata) come first among its comparable cases?
casestudies/ is ingested into a fresh embedded index. For every document of a twin group, its comparable
cases are ranked (a) by `comparable_cases` (passage pairs, coverage, best pairs, shared facets) and (b) by
the baseline in the same run: cosine similarity of mean passage vectors (document-level embedding
similarity). Prints mean reciprocal rank of the twins, how often the first twin is first (hit@1), how often
every twin is within the first three, and the latency of a comparable-case query.

Part 2: the criteria matrix against the means each case's metadata lists (deception, debt bondage,
retention of documents, threats/force/coercion, abuse of vulnerability): precision and recall per
criterion, with the baseline in the same run of a criterion met by its nearest passage alone (dense
similarity), its threshold set so that it marks as many cells as ours. Two thirds of the cells are
positive, so marking every cell already scores precision 0.66: precision is the number to read.
Prints the time to compute the whole matrix. Asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casoteca.accounts import CLI
from casoteca.library import Library
from casoteca.settings import Settings
from index.search import SearchRequest
from index.similar import SimilarRequest, document_vector, passages_of

# criterion id -> the `means` values in the metadata that say a case meets it
CRITERIA_LABELS = {"deceptive-recruitment": {"deception"}, "debt-bondage": {"debt_bondage"},
                   "document-retention": {"document_retention"},
                   "threats-violence": {"threat", "force", "coercion"},
                   "abuse-of-vulnerability": {"abuse_of_vulnerability"}}


def ranks(order: list[str], twins: set[str]) -> list[int]:
    return [order.index(t) + 1 if t in order else 10_000 for t in twins]


def report(label: str, all_ranks: list[list[int]]) -> None:
    mrr = statistics.mean(1 / min(r) for r in all_ranks)
    mrr_all = statistics.mean(1 / x for r in all_ranks for x in r)
    hit1 = statistics.mean(1.0 if min(r) == 1 else 0.0 for r in all_ranks)
    all3 = statistics.mean(1.0 if max(r) <= 3 else 0.0 for r in all_ranks)
    print(f"  {label:44} MRR(first twin) {mrr:.3f}  MRR(every twin) {mrr_all:.3f}  hit@1 {hit1:.2f}  "
          f"all twins in top 3 {all3:.2f}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Settings(data_dir=Path(tmp)))
        library.ingest_paths([ROOT / "casestudies"])
        store = library.kb.store
        summaries = library.summaries(caller=CLI)
        groups: dict[str, set[str]] = {}
        cases, sha = {}, {}
        for doc in summaries:
            passages, first = passages_of(store, doc["id"])
            cases[doc["id"]] = passages
            sha[doc["id"]] = first.get("sha256")
            group = ((first.get("document") or {}).get("metadata") or {}).get("twin_group")
            if group:
                groups.setdefault(group, set()).add(doc["id"])
        members = [(doc, group - {doc}) for group in groups.values() for doc in sorted(group)]
        print(f"{len(summaries)} documents, {len(groups)} twin groups, {len(members)} queries")

        vectors = {doc: document_vector(passages) for doc, passages in cases.items() if passages}
        baseline, ours, times = [], [], []
        for doc, twins in members:
            others = [d for d in vectors if d != doc and sha[d] != sha[doc]]
            sims = {d: float(np.dot(vectors[doc], vectors[d])) for d in others}
            baseline.append(ranks(sorted(others, key=lambda d: -sims[d]), twins))
            library.similar(doc, SimilarRequest(limit=len(summaries)), caller=CLI)  # warm-up of this case's pages
            started = time.perf_counter()
            found = library.similar(doc, SimilarRequest(limit=len(summaries)), caller=CLI) or []
            times.append(time.perf_counter() - started)
            ours.append(ranks([c["document_id"] for c in found], twins))
        print("rank of the twins among each member's comparable cases:")
        report("document embedding similarity (baseline)", baseline)
        report("comparable_cases (passage pairs + facets)", ours)
        ms = sorted(t * 1000 for t in times)
        print(f"comparable-case query latency, {len(ms)} cases of 1-{max(len(p) for p in cases.values())} passages: "
              f"p50 {statistics.median(ms):.1f} ms, p95 {ms[int(len(ms) * 0.95)]:.1f} ms")
        bench_criteria(library)
        library.close()


def bench_criteria(library: Library) -> None:
    means = {}
    for doc in library.summaries(caller=CLI):
        metadata = (library.get(doc["id"], caller=CLI) or {}).get("metadata", {})
        if metadata.get("means"):
            means[doc["id"]] = set(metadata["means"])
    library.criteria_matrix(SearchRequest(""), caller=CLI)  # embeds the criteria once
    started = time.perf_counter()
    result = library.criteria_matrix(SearchRequest(""), caller=CLI)
    elapsed = time.perf_counter() - started
    rows = [row for row in result["rows"] if row["document_id"] in means]
    print(f"\ncriteria matrix: {len(result['rows'])} cases x {len(result['criteria'])} criteria in "
          f"{elapsed * 1000:.0f} ms; checked against the metadata of {len(rows)} cases")
    truth = {(row["document_id"], c): bool(means[row["document_id"]] & labels)
             for row in rows for c, labels in CRITERIA_LABELS.items()}
    scores = {(row["document_id"], c): row["cells"][c]["score"] for row in rows for c in CRITERIA_LABELS}
    ours = {(row["document_id"], c): row["cells"][c]["meets"] for row in rows for c in CRITERIA_LABELS}
    marked = sum(ours.values())
    cut = sorted(scores.values(), reverse=True)[marked - 1] if marked else 1.0
    baseline = {k: scores[k] >= cut for k in truth}
    print(f"  {'criterion':24} {'positives':>9}   keywords + meaning (ours)   nearest passage alone, t={cut:.2f}")
    for criterion in CRITERIA_LABELS:
        keys = [k for k in truth if k[1] == criterion]
        y = [truth[k] for k in keys]
        print(f"  {criterion:24} {sum(y):4}/{len(y):<4}   {pr([ours[k] for k in keys], y):26}  "
              f"{pr([baseline[k] for k in keys], y)}")
    y = list(truth.values())
    print(f"  {'all five':24} {sum(y):4}/{len(y):<4}   {pr([ours[k] for k in truth], y):26}  "
          f"{pr([baseline[k] for k in truth], y)}")


def counts(predicted: list[bool], actual: list[bool]) -> tuple[int, int, int]:
    tp = sum(1 for p, a in zip(predicted, actual, strict=True) if p and a)
    fp = sum(1 for p, a in zip(predicted, actual, strict=True) if p and not a)
    fn = sum(1 for p, a in zip(predicted, actual, strict=True) if a and not p)
    return tp, fp, fn


def f1(predicted: list[bool], actual: list[bool]) -> float:
    tp, fp, fn = counts(predicted, actual)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def pr(predicted: list[bool], actual: list[bool]) -> str:
    tp, fp, fn = counts(predicted, actual)
    precision = tp / (tp + fp) if tp + fp else 0.0
    return f"P {precision:.2f} R {tp / (tp + fn) if tp + fn else 0.0:.2f} F1 {f1(predicted, actual):.2f}"


if __name__ == "__main__":
    main()
