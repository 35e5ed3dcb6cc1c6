"""Metadata read from a document's own text: kind, title, countries, year, form (trafficking or
smuggling) and, for a judgment, its case number, court, decision date, offences and outcome.

Every value here is an inference: `collect_metadata` lists the keys it took from here in `inferred`, and a
sidecar, front matter or meaningful file property given for the same key wins over it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import countries, dates, forms, judgments, jurisdictions, kinds, titles
from .models import Block

HEAD_CHARS = 3_000  # about a first page: the caption, court, parties and title live here
JUDICIAL = ("judgment", "case_brief")
CASE_FIELDS = ("case_number", "court", "decision_date", "offences", "outcome")
# Kinds whose date is the one their text states, not the file's (a printout, a scan or a later PDF edition).
TEXT_DATED = ("judgment", "case_brief", "law", "data")


@dataclass
class Evidence:
    """What inference reads: the text in reading order, its blocks, the file's own properties and what the
    first page printed in its running header (which the parser removes from passages)."""

    text: str
    blocks: list[Block]
    media_type: str
    source_name: str
    language: str
    properties: dict[str, Any] = field(default_factory=dict)
    first_page: str = ""

    @property
    def head(self) -> str:
        body_head = self.text[:HEAD_CHARS]
        return f"{self.first_page}\n{body_head}" if self.first_page else body_head


def infer_metadata(evidence: Evidence, given: dict[str, Any]) -> dict[str, Any]:
    """The inferred fields, computed only for keys `given` (sidecar, front matter, file properties) lacks;
    a given `kind` steers the rest (a judgment's title, its case fields)."""
    head, text = evidence.head, evidence.text
    out: dict[str, Any] = {}
    kind = given.get("kind") or kinds.infer_kind(
        head,
        text,
        evidence.media_type,
        tables=sum(b.kind == "table" for b in evidence.blocks),
        blocks=len(evidence.blocks),
        hints=_hints(evidence.properties),
        first_lines=first_lines(evidence),
    )
    if "kind" not in given:
        out["kind"] = kind
    case: dict[str, Any] = {}
    if kind in JUDICIAL:
        case = judicial_fields(head, text)
        if not (case["case_number"] or case["court"]):
            case = {}  # a report of case studies, not one case: no case fields
        out.update({key: value for key, value in case.items() if key not in given and value})
        case.update({key: given[key] for key in CASE_FIELDS if given.get(key)})  # what was told wins
    if "form" not in given and (form := forms.infer_form(text)):
        out["form"] = form
    if "countries" not in given:
        country_head = _country_head(given, case, head)
        issuer = jurisdictions.court_countries(country_head) if kind in (*JUDICIAL, "law") else None
        out["countries"] = countries.infer_countries(country_head, text, issuer)
    if "year" not in given:
        year = infer_year(kind, evidence, case)
        if year is not None:
            out["year"] = year
    if "title" not in given:
        found_countries = given.get("countries") or out.get("countries") or []
        out["title"] = infer_title(kind, evidence, case, found_countries)
    return out


def first_lines(evidence: Evidence) -> list[str]:
    """The lines a document names itself with: its first headings (consecutive ones joined, as "CASE" +
    "STUDIES") and its opening words."""
    lines: list[str] = []
    run: list[str] = []
    for block in evidence.blocks[:12]:
        if block.page > 2:
            break
        if block.kind == "heading" and len(block.text.split()) <= 16:
            run.append(block.text.strip())
            continue
        if run:
            lines.append(" ".join(run))
            run = []
    if run:
        lines.append(" ".join(run))
    return [*lines[:3], evidence.text[:200]]


def judicial_fields(head: str, text: str) -> dict[str, Any]:
    decided = judgments.decision_date(head, text)
    return {
        "case_number": judgments.case_number(head, text),
        "court": judgments.court(head),
        "decision_date": decided.isoformat() if decided else None,
        "offences": judgments.offences(text),
        "outcome": judgments.outcome(text),
    }


def _country_head(given: dict[str, Any], case: dict[str, Any], head: str) -> str:
    return "\n".join(str(v) for v in (given.get("title"), case.get("court"), head) if v)


def _hints(properties: dict[str, Any]) -> str:
    """Words a file gives about itself: front matter categories, tags, template; an e-mail's or HTML's
    description."""
    front = properties.get("front_matter") or {}
    values = [front.get(key) for key in ("categories", "category", "tags", "template", "layout", "type")]
    values.append(properties.get("description"))
    flat: list[str] = []
    for value in values:
        if isinstance(value, list):
            flat.extend(str(v) for v in value)
        elif value:
            flat.append(str(value))
    return " ".join(flat)


def infer_year(kind: str, evidence: Evidence, case: dict[str, Any]) -> int | None:
    """A judgment's decision year; a law's latest date on its first page; a data set's last year; a
    report's own date on its title page, else its file date when meaningful, else the latest year it names."""
    if kind in JUDICIAL and case.get("decision_date"):
        return int(case["decision_date"][:4])
    head, text = evidence.head, evidence.text
    if kind == "law":
        found = [d.value for d in dates.find_dates(head)]
        titled = re.search(r"(?i)\b(?:ley|lei|decreto|law|act)\b[^\n]{0,30}?\b((?:19|20)\d\d)\b", head)
        years = [d.year for d in found] + ([int(titled.group(1))] if titled else [])
        return max(years) if years else dates.latest_year(head)
    if kind == "data":
        counts = dates.year_counts(text)
        return dates.latest_year(counts, min_count=3) or dates.latest_year(counts)
    own = dates.head_date(head)
    if own:
        return own.year
    stamped = file_date(evidence.properties)
    if stamped:
        return stamped.year
    if kind in JUDICIAL:
        found = [d.value for d in dates.find_dates(head)]
        if found:
            return max(found).year
    return dates.latest_year(text[:200_000])


def file_date(properties: dict[str, Any]) -> date | None:
    """The file's own date (created, else modified), when it is not a generator's placeholder."""
    for key in ("created", "creationdate", "date", "moddate", "modified"):
        found = dates.property_date(properties.get(key))
        if found:
            return found
    return None


def infer_title(kind: str, evidence: Evidence, case: dict[str, Any], found_countries: list[str]) -> str:
    head = evidence.head
    if kind in JUDICIAL and (case.get("case_number") or case.get("court")):
        return titles.judgment_title(
            head, case.get("case_number"), case.get("court"), evidence.language, case.get("decision_date")
        )
    if kind == "law":
        named = titles.law_title(evidence.blocks, head)
        if named:
            return named
    if kind == "data":
        span = dates.year_span(evidence.text)
        return titles.sheet_title(
            evidence.blocks,
            evidence.source_name,
            found_countries[0] if found_countries else None,
            span,
            evidence.language,
        )
    page = titles.title_page(evidence.blocks)
    if page:
        return page
    if kind in JUDICIAL:
        return titles.judgment_title(head, None, None, evidence.language)
    return titles.sheet_title([], evidence.source_name, None, None, evidence.language)
