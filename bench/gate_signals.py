"""Probe of the "nothing matches" gate: which signal tells the cross-language questions it drops from
out-of-domain queries? Prints numbers, changes nothing in the product.

Run from the project root:  .venv/bin/python bench/gate_signals.py [--sets "es->en xquad" "en->es xquad" ...]
                                [--save FILE | --load FILE]

For every set of bench/search_quality.py (and its mixed base) each question and each of the 200
out-of-domain queries (bench/offtopic.py) goes through the product's own hybrid `search()` with the
passage floor on but the query-level gate off, and the gate's evidence is kept: for each of the first
FLOOR_DEPTH documents' best passage, its cosine, its language and its text. Offline, on that evidence:

- `today`: the product's gate (relevance.py: cosine + 0.5 x rarity-weighed coverage, best of the first ten,
  at FLOOR), recomputed, as a check of the recording;
- `per-word weight`: the coverage of a passage in another language than the query weighs each query word
  by its lexicon translation's rarity in the passage's language (the product weighs it by the rarity of
  the query word's own stem there, which no passage of that language holds: the highest), held if the
  passage holds the word or its translation;
- `+ sentence`: the same plus the cosine of the query with the nearest sentence of those passages (each
  sentence embedded alone, offline here: the product stores one vector per passage);
- `second look`: what the product does since (relevance.second_look): today's gate, and a query just below
  its floor (best score from SECOND_LOOK_FROM on) answered if its best score plus its nearest sentence
  among the SECOND_LOOK_PASSAGES best passages reaches the threshold (the product's SENTENCE_FLOOR was
  chosen by this row). The evidence is recorded with the product's whole gate off, so `today` is the
  floor alone.

A rule's threshold is the lowest (on a grid) at which every base's even-numbered out-of-domain queries are
answered with nothing at least as often as today (and, in a second row, at least 97 % of them); nDCG@10 and the out-of-domain share are then printed on
the odd-numbered questions and queries (and on all of them), next to today's and the no-gate lists.
The probe reaches into search internals (index.search.floors and PassageScorer) to record the evidence.
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import index.search as product_search
from bench.offtopic import offtopic_queries
from bench.search_quality import SETS, CachedEmbedder, as_document, load, mixed_base, ndcg_at_10
from index import relevance as rel
from index.embed import make_embedder
from index.glossary import Glossary
from index.knowledge import KnowledgeBase
from index.lexicon import Lexicon
from index.search import SearchRequest, search
from index.store import EdgeStore

MIXED = "mixed"
SENTENCE = re.compile(r"(?<=[.!?;])\s+")
GRID = np.arange(0.25, 0.80, 0.0025)


class Evidence:
    """What the gate saw for one query: the first FLOOR_DEPTH documents' passages as scored."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.extra: dict[str, list[str]] = {}
        self.scored: dict[str, dict[str, Any]] = {}


CURRENT = Evidence()


class RecordingScorer(product_search.PassageScorer):
    """The product's scorer, keeping each scored passage's cosine, language and text."""

    def __init__(self, store, vectors, cosines, words, extra, idf=None, translations=None) -> None:  # noqa: ANN001
        # (a product before per-word translations takes no `translations`: the calibration's baseline)
        more = () if translations is None else (translations,)
        super().__init__(store, vectors, cosines, words, extra, idf, *more)
        CURRENT.words, CURRENT.extra = list(words), {k: list(v) for k, v in extra.items()}

    def read(self, ids: list[str]) -> None:
        super().read(ids)
        for id_, (payload, score) in self.scored.items():
            CURRENT.scored.setdefault(
                id_,
                {
                    "doc": payload["doc_id"],
                    "language": payload.get("language", "und"),
                    "text": payload.get("text", ""),
                    "score": score,
                    "cosine": self.cosines.get(id_),
                },
            )


@contextmanager
def gate_off() -> Iterator[None]:
    """The product's search with the passage floor but without the query-level gate, recording."""
    floors, scorer = product_search.floors, product_search.PassageScorer
    product_search.floors = lambda model: (0.0, floors(model)[1])
    product_search.PassageScorer = RecordingScorer
    try:
        yield
    finally:
        product_search.floors, product_search.PassageScorer = floors, scorer


def ask(kb: KnowledgeBase, embedder: CachedEmbedder, lexicon: Lexicon, glossary: Glossary, text: str) -> dict:
    global CURRENT
    CURRENT = Evidence()
    result = search(
        kb.store, embedder, SearchRequest(text, limit=100, per_document=1), lexicon=lexicon, glossary=glossary
    )
    ranked = [hit.document_id for hit in result.hits]
    best: dict[str, dict[str, Any]] = {}  # the benchmarks' documents have one passage each
    for passage in CURRENT.scored.values():
        doc = passage["doc"]
        if doc in ranked[: rel.FLOOR_DEPTH] and (doc not in best or passage["score"] > best[doc]["score"]):
            best[doc] = passage
    gate = [best[d] for d in ranked[: rel.FLOOR_DEPTH] if d in best]
    return {"text": text, "ranked": ranked, "language": result.query_language, "words": CURRENT.words,
            "extra": CURRENT.extra, "gate": gate}  # fmt: skip


