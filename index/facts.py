"""A document's case facts as stored, and the base's facts counted in the engine.

At write time `case_facts` merges, by trust, what the document's sidecar or an editor told (its `purpose`,
`means`, `sector`, `outcome`, `countries`, victims' and defendants' profiles, and `corrections["case_facts"]`)
over what `ingest.facts` inferred from the text. The result is written as `fact_*` payload fields on the
document's first passage only (one point per document), each a keyword-indexed list, so that the cases
counted are the first passages the engine selects with the caller's access filter inside the query: a
case the caller cannot see is never counted (index/analysis.py, index/fact_table.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingest.facts import CaseFacts, Fact, infer_facts, legs

# Payload field of each fact (on the first passage). Route legs are "Origin>Destination".
FIELDS = {
    "origin": "fact_origin",
    "transit": "fact_transit",
    "destination": "fact_destination",
    "route": "fact_route",
    "leg": "fact_leg",
    "exploitation": "fact_exploitation",
    "means": "fact_means",
    "sector": "fact_sector",
    "victim_sex": "fact_victim_sex",
    "victim_age": "fact_victim_age",
    "victim_nationality": "fact_victim_nationality",
    "offender_role": "fact_offender_role",
    "outcome": "fact_outcome",
    "sentence": "fact_sentence",
    "year": "fact_year",
    "provision": "fact_provision",
    "victims": "fact_victims",
    "offenders": "fact_offenders",
}
# Every fact of a document also as one "field=value" keyword (and "year|form" pairs for the cases by year and
# form of exploitation), so that one facet query counts every view at once.
KEYS_FIELD = "fact_keys"
PAYLOAD_FIELDS = (*FIELDS.values(), KEYS_FIELD)
# Inferred values below this confidence are kept in the record (with their evidence) but not counted.
COUNTED = 0.5
# Sentence lengths and victim counts are counted in bands (facets count values, they do not sum).
SENTENCE_BANDS = ((0, 5, "0-4"), (5, 10, "5-9"), (10, 15, "10-14"), (15, 20, "15-19"), (20, 200, "20+"))
COUNT_BANDS = ((1, 2, "1"), (2, 5, "2-4"), (5, 10, "5-9"), (10, 50, "10-49"), (50, 100_000, "50+"))
# Sidecar vocabulary that means "nothing to count".
EMPTY = {"none", "not_applicable", "n/a", ""}
# The key of an editor's fact corrections in a document's corrections ({field: [values]}), kept across
# re-ingest like every correction.
EDITOR_KEY = "case_facts"
EDITABLE = (
    "origin",
    "transit",
    "destination",
    "exploitation",
    "means",
    "sector",
    "victim_sex",
    "victim_age",
    "victim_nationality",
    "offender_role",
    "outcome",
    "provision",
)
# What a sidecar field is called in the facts.
TOLD = {"purpose": "exploitation", "means": "means", "sector": "sector"}


@dataclass
class StoredFacts:
    """The facts of one document as counted: field -> values, and for each (field, value) where it comes
    from (`sidecar`, `editor` or `inferred`) with its evidence (passage order and quote) when inferred."""

    values: dict[str, list[str]] = field(default_factory=dict)
    evidence: dict[str, dict[str, Fact]] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {FIELDS[name]: values for name, values in self.values.items() if values}
        keys = [f"{name}={value}" for name, values in self.values.items() for value in values]
        keys += [
            f"year_form={year}|{form}"
            for year in self.values.get("year", [])
            for form in self.values.get("exploitation", [])
        ]
        out[KEYS_FIELD] = keys
        return out


def band(value: float, bands: tuple[tuple[float, float, str], ...]) -> str | None:
    return next((label for low, high, label in bands if low <= value < high), None)


def case_facts(metadata: dict[str, Any], inferred: list[str]) -> StoredFacts:
    """The facts to count for a document, by trust: an editor's corrections, then the sidecar (or front
    matter, or upload form), then inference. A told list replaces the inferred one whole; told countries
    keep only the inferred roles of countries among them (a role of a country the document is not about
    is a misreading)."""
    found = CaseFacts.from_dict(metadata.get("facts"))
    corrections = metadata.get("corrections") or {}
    editor_facts = corrections.get(EDITOR_KEY) or {}
    out = StoredFacts()

    def put(name: str, values: list[str], source: str, facts: list[Fact] | None = None) -> None:
        values = list(dict.fromkeys(v for v in values if str(v).strip().lower() not in EMPTY))
        out.values[name] = values
        by_value = {f.value: f for f in facts or []}
        out.evidence[name] = {v: by_value.get(v) or Fact(name, v, 1.0, source=source) for v in values}

    def inferred_of(name: str) -> list[Fact]:
        ranked = sorted((f for f in found.facts if f.field == name), key=lambda f: -f.confidence)
        return [f for f in ranked if f.confidence >= COUNTED]

    told_countries = metadata.get("countries") if "countries" not in inferred else None
    for name in (
        "origin",
        "transit",
        "destination",
        "exploitation",
        "means",
        "sector",
        "victim_sex",
        "victim_age",
        "victim_nationality",
        "offender_role",
        "provision",
    ):
        facts = inferred_of(name)
        if told_countries and name in ("origin", "destination"):
            facts = [f for f in facts if f.value in told_countries]
        put(name, [f.value for f in facts], "inferred", facts)
    for key, name in TOLD.items():
        if metadata.get(key) and key not in inferred:
            put(
                name,
                [str(v) for v in metadata[key]],
                "editor" if key in corrections else "sidecar",
                inferred_of(name),
            )
    outcome = metadata.get("outcome")
    if outcome:
        source = "editor" if "outcome" in corrections else "inferred" if "outcome" in inferred else "sidecar"
        put("outcome", [outcome], source, inferred_of("outcome"))
    else:
        put("outcome", [f.value for f in inferred_of("outcome")[:1]], "inferred", inferred_of("outcome"))
    for name, values in editor_facts.items():  # an editor's word on a fact wins over everything
        if name in FIELDS and isinstance(values, list):
            put(name, [str(v) for v in values], "editor", inferred_of(name))
    year = found.year_of_facts or metadata.get("year")
    put(
        "year",
        [str(year)] if year else [],
        "inferred" if found.year_of_facts else "sidecar",
        inferred_of("year_of_facts"),
    )

    def banded(name: str, fact_name: str, value: float, bands: tuple[tuple[float, float, str], ...]) -> None:
        """A number counted in its band, with the sentence that states the number as evidence."""
        label = band(value, bands) or ""
        stated = [
            Fact(name, label, f.confidence, f.passage, f.quote) for f in found.facts if f.field == fact_name
        ]
        put(name, [label], "inferred", stated[:1])

    if found.sentence_years:
        banded("sentence", "sentence_years", found.sentence_years, SENTENCE_BANDS)
    if found.victims:
        banded("victims", "victim_count", found.victims, COUNT_BANDS)
    if found.offenders:
        banded("offenders", "offender_count", found.offenders, COUNT_BANDS)
    told_victims = metadata.get("victims_profile")
    if told_victims and "victims_profile" not in inferred:
        profile = infer_facts(_profile_passages(str(told_victims)), {"form": "trafficking"})
        for name in ("victim_sex", "victim_age", "victim_nationality"):
            values = [f.value for f in profile.facts if f.field == name]
            if values:
                put(name, values, "sidecar")
        if profile.victims:
            put("victims", [band(profile.victims, COUNT_BANDS) or ""], "sidecar")
    out.values["route"] = [
        f"{a}>{b}" for a in out.values.get("origin", []) for b in out.values.get("destination", []) if a != b
    ]
    out.values["leg"] = [
        f"{a}>{b}"
        for a, b in legs(
            out.values.get("origin", []), out.values.get("transit", []), out.values.get("destination", [])
        )
    ]
    return out


def _profile_passages(text: str) -> list[Any]:
    """A sidecar's victims' profile ("11 adultos y 4 adolescentes de nacionalidad boliviana") as a passage,
    to be read with the same cues as the text."""
    from ingest.models import Passage

    return [Passage("profile", 0, f"Las víctimas: {text}.", 1, 1, [], "narrative", "und")]


def fact_payload(metadata: dict[str, Any], inferred: list[str]) -> dict[str, Any]:
    """The `fact_*` payload of a document's first passage (every field present, empty lists included, so
    that a correction that empties a field clears it)."""
    stored = case_facts(metadata, inferred).payload()
    return {name: stored.get(name, []) for name in PAYLOAD_FIELDS}
