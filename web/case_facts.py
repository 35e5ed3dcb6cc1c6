"""The case facts on a document's page: each fact with its values, where each value comes from (the text,
with the passage that states it and a confidence; the case card; an editor) and, for editors of the
owner office, a form per fact to confirm or correct it (plain HTML forms with the page's CSRF token; the
route is `web/analysis_pages.py`'s POST /documents/{id}/facts)."""

from __future__ import annotations

from typing import Any

from service import analysis as service
from service.labels import country_name
from service.labels import label as vocabulary_label
from service.library import DocumentView

from .analysis_i18n import label, message

# The facts in the order the page lists them: those an editor corrects, then four counts they do not.
ORDER = (*service.EDITABLE, "year", "sentence", "victims", "offenders")
TABLED = ("exploitation", "means", "sector", "outcome")  # named by the shared table of service/labels.py


def fact_label(name: str, value: str, language: str) -> str:
    """A fact's value in the reader's language: a country by CLDR, a vocabulary value by its table."""
    if name in service.COUNTRY_FACTS:
        return country_name(value, language)
    if name in TABLED:
        return vocabulary_label(name, value, language)
    return label(value, language)


def _source(evidence: Any, language: str) -> dict[str, Any]:
    if evidence is None or evidence.source == "inferred":
        confidence = round(100 * evidence.confidence) if evidence is not None else None
        return {
            "said": message("source_inferred", language, p=confidence) if confidence is not None else "",
            "passage": evidence.passage if evidence is not None else None,
            "quote": evidence.quote if evidence is not None else "",
        }
    return {"said": message(f"source_{evidence.source}", language), "passage": None, "quote": ""}


def fact_section(document: DocumentView, language: str, may_change: bool) -> list[dict[str, Any]]:
    """The rows of the page's case-facts section. A reader sees the facts that have a value; an editor
    who may change the document also sees the empty ones (to add a value), each with its form."""
    stored = service.document_facts(document)
    rows = []
    for name in ORDER:
        values = stored.values.get(name) or []
        editable = may_change and name in service.EDITABLE
        if not values and not editable:
            continue
        shown = [
            {"value": value, "label": fact_label(name, value, language)}
            | _source(stored.evidence.get(name, {}).get(value), language)
            for value in values
        ]
        choices = [
            {"value": value, "label": fact_label(name, value, language), "checked": value in values}
            for value in service.CHOICES.get(name, ())
        ]
        rows.append(
            {
                "field": name,
                "name": message(f"fact_{name}", language),
                "values": shown,
                "editable": editable,
                "choices": choices,
                "single": name in service.SINGLE,
                "text": ", ".join(fact_label(name, v, language) for v in values),
                "help": "countries_help"
                if name in service.COUNTRY_FACTS
                else "provisions_help"
                if name == "provision"
                else "",
            }
        )
    return rows
