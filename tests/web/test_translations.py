"""Every value a page can show has a translation in Spanish, Portuguese and English: the interface's
messages, the vocabularies (kinds, forms of exploitation, means, sectors, acts, outcomes, verdicts, roles,
visibility), the countries and languages of the sample corpus and of the real documents' labels, the
criteria, the aspects of comparable cases, the audit's actions. And the pages themselves show them
translated: no "Brazil", "forced_labour" or "not_applicable" on a Spanish page."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import pytest
import yaml
from fastapi.testclient import TestClient

from index.aspects import ASPECTS
from ingest.countries import gazetteer
from ingest.kinds import KINDS
from ingest.metadata import OUTCOMES
from service.labels import LANGUAGES, TABLES, label, untranslated
from service.vocabulary import ROLES
from tests.conftest import CASESTUDIES, ROOT, loaded_client
from web.i18n import MESSAGES, PLURALS, Translator

REALDOCS = ROOT.parent / "shared" / "realdocs" / "labels.yaml"
CRITERIA_SEED = ROOT / "index" / "criteria_seed.yaml"
FIELDS = ("kind", "countries", "language", "purpose", "means", "sector", "acts", "form", "verdict", "outcome")


def values_that_can_appear() -> dict[str, set[str]]:
    """Every stored value a page can show, by field: the vocabularies, the sample corpus's sidecars, the
    real documents' hand labels and every country ingest can infer."""
    found: dict[str, set[str]] = defaultdict(set)
    for field, table in TABLES.items():
        found[field] |= set(table)
    found["kind"] |= set(KINDS)
    found["outcome"] |= set(OUTCOMES)
    found["role"] |= set(ROLES)
    found["countries"] |= set(gazetteer()[0].values())
    found["language"] |= set(LANGUAGES)
    sidecars = [yaml.safe_load(path.read_text()) for path in CASESTUDIES.glob("*.meta.yaml")]
    realdocs = yaml.safe_load(REALDOCS.read_text())["files"] if REALDOCS.is_file() else []
    for meta in [*sidecars, *realdocs]:
        for field in FIELDS:
            value = meta.get(field)
            if value not in (None, ""):
                found[field] |= {str(v) for v in (value if isinstance(value, list) else [value])}
    return found


def test_no_value_that_can_appear_on_a_page_lacks_a_translation() -> None:
    values = values_that_can_appear()
    gaps = untranslated(values)
    print(f"untranslated values: {len(gaps)} of {sum(len(v) for v in values.values()) * 3} (value, language)")
    assert gaps == []
    assert len(values["countries"]) > 200 and {"purpose", "means", "sector", "verdict"} <= set(values)


def test_every_message_plural_criterion_and_aspect_is_in_the_three_languages() -> None:
    assert [
        key for key, texts in MESSAGES.items() if set(texts) != set(LANGUAGES) or not all(texts.values())
    ] == []
    assert [
        key
        for key, forms in PLURALS.items()
        if set(forms) != set(LANGUAGES) or any(not {"one", "other"} <= set(f) for f in forms.values())
    ] == []
    criteria = yaml.safe_load(CRITERIA_SEED.read_text())
    assert [c["id"] for c in criteria if set(c["texts"]) != set(LANGUAGES)] == []
    assert [a for a in (*ASPECTS, "none") if f"aspect_{a}" not in MESSAGES] == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            {
                "countries": "Brasil",
                "purpose": "trabajo forzoso",
                "verdict": "no corresponde",
                "language": "Portugués",
                "kind": "ficha de caso",
            },
        ),
        (
            "pt",
            {
                "countries": "Brasil",
                "purpose": "trabalho forçado",
                "verdict": "não se aplica",
                "language": "Português",
                "kind": "resumo de caso",
            },
        ),
        (
            "en",
            {
                "countries": "Brazil",
                "purpose": "forced labour",
                "verdict": "not applicable",
                "language": "Portuguese",
                "kind": "case brief",
            },
        ),
    ],
)
def test_values_read_in_the_readers_language(language: str, expected: dict[str, str]) -> None:
    sent = {
        "countries": "Brazil",
        "purpose": "forced_labour",
        "verdict": "not_applicable",
        "language": "pt",
        "kind": "case",
    }
    assert {field: label(field, value, language) for field, value in sent.items()} == expected


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("es", "1 pasaje", "1.234 pasajes"),
        ("pt", "1 trecho", "1.234 trechos"),
        ("en", "1 passage", "1,234 passages"),
    ],
)
def test_counts_take_the_plural_and_the_number_format_of_the_language(
    language: str, one: str, many: str
) -> None:
    t = Translator(language)
    assert (t.count(1, "passages"), t.count(1234, "passages")) == (one, many)