def per_word_coverage(query: dict, passage: dict, lexicon: Lexicon, translations: dict) -> float:
    """Coverage with each query word weighed by its translation's rarity in a passage of another language
    (see the module's docstring); in the query's own language the same as the product's."""
    language = passage["language"]
    stemmer = language if language in rel.LANGUAGES else "und"
    held = rel._passage_terms(passage["text"], language)

    def weight(terms: tuple[int, ...]) -> float:
        return sum(lexicon.idf(t) for t in terms)

    total = found = 0.0
    used: set[str] = set()
    for word in query["words"]:
        own = rel._word_terms(word, stemmer)
        if not own:
            continue
        translated = translations.get((word, language), []) if language != query["language"] else []
        terms = rel._word_terms(translated[0], stemmer) if translated else ()
        used.update(translated)
        w = weight(terms) if terms else weight(own)
        total += w
        if held.issuperset(own) or (terms and held.issuperset(terms)):
            found += w
    if not total:
        return 0.0
    for equivalent in set(query["extra"].get(language, ())) - used:  # the glossary's, as the product counts
        terms = rel._word_terms(equivalent, stemmer)
        if terms and held.issuperset(terms):
            found += weight(terms)
    return min(1.0, found / total)


def cosine_of(query: dict, passage: dict, lexicon: Lexicon) -> float:
    """The passage's cosine (back from its score when only BM25 found it: the scorer computed it)."""
    if passage["cosine"] is not None:
        return passage["cosine"]
    covered = rel.coverage(
        query["words"], passage["text"], passage["language"], query["extra"].get(passage["language"], ()),
        lexicon.idf,
    )  # fmt: skip
    return passage["score"] * (rel.ONE - rel.ZERO) + rel.ZERO - rel.COVERAGE_WEIGHT * covered


def signals(queries: list[dict], lexicon: Lexicon, embedder: CachedEmbedder) -> None:
    """Adds each query's gate scores under the three rules (module docstring)."""
    words = sorted({w for q in queries for w in q["words"]})
    translations: dict[tuple[str, str], list[str]] = {}
    lexicon.expansions(" ".join(words), "und", embedder)  # unknown words embedded in one batch, then cached
    for word in words:  # one word at a time: the lexicon's translations of that word alone
        for language, terms in lexicon.expansions(word, "und", embedder).items():
            translations[(word, language)] = terms
    sentences = sorted(
        {s for q in queries for p in q["gate"] for s in SENTENCE.split(p["text"]) if len(s.split()) >= 3}
    )
    vectors = dict(zip(sentences, embedder.embed(sentences), strict=True)) if sentences else {}
    asked = embedder.embed([q["text"] for q in queries], query=True)
    for query, vector in zip(queries, asked, strict=True):
        today = per_word = nearest = 0.0
        for passage in query["gate"]:
            cosine = cosine_of(query, passage, lexicon)
            today = max(today, passage["score"])
            per_word = max(
                per_word, rel.relevance(cosine, per_word_coverage(query, passage, lexicon, translations))
            )
            pieces = [vectors[s] for s in SENTENCE.split(passage["text"]) if s in vectors]
            nearest = max([nearest] + [float(vector @ v) for v in pieces])
        query["today"], query["per_word"], query["sentence"] = today, per_word, per_word + nearest
        best = sorted(query["gate"], key=lambda p: -p["score"])[: rel.SECOND_LOOK_PASSAGES]
        found = rel.sentences([p["text"] for p in best])
        query["look"] = max([float(vector @ v) for v in embedder.embed(found)] if found else [0.0])


def base_queries_plain(name: str, embedder: CachedEmbedder) -> tuple[list[dict], list[dict]]:
    """base_queries() without the offline rules' signals: the product's gate scores only."""
    return base_queries(name, embedder, with_signals=False)


