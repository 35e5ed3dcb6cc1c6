"""Metadata of real documents nobody here wrote (../shared/realdocs, hand labels in labels.yaml).

Assertions are on kinds, years, countries, case numbers, courts and the names of laws, never on personal
names. The scanned expert report (OCR of every page) and the 75,000-row sheet are slow: they have their own
test, marked slow.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from tests.ingest.realdocs import REALDOCS, realdoc

SLOW = ("09_", "13_")
LABELS: list[dict[str, Any]] = yaml.safe_load((REALDOCS / "labels.yaml").read_text(encoding="utf-8"))["files"]
FAST = [label for label in LABELS if not label["file"].startswith(SLOW)]


def digits(text: object) -> str:
    return re.sub(r"\D", "", str(text or ""))


@pytest.fixture(scope="module")
def documents() -> dict[str, dict[str, Any]]:
    found = {}
    for label in FAST:
        document = realdoc(label["file"])
        found[label["file"]] = {**document.metadata, "title": document.title, "inferred": document.inferred}
    return found


@pytest.mark.parametrize("label", FAST, ids=[label["file"][:2] for label in FAST])
def test_kind_and_year_are_the_labelled_ones(
    documents: dict[str, dict[str, Any]], label: dict[str, Any]
) -> None:
    meta = documents[label["file"]]
    assert meta["kind"] == label["kind"]
    assert meta["year"] == label["year"]


@pytest.mark.parametrize("label", FAST, ids=[label["file"][:2] for label in FAST])
def test_no_document_gets_a_country_it_is_not_about(
    documents: dict[str, dict[str, Any]], label: dict[str, Any]
) -> None:
    assert set(documents[label["file"]]["countries"]) <= set(label["countries"])


def test_most_documents_get_exactly_their_countries(documents: dict[str, dict[str, Any]]) -> None:
    exact = [
        label["file"][:2]
        for label in FAST
        if set(documents[label["file"]]["countries"]) == set(label["countries"])
    ]
    assert len(exact) >= 0.8 * len(FAST), f"only {exact}"


JUDICIAL = [label for label in FAST if label.get("case_number")]


@pytest.mark.parametrize("label", JUDICIAL, ids=[label["file"][:2] for label in JUDICIAL])
def test_a_judgment_is_titled_and_filed_by_its_case_number_and_court(
    documents: dict[str, dict[str, Any]], label: dict[str, Any]
) -> None:
    meta = documents[label["file"]]
    wanted = [digits(part) for part in re.split(r"[;()]", label["case_number"]) if digits(part)]
    assert digits(meta["case_number"]) in wanted
    assert any(number in digits(meta["title"]) for number in wanted)
    court_words = set(re.findall(r"\w{4,}", re.sub(r"\([^)]*\)", "", label["court"]).lower()))
    assert len(court_words & set(re.findall(r"\w{4,}", meta["court"].lower()))) >= 0.6 * len(court_words)
    assert meta["outcome"] == label["outcome"]
    assert {"case_number", "court", "outcome"} <= set(meta["inferred"])


@pytest.mark.parametrize(
    "prefix,name", [("11_", r"Ley 599 de 2000\b.*C[oó]digo Penal"), ("12_", r"C[oó]digo Penal")]
)
def test_a_law_is_titled_by_its_name(documents: dict[str, dict[str, Any]], prefix: str, name: str) -> None:
    title = next(meta["title"] for file, meta in documents.items() if file.startswith(prefix))
    assert re.search(name, title, re.IGNORECASE)


@pytest.mark.parametrize(
    "junk",
    [
        r"^REP[UÚ]BLICA",
        r"Microsoft Word",
        r"^\d{6,}",
        r"^Sheet\d",
        r"TABLA DE CONTENIDOS",
        r"^CHAPTER \d",
        r"^(?:JANUARY|APRIL) \d",
        r"A[ñn]o del",
        r"^Texto oficial",
    ],
)
def test_no_title_is_a_running_header_a_generator_line_or_a_date(
    documents: dict[str, dict[str, Any]], junk: str
) -> None:
    assert not [meta["title"] for meta in documents.values() if re.search(junk, meta["title"], re.IGNORECASE)]


@pytest.mark.parametrize("prefix", ["24_", "25_", "26_", "27_"])
def test_an_english_report_or_guide_is_titled_by_its_title_page(
    documents: dict[str, dict[str, Any]], prefix: str
) -> None:
    label = next(label for label in FAST if label["file"].startswith(prefix))
    head = re.split(r",|:|\(", label["title"])[0]
    words = {w.lower() for w in re.findall(r"\w{4,}", head)}
    title_words = {w.lower() for w in re.findall(r"\w{4,}", documents[label["file"]]["title"])}
    assert len(words & title_words) >= 0.6 * len(words)


@pytest.mark.slow
@pytest.mark.parametrize("prefix", SLOW)
def test_the_scanned_report_and_the_large_sheet_get_kind_year_and_country(prefix: str) -> None:
    label = next(label for label in LABELS if label["file"].startswith(prefix))
    document = realdoc(label["file"])
    assert document.metadata["kind"] == label["kind"]
    assert document.metadata["year"] == label["year"]
    assert document.metadata["countries"] == label["countries"]
