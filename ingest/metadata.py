"""Metadata given with a document: its sidecar and front matter, read and normalised to the stored fields.

Inference from the text lives in `infer.py` and the modules it calls; `pipeline.collect_metadata` merges the
two by trust: sidecar > front matter > file properties > inference."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from .kinds import normalise_kind

VISIBILITIES = ("public", "network", "office")
LIST_FIELDS = ("countries", "acts", "means", "purpose", "sector", "attachments", "offences")
SCALAR_FIELDS = (
    "title",
    "kind",
    "language",
    "year",
    "court",
    "form",
    "verdict",
    "victims_profile",
    "defendants_profile",
    "owner_office",
    "visibility",
    "twin_group",
    "summary",
    "case_number",
    "decision_date",
    "outcome",
)
OUTCOMES = ("conviction", "acquittal", "other")
# Older or looser names of an outcome, as sidecars write them.
OUTCOME_ALIASES = {
    "convicted": "conviction",
    "condena": "conviction",
    "condenatoria": "conviction",
    "acquitted": "acquittal",
    "absolución": "acquittal",
    "absolutoria": "acquittal",
    "mixed": "other",
    "pending": "other",
}
# What a sidecar writes for a document that has no outcome (a guide, a report).
NO_OUTCOME = {"not_applicable", "n/a", "na", "none", "no aplica", "não se aplica"}


class MetadataError(ValueError):
    pass


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---"):
        return {}, text
    match = re.match(r"^---\r?\n(.*?)\r?\n---\r?\n?(.*)$", text, re.DOTALL)
    if match is None:
        return {}, text
    return _load_yaml(match.group(1), "front matter"), match.group(2)


def sidecar_path(path: Path) -> Path:
    """`case.pdf` -> `case.meta.yaml`; `case` (no extension) -> `case.meta.yaml`."""
    return path.with_name(path.name.rsplit(".", 1)[0] + ".meta.yaml")


def read_sidecar(path: Path) -> dict[str, Any]:
    side = sidecar_path(path)
    if not side.is_file():
        return {}
    return _load_yaml(side.read_text(encoding="utf-8"), f"sidecar {side.name}")


def _load_yaml(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise MetadataError(f"malformed {where}{line}: {getattr(exc, 'problem', exc)}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise MetadataError(f"malformed {where}: expected key: value pairs")
    return data


def normalise(raw: dict[str, Any]) -> dict[str, Any]:
    """Keep the known fields, with lists as lists of strings and the year as an int."""
    out: dict[str, Any] = {}
    if raw.get("year") in (None, "") and raw.get("date") not in (None, ""):
        raw = {**raw, "year": raw["date"]}
    for key in SCALAR_FIELDS:
        value = raw.get(key)
        if value is None or value == "":
            continue
        if key == "year":
            value = _year(value)
            if value is None:
                continue
        out[key] = value if key == "year" else str(value)
    for key in LIST_FIELDS:
        value = raw.get(key)
        if value:
            out[key] = [str(v) for v in (value if isinstance(value, list) else [value])]
    if "kind" in out:
        out["kind"] = normalise_kind(out["kind"])
    if "decision_date" in out:
        out["decision_date"] = _iso_date(raw["decision_date"])
    outcome = out.get("outcome") or out.get("verdict")
    if outcome and outcome.strip().lower() in NO_OUTCOME:
        out.pop("outcome", None)
    elif outcome:
        outcome = OUTCOME_ALIASES.get(outcome.strip().lower(), outcome.strip().lower())
        out["outcome"] = outcome if outcome in OUTCOMES else "other"
    if out.get("visibility") not in (None, *VISIBILITIES):
        raise MetadataError(f"visibility must be one of {', '.join(VISIBILITIES)}, not {out['visibility']!r}")
    return out


def _year(value: Any) -> int | None:
    if isinstance(value, (date, datetime)):
        return value.year
    match = re.search(r"(19|20)\d\d", str(value))
    return int(match.group(0)) if match else None


def _iso_date(value: Any) -> str:
    """A date as ISO text ("2022-05-13"); text that is not a date is kept as written."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
