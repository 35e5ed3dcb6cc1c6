"""Comparable cases on casestudies/: do the near-twins of each case (the same pattern told independently,
often in another language; `twin_group` in their metadata) come first among its comparable cases?

Run from the project root:  .venv/bin/python bench/comparable.py

casestudies/ is ingested into a fresh embedded index. For every document of a twin group, its comparable
cases are ranked (a) by `comparable_cases` (passage pairs, coverage, best pairs, shared facets) and (b) by
the baseline in the same run: cosine similarity of mean passage vectors (document-level embedding
similarity). Prints mean reciprocal rank of the twins, how often the first twin is first (hit@1), how often
every twin is within the first three, and the latency of a comparable-case query. Asserts nothing.
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

from casoteca.library import Library
from casoteca.settings import Settings
from index.similar import SimilarRequest, document_vector, passages_of


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
        summaries = library.summaries()
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
            library.similar(doc, SimilarRequest(limit=len(summaries)))  # warm-up of this case's pages
            started = time.perf_counter()
            found = library.similar(doc, SimilarRequest(limit=len(summaries))) or []
            times.append(time.perf_counter() - started)
            ours.append(ranks([c["document_id"] for c in found], twins))
        print("rank of the twins among each member's comparable cases:")
        report("document embedding similarity (baseline)", baseline)
        report("comparable_cases (passage pairs + facets)", ours)
        ms = sorted(t * 1000 for t in times)
        print(f"comparable-case query latency, {len(ms)} cases of 1-{max(len(p) for p in cases.values())} passages: "
              f"p50 {statistics.median(ms):.1f} ms, p95 {ms[int(len(ms) * 0.95)]:.1f} ms")
        library.close()


if __name__ == "__main__":
    main()
