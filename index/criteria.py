"""Shared criteria of analysis: named indicators (debt bondage, retention of documents, ...) that a working
group applies to every case, and the matrix of cases by criteria.

A criterion has a name and a description in one or more languages, and keywords in any language. A case
meets it when one of its passages contains a keyword (single words matched stemmed in Spanish, Portuguese
and English and without accents, through the BM25 index; several words as an exact phrase), or, without
keywords, when a passage is very near one of the descriptions in the dense space. The passage shown as
the reason is, among those, the one nearest to the description. Nothing is stored per case: the matrix
is computed from the index when asked, so editing a criterion changes the matrix at once, without
ingesting anything again.

Keywords are matched through the BM25 index, so a word meets its Snowball stem in each language: "promesa"
and "promesas" meet, but a verb's forms often do not ("prometido", "prometió" and "prometían" are three
stems), and a case tells deception with verbs ("les prometió un contrato"). The starting set therefore
lists the forms in use in each language; measured on casestudies/, listing them raised the recall of
deception from 0.34 to 0.66 and of threats from 0.57 to 0.87, and naming the vulnerabilities the
Protocol means (poverty, age, irregular status, language, disability) raised abuse of vulnerability from
0.19 to 0.84, each at precision 0.87 or more.

Why keywords: measured on casestudies/ (whose metadata lists the means each case used), the similarity
of a whole passage to a one-sentence description separates cases that meet a criterion from those that
do not only weakly (ROC AUC 0.61-0.71 per criterion); passages holding the criterion's words are right
far more often. bench/comparable.py prints precision and recall per criterion.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .embed import Embedder
from .knowledge import LIVE
from .records import JsonRecords
from .search import merge_sparse
from .sparse import LANGUAGES, encode_query
from .store import DENSE, SPARSE, Leg, Store, Where

SEED_FILE = Path(__file__).with_name("criteria_seed.yaml")
MEANING_ALONE = 0.45  # a passage this near a description meets the criterion without any keyword
PER_CRITERION = 2_000  # passages looked at per query of a criterion
MAX_ROWS = 1_000
NAME_CHARS, DESCRIPTION_CHARS = 200, 2_000


@dataclass
class Criterion:
    id: str
    texts: dict[str, tuple[str, str]]  # language (es, pt, en, or "und") -> (name, description)
    keywords: list[str] = field(default_factory=list)

    def name(self, language: str) -> str:
        return self.text(language)[0]

    def text(self, language: str) -> tuple[str, str]:
        """The name and description in `language`, else in the first language it has."""
        for candidate in (language, "en", "es", "pt"):
            if candidate in self.texts:
                return self.texts[candidate]
        return next(iter(self.texts.values()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "keywords": self.keywords,
            "texts": {lang: {"name": n, "description": d} for lang, (n, d) in self.texts.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Criterion:
        texts = {
            lang: (t["name"], t["description"]) if isinstance(t, dict) else tuple(t)
            for lang, t in data["texts"].items()
        }
        return cls(str(data["id"]), texts, [str(k) for k in data.get("keywords", [])])  # type: ignore[arg-type]


class CriteriaError(ValueError):
    pass


class Criteria:
    """The criteria of one knowledge base, kept in one JSON file (index/records.py: locked, written whole).
    The starting set is used until the first edit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._records = JsonRecords(path, "criteria", lambda: [c.to_dict() for c in seed()])

    def all(self) -> list[Criterion]:
        return [Criterion.from_dict(item) for item in self._records.read()]

    def get(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.all() if c.id == criterion_id), None)

    def create(
        self, name: str, description: str, language: str = "und", keywords: list[str] | None = None
    ) -> Criterion:
        name, description = clean(name, NAME_CHARS), clean(description, DESCRIPTION_CHARS)
        criterion = Criterion(
            f"{slug(name)}-{uuid.uuid4().hex[:6]}",
            {language: (name, description)},
            clean_keywords(keywords or []),
        )
        with self._records.editing() as records:
            records.append(criterion.to_dict())
        return criterion

    def update(
        self,
        criterion_id: str,
        name: str,
        description: str,
        language: str = "und",
        keywords: list[str] | None = None,
        replace: bool = False,
    ) -> Criterion | None:
        """Set the name and description in `language` (and the keywords, when given); `replace` drops the
        other languages' versions (a changed meaning must not survive in a translation)."""
        name, description = clean(name, NAME_CHARS), clean(description, DESCRIPTION_CHARS)
        with self._records.editing() as records:
            position = next((k for k, item in enumerate(records) if item["id"] == criterion_id), None)
            if position is None:
                return None
            found = Criterion.from_dict(records[position])
            found.texts = (
                {language: (name, description)} if replace else {**found.texts, language: (name, description)}
            )
            if keywords is not None:
                found.keywords = clean_keywords(keywords)
            records[position] = found.to_dict()
        return found

    def delete(self, criterion_id: str) -> bool:
        with self._records.editing() as records:
            kept = [item for item in records if item["id"] != criterion_id]
            found = len(kept) < len(records)
            records[:] = kept
        return found


def seed() -> list[Criterion]:
    """The starting set shipped with Casoteca (criteria_seed.yaml)."""
    import yaml

    return [Criterion.from_dict(item) for item in yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))]


