"""Context analysis, as a caller may ask for it: the aggregates of the cases they may see under the search
filters (and, optionally, a shared criterion), the cases behind one mark with the passages that state the
fact, CSV of each view, and an editor's confirmation or correction of a fact.

Rights: the caller's access filter goes into every engine query (index/analysis.py). A view is *shared*
when the cases it counts belong to another office than the caller's, or to several: then counts below
`settings.analysis_min_count` are hidden and the answer says `suppressed`.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from index import analysis as aggregates
from index.analysis import VIEWS, Analysis
from index.criteria import CriterionVectors, evaluate
from index.fact_table import FactTable, table_for
from index.facts import EDITABLE, EDITOR_KEY, FIELDS, StoredFacts, case_facts
from index.knowledge import KnowledgeBase
from index.search import Filters, SearchRequest, request_filter
from index.spreadsheet import to_csv
from index.store import Where
from index.views import DocumentView
from ingest.countries import (
    _canonical as stored_country_name,  # the map's shapes name countries as the facets do
)
from ingest.countries import canonical_name
from ingest.metadata import OUTCOMES

from .access import Caller
from .field_errors import FieldError, InvalidRequest
from .labels import vocabulary
from .library import Library

log = logging.getLogger(__name__)

__all__ = [
    "CHOICES",
    "COUNTRY_FACTS",
    "EDITABLE",
    "SINGLE",
    "VIEWS",
    "Analysis",
    "SearchRequest",
    "analyse",
    "cases_for",
    "correct_fact",
    "document_facts",
    "filter_choices",
    "stored_country_name",
    "view_csv",
]


class FactError(InvalidRequest):
    """A fact correction that cannot be used, as field errors (service/field_errors.py), so that the API
    answers 422 in the caller's language and the document page says it in the reader's: a field that is
    not a fact that can be corrected (`not_a_fact`), a value that is not a country (`unknown_country`, one
    error per value) or off the field's list (`not_a_value_of`), more than one value of a single-valued
    fact (`one_value`). `fact` names the fact whose form said no."""

    def __init__(self, fact: str, errors: list[FieldError]) -> None:
        super().__init__(errors)
        self.fact = fact


# The fields whose values are countries (written in any of the three languages, stored in English).
COUNTRY_FACTS = ("origin", "transit", "destination", "victim_nationality")
# The fields whose values come from a closed list (the same ids the sidecars and the facets use); the
# others (countries, provisions) are free text.
CHOICES: dict[str, tuple[str, ...]] = {
    "exploitation": vocabulary("exploitation"),
    "means": vocabulary("means"),
    "sector": tuple(v for v in vocabulary("sector") if v != "none"),
    "victim_sex": ("female", "male"),
    "victim_age": ("minor", "adult"),
    "offender_role": ("recruiter", "transporter", "exploiter", "financier"),
    "outcome": OUTCOMES,
}
SINGLE = ("outcome",)  # one value at most


def document_facts(document: DocumentView) -> StoredFacts:
    """The facts of a document (as `Library.get` gives it) as they are counted, each value with where it
    comes from and, when inferred, the passage that states it."""
    return case_facts(document.metadata, list(document.inferred))


def _checked(name: str, values: list[str]) -> list[str]:
    """An editor's values for `name`, cleaned and checked: countries to their stored names, list values
    among the list, at most one outcome."""
    cleaned = list(dict.fromkeys(" ".join(str(v).split())[:120] for v in values if str(v).strip()))[:20]
    if name in COUNTRY_FACTS:
        unknown = [v for v in cleaned if canonical_name(v) is None]
        if unknown:
            raise FactError(name, [FieldError("values", "unknown_country", v) for v in unknown])
        cleaned = list(dict.fromkeys(str(canonical_name(v)) for v in cleaned))
    elif name in CHOICES:
        expected = {"fact": name, "expected": ", ".join(CHOICES[name])}
        off = [FieldError("values", "not_a_value_of", v, expected) for v in cleaned if v not in CHOICES[name]]
        if off:
            raise FactError(name, off)
    if name in SINGLE and len(cleaned) > 1:
        raise FactError(
            name, [FieldError("values", "one_value", context={"fact": name, "n": str(len(cleaned))})]
        )
    return cleaned


@dataclass
class CaseEvidence:
    """One case behind a mark: what it is, and the passage (order, quote) that states the fact, or where the
    fact was told instead (`sidecar`, `editor`)."""

    document_id: str
    title: str
    countries: list[str]
    year: int | None
    source: str
    passage: int | None = None
    quote: str = ""


@dataclass
class CaseList:
    cases: list[CaseEvidence] = field(default_factory=list)
    total: int = 0


def fact_filter(facts: dict[str, str]) -> dict[str, Any]:
    """{"origin": "Bolivia", "route": "Bolivia>Argentina"} as payload conditions; unknown names are ignored."""
    return {FIELDS[name]: value for name, value in facts.items() if name in FIELDS and value}


def _where(library: Library, filters: Filters, caller: Caller, criterion: str | None) -> Where | None:
    """The engine filter of a view; None when a criterion is asked that no case the caller sees meets."""
    where = request_filter(filters, caller.access)
    if not criterion:
        return where
    found = library.criteria.get(criterion)
    if found is None:
        return None
    with library.switch.reading():
        vectors = CriterionVectors(library.kb.embedder)  # a few criterion texts, embedded per view
        cells = evaluate(library.kb.store, vectors, found, where)
    meeting = [doc for doc, (meets, _, _) in cells.items() if meets]
    return where.also(doc_id=meeting) if meeting else None


def is_shared(library: Library, where: Where, caller: Caller) -> bool:
    """Whether a view counts cases of another office than the caller's (or of several)."""
    offices = aggregates.offices(library.kb.store, where)
    return len(offices) > 1 or any(office != (caller.office or "") for office in offices)


