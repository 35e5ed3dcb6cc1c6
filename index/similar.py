"""Comparable cases: which documents tell a story like this one, and which passages show it.

A case (a document in the base, or a draft a prosecutor pastes or uploads) is a list of passages with
dense vectors. Each of its passages looks for its nearest passages in the base (one engine query per
passage, every filter of a search applied in the engine). A candidate document then has, for each query
passage, its best-matching passage and that pair's similarity; a passage it did not return counts at the
lowest similarity its query passage returned (an upper bound of what it missed).

Similarities are taken between vectors moved by their language's centre (the mean vector of the base's
passages in that language, LanguageCentres). USE puts two passages of one language nearer than a
passage and its translation: without the move, a Spanish case found Spanish passages on other topics
before the Portuguese case that tells its story (the twins of casestudies/, mean reciprocal rank of every
twin 0.575 -> 0.68 with the move alone). The engine is asked with the moved query vector; each hit's
score is then corrected by the centre of the hit's own language, which is the similarity of both moved
vectors (up to the hit's length, alike for all passages). The pairs shown keep their plain cosine.

The case score is half how much of the query case the candidate covers (the mean best similarity over
all query passages) and half how closely its best pair matches, so a twin that tells the whole story ranks
above a document sharing one striking paragraph, and that paragraph still counts. Shared facets (form of
exploitation, sector, countries) add their overlap (shared values over all values of both, so a report
that lists every sector does not share a sector with every case) and are returned as reasons; a case of
another form that matches strongly on its passages still ranks, with its evidence. These weights were
chosen on a grid over the twins of casestudies/ (bench/comparable.py): the plateau is wide (0.736-0.743
across coverage 0.5-0.7, facet weights 0.04-0.15, centre 0.75-1.5); the document-level vector (mean of
the passages) as one more feature, and weighing each aspect of the query case alike, changed nothing
there and are not used.

Evidence pairs are labelled with the aspect of a case they are about (recruitment, transport, ...,
index/aspects.py); a case's evidence shows one pair per aspect before a second pair of any aspect.

Measured on casestudies/ by bench/comparable.py against document-level embedding similarity (the mean
passage vector of each document), in the same run.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
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
# Added per kind of facet, times the overlap of the two cases' values (shared / all).
FACET_WEIGHTS = {"exploitation": 0.1, "sector": 0.1, "countries": 0.04}
CENTRE_LANGUAGES = ("es", "pt", "en")
CENTRE_SAMPLE = 1_000  # passages per language a centre is the mean of
CENTRE_PRIOR = (
    20  # a centre of n passages is shrunk by n / (n + this): a language with few passages moves little
)
CENTRE_SECONDS = 60.0  # centres are computed again after this long, or when the number of passages changes
EVIDENCE_CANDIDATES = 3  # pairs looked at per pair shown, to show different aspects
CANDIDATE_FIELDS = ("doc_id", "order", "purpose", "sector", "countries", "sha256", "language")
# A draft of fewer passages than this is compared in parts (draft_case) of about a quarter of its words,
# between these bounds; a longer draft is compared passage by passage, like a stored document.
SHORT_DRAFT_PASSAGES = 3
DRAFT_PARTS = 4
DRAFT_PART_WORDS = (20, 60)
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
    language: str = ""
    # A short draft's passage also carries its parts of a few sentences: the case is ranked by its
    # passages, and its evidence pairs are found for its parts (see draft_case).
    parts: list[CasePassage] = field(default_factory=list)

    def view(self) -> dict[str, Any]:
        return {
            "order": self.order,
            "text": self.text,
            "page_start": self.page_start,
            "page_end": self.page_end,
            "section": self.section,
        }


@dataclass
class SimilarRequest(Filters):
    limit: int = 10
    evidence: int = 3

    def where(self, access: Where | None) -> Where:
        """The same filter a search with these facets would use: access rules included, in the engine."""
        return request_filter(self, access)


def passages_of(store: Store, doc_id: str) -> tuple[list[CasePassage], dict[str, Any]]:
    """A stored document as a case: its passages with vectors, and its first passage's payload (facets)."""
    hits, _ = store.scroll(
        Where({"doc_id": doc_id, "state": LIVE}), limit=100_000, order_by="order", vectors=True
    )
    passages = [
        CasePassage(
            h.payload["order"],
            h.payload["text"],
            h.payload["page_start"],
            h.payload["page_end"],
            h.payload.get("section", []),
            np.asarray(h.vector, dtype=np.float32),
            h.payload.get("language", ""),
        )
        for h in hits
        if h.vector is not None
    ]
    first = next((h.payload for h in hits if h.payload.get("order") == 0), hits[0].payload if hits else {})
    return passages, first


def sample(passages: list[CasePassage], most: int = MAX_QUERY_PASSAGES) -> list[CasePassage]:
    if len(passages) <= most:
        return passages
    step = len(passages) / most
    return [passages[int(i * step)] for i in range(most)]