def clean(text: str, most: int) -> str:
    text = " ".join("".join(ch for ch in str(text) if ch.isprintable()).split())
    if not text:
        raise CriteriaError("a criterion needs a name and a description")
    if len(text) > most:
        raise CriteriaError(f"at most {most} characters")
    return text


def clean_keywords(keywords: list[str]) -> list[str]:
    out = []
    for keyword in keywords[:100]:
        keyword = " ".join("".join(ch for ch in str(keyword) if ch.isprintable()).replace('"', " ").split())[
            :100
        ]
        if keyword and keyword not in out:
            out.append(keyword)
    return out


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:40] or "criterion"


class CriterionVectors:
    """Embeds each version of each criterion once; a changed text is a new key."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._cache: dict[str, list[float]] = {}

    def __call__(self, criterion: Criterion) -> list[list[float]]:
        texts = [f"{name}. {description}" for name, description in criterion.texts.values()]
        missing = [t for t in texts if t not in self._cache]
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing), strict=True):
                self._cache[text] = vector.tolist()
        return [self._cache[t] for t in texts]


def evaluate(
    store: Store, vectors: CriterionVectors, criterion: Criterion, where: Where
) -> dict[str, tuple[bool, float, str]]:
    """For each document with a candidate passage: (meets, similarity of its best passage, that passage's id)."""
    dense_legs = [Leg(DENSE, vector, 1.0) for vector in vectors(criterion)]
    words = [k for k in criterion.keywords if " " not in k]
    phrases = [k for k in criterion.keywords if " " in k]
    legs = list(dense_legs)
    sparse = (
        merge_sparse([encode_query(" ".join(words), language) for language in (*LANGUAGES, "und")])
        if words
        else None
    )
    if sparse:
        legs.append(Leg(SPARSE, sparse, 1.0))
    lists = store.search_batch(legs, where, limit=PER_CRITERION, fields=["doc_id"])
    for phrase in phrases:  # a phrase must appear as written (up to case and accents)
        lists += store.search_batch(
            dense_legs[:1],
            Where(where.must, where.must_not, (*where.phrases, phrase)),
            limit=PER_CRITERION,
            fields=["doc_id"],
        )
    similarity: dict[str, float] = {}
    doc_of: dict[str, str] = {}
    for hits in lists[: len(dense_legs)]:
        for hit in hits:
            similarity[hit.id] = max(hit.score, similarity.get(hit.id, -1.0))
            doc_of[hit.id] = hit.payload["doc_id"]
    with_keyword: set[str] = set()
    for hits in lists[len(dense_legs) :]:
        for hit in hits:
            with_keyword.add(hit.id)
            doc_of[hit.id] = hit.payload["doc_id"]
    best: dict[str, tuple[bool, float, str]] = {}
    for point, doc in doc_of.items():
        score = similarity.get(point, 0.0)
        meets = point in with_keyword or score >= MEANING_ALONE
        if doc not in best or (meets, score) > best[doc][:2]:
            best[doc] = (meets, score, point)
    return best


def matrix(
    store: Store, vectors: CriterionVectors, criteria: list[Criterion], where: Where, language: str = "en"
) -> dict[str, Any]:
    """Cases (rows) by criteria (columns) under a filter. Each cell says whether the case meets the
    criterion, with its score and the passage that shows it; counts per country close the table."""
    first_passages, _ = store.scroll(where.also(order=0, state=LIVE), limit=MAX_ROWS)
    rows = sorted((h.payload for h in first_passages), key=lambda p: str(p.get("title", "")).lower())
    row_ids = {p["doc_id"] for p in rows}
    passages = where.also(state=LIVE)
    cells: dict[tuple[str, str], tuple[bool, float, str]] = {}  # (doc, criterion) -> (meets, score, point id)
    for criterion in criteria:
        for doc, cell in evaluate(store, vectors, criterion, passages).items():
            if doc in row_ids:
                cells[(doc, criterion.id)] = cell
    shown = [point for meets, _, point in cells.values() if meets]
    texts = {h.id: h.payload for h in store.retrieve(shown)}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    cases_per_country: Counter[str] = Counter(country for p in rows for country in p.get("countries", []))
    out_rows = []
    for p in rows:
        row_cells = {}
        for criterion in criteria:
            meets, score, point = cells.get((p["doc_id"], criterion.id), (False, 0.0, ""))
            meets = meets and point in texts
            cell: dict[str, Any] = {"meets": meets, "score": round(score, 4)}
            if meets:
                passage = texts[point]
                cell["passage"] = {
                    key: passage.get(key)
                    for key in ("order", "text", "page_start", "page_end", "section", "language")
                }
                for country in p.get("countries", []):
                    counts[criterion.id][country] += 1
            row_cells[criterion.id] = cell
        out_rows.append(
            {
                "document_id": p["doc_id"],
                "title": p.get("title", ""),
                "countries": p.get("countries", []),
                "year": p.get("year"),
                "kind": p.get("kind"),
                "cells": row_cells,
            }
        )
    return {
        "criteria": [
            {"id": c.id, "name": c.name(language), "description": c.text(language)[1]} for c in criteria
        ],
        "rows": out_rows,
        "counts": {
            "cases": dict(cases_per_country),
            "by_criterion": {c.id: dict(counts[c.id]) for c in criteria},
        },
    }
