"""Shared criteria: the starting set, editing through the API, and the matrix over the real index."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from index.criteria import Criteria, CriteriaError, seed
from tests.conftest import loaded_client

SAMPLES = [
    "es-uruguay-trabajo-forzoso-pesca.docx",
    "pt-brasil-oficinas-costura-sao-paulo-bolivianos.pdf",
    "es-colombia-ofertas-modelaje-redes-sociales.docx",
    "en-follow-the-money-guide.pdf",
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    yield from loaded_client(tmp_path_factory.mktemp("criteria"), SAMPLES)


def test_the_starting_set_has_every_criterion_in_three_languages() -> None:
    criteria = seed()
    assert len(criteria) >= 10 and len({c.id for c in criteria}) == len(criteria)
    for criterion in criteria:
        assert set(criterion.texts) == {"es", "pt", "en"} and criterion.keywords
        assert all(name and description for name, description in criterion.texts.values())


def test_criteria_file_edits_survive_and_bad_input_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    criteria = Criteria(tmp_path / "criteria.json")
    assert len(criteria.all()) == len(seed()) and not (tmp_path / "criteria.json").exists()
    made = criteria.create(
        "Trabajo en barcos", "Tripulantes retenidos a bordo.", "es", ["buque", "a bordo", "buque"]
    )
    assert made.keywords == ["buque", "a bordo"]
    assert Criteria(tmp_path / "criteria.json").get(made.id) == made
    criteria.update(made.id, "Work on boats", "Crews held on board.", "en")
    assert set(Criteria(tmp_path / "criteria.json").get(made.id).texts) == {"es", "en"}  # type: ignore[union-attr]
    criteria.update(made.id, "Work at sea", "Crews held at sea.", "en", replace=True)
    assert set(criteria.get(made.id).texts) == {"en"}  # type: ignore[union-attr]
    for name, description in (("", "x"), ("x", "   "), ("x" * 201, "y")):
        with pytest.raises(CriteriaError):
            criteria.create(name, description)
    assert criteria.delete(made.id) and not criteria.delete(made.id)


def test_matrix_shows_the_passage_that_meets_each_criterion(loaded) -> None:  # type: ignore[no-untyped-def]
    client, ids = loaded
    body = client.get("/api/criteria/matrix", params={"lang": "es"}).json()
    assert len(body["rows"]) == len(SAMPLES) and len(body["criteria"]) == len(seed())
    names = {c["id"]: c["name"] for c in body["criteria"]}
    assert names["debt-bondage"] == "Servidumbre por deudas"
    rows = {row["document_id"]: row for row in body["rows"]}
    fishing = rows[ids["es-uruguay-trabajo-forzoso-pesca.docx"]]["cells"]
    assert fishing["document-retention"]["meets"]
    assert "pasaporte" in fishing["document-retention"]["passage"]["text"].lower()
    social = rows[ids["es-colombia-ofertas-modelaje-redes-sociales.docx"]]["cells"]
    assert social["online-recruitment"]["meets"]
    guide = rows[ids["en-follow-the-money-guide.pdf"]]["cells"]
    assert guide["financial-investigation"]["meets"] and not guide["child-victims"]["meets"]
    assert body["counts"]["cases"]["Uruguay"] == 1
    assert body["counts"]["by_criterion"]["document-retention"].get("Uruguay") == 1


def test_matrix_filters_and_csv_export(loaded) -> None:  # type: ignore[no-untyped-def]
    client, ids = loaded
    uruguay = client.get("/api/criteria/matrix", params={"country": "Uruguay"}).json()
    assert [row["document_id"] for row in uruguay["rows"]] == [ids["es-uruguay-trabajo-forzoso-pesca.docx"]]
    response = client.get("/api/criteria/matrix", params={"format": "csv", "country": "Uruguay"})
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.text)))
    assert table[0][:4] == ["document_id", "title", "countries", "year"] and len(table) == 2
    assert any(cell.startswith("yes (p. ") for cell in table[1][4:])


def test_editing_a_criterion_changes_the_matrix_without_ingesting(loaded) -> None:  # type: ignore[no-untyped-def]
    client, ids = loaded
    made = client.post(
        "/api/criteria",
        json={
            "name": "Calamar",
            "description": "Pesca de calamar en altura.",
            "language": "es",
            "keywords": ["calamarero"],
        },
    )
    assert made.status_code == 201
    criterion = made.json()["id"]
    rows = client.get("/api/criteria/matrix").json()["rows"]
    meeting = {row["document_id"] for row in rows if row["cells"][criterion]["meets"]}
    assert meeting == {ids["es-uruguay-trabajo-forzoso-pesca.docx"]}
    edited = client.put(
        f"/api/criteria/{criterion}",
        json={
            "name": "Costura",
            "description": "Talleres de costura.",
            "language": "pt",
            "keywords": ["oficinas de costura"],
            "replace": True,
        },
    )
    assert edited.status_code == 200
    rows = client.get("/api/criteria/matrix").json()["rows"]
    meeting = {row["document_id"] for row in rows if row["cells"][criterion]["meets"]}
    assert meeting == {ids["pt-brasil-oficinas-costura-sao-paulo-bolivianos.pdf"]}
    assert client.delete(f"/api/criteria/{criterion}").status_code == 204
    assert client.delete(f"/api/criteria/{criterion}").status_code == 404
    assert client.put("/api/criteria/nope", json={"name": "a", "description": "b"}).status_code == 404
    assert client.post("/api/criteria", json={"name": "", "description": "b"}).status_code == 422
    assert client.post("/api/criteria", json={"name": "a", "description": "   "}).status_code == 400


def test_criteria_page_renders_and_edits_without_javascript(loaded) -> None:  # type: ignore[no-untyped-def]
    client, _ = loaded
    page = client.get("/criteria", params={"lang": "pt"})
    assert page.status_code == 200 and "Critérios comuns" in page.text and "Servidão por dívidas" in page.text
    created = client.post(
        "/criteria",
        data={"name": "<b>Marcado</b>", "description": "x <script>1</script>", "keywords": "uno, dos"},
        follow_redirects=False,
    )
    assert created.status_code == 303
    page = client.get("/criteria").text
    assert "&lt;b&gt;Marcado&lt;/b&gt;" in page and "<b>Marcado</b>" not in page
    criterion = next(
        c for c in client.get("/api/criteria").json()["criteria"] if "<b>Marcado</b>" in str(c["texts"])
    )
    deleted = client.post(f"/criteria/{criterion['id']}", data={"action": "delete"}, follow_redirects=False)
    assert deleted.status_code == 303
    assert client.post("/criteria", data={"name": "", "description": ""}).status_code == 400


def test_matrix_marks_deception_and_vulnerability_where_the_cases_metadata_lists_them(loaded) -> None:  # type: ignore[no-untyped-def]
    """Each sample's metadata lists its means; the matrix, computed from the passages alone, agrees. The
    deception in these cases is told with verbs ("les prometió un contrato", "ofereciam", "promised"),
    which the BM25 stems of a noun like "promesa" do not reach."""
    client, ids = loaded
    rows = {
        row["document_id"]: row
        for row in client.get("/api/criteria/matrix", params={"lang": "es"}).json()["rows"]
    }
    checked = []
    for name, doc_id in ids.items():
        means = set(client.get(f"/api/documents/{doc_id}").json()["metadata"].get("means", []))
        for criterion, mean in (
            ("deceptive-recruitment", "deception"),
            ("abuse-of-vulnerability", "abuse_of_vulnerability"),
        ):
            if mean in means:
                cell = rows[doc_id]["cells"][criterion]
                assert cell["meets"], (name, criterion)
                assert (
                    cell["passage"]["text"]
                    in client.get(f"/api/documents/{doc_id}").json()["passages"][cell["passage"]["order"]][
                        "text"
                    ]
                )
                checked.append(criterion)
    assert checked.count("deceptive-recruitment") == len(SAMPLES) and "abuse-of-vulnerability" in checked
