"""The facet filters checked before a search runs: a value the service does not know, or a period that ends
before it starts, is an error the caller sees, never an empty list of results that looks like "no case".

Countries may be written in any of the three languages ("Perú", "Brasil") and are read as the stored English
names; a kind's older name (`case`, `good_practice`) as its current one. Courts, offences and case numbers
are free text and pass as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.countries import canonical_name
from ingest.kinds import ALIASES as KIND_ALIASES
from ingest.kinds import KINDS
from ingest.metadata import OUTCOMES

from .field_errors import FieldError
from .labels import PURPOSE, country_code, known_language


@dataclass
class CheckedFilters:
    """The filters as the search reads them, and what was wrong with them (empty: all good)."""

    countries: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    exploitation: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)


def check_filters(
    country: list[str] | None = None,
    kind: list[str] | None = None,
    language: list[str] | None = None,
    exploitation: list[str] | None = None,
    outcome: list[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> CheckedFilters:
    """Each value known (and normalised), the period in order. Errors are per field, in the order given."""
    out = CheckedFilters()
    for value in country or []:
        stored = canonical_name(value) or (value if country_code(value) else None)
        if stored is None:
            out.errors.append(FieldError("country", "unknown_country", value[:80]))
        else:
            out.countries.append(stored)
    for value in kind or []:
        current = KIND_ALIASES.get(value, value)
        if current in KINDS:
            out.kinds.append(current)
        else:
            out.errors.append(FieldError("kind", "unknown_kind", value[:80], {"expected": ", ".join(KINDS)}))
    for value in language or []:
        if known_language(value):
            out.languages.append(value)
        else:
            out.errors.append(FieldError("language", "unknown_language", value[:80]))
    for value in exploitation or []:
        if value in PURPOSE:
            out.exploitation.append(value)
        else:
            out.errors.append(
                FieldError(
                    "exploitation", "unknown_exploitation", value[:80], {"expected": ", ".join(PURPOSE)}
                )
            )
    for value in outcome or []:
        if value in OUTCOMES:
            out.outcomes.append(value)
        else:
            out.errors.append(
                FieldError("outcome", "unknown_outcome", value[:80], {"expected": ", ".join(OUTCOMES)})
            )
    if year_from is not None and year_to is not None and year_from > year_to:
        out.errors.append(
            FieldError(
                "year_to", "inverted_years", str(year_to), {"first": str(year_from), "last": str(year_to)}
            )
        )
    return out
