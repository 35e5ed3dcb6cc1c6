"""Document metadata in order of trust: sidecar, front matter, the file's own properties, inference."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

KINDS = ("case", "judgment", "good_practice", "report", "news", "other")
VISIBILITIES = ("public", "network", "office")
LIST_FIELDS = ("countries", "acts", "means", "purpose", "sector", "attachments")
SCALAR_FIELDS = (
    "title", "kind", "language", "year", "court", "form", "verdict", "victims_profile",
    "defendants_profile", "owner_office", "visibility", "twin_group", "summary",
)
COUNTRIES = {
    "Argentina": ["argentina"], "Bolivia": ["bolivia"], "Brazil": ["brasil", "brazil"], "Chile": ["chile"],
    "Colombia": ["colombia", "colômbia"], "Costa Rica": ["costa rica"],
    "Dominican Republic": ["república dominicana", "dominican republic", "república dominicana"],
    "Ecuador": ["ecuador", "equador"], "El Salvador": ["el salvador"], "Guatemala": ["guatemala"],
    "Honduras": ["honduras"], "Mexico": ["méxico", "mexico"], "Nicaragua": ["nicaragua", "nicarágua"],
    "Panama": ["panamá", "panama"], "Paraguay": ["paraguay", "paraguai"], "Peru": ["perú", "peru"],
    "Uruguay": ["uruguay", "uruguai"], "Venezuela": ["venezuela"], "Spain": ["españa", "espanha", "spain"],
    "Portugal": ["portugal"],
}


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
    if out.get("kind") not in (None, *KINDS):
        out["kind"] = "other"
    if out.get("visibility") not in (None, *VISIBILITIES):
        raise MetadataError(f"visibility must be one of {', '.join(VISIBILITIES)}, not {out['visibility']!r}")
    return out


def _year(value: Any) -> int | None:
    if isinstance(value, (date, datetime)):
        return value.year
    match = re.search(r"(19|20)\d\d", str(value))
    return int(match.group(0)) if match else None


def infer_countries(text: str) -> list[str]:
    lowered = text.lower()
    counts = {name: sum(lowered.count(alias) for alias in aliases) for name, aliases in COUNTRIES.items()}
    return [name for name, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n >= 2][:3]


def infer_year(text: str) -> int | None:
    years = [int(y) for y in re.findall(r"\b(?:19[89]\d|20[0-3]\d)\b", text)]
    return max(set(years), key=years.count) if years else None