SAMPLES = ["pt-brasil-oficinas-costura-sao-paulo-bolivianos.pdf", "es-uruguay-trabajo-forzoso-pesca.docx"]
# Codes and English names that must not be left on a page in another language.
RAW = re.compile(
    r"\b(?:forced_labour|not_applicable|sexual_exploitation|debt_bondage|case_brief|Brazil|Bolivia,|"
    r"Uruguay, Brazil)\b"
)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    yield from loaded_client(tmp_path_factory.mktemp("labels"), SAMPLES)


@pytest.mark.parametrize("language", ["es", "pt"])
def test_pages_show_no_raw_code_or_english_country_in_spanish_or_portuguese(
    loaded: tuple[TestClient, dict[str, str]], language: str
) -> None:
    client, ids = loaded
    headers = {"Accept-Language": language}
    pages = ["/", "/?q=talleres+de+costura", "/criteria", *(f"/documents/{i}" for i in ids.values())]
    for path in pages:
        page = client.get(path, headers=headers)
        assert page.status_code == 200, path
        text = re.sub(r"<[^>]+>", " ", page.text)
        text = re.sub(r'value="[^"]*"', "", text)
        assert RAW.findall(text) == [], path
    document = client.get(f"/documents/{ids[SAMPLES[0]]}", headers=headers).text
    assert (
        "Brasil" in document and ("trabajo forzoso" if language == "es" else "trabalho forçado") in document
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "es",
            [
                "1 evento · cadena de sellos intacta",
                "buscó «minería»",
                "País: Perú",
                "Quién",
                "Desde dónde (IP)",
            ],
        ),
        ("pt", ["1 evento · cadeia de selos intacta", "pesquisou «minería»", "País: Peru", "Quem"]),
        (
            "en",
            ["1 event · chain of seals intact", "searched for “minería”", "Country: Peru", "From where (IP)"],
        ),
    ],
)
def test_the_audit_trail_reads_as_who_did_what_when_and_from_where(
    client: TestClient, language: str, said: list[str]
) -> None:
    client.get("/api/search", params={"q": "minería", "country": "Perú"})
    page = client.get("/admin", headers={"Accept-Language": language})
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))
    assert [phrase for phrase in said if phrase not in text] == []
    assert '{"q"' not in page.text and "\\u00" not in page.text
    assert (
        re.search(r"\d{4}-\d\d-\d\dT\d\d:", text) is None
    )  # no ISO stamps: dates as the language writes them


def test_the_criteria_csv_and_a_casebook_export_are_in_the_chosen_language(
    loaded: tuple[TestClient, dict[str, str]],
) -> None:
    import csv
    import io

    client, ids = loaded
    sheet = client.get("/api/criteria/matrix", params={"format": "csv", "lang": "pt"})
    table = list(csv.reader(io.StringIO(sheet.text)))
    assert table[0][:4] == ["id do documento", "título", "países", "ano"]
    assert "Aliciamento mediante engano" in table[0]
    row = next(r for r in table[1:] if r[0] == ids[SAMPLES[0]])
    assert "Brasil" in row[2] and any(cell.startswith("sim (p. ") for cell in row[4:])
    book = client.post("/api/casebooks", json={"title": "Formación"}).json()
    client.post(f"/api/casebooks/{book['id']}/items", json={"document_id": ids[SAMPLES[1]], "order": 0})
    markdown = client.get(f"/api/casebooks/{book['id']}/export", params={"format": "md", "lang": "es"}).text
    assert "## Fuentes" in markdown and "Uruguay" in markdown and "Perú" in markdown
