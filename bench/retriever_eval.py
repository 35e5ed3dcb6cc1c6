"""Casoteca as a llama-index retriever, measured by llama-index's own `RetrieverEvaluator` on casestudies/.

Run from the project root:  .venv/bin/python bench/retriever_eval.py [--k 5]

Ingests casestudies/ into a temporary base, then asks the hand-written questions of
`bench/data/casestudies_queries.yaml` (es/pt/en, answers often in another language) through
`CasotecaRetriever`, one node per document, and prints llama-index's hit rate and MRR at k: for the product's
hybrid search, and as baselines in the same run its dense-only and BM25-only legs. A question counts as
answered by a node of any document labelled relevant. Then the same hybrid run as a reader of another
office: questions whose only answers are office-restricted must miss. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casoteca.settings import Settings
from service.accounts import CLI, Caller
from service.library import Library
from service.retriever import CasotecaRetriever, RetrieverOptions, node_id

QUERIES = ROOT / "bench" / "data" / "casestudies_queries.yaml"
CASESTUDIES = ROOT / "casestudies"


@dataclass
class Question:
    query: str
    relevant: list[str]  # file names in casestudies/


@dataclass
class Scores:
    hit_rate: float
    mrr: float
    answered: int  # questions that brought back at least one node
    questions: int
    seconds: float


def questions() -> list[Question]:
    return [
        Question(q["query"], list(q["relevant"])) for q in yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    ]


def expected_ids(library: Library, relevant: list[str]) -> list[str]:
    """Every passage node of the relevant documents: a node of any of them answers the question."""
    by_name = {d.source_name: d for d in library.summaries(caller=CLI)}
    missing = [name for name in relevant if name not in by_name]
    if missing:
        raise ValueError(f"{QUERIES.name} names files that are not in the base: {missing}")
    return [node_id(by_name[name].id, order) for name in relevant for order in range(by_name[name].passages)]


def evaluate(library: Library, caller: Caller, mode: str = "hybrid", k: int = 5) -> Scores:
    """llama-index's hit rate and MRR at `k` over the question set. A question the retriever answers with
    nothing (every passage under the relevance floor) scores 0 on both (the evaluator itself refuses an
    empty list)."""
    from llama_index.core.evaluation import RetrieverEvaluator

    retriever = CasotecaRetriever(library, caller, RetrieverOptions(limit=k, per_document=1, mode=mode))
    evaluator = RetrieverEvaluator.from_metric_names(["hit_rate", "mrr"], retriever=retriever)
    hits, ranks, answered = 0.0, 0.0, 0
    asked = questions()
    started = time.perf_counter()
    for question in asked:
        expected = expected_ids(library, question.relevant)  # never empty: each document has a passage
        try:
            result = evaluator.evaluate(query=question.query, expected_ids=expected)
        except ValueError:  # the evaluator's refusal of an empty retrieved list
            continue
        answered += 1
        hits += result.metric_vals_dict["hit_rate"]
        ranks += result.metric_vals_dict["mrr"]
    seconds = time.perf_counter() - started
    return Scores(hits / len(asked), ranks / len(asked), answered, len(asked), seconds)


def load(data_dir: Path) -> Library:
    library = Library(Settings(data_dir=data_dir))
    report = library.ingest_paths([CASESTUDIES])
    failed = [line.path for line in report if line.status == "failed"]
    if failed:
        raise SystemExit(f"these files failed to ingest: {failed}")
    return library


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--k", type=int, default=5, help="nodes (documents) retrieved per question")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        library = load(Path(tmp) / "data")
        print(
            f"ingested casestudies/ in {time.perf_counter() - started:.1f} s; "
            f"{len(questions())} questions, k={args.k}"
        )
        try:
            print(f"{'run':34} {'hit_rate':>8} {'mrr':>6} {'answered':>9} {'s/question':>10}")
            runs = [
                ("hybrid (the product)", CLI, "hybrid"),
                ("dense only (baseline)", CLI, "dense"),
                ("bm25 only (baseline)", CLI, "bm25"),
                (
                    "hybrid, reader of another office",
                    Caller("bench", office="elsewhere", role="reader"),
                    "hybrid",
                ),
            ]
            for name, caller, mode in runs:
                s = evaluate(library, caller, mode, args.k)
                print(
                    f"{name:34} {s.hit_rate:8.3f} {s.mrr:6.3f} {s.answered:4}/{s.questions:<4} "
                    f"{s.seconds / s.questions:10.3f}"
                )
        finally:
            library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