def base_queries(
    name: str, embedder: CachedEmbedder, with_signals: bool = True
) -> tuple[list[dict], list[dict]]:
    """(questions with their relevant ids and group, out-of-domain queries) of one set, with evidence."""
    if name == MIXED:
        passages, questions = mixed_base()
    else:
        queries_from, passages_from, language = next((q, p, lang) for n, q, p, lang in SETS if n == name)
        corpus, _, _ = load(passages_from)
        _, texts, qrels = load(queries_from)
        passages = {cid: (text, language) for cid, text in corpus.items()}
        questions = [(texts[q], queries_from.split("_")[1], ids) for q, ids in qrels.items()]
    with tempfile.TemporaryDirectory() as tmp, gate_off():
        kb = KnowledgeBase(EdgeStore(Path(tmp)), lambda: embedder)
        for corpus_id, (text, language) in passages.items():
            kb.add(as_document(corpus_id, text, language), "bench")
        lexicon = Lexicon.build(kb.store, embedder)
        glossary = Glossary(Path(tmp) / "glossary.json")
        asked = []
        for text, language, relevant in questions:
            query = ask(kb, embedder, lexicon, glossary, text)
            answer = passages[next(iter(relevant))][1]
            query.update(relevant=relevant, group=f"{language}->{answer}")
            asked.append(query)
        offtopic = [ask(kb, embedder, lexicon, glossary, text) for text in offtopic_queries()]
        if with_signals:
            signals(asked + offtopic, lexicon, embedder)
        kb.close()
    return asked, offtopic


def second_look(query: dict, t: float) -> float:
    """1 if the product's gate with a second look at threshold `t` answers the query, else 0."""
    best = query["today"]
    return float(best >= rel.FLOOR or (best >= rel.SECOND_LOOK_FROM and best + query["look"] >= t))


def passes(query: dict, key: str, t: float) -> bool:
    return second_look(query, t) > 0 if key == "look" else query[key] >= t


def threshold(
    rule: str, bases: dict[str, tuple[list[dict], list[dict]]], share: float | None = None
) -> float:
    """The lowest threshold at which every base's even-numbered out-of-domain queries are left empty at
    least as often as by today's gate (or, with `share`, at least that often)."""

    def empty(offtopic: list[dict], key: str, t: float) -> float:
        return float(np.mean([not passes(q, key, t) for q in offtopic[::2]]))

    for t in GRID:
        if all(
            empty(o, rule, t) >= (share if share is not None else empty(o, "today", rel.FLOOR))
            for _, o in bases.values()
        ):
            return float(t)
    return float(GRID[-1])


def report(bases: dict[str, tuple[list[dict], list[dict]]]) -> None:
    rules: list[tuple[str, str, float]] = [("today", "today", rel.FLOOR)]
    for label, key in (("per-word weight", "per_word"), ("+ sentence", "sentence"), ("second look", "look")):
        rules.append((label, key, threshold(key, bases)))
        rules.append((f"{label}, 97 %", key, threshold(key, bases, share=0.97)))
    print("\nnDCG@10 on the odd-numbered questions (all questions); out-of-domain answered with nothing on")
    print("the odd-numbered queries (all 200); thresholds chosen on the even-numbered out-of-domain queries")
    for label, _, t in rules:
        print(f"  {label}: threshold {t:.4f} (raw {t * (rel.ONE - rel.ZERO) + rel.ZERO:.3f})")
    for name, (asked, offtopic) in bases.items():
        ndcg = np.array([ndcg_at_10(q["ranked"], q["relevant"]) for q in asked])
        odd = np.arange(len(asked)) % 2 == 1
        odd_off = np.arange(len(offtopic)) % 2 == 1
        print(f"\n{name}: no gate {ndcg[odd].mean():.3f} ({ndcg.mean():.3f})")
        groups: dict[str, Callable[[dict], bool]] = {"": lambda q: True}
        if name == MIXED:
            groups.update({g: (lambda q, g=g: q["group"] == g) for g in sorted({q["group"] for q in asked})})
        for label, key, t in rules:
            kept = np.array([passes(q, key, t) for q in asked])
            empty = np.array([not passes(q, key, t) for q in offtopic])
            line = f"  {label:16} nDCG@10 {(ndcg * kept)[odd].mean():.3f} ({(ndcg * kept).mean():.3f})"
            line += f"  out-of-domain empty {empty[odd_off].mean():.1%} ({empty.mean():.1%})"
            for group, member in list(groups.items())[1:]:
                mask = np.array([member(q) for q in asked])
                line += f"  {group} {(ndcg * kept)[mask].mean():.3f}"
            print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=[name for name, *_ in SETS] + [MIXED])
    parser.add_argument("--save", type=Path, help="keep the evidence in this file (pickle)")
    parser.add_argument("--load", type=Path, help="report on evidence saved by --save, without searching")
    args = parser.parse_args()
    if args.load:
        bases = pickle.loads(args.load.read_bytes())
    else:
        embedder = CachedEmbedder(make_embedder("use-multilingual-v3"))
        bases = {}
        for name in args.sets:
            bases[name] = base_queries(name, embedder)
            print(f"{name}: {len(bases[name][0])} questions, {len(bases[name][1])} out-of-domain", flush=True)
        if args.save:
            args.save.write_bytes(pickle.dumps(bases))
    report(bases)


if __name__ == "__main__":
    main()
