"""Comparable cases: which documents tell a story like this one, and which passages show it.

A case (a document in the base, or a draft a prosecutor pastes or uploads) is a list of passages with
dense vectors. Each of its passages looks for its nearest passages in the base (one engine query per
passage, every filter of a search applied in the engine). A candidate document then has, for each query
passage, its best-matching passage and that pair's similarity; a passage it did not return counts at the
lowest similarity its query passage returned (an upper bound of what it missed).

The case score is half how much of the query case the candidate covers (the mean best similarity over
all query passages) and half how closely its best pair matches, so a twin that tells the whole story ranks
above a document sharing one striking paragraph, and that paragraph still counts. Shared facets (form of
exploitation, sector, countries) add a small bonus each and are returned as reasons; a case of another
form that matches strongly on its passages still ranks, with its evidence. These weights were chosen on
a grid over the twins of casestudies/ (bench/comparable.py); the plateau is wide (mean reciprocal rank
of every twin 0.55-0.58 across weights). Moving each language's scores to a common median (USE puts
same-language passages nearer) gained 0.02-0.03 there but pushed the right case down for a one-paragraph
draft in a small base, so it is not done.

Evidence pairs are labelled with the aspect of a case they are about (recruitment, transport, ...): the
aspect whose short description, written in Spanish, Portuguese and English, is nearest to both passages.

Measured on casestudies/ by bench/comparable.py against document-level embedding similarity (the mean
passage vector of each document), in the same run.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .aspects import AspectLabeller
from .embed import Embedder
from .knowledge import LIVE
from .search import Filters, request_filter
from .store import DENSE, Hit, Leg, Store, Where

MAX_QUERY_PASSAGES = 40  # longer cases are sampled evenly: the cost is one engine query per passage
NEIGHBOURS = 60  # nearest passages fetched per query passage
COVERAGE_WEIGHT = 0.5  # the rest goes to the best pair(s)
BEST_PAIRS = 1
FACET_BONUS = 0.05  # per kind of facet shared (exploitation, sector, countries)
EVIDENCE_CANDIDATES = 3  # pairs looked at per pair shown, to show different aspects
CANDIDATE_FIELDS = ("doc_id", "order", "purpose", "sector", "countries", "sha256")
DRAFT_PART_WORDS = 60  # a draft is compared in parts of about this many words (draft_case)
SHARED_FACETS = {"exploitation": "purpose", "sector": "sector", "countries": "countries"}

@dataclass
class CasePassage:
    """A passage of the case being compared: its text, where it is, and its dense vector."""

    order: int
    text: str
    page_start: int
    page_end: int
    section: list[str]
    vector: np.ndarray

    def view(self) -> dict[str, Any]:
        return {"order": self.order, "text": self.text, "page_start": self.page_start, "page_end": self.page_end,
                "section": self.section}


@dataclass
class SimilarRequest(Filters):
    limit: int = 10
    evidence: int = 3

    def where(self, access: Where | None) -> Where:
        """The same filter a search with these facets would use: access rules included, in the engine."""
        return request_filter(self, access)


def passages_of(store: Store, doc_id: str) -> tuple[list[CasePassage], dict[str, Any]]:
    """A stored document as a case: its passages with vectors, and its first passage's payload (facets)."""
    hits, _ = store.scroll(Where({"doc_id": doc_id, "state": LIVE}), limit=100_000, order_by="order", vectors=True)
    passages = [CasePassage(h.payload["order"], h.payload["text"], h.payload["page_start"], h.payload["page_end"],
                            h.payload.get("section", []), np.asarray(h.vector, dtype=np.float32))
                for h in hits if h.vector is not None]
    first = next((h.payload for h in hits if h.payload.get("order") == 0), hits[0].payload if hits else {})
    return passages, first


def sample(passages: list[CasePassage], most: int = MAX_QUERY_PASSAGES) -> list[CasePassage]:
    if len(passages) <= most:
        return passages
    step = len(passages) / most
    return [passages[int(i * step)] for i in range(most)]


def comparable_cases(store: Store, labeller: AspectLabeller, case: list[CasePassage], facets: dict[str, Any],
                     request: SimilarRequest, exclude: str | None = None,
                     access: Where | None = None) -> list[dict[str, Any]]:
    """The documents most comparable to `case`, best first, each with its score, shared facets and evidence."""
    query = sample(case)
    if not query:
        return []
    where = request.where(access)
    if exclude:
        where = where.excluding(doc_id=exclude)
    lists = store.search_batch([Leg(DENSE, p.vector.tolist(), 1.0) for p in query], where, limit=NEIGHBOURS,
                               fields=CANDIDATE_FIELDS)
    floors = [min((h.score for h in hits), default=0.0) if len(hits) == NEIGHBOURS else 0.0 for hits in lists]
    best: dict[str, dict[int, Hit]] = defaultdict(dict)  # doc -> query passage index -> its best hit there
    payloads: dict[str, dict[str, Any]] = {}
    for i, hits in enumerate(lists):
        for hit in hits:
            doc = hit.payload["doc_id"]
            if facets.get("sha256") and hit.payload.get("sha256") == facets["sha256"]:
                continue  # the same file stored twice (alone and as an e-mail attachment) is no comparable case
            payloads.setdefault(doc, hit.payload)
            if i not in best[doc] or hit.score > best[doc][i].score:
                best[doc][i] = hit
    scored = []
    for doc, pairs in best.items():
        sims = [pairs[i].score if i in pairs else floors[i] for i in range(len(query))]
        top = sorted((hit.score for hit in pairs.values()), reverse=True)[:BEST_PAIRS]
        shared = shared_facets(facets, payloads[doc])
        score = (COVERAGE_WEIGHT * sum(sims) / len(sims) + (1 - COVERAGE_WEIGHT) * sum(top) / len(top)
                 + FACET_BONUS * sum(1 for values in shared.values() if values))
        scored.append((score, doc, shared))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [case_view(store, labeller, query, best[doc], score, shared, request.evidence)
            for score, doc, shared in scored[: request.limit]]