# Tallies kept per filter (the caller's access is part of it) until the next write or this many seconds
# (another process may have written): a page, its exports and its marks ask for the same view again and
# again. One tally per filter, not one per audience summed: bench/analysis_speed.py measured 3 per-audience
# tallies of the engine's facet at about 3x the CPU of one.
KEPT_SECONDS, KEPT = 60.0, 128
_kept: OrderedDict[tuple[Any, ...], tuple[int, float, aggregates.Tally]] = OrderedDict()
_kept_lock = threading.Lock()
# The fact table of each knowledge base (index/fact_table.py), told of its writes; None for a server store.
_tables: weakref.WeakKeyDictionary[KnowledgeBase, FactTable | None] = weakref.WeakKeyDictionary()


def _table(kb: KnowledgeBase) -> FactTable | None:
    with _kept_lock:
        if kb not in _tables:
            table = _tables[kb] = table_for(kb.store)
            if table is not None:
                kb.watchers.append(table.forget)
        return _tables[kb]


def warm(library: Library) -> None:
    """Fill the fact table once, right after start, so that the first /analysis does not read every case
    (about 0.4 s at 10k cases, bench/analysis_speed.py); run on a thread of its own, it never fails the
    start (a store closed meanwhile, at a quick shutdown, is only logged)."""
    try:
        table = _table(library.kb)
        if table is not None:
            started = time.perf_counter()
            cases = table.tally(Where()).cases
            log.info("fact table: %d cases in %.2f s", cases, time.perf_counter() - started)
    except Exception:
        log.debug("the fact table was not filled at start", exc_info=True)


def _tally(library: Library, where: Where) -> aggregates.Tally:
    """The tally of a filter: over the fact table with the ids the engine selects (embedded store), or the
    engine's own facet (server)."""
    key = (id(library), repr(where))
    with _kept_lock:
        found = _kept.get(key)
        if found and found[0] == library.kb.changes and time.monotonic() - found[1] < KEPT_SECONDS:
            _kept.move_to_end(key)
            return found[2]
    changes, started = library.kb.changes, time.monotonic()
    table = _table(library.kb)
    result = table.tally(where) if table is not None else aggregates.tally(library.kb.store, where)
    with _kept_lock:
        _kept[key] = (changes, started, result)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return result


_choices: dict[tuple[Any, ...], tuple[int, float, dict[str, list[tuple[Any, int]]]]] = {}


def filter_choices(library: Library, *, caller: Caller) -> dict[str, list[tuple[Any, int]]]:
    """The values the page's filters offer (documents per country, kind, form of exploitation among what
    the caller may see), kept as the tallies are."""
    key = (id(library), tuple(caller.audiences or ()), caller.audiences is None)
    with _kept_lock:
        found = _choices.get(key)
        if found and found[0] == library.kb.changes and time.monotonic() - found[1] < KEPT_SECONDS:
            return found[2]
    changes, started = library.kb.changes, time.monotonic()
    facets = library.search(SearchRequest(""), caller=caller).facets
    with _kept_lock:
        if len(_choices) > KEPT:
            _choices.clear()
        _choices[key] = (changes, started, facets)
    return facets


