"""GET /api/search and /api/facets over the real model and the embedded index."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from fastapi import Query
from fastapi.testclient import TestClient

from api import models
from api.routes import search_answer
from casoteca.app import create_app
from casoteca.settings import Settings
from service.filters import SearchParams
from tests.conftest import CASESTUDIES, sign_in

SAMPLES = [
    "es-peru-mineria-la-rinconada-servidumbre-deudas.pdf",
    "pt-brasil-garimpo-para-servidao-por-dividas.docx",
    "en-good-practice-mining-debt-bondage-investigations.md",
    "es-republica-dominicana-yolas-trafico-maritimo.txt",
]
HIT_KEYS = {
    "document_id",
    "title",
    "text",
    "page_start",
    "page_end",
    "section",
    "language",
    "countries",
    "year",
    "score",
    "highlights",
    "more",
    "more_count",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("api")))
    with TestClient(app) as test_client:
        sign_in(test_client)
        app.state.library.ingest_paths([CASESTUDIES / name for name in SAMPLES])
        yield test_client


def test_search_answers_with_cited_passages_and_facets(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "servidumbre por deudas", "limit": 5}).json()
    assert body["hits"] and set(body["hits"][0]) >= HIT_KEYS
    assert {hit["language"] for hit in body["hits"]} >= {"es", "pt", "en"}
    for hit in body["hits"]:
        for start, end in hit["highlights"]:
            assert 0 <= start < end <= len(hit["text"])
    assert set(body["facets"]) == {
        "country",
        "year",
        "kind",
        "language",
        "exploitation",
        "court",
        "outcome",
        "offence",
    }
    # Documents, not passages: La Rinconada (Peru, Bolivia) and the English mining guide (Peru among others).
    assert {"value": "Peru", "count": 2} in body["facets"]["country"]


def test_filters_are_query_parameters_and_repeatable(client: TestClient) -> None:
    body = client.get(
        "/api/search", params=[("q", "trabajo"), ("country", "Brazil"), ("country", "Dominican Republic")]
    ).json()
    assert body["hits"] and all(
        {"Brazil", "Dominican Republic"} & set(hit["countries"]) for hit in body["hits"]
    )
    facets = client.get("/api/facets", params={"q": "", "language": "en"}).json()["facets"]
    assert [f["value"] for f in facets["language"]] == ["en"]


@pytest.mark.parametrize(
    "params", [{"q": "x", "mode": "magic"}, {"q": "x", "limit": 0}, {"q": "x", "year_from": "y"}]
)
def test_bad_parameters_are_422_with_a_message(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/api/search", params=params)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_a_100_kb_query_answers_as_a_json_body(client: TestClient) -> None:
    response = client.post("/api/search", json={"q": "deuda " * 17_000, "country": ["Peru"]})
    assert response.status_code == 200
    assert response.json()["hits"] and all("Peru" in hit["countries"] for hit in response.json()["hits"])


def test_pages_of_documents_follow_each_other_by_offset(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "servidumbre por deudas en la minería", "limit": 2}).json()
    second = client.get(
        "/api/search", params={"q": "servidumbre por deudas en la minería", "limit": 2, "offset": 2}
    ).json()
    assert first["total"] >= 3 and second["offset"] == 2
    ids = [hit["document_id"] for hit in first["hits"] + second["hits"]]
    assert len(ids) == len(set(ids)) >= 3
    assert all(0 <= hit["score"] <= 1 for hit in first["hits"] + second["hits"])


def test_nonsense_answers_an_empty_list(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "zzqxv qwrtp"}).json()
    assert body["hits"] == [] and body["total"] == 0 and body["truncated"] is False


def test_a_quoted_phrase_no_passage_holds_is_said_on_the_answer_and_the_page(client: TestClient) -> None:
    body = client.get(
        "/api/search", params={"q": 'servidumbre por deudas en la minería "esclavitud deudora <b>"'}
    ).json()
    assert body["unmatched_phrases"] == ["esclavitud deudora <b>"] and body["hits"]
    page = client.get(
        "/", params={"q": 'servidumbre por deudas en la minería "esclavitud deudora <b>"', "lang": "es"}
    ).text
    assert "Ningún pasaje contiene “esclavitud deudora &lt;b&gt;” tal cual" in page
    held = client.get("/api/search", params={"q": 'deudas "La Rinconada"'}).json()
    assert held["unmatched_phrases"] == [] and held["hits"]


def test_a_text_too_long_to_search_whole_says_so(client: TestClient) -> None:
    body = client.post(
        "/api/search", json={"q": "Las víctimas trabajaban en la mina por deudas. " * 400}
    ).json()
    assert body["truncated"] is True and body["hits"]


def test_a_search_answers_the_same_bytes_as_the_response_model_made_them(client: TestClient) -> None:
    """The search's JSON is made on the search thread (api/routes.py): byte for byte what FastAPI made from
    the response model when the route returned the answer as a dict, for queries with and without filters,
    labels and paging, asked by GET and by POST."""
    app = client.app

    def reference(params: Annotated[SearchParams, Query()]) -> dict[str, Any]:
        return search_answer(app.state.library, params, app.state.library.caller_by_api_key(key))

    key = client.headers["Authorization"].removeprefix("Bearer ")
    app.add_api_route("/test-reference-search", reference, response_model=models.SearchOut)
    asked = [
        {"q": "servidumbre por deudas"},
        {"q": "trabalho escravo no garimpo", "limit": 2, "offset": 1},
        {"q": "tráfico de migrantes por mar", "country": "Dominican Republic", "labels": "es"},
        {"q": '"La Rinconada" minería', "per_document": 3},
        {"q": "zzzz qqqq"},
    ]
    assert client.get("/api/search", params=asked[0]).json()["hits"]
    for params in asked:
        new = client.get("/api/search", params=params)
        old = client.get("/test-reference-search", params=params)
        assert new.status_code == old.status_code == 200, (params, new.text[:300])
        assert new.headers["content-type"] == old.headers["content-type"]
        assert new.content == old.content
    posted = client.post("/api/search", json={"q": "servidumbre por deudas", "limit": 3})
    assert (
        posted.content
        == client.get("/test-reference-search", params={"q": "servidumbre por deudas", "limit": 3}).content
    )
