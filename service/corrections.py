"""An editor's corrections of a document's metadata, and what a sender tells about an upload: checked
field by field (type, vocabulary, length) and applied above everything a file or inference says, whenever
the document is built again (a re-ingest under the same id, `reindex --reparse`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ingest import metadata as meta
from ingest.countries import canonical_name
from ingest.kinds import KINDS
from ingest.models import Document

from .errors import ServiceError

# What an editor may correct, with the type each value must have. Lists are lists of strings.
EDITABLE: dict[str, type] = {
    "title": str,
    "kind": str,
    "countries": list,
    "year": int,
    "purpose": list,
    "sector": list,
    "form": str,
    "court": str,
    "case_number": str,
    "decision_date": str,
    "offences": list,
    "outcome": str,
    "summary": str,
}
OUTCOMES = meta.OUTCOMES
MAX_TEXT, MAX_ITEMS = 500, 30
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Correction:
    """What an editor's correction of a document stored: the checked value of each field it changed (a
    title, a year, a list of countries...). `fields` is empty when nothing was sent to change."""

    document_id: str
    fields: dict[str, Any]


class CorrectionError(ServiceError):
    """A correction that cannot be applied; the message says which field and why."""

    reason = "bad_value"


def check_corrections(raw: dict[str, Any]) -> dict[str, Any]:
    """The corrections as stored: known fields only, each of the right type and vocabulary, text trimmed,
    lists without empty or repeated items. Raises CorrectionError naming the first bad field."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in EDITABLE:
            raise CorrectionError(f"{key}: not a field that can be corrected (one of {', '.join(EDITABLE)})")
        if value is None:
            continue
        want = EDITABLE[key]
        if want is list:
            items = value if isinstance(value, list) else str(value).split(",")
            cleaned = list(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))
            if len(cleaned) > MAX_ITEMS or any(len(item) > MAX_TEXT for item in cleaned):
                raise CorrectionError(f"{key}: at most {MAX_ITEMS} items of {MAX_TEXT} characters")
            if key == "countries":
                cleaned = list(dict.fromkeys(canonical_country(item) for item in cleaned))
            if key in ("purpose", "sector"):
                cleaned = list(
                    dict.fromkeys(item.lower().replace(" ", "_").replace("-", "_") for item in cleaned)
                )
                bad = [item for item in cleaned if not SLUG.match(item)]
                if bad:
                    raise CorrectionError(f"{key}: {bad[0]!r} is not a value like 'forced_labour'")
            out[key] = cleaned
        elif want is int:
            try:
                year = int(str(value).strip())
            except ValueError:
                raise CorrectionError(f"{key}: {value!r} is not a year") from None
            if not 1800 <= year <= date.today().year + 1:
                raise CorrectionError(f"{key}: {year} is not a plausible year")
            out[key] = year
        else:
            text = " ".join(str(value).split())
            if not text and key == "title":
                raise CorrectionError("title: cannot be empty")
            if len(text) > MAX_TEXT:
                raise CorrectionError(f"{key}: at most {MAX_TEXT} characters")
            if key == "kind" and text not in KINDS:
                raise CorrectionError(f"kind: {text!r} is not one of {', '.join(KINDS)}")
            if key == "outcome" and text not in OUTCOMES:
                raise CorrectionError(f"outcome: {text!r} is not one of {', '.join(OUTCOMES)}")
            if key == "decision_date" and text:
                try:
                    text = date.fromisoformat(text).isoformat()
                except ValueError:
                    raise CorrectionError(f"decision_date: {text!r} is not a date like 2021-03-15") from None
            out[key] = text
    return out


def canonical_country(name: str) -> str:
    """A country as the facets spell it when it is a known country's name in es/pt/en ("peru", "Brasil" ->
    "Peru", "Brazil"), else as typed."""
    return canonical_name(name) or name


def apply_corrections(document: Document, corrections: dict[str, Any]) -> Document:
    """The document with an editor's corrections above what the file told and inference found."""
    if corrections:
        document.metadata = {**document.metadata, **corrections, "corrections": dict(corrections)}
        document.title = corrections.get("title", document.title)
        document.inferred = [key for key in document.inferred if key not in corrections]
    return document


def told_metadata(
    title: str | None, kind: str | None, countries: list[str] | str | None, year: str | None
) -> dict[str, Any]:
    """What the sender of an upload tells about its files (the API's form fields and the upload page's),
    checked as an editor's corrections are; empty fields are not told. Countries come as a list, each
    item possibly comma-separated. Raises CorrectionError."""
    items = [countries] if isinstance(countries, str) else countries or []
    raw = {
        "title": title,
        "kind": kind,
        "year": year,
        "countries": [c for value in items for c in value.split(",") if c.strip()],
    }
    return check_corrections(
        {
            key: value
            for key, value in raw.items()
            if value not in (None, [], "") and (not isinstance(value, str) or value.strip())
        }
    )