def analyse(library: Library, filters: Filters, *, caller: Caller, criterion: str | None = None) -> Analysis:
    """Every view's aggregates for the cases the caller may see under `filters`. The view is shared
    (small counts hidden) when its cases belong to another office than the caller's, or to several."""
    where = _where(library, filters, caller, criterion)
    if where is None:
        return Analysis(cases=0)
    found = _tally(library, where)
    shared = len(found.offices) > 1 or any(office != (caller.office or "") for office in found.offices)
    return aggregates.summarise(found, library.settings.analysis_min_count, shared)


def cases_for(
    library: Library,
    filters: Filters,
    facts: dict[str, str],
    *,
    caller: Caller,
    criterion: str | None = None,
    limit: int = 200,
) -> CaseList:
    """The cases behind one mark (`facts`: field -> value, e.g. origin and destination of an arc), each with
    the evidence of the first fact asked. A shared view whose mark counts fewer than the minimum answers
    with no case (the mark was not shown)."""
    where = _where(library, filters, caller, criterion)
    if where is None:
        return CaseList()
    where = where.also(**fact_filter(facts))
    store = library.kb.store
    total = store.count(aggregates.cases_filter(where))
    if is_shared(library, where, caller) and total < library.settings.analysis_min_count:
        return CaseList()
    out = CaseList(total=total)
    asked = next(iter(facts.items()), None)
    for payload in aggregates.matching(store, where, limit):
        record = payload.get("document") or {}
        stored = case_facts(record.get("metadata", {}), record.get("inferred", []))
        evidence = None
        if asked:
            name, value = asked
            if name == "route":
                name, value = "origin", value.split(">", 1)[0]
            evidence = stored.evidence.get(name, {}).get(value)
        out.cases.append(
            CaseEvidence(
                payload["doc_id"],
                payload.get("title", ""),
                payload.get("countries", []),
                payload.get("year"),
                evidence.source if evidence else "inferred",
                evidence.passage if evidence else None,
                evidence.quote if evidence else "",
            )
        )
    out.cases.sort(key=lambda case: case.title.casefold())
    return out


def view_csv(result: Analysis, view: str) -> str:
    """One view of the aggregates as CSV (formula-safe cells)."""
    data = result.to_dict()
    if view == "by_year":
        forms = sorted({form for row in result.by_year for form in row["exploitation"]})
        return to_csv(
            ["year", "cases", *forms],
            [
                [row["year"], row["cases"], *(row["exploitation"].get(f, 0) for f in forms)]
                for row in result.by_year
            ],
        )
    if view == "countries":
        return to_csv(
            ["country", "origin", "transit", "destination"],
            [[r["country"], r["origin"], r["transit"], r["destination"]] for r in result.countries],
        )
    if view == "routes":
        return to_csv(
            ["origin", "destination", "cases"],
            [[r["origin"], r["destination"], r["cases"]] for r in result.routes],
        )
    if view in ("victims", "offenders"):
        return to_csv(
            ["group", "value", "cases"],
            [[group, r["value"], r["cases"]] for group, rows in data[view].items() for r in rows],
        )
    if view in data and isinstance(data[view], list):
        return to_csv(["value", "cases"], [[r["value"], r["cases"]] for r in data[view]])
    raise KeyError(view)


def correct_fact(
    library: Library, doc_id: str, name: str, values: list[str], *, caller: Caller
) -> list[str] | None:
    """An editor confirms (the same values) or corrects (other values, or none) one fact of a document.
    Kept in the document's corrections, so a re-ingest applies it again; False when the caller may not
    change the document. Answers the values as stored, or None when the caller may not change the
    document (or there is none). Raises FactError for a field that cannot be corrected or a value it cannot hold
    (countries are stored by their English name: "Perú" is kept as "Peru")."""
    if name not in EDITABLE:
        raise FactError(
            name, [FieldError("field", "not_a_fact", name[:80], {"expected": ", ".join(EDITABLE)})]
        )
    cleaned = _checked(name, values)
    try:
        doc_id = str(uuid.UUID(doc_id))
    except ValueError:
        return None
    if not library.may_change(doc_id, caller):
        return None
    first = library.kb.first(doc_id)
    if first is None:
        return None
    corrections = (first.payload.get("document") or {}).get("metadata", {}).get("corrections", {})
    current = dict(corrections.get(EDITOR_KEY) or {})
    current[name] = cleaned
    return cleaned if library.kb.correct(doc_id, {EDITOR_KEY: current}) else None