def shared_facets(query: dict[str, Any], match: dict[str, Any]) -> dict[str, list[str]]:
    """Facet values the two cases have in common: {"exploitation": [...], "sector": [...], "countries": [...]}."""
    def values(payload: dict[str, Any], key: str) -> set[str]:
        value = payload.get(key)
        return {str(v) for v in (value if isinstance(value, list) else [value]) if v not in (None, "")}

    return {name: sorted(values(query, key) & values(match, key)) for name, key in SHARED_FACETS.items()}


def case_view(store: Store, labeller: AspectLabeller, query: list[CasePassage], pairs: dict[int, Hit],
              score: float, shared: dict[str, list[str]], evidence: int) -> dict[str, Any]:
    """One comparable case with up to `evidence` pairs, best first: among its strongest pairs (each query
    passage and each matched passage used once), one of each aspect before a second of any aspect, so the
    evidence shows the different parts of the story two cases share, not three views of the same one."""
    candidates: list[tuple[int, Hit]] = []
    used: set[str] = set()
    for i, hit in sorted(pairs.items(), key=lambda item: -item[1].score):
        if hit.id not in used:
            candidates.append((i, hit))
            used.add(hit.id)
        if len(candidates) >= EVIDENCE_CANDIDATES * max(evidence, 1):
            break
    full = {h.id: h for h in store.retrieve([hit.id for _, hit in candidates], vectors=True)}
    first = next(iter(full.values())).payload if full else {}
    labelled = []
    for i, hit in candidates:
        match = full.get(hit.id)
        if match is None:
            continue
        p = match.payload
        matched = CasePassage(p["order"], p["text"], p["page_start"], p["page_end"], p.get("section", []),
                              np.asarray(match.vector if match.vector is not None else query[i].vector,
                                         dtype=np.float32))
        labelled.append((labeller.label(query[i], matched), i, matched))
    picked: list[int] = []  # positions in `labelled`
    for k, (aspect, _, _) in enumerate(labelled):  # strongest first: one pair per aspect
        if len(picked) < evidence and aspect is not None and all(labelled[j][0] != aspect for j in picked):
            picked.append(k)
    for k in range(len(labelled)):  # then the strongest of the rest
        if len(picked) < evidence and k not in picked:
            picked.append(k)
    items = [{"aspect": aspect, "query_passage": query[i].view(), "match_passage": matched.view(),
              "score": round(pairs[i].score, 4)} for aspect, i, matched in (labelled[k] for k in sorted(picked))]
    return {"document_id": first.get("doc_id", next(iter(pairs.values())).payload["doc_id"]),
            "title": first.get("title", ""), "countries": first.get("countries", []), "year": first.get("year"),
            "kind": first.get("kind"), "language": first.get("doc_language"), "score": round(score, 4),
            "shared": shared, "evidence": items}


def draft_case(embedder: Embedder, passages: list[Any]) -> list[CasePassage]:
    """A case that is not in the base (a pasted or uploaded draft), chunked by ingest like a stored document,
    then each passage cut into parts of a few sentences (draft_parts) that are embedded now.

    Why parts: a description a prosecutor pastes is often one passage long, and one passage vector blurs
    its recruitment, journey, exploitation and outcome into a single point; parts of a few sentences each
    find the passages of other cases that tell that part, so a comparable case shows several pairs of
    different aspects, and coverage counts how much of the story it shares."""
    from .knowledge import embedding_text

    parts = [(p, text) for p in passages for text in draft_parts(p.text)]
    if not parts:
        return []
    vectors = embedder.embed([embedding_text(replace(p, text=text)) for p, text in parts])
    return [CasePassage(p.order, text, p.page_start, p.page_end, p.section, np.asarray(v, dtype=np.float32))
            for (p, text), v in zip(parts, vectors, strict=True)]


def draft_parts(text: str, most: int = DRAFT_PART_WORDS) -> list[str]:
    """A passage's text as parts of whole sentences (and whole lines: a list item or a slide line is a
    part of its own) of about `most` words; a part under a third of that joins its neighbour."""
    from ingest.chunk import split_sentences, words

    pieces = [s.strip() for line in text.split("\n") for s in split_sentences(line) if s.strip()]
    parts: list[str] = []
    for piece in pieces:
        if parts and (words(parts[-1]) + words(piece) <= most or min(words(parts[-1]), words(piece)) < most // 3):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    if len(parts) > 1 and words(parts[-1]) < most // 3:
        parts[-2:] = [f"{parts[-2]} {parts[-1]}"]
    return parts


def document_vector(case: list[CasePassage]) -> np.ndarray:
    """The mean of a case's passage vectors, normalised: the document-level baseline of the benchmark."""
    mean = np.mean([p.vector for p in case], axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 and not math.isnan(norm) else mean