class LanguageCentres:
    """The mean passage vector of each language in a store (from a sample of its passages), kept for
    CENTRE_SECONDS or until the number of live passages changes."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[int, float, dict[str, np.ndarray]]] = {}
        self._lock = threading.Lock()

    def __call__(self, store: Store) -> dict[str, np.ndarray]:
        count = store.count(Where({"state": LIVE}))
        with self._lock:
            kept = self._kept.get(id(store))
            if kept and kept[0] == count and time.monotonic() - kept[1] < CENTRE_SECONDS:
                return kept[2]
        centres = {}
        for language in CENTRE_LANGUAGES:
            hits, _ = store.scroll(
                Where({"state": LIVE, "language": language}), limit=CENTRE_SAMPLE, vectors=True
            )
            vectors = [h.vector for h in hits if h.vector is not None]
            if vectors:
                shrink = len(vectors) / (len(vectors) + CENTRE_PRIOR)
                centres[language] = np.mean(np.asarray(vectors, dtype=np.float32), axis=0) * shrink
        with self._lock:
            self._kept[id(store)] = (count, time.monotonic(), centres)
        return centres


CENTRES = LanguageCentres()


def centred_search(store: Store, query: list[CasePassage], where: Where) -> list[list[Hit]]:
    """Each query passage's NEIGHBOURS nearest passages, scored by the similarity of both vectors moved
    by their language's centre (see the module docstring)."""
    centres = {
        lang: c for lang, c in CENTRES(store).items() if c.shape == query[0].vector.shape
    }  # same model
    moved = [p.vector - centres[p.language] if p.language in centres else p.vector for p in query]
    lengths = [float(np.linalg.norm(v)) or 1.0 for v in moved]
    lists = store.search_batch(
        [Leg(DENSE, (v / n).tolist(), 1.0) for v, n in zip(moved, lengths, strict=True)],
        where,
        limit=NEIGHBOURS,
        fields=CANDIDATE_FIELDS,
    )
    out = []
    for vector, length, hits in zip(moved, lengths, lists, strict=True):
        offsets = {language: float(vector @ centre) for language, centre in centres.items()}
        out.append(
            [
                replace(h, score=h.score * length - offsets.get(h.payload.get("language", ""), 0.0))
                for h in hits
            ]
        )
    return out


def comparable_cases(
    store: Store,
    labeller: AspectLabeller,
    case: list[CasePassage],
    facets: dict[str, Any],
    request: SimilarRequest,
    exclude: str | list[str] | None = None,
    access: Where | None = None,
) -> list[dict[str, Any]]:
    """The documents most comparable to `case`, best first, each with its score, shared facets and evidence;
    `exclude`: documents left out (the case itself, its case file)."""
    query = sample(case)
    if not query:
        return []
    where = request.where(access)
    if exclude:
        where = where.excluding(doc_id=exclude)
    lists = centred_search(store, query, where)
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
        score = (
            COVERAGE_WEIGHT * sum(sims) / len(sims)
            + (1 - COVERAGE_WEIGHT) * sum(top) / len(top)
            + sum(
                weight * overlap(facets, payloads[doc], SHARED_FACETS[name])
                for name, weight in FACET_WEIGHTS.items()
            )
        )
        scored.append((score, doc, shared))
    scored.sort(key=lambda item: (-item[0], item[1]))
    shown = scored[: request.limit]
    units, unit_pairs = query, best
    if any(p.parts for p in query):  # a short draft: its evidence comes from its parts
        units = [part for p in query for part in (p.parts or [p])]
        docs = {doc for _, doc, _ in shown}
        unit_pairs = defaultdict(dict)
        for i, hits in enumerate(
            centred_search(store, units, where.also(doc_id=sorted(docs)) if docs else where)
        ):
            for hit in hits:
                doc = hit.payload["doc_id"]
                if doc in docs and (i not in unit_pairs[doc] or hit.score > unit_pairs[doc][i].score):
                    unit_pairs[doc][i] = hit
    return [
        case_view(store, labeller, units, unit_pairs[doc], score, shared, request.evidence)
        if unit_pairs.get(doc)
        else case_view(store, labeller, query, best[doc], score, shared, request.evidence)
        for score, doc, shared in shown
    ]


def facet_values(payload: dict[str, Any], key: str) -> set[str]:
    value = payload.get(key)
    return {str(v) for v in (value if isinstance(value, list) else [value]) if v not in (None, "")}


def overlap(query: dict[str, Any], match: dict[str, Any], key: str) -> float:
    """Shared values over all values of both (0 when neither has any)."""
    a, b = facet_values(query, key), facet_values(match, key)
    return len(a & b) / len(a | b) if a | b else 0.0


