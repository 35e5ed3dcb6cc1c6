"""Matching a newly promoted document against every saved alert at once: a percolator over meaning.

A document arrives (upload, inbox, CLI ingest); its passages and their vectors are read from the engine
once, and then every alert of a kind is scored against it with a few matrix operations — never one
engine query per alert, nor a loop over alerts per passage.

- A saved search matches when one of the document's passages reaches SEARCH_MATCH on the search's 0-1
  relevance scale (index/relevance.py: the query-passage cosine plus the share of the query's words,
  stemmed in the passage's language, that the passage holds, with the lexicon's equivalents in that
  language) and the document passes the search's filters. SEARCH_MATCH is below the search's own floor:
  the floor decides whether a query is answered at all by the best of a whole base, an alert whether one
  arriving document is on the topic, mostly in another language, where USE's cosines run lower (measured
  on XQuAD es/en, bench/alerts.py part 4). Moving vectors by their language's centre, as comparable cases
  do, was tried and dropped: in a small base a language's centre is its few documents' own topic, and
  subtracting it took a matching Portuguese case from 0.24 to 0.13. The cosines of all alerts against all
  passages are one product of two matrices; the shares of words come from an inverted index of the
  alerts' stemmed words, looked up with each passage's terms.
- A saved draft matches as a comparable case does (index/similar.py): between vectors moved by their
  language's centre, half the mean best similarity over the draft's passages and half its best pair, plus
  the overlap of forms of exploitation, sectors and countries. All drafts' passages are stacked in one
  matrix. Scores of one draft mean little for another (a long draft meets everything halfway), so the bar
  is the draft's own: the score of its DRAFT_RANK-th comparable case in the base when it was saved; a
  document alerts when it would enter that top, and reaches DRAFT_MATCH. Chosen on the near-twins of
  casestudies/ with bench/alerts.py, part 3 (twins arriving after the draft, with half of the other
  documents; the base holds the rest): the draft's top two and at least 0.40 alerted with precision 0.83 and
  recall 0.65; one bar of 0.40 for every draft, 0.81 and 0.65; of 0.45, 0.92 and 0.26.
- An entity alert matches a document that mentions the entity (its passages' `entities` field).

What each alert shows as the reason is kept with the match: the passages that reached the floor, or the
draft's best pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from index.relevance import COVERAGE_WEIGHT, ONE, ZERO, coverage, floors
from index.relevance import _passage_terms as passage_terms
from index.similar import CENTRES, FACET_WEIGHTS, SHARED_FACETS, CasePassage, facet_values
from index.similar import COVERAGE_WEIGHT as CASE_COVERAGE_WEIGHT
from index.sparse import LANGUAGES, encode_query
from index.store import Store

from .book import Alert

# A saved search fires for a passage of this relevance: on XQuAD (bench/alerts.py, part 4) the answering
# paragraph reached it for 0.93-1.00 of the questions in every language pair, with 5-15 of the other 239
# paragraphs (most of them of the same article, so of the same topic); at 0.20, 0.88-1.00 with 3-9.
SEARCH_MATCH = 0.15
# A draft alert fires for a document that would enter its first DRAFT_RANK comparable cases (its score beats
# the DRAFT_RANK-th best of the base when the draft was saved), with at least DRAFT_MATCH (bench/alerts.py).
DRAFT_RANK = 2
DRAFT_MATCH = 0.40
EVIDENCE = 3  # passages (or pairs) kept as the reason of a match
EXCERPT = 600  # characters of each evidence passage kept


@dataclass
class Incoming:
    """A promoted document as matching sees it: its first passage's payload (title, facets) and its passages
    with their vectors."""

    doc_id: str
    facets: dict[str, Any]
    passages: list[CasePassage]

    @property
    def title(self) -> str:
        return str(self.facets.get("title", ""))


@dataclass
class Match:
    alert: Alert
    score: float
    evidence: list[dict[str, Any]]


def passage_view(p: CasePassage, score: float) -> dict[str, Any]:
    return {
        "order": p.order,
        "page_start": p.page_start,
        "page_end": p.page_end,
        "section": p.section,
        "text": p.text[:EXCERPT],
        "score": round(float(score), 3),
    }


# --- filters ---
def admits(filters: dict[str, Any], facets: dict[str, Any]) -> bool:
    """Whether a document with these facets passes a saved search's filters (the same facets a search
    filters on; a list filter is any-of, a year range includes its bounds, a document without a year
    fails a year range as it does in the engine)."""
    fields = {
        "countries": "countries",
        "kinds": "kind",
        "languages": "doc_language",
        "exploitation": "purpose",
        "courts": "court",
        "outcomes": "outcome",
        "offences": "offences",
        "case_numbers": "case_number",
    }
    for name, key in fields.items():
        wanted = filters.get(name) or []
        if not wanted:
            continue
        value = (
            facets.get(key) if key != "doc_language" else facets.get("doc_language", facets.get("language"))
        )
        values = {str(v) for v in (value if isinstance(value, list) else [value]) if v not in (None, "")}
        if not values & {str(w) for w in wanted}:
            return False
    year = facets.get("year")
    if filters.get("year_from") is not None and (year is None or year < filters["year_from"]):
        return False
    return not (filters.get("year_to") is not None and (year is None or year > filters["year_to"]))


# --- saved searches ---
def term_sets(words: Sequence[str], language: str) -> list[frozenset[int]]:
    stemmer = language if language in LANGUAGES else "und"
    return [frozenset(encode_query(word, stemmer).indices) for word in words]


class SearchIndex:
    """The saved searches' vectors as one matrix, and their stemmed words as an inverted index per
    language, built once per set of alerts and lexicon (whose word counts weigh each word by its rarity,
    as coverage() in index/relevance.py does)."""

    def __init__(self, alerts: list[Alert], idf: Callable[[int], float] | None = None) -> None:
        self.alerts = alerts
        self.idf = idf
        self.matrix = np.vstack([a.vectors[0] for a in alerts]).astype(np.float32) if alerts else None
        # per language: term -> (alerts, weights) of one-term words; (alert, terms, weight) of longer ones;
        # per alert the total weight of its words in that language
        self._postings: dict[
            str,
            tuple[
                dict[int, tuple[np.ndarray, np.ndarray]], list[tuple[int, frozenset[int], float]], np.ndarray
            ],
        ] = {}

    def weight(self, terms: frozenset[int]) -> float:
        return sum(self.idf(t) for t in terms) if self.idf else 1.0

    def postings(
        self, language: str
    ) -> tuple[dict[int, tuple[np.ndarray, np.ndarray]], list[tuple[int, frozenset[int], float]], np.ndarray]:
        """The query words (and their equivalents in `language`) of every alert, by term: a word counts
        once per word, as coverage() counts it; a word of no term there (a stopword) weighs nothing."""
        if language not in self._postings:
            single: dict[int, list[tuple[int, float]]] = {}
            multiple: list[tuple[int, frozenset[int], float]] = []
            totals = np.zeros(len(self.alerts), dtype=np.float32)
            for i, alert in enumerate(self.alerts):
                words = term_sets(alert.terms.get("words", []), language)
                equivalents = term_sets(
                    sorted(set(alert.terms.get("expansions", {}).get(language, []))), language
                )
                totals[i] = sum(self.weight(terms) for terms in words if terms)
                for terms in words + equivalents:
                    if not terms:
                        continue
                    if len(terms) == 1:
                        single.setdefault(next(iter(terms)), []).append((i, self.weight(terms)))
                    else:
                        multiple.append((i, terms, self.weight(terms)))
            index = {
                t: (np.asarray([i for i, _ in v]), np.asarray([w for _, w in v], dtype=np.float32))
                for t, v in single.items()
            }
            self._postings[language] = (index, multiple, totals)
        return self._postings[language]

    def coverage(self, text: str, language: str) -> np.ndarray:
        """For every alert, the weighed share of its words the passage holds (coverage() of
        index/relevance.py for all alerts at once)."""
        held = passage_terms(text, language)
        single, multiple, totals = self.postings(language)
        found = np.zeros(len(self.alerts), dtype=np.float32)
        hits = [single[t] for t in held if t in single]
        if hits:
            found += np.bincount(
                np.concatenate([a for a, _ in hits]),
                weights=np.concatenate([w for _, w in hits]),
                minlength=len(self.alerts),
            ).astype(np.float32)
        for i, terms, weight in multiple:
            if terms <= held:
                found[i] += weight
        return np.where(totals > 0, np.minimum(1.0, found / np.where(totals > 0, totals, 1.0)), 0.0)

    def relevance(self, doc: Incoming) -> np.ndarray:
        """alerts x passages: the 0-1 relevance of every passage for every saved query."""
        assert self.matrix is not None
        vectors = np.vstack([p.vector for p in doc.passages]).astype(np.float32)
        cosines = self.matrix @ vectors.T
        covered = np.stack([self.coverage(p.text, p.language or "und") for p in doc.passages], axis=1)
        return np.clip((cosines + COVERAGE_WEIGHT * covered - ZERO) / (ONE - ZERO), 0.0, 1.0)


def match_searches(index: SearchIndex, doc: Incoming, threshold: float = SEARCH_MATCH) -> list[Match]:
    if not index.alerts or not doc.passages:
        return []
    scores = index.relevance(doc)
    out = []
    for i in np.flatnonzero(scores.max(axis=1) >= threshold):
        alert = index.alerts[i]
        if not admits(alert.filters, doc.facets):
            continue
        _, passage_floor = floors(alert.model)
        row = scores[i]
        best = np.argsort(-row)[:EVIDENCE]
        evidence = [passage_view(doc.passages[j], row[j]) for j in best if row[j] >= passage_floor]
        out.append(Match(alert, float(row.max()), evidence))
    return out


def check_coverage(index: SearchIndex, doc: Incoming) -> float:
    """The largest difference between the batched shares of words and index/relevance.py's own coverage()
    for every alert and passage (a test keeps both the same; the batched one is the one used)."""
    worst = 0.0
    for p in doc.passages:
        language = p.language or "und"
        batched = index.coverage(p.text, language)
        for i, alert in enumerate(index.alerts):
            own = coverage(
                alert.terms.get("words", []),
                p.text,
                language,
                alert.terms.get("expansions", {}).get(language, ()),
                index.idf,
            )
            worst = max(worst, abs(own - float(batched[i])))
    return worst


# --- saved drafts ---
def centred(vectors: np.ndarray, languages: Sequence[str], centres: dict[str, np.ndarray]) -> np.ndarray:
    """Vectors moved by their language's centre and scaled to unit length (index/similar.py)."""
    moved = np.array(vectors, dtype=np.float32, copy=True)
    for k, language in enumerate(languages):
        centre = centres.get(language)
        if centre is not None and centre.shape == moved[k].shape:
            moved[k] -= centre
    lengths = np.linalg.norm(moved, axis=1, keepdims=True)
    return moved / np.where(lengths == 0, 1.0, lengths)


