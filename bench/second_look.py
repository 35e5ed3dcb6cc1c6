"""What the relevance floor's second look costs one query (index/relevance.py, `second_look`): embedding the
sentences of the three best passages of a query just below the floor, with the real model on this machine.
Baseline in the same run: embedding the query itself (what every search does once).

Run from the project root:  .venv/bin/python bench/second_look.py [--runs 50]

The passages are the three longest of casestudies/ (a worst case: the bench's questions' passages hold
about 16 sentences in all, the longest ones reach the cap of SECOND_LOOK_SENTENCES). Prints milliseconds,
asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import relevance as rel
from index.embed import make_embedder
from ingest.pipeline import Source, build_document, iter_files

QUERY = "¿Quién retenía los documentos de los trabajadores de la mina?"


def longest_passages(count: int) -> list[str]:
    texts: list[str] = []
    for path, error in iter_files([ROOT / "casestudies"]):
        if error or path.suffix in (".yaml", ".tsv") or path.name == "README.md":
            continue
        document, _ = build_document(Source(key=str(path), name=path.name, data=path.read_bytes()))
        texts += [p.text for p in document.passages]
    return sorted(texts, key=len, reverse=True)[:count]


def timed(work, runs: int) -> tuple[float, float]:  # noqa: ANN001 - a callable of no arguments
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    embedder = make_embedder("use-multilingual-v3")
    passages = longest_passages(rel.SECOND_LOOK_PASSAGES)
    found = rel.sentences(passages)
    query = embedder.embed([QUERY], query=True)
    below = rel.FLOOR - 0.01
    look = timed(lambda: rel.second_look(below, query, passages, embedder.embed), args.runs)
    # the query vector is cached after its first search; its first embedding is what a new query costs
    one = timed(lambda: embedder.embed([QUERY + str(time.perf_counter())], query=True), args.runs)
    print(f"{len(found)} sentences of the {len(passages)} longest passages of casestudies/")
    print(f"second look                       p50 {look[0]:6.1f} ms  p95 {look[1]:6.1f} ms")
    print(f"baseline: one new query embedded  p50 {one[0]:6.1f} ms  p95 {one[1]:6.1f} ms")


if __name__ == "__main__":
    main()