def shared_facets(query: dict[str, Any], match: dict[str, Any]) -> dict[str, list[str]]:
    """Facet values the two cases have in common: {"exploitation": [...], "sector": [...], "countries": [...]}."""
    return {
        name: sorted(facet_values(query, key) & facet_values(match, key))
        for name, key in SHARED_FACETS.items()
    }


def case_view(
    store: Store,
    labeller: AspectLabeller,
    query: list[CasePassage],
    pairs: dict[int, Hit],
    score: float,
    shared: dict[str, list[str]],
    evidence: int,
) -> dict[str, Any]:
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
        matched = CasePassage(
            p["order"],
            p["text"],
            p["page_start"],
            p["page_end"],
            p.get("section", []),
            np.asarray(match.vector if match.vector is not None else query[i].vector, dtype=np.float32),
            p.get("language", ""),
        )
        labelled.append((labeller.label(query[i], matched), i, matched))
    picked: list[int] = []  # positions in `labelled`
    for k, (aspect, _, _) in enumerate(labelled):  # strongest first: one pair per aspect
        if len(picked) < evidence and aspect is not None and all(labelled[j][0] != aspect for j in picked):
            picked.append(k)
    for k in range(len(labelled)):  # then the strongest of the rest
        if len(picked) < evidence and k not in picked:
            picked.append(k)
    shown = sorted(
        (labelled[k] for k in picked), key=lambda item: -float(query[item[1]].vector @ item[2].vector)
    )
    items = [
        {
            "aspect": aspect,
            "query_passage": query[i].view(),
            "match_passage": matched.view(),
            "score": round(float(query[i].vector @ matched.vector), 4),
        }
        for aspect, i, matched in shown
    ]
    return {
        "document_id": first.get("doc_id", next(iter(pairs.values())).payload["doc_id"]),
        "title": first.get("title", ""),
        "countries": first.get("countries", []),
        "year": first.get("year"),
        "kind": first.get("kind"),
        "language": first.get("doc_language"),
        "score": round(score, 4),
        "shared": shared,
        "evidence": items,
    }


def draft_case(embedder: Embedder, passages: list[Any]) -> list[CasePassage]:
    """A case that is not in the base (a pasted or uploaded draft), chunked by ingest like a stored document
    and embedded now. A short draft (fewer than SHORT_DRAFT_PASSAGES passages) also has each passage cut
    into parts of a few sentences (draft_parts), embedded too: the case is ranked by its passages and its
    evidence is found for its parts.

    Why parts: a description a prosecutor pastes is often one passage long, and one passage vector blurs
    its recruitment, journey, exploitation and outcome into a single point, so each comparable case
    showed one pair; parts of a few sentences each find the passage of the other case that tells that
    part, and the pairs show different aspects. Why not rank by the parts: measured on the twins of
    casestudies/ sent as drafts of their first ~150 words, ranking by parts lowered the mean reciprocal
    rank of every twin from 0.62 to 0.53 (bench/comparable.py, short drafts)."""
    from ingest.chunk import words

    from .knowledge import embedding_text

    parts: list[tuple[int, Any, str]] = []  # (passage index, passage, part text)
    if len(passages) < SHORT_DRAFT_PASSAGES:
        low, high = DRAFT_PART_WORDS
        most = max(low, min(high, sum(words(p.text) for p in passages) // DRAFT_PARTS))
        parts = [(k, p, text) for k, p in enumerate(passages) for text in draft_parts(p.text, most)]
        parts = [
            part for part in parts if sum(1 for q in parts if q[0] == part[0]) > 1
        ]  # one part is the passage
    texts = [embedding_text(p) for p in passages] + [
        embedding_text(replace(p, text=text)) for _, p, text in parts
    ]
    if not texts:
        return []
    vectors = embedder.embed(texts)
    case = [
        CasePassage(
            p.order, p.text, p.page_start, p.page_end, p.section, np.asarray(v, dtype=np.float32), p.language
        )
        for p, v in zip(passages, vectors, strict=False)
    ]
    for (k, p, text), v in zip(parts, vectors[len(passages) :], strict=True):
        case[k].parts.append(
            CasePassage(
                p.order,
                text,
                p.page_start,
                p.page_end,
                p.section,
                np.asarray(v, dtype=np.float32),
                p.language,
            )
        )
    return case


def draft_parts(text: str, most: int) -> list[str]:
    """A passage's text as parts of whole sentences (and whole lines: a list item or a slide line is a
    part of its own) of about `most` words; a part under a third of that joins its neighbour."""
    from ingest.chunk import split_sentences, words

    pieces = [s.strip() for line in text.split("\n") for s in split_sentences(line) if s.strip()]
    parts: list[str] = []
    for piece in pieces:
        if parts and (
            words(parts[-1]) + words(piece) <= most or min(words(parts[-1]), words(piece)) < most // 3
        ):
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