class DraftIndex:
    """Every saved draft's passages stacked in one matrix (moved by their language's centre), with the
    alert each row belongs to; made again when the drafts or the centres change."""

    def __init__(self, alerts: list[Alert], centres: dict[str, np.ndarray]) -> None:
        self.centres = centres
        self.alerts = alerts
        self.starts = np.cumsum([0] + [len(a.vectors) for a in alerts[:-1]]) if alerts else np.zeros(0, int)
        stacked = np.vstack([a.vectors for a in alerts]) if alerts else np.zeros((0, 0), np.float32)
        languages = [lang for a in alerts for lang in a.terms.get("languages", [""] * len(a.vectors))]
        self.matrix = centred(stacked, languages, centres) if alerts else stacked
        # The drafts' facet values, for the overlap with each document's (most drafts have none).
        self.facets = [
            (k, {name: facet_values(a.facets, key) for name, key in SHARED_FACETS.items()})
            for k, a in enumerate(alerts)
            if a.facets
        ]

    def facet_bonus(self, facets: dict[str, Any]) -> np.ndarray:
        """Per draft: the weighted overlap of its forms of exploitation, sectors and countries with the
        document's (shared values over all values of both, as comparable cases add them)."""
        bonus = np.zeros(len(self.alerts), dtype=np.float32)
        mine = {name: facet_values(facets, key) for name, key in SHARED_FACETS.items()}
        for k, theirs in self.facets:
            for name, weight in FACET_WEIGHTS.items():
                union = theirs[name] | mine[name]
                if union:
                    bonus[k] += weight * len(theirs[name] & mine[name]) / len(union)
        return bonus

    def scores(self, doc: Incoming) -> tuple[np.ndarray, np.ndarray]:
        """Every draft's comparable-case score against the document, and the similarity matrix (draft
        passages x document passages) its evidence is read from."""
        vectors = centred(
            np.vstack([p.vector for p in doc.passages]), [p.language for p in doc.passages], self.centres
        )
        sims = self.matrix @ vectors.T
        best = sims.max(axis=1)
        counts = np.diff(np.append(self.starts, len(best)))
        mean = np.add.reduceat(best, self.starts) / counts
        top = np.maximum.reduceat(best, self.starts)
        return CASE_COVERAGE_WEIGHT * mean + (1 - CASE_COVERAGE_WEIGHT) * top + self.facet_bonus(
            doc.facets
        ), sims


