"""Calibration of the relevance floor (index/relevance.py FLOOR): the product's own gate score of every
question and out-of-domain query, and what each threshold on a grid would do. Prints numbers only.

Run from the project root:  .venv/bin/python bench/floor_calibration.py [--sets mixed "es->en xquad" ...]

Each query goes once through the product's hybrid `search()` with the passage floor on and the query-level
gate off (bench/gate_signals.py records what the gate saw); its gate score is the best 0-1 score of the
first FLOOR_DEPTH documents' best passages, as search() computes it. For each threshold: the share of the
200 out-of-domain queries (bench/offtopic.py) answered with nothing, on all of them and on the even- and
odd-numbered halves, and the in-domain recall@10 change against no gate. The floor is the lowest threshold
leaving at least TARGET of the mixed base's out-of-domain queries empty on both halves (the method the
floor was first chosen by); the other sets are printed to check it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gate_signals import MIXED, base_queries_plain
from bench.search_quality import SETS, CachedEmbedder, recall
from index import relevance as rel
from index.embed import make_embedder

TARGET = 0.97
GRID = np.round(np.arange(0.26, 0.45, 0.005), 3)  # raw thresholds (cosine + 0.5 x coverage)


def gate_score(query: dict) -> float:
    return max((p["score"] for p in query["gate"]), default=0.0)


def sweep(name: str, asked: list[dict], offtopic: list[dict]) -> float | None:
    """Prints the grid for one set; the lowest raw threshold meeting TARGET on both halves."""
    questions = np.array([gate_score(q) for q in asked])
    off = np.array([gate_score(q) for q in offtopic])
    r10 = np.array([recall(q["ranked"], q["relevant"], 10) for q in asked])
    current = rel.FLOOR * (rel.ONE - rel.ZERO) + rel.ZERO
    print(
        f"\n{name}: {len(asked)} questions, recall@10 without the gate {r10.mean():.3f}; floor now {current:.3f}"
    )
    print(f"{'raw':>6}{'0-1':>7}{'empty':>8}{'even':>7}{'odd':>7}{'R@10 change':>13}")
    chosen = None
    for raw in GRID:
        t = (raw - rel.ZERO) / (rel.ONE - rel.ZERO)
        empty = off < t
        even, odd = empty[::2].mean(), empty[1::2].mean()
        change = (r10 * (questions >= t)).mean() - r10.mean()
        mark = ""
        if chosen is None and even >= TARGET and odd >= TARGET:
            chosen, mark = float(raw), "  <- lowest at 97 % on both halves"
        print(f"{raw:6.3f}{t:7.3f}{empty.mean():8.1%}{even:7.1%}{odd:7.1%}{change:+13.3f}{mark}")
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=[MIXED] + [name for name, *_ in SETS])
    args = parser.parse_args()
    embedder = CachedEmbedder(make_embedder("use-multilingual-v3"))
    for name in args.sets:
        asked, offtopic = base_queries_plain(name, embedder)
        sweep(name, asked, offtopic)


if __name__ == "__main__":
    main()