def draft_evidence(alert: Alert, sims: np.ndarray, doc: Incoming) -> list[dict[str, Any]]:
    """A draft's best pairs with the document: each document passage used once, best first."""
    pairs = sorted(((float(sims[i, j]), i, j) for i, j in enumerate(sims.argmax(axis=1))), reverse=True)
    texts = alert.terms.get("texts", [])
    used: set[int] = set()
    evidence: list[dict[str, Any]] = []
    for sim, i, j in pairs:
        if j in used:
            continue
        used.add(j)
        evidence.append(
            {
                "draft_passage": {"order": i, "text": (texts[i] if i < len(texts) else "")[:EXCERPT]},
                "match_passage": passage_view(doc.passages[j], sim),
                "score": round(sim, 3),
            }
        )
        if len(evidence) >= EVIDENCE:
            break
    return evidence


def usable_drafts(alerts: list[Alert], doc: Incoming) -> list[Alert]:
    """Drafts embedded with a model of the document's vector size (a draft of another model never matches)."""
    dims = doc.passages[0].vector.shape[0] if doc.passages else 0
    return [a for a in alerts if a.vectors is not None and a.vectors.shape[1] == dims]


def score_drafts(
    alerts: list[Alert], doc: Incoming, store: Store
) -> list[tuple[Alert, float, list[dict[str, Any]]]]:
    """Every draft alert's score against the document, with its best pairs (for benchmarks: matching
    builds the evidence of the drafts that match only)."""
    alerts = usable_drafts(alerts, doc)
    if not alerts:
        return []
    index = DraftIndex(alerts, CENTRES(store))
    scores, sims = index.scores(doc)
    return [
        (
            a,
            float(scores[k]),
            draft_evidence(a, sims[index.starts[k] : index.starts[k] + len(a.vectors)], doc),
        )
        for k, a in enumerate(alerts)
    ]


def match_drafts(index: DraftIndex, doc: Incoming, threshold: float = DRAFT_MATCH) -> list[Match]:
    if not index.alerts or not doc.passages:
        return []
    scores, sims = index.scores(doc)
    bars = np.maximum(threshold, np.asarray([float(a.terms.get("bar", 0.0)) for a in index.alerts]))
    out = []
    for k in np.flatnonzero(scores >= bars):
        alert = index.alerts[k]
        rows = slice(int(index.starts[k]), int(index.starts[k]) + len(alert.vectors))
        out.append(Match(alert, float(scores[k]), draft_evidence(alert, sims[rows], doc)))
    return out


# --- entities ---
def match_entities(alerts: list[Alert], doc: Incoming, mentions: dict[str, list[int]]) -> list[Match]:
    """Entity alerts whose entity the document mentions; `mentions`: entity key -> passage orders."""
    out = []
    by_order = {p.order: p for p in doc.passages}
    for alert in alerts:
        orders = mentions.get(alert.terms.get("entity_key", ""))
        if orders:
            out.append(
                Match(
                    alert, 1.0, [passage_view(by_order[o], 1.0) for o in orders[:EVIDENCE] if o in by_order]
                )
            )
    return out
