"""422 answers say what is wrong in one sentence and per field, in the caller's language; unknown filter
values, an inverted period and unknown parameters are errors, not empty results."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import loaded_client

SAMPLES = [
    "es-peru-mineria-la-rinconada-servidumbre-deudas.pdf",
    "pt-brasil-garimpo-para-servidao-por-dividas.docx",
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    for client, _ in loaded_client(tmp_path_factory.mktemp("errors"), SAMPLES):
        yield client


def test_an_unknown_country_is_a_422_that_names_it_in_the_callers_language(loaded: TestClient) -> None:
    response = loaded.get(
        "/api/search",
        params={"q": "minería", "country": "Atlantis"},
        headers={"Accept-Language": "es-ES,es;q=0.9"},
    )
    assert response.status_code == 422
    body = response.json()
    assert body == {
        "detail": "La petición tiene un error: No se conoce el país «Atlantis».",
        "errors": [{"field": "country", "message": "No se conoce el país «Atlantis»."}],
    }


def test_an_inverted_period_is_an_error_not_an_empty_list(loaded: TestClient) -> None:
    response = loaded.get(
        "/api/search",
        params={"q": "minería", "year_from": 2020, "year_to": 2010},
        headers={"Accept-Language": "pt-BR"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "year_to", "message": "O ano inicial (2020) é posterior ao ano final (2010)."}
    ]


def test_unknown_parameters_and_body_fields_are_refused(loaded: TestClient) -> None:
    query = loaded.get("/api/search", params={"q": "minería", "contry": "Peru"})
    assert query.status_code == 422
    assert query.json()["errors"] == [
        {"field": "contry", "message": "“contry” is not a parameter the service knows."}
    ]
    body = loaded.post(
        "/api/search",
        json={"q": "minería", "colour": "red", "limit": "many"},
        headers={"Accept-Language": "es"},
    )
    assert body.status_code == 422
    answer = body.json()
    assert answer["detail"] == "La petición tiene 2 errores, en: limit, colour."
    assert {"field": "limit", "message": "«limit» debe ser un número entero, no «many»."} in answer["errors"]
    assert {"field": "colour", "message": "«colour» no es un parámetro que el servicio conozca."} in answer[
        "errors"
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "memo"}, "kind"),
        ({"language": "xx1"}, "language"),
        ({"exploitation": "forced labour"}, "exploitation"),
        ({"outcome": "guilty"}, "outcome"),
        ({"limit": 0}, "limit"),
    ],
)
def test_each_unknown_filter_value_names_its_field(
    loaded: TestClient, params: dict[str, str], field: str
) -> None:
    response = loaded.get("/api/search", params={"q": "minería", **params})
    assert response.status_code == 422 and [e["field"] for e in response.json()["errors"]] == [field]


def test_a_country_written_in_spanish_or_portuguese_filters_as_the_stored_name(loaded: TestClient) -> None:
    for name in ("Perú", "peru", "Brasil"):
        body = loaded.get(
            "/api/search",
            params={"q": "servidumbre por deudas en la minería", "country": name, "labels": "es"},
        ).json()
        stored = "Brazil" if name == "Brasil" else "Peru"
        assert body["hits"] and all(stored in hit["countries"] for hit in body["hits"])
        assert body["labels"]["country"][stored] == ("Brasil" if stored == "Brazil" else "Perú")


def test_the_search_page_says_what_is_wrong_on_the_form(loaded: TestClient) -> None:
    page = loaded.get(
        "/",
        params={"q": "minería", "year_from": "2020", "year_to": "2010", "country": "Atlantis"},
        headers={"Accept-Language": "es"},
    )
    assert page.status_code == 422
    assert "El año inicial (2020) es posterior al año final (2010)." in page.text
    assert "No se conoce el país «Atlantis»." in page.text and 'aria-invalid="true"' in page.text
    assert 'article class="card"' not in page.text


def test_a_too_long_value_says_how_long_without_sending_it_back(loaded: TestClient) -> None:
    response = loaded.post(
        "/api/criteria", json={"name": "n" * 500, "description": "d"}, headers={"Accept-Language": "pt"}
    )
    assert response.status_code == 422 and "n" * 81 not in response.text
    assert response.json()["errors"] == [
        {"field": "name", "message": "«name» é longo demais (500 caracteres; máximo 200)."}
    ]


@pytest.mark.parametrize(
    ("path", "params", "said"),
    [
        ("/criteria", {"country": "Atlantis", "lang": "es"}, "No se conoce el país «Atlantis»."),
        ("/network", {"country": "Atlantis", "lang": "pt"}, "O país «Atlantis» não é conhecido."),
        (
            "/analysis",
            {"year_from": "2020", "year_to": "2001", "lang": "en"},
            "The first year (2020) is after the last year (2001).",
        ),
    ],
)
def test_other_pages_say_what_is_wrong_instead_of_counting_nothing(
    loaded: TestClient, path: str, params: dict[str, str], said: str
) -> None:
    page = loaded.get(path, params=params)
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert said in page.text.replace("&laquo;", "«").replace("&raquo;", "»")
    assert "internal error" not in page.text


def test_only_a_readers_filters_failing_validation_is_a_422_a_model_of_our_own_is_a_500() -> None:
    from fastapi import FastAPI
    from pydantic import BaseModel

    from api import invalid
    from service.filters import SearchParams

    class Internal(BaseModel):  # a record the service builds from its own data
        count: int

    app = FastAPI()
    invalid.install(app)

    @app.get("/api/reader")
    def reader(year_from: str) -> dict[str, str]:
        SearchParams(q="x", year_from=year_from)  # as a page builds filters from the query string
        return {}

    @app.get("/api/internal")
    def internal() -> dict[str, str]:
        Internal(count="many")  # type: ignore[arg-type]
        return {}

    client = TestClient(app, raise_server_exceptions=False)
    answer = client.get("/api/reader", params={"year_from": "soon"})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "year_from"
    assert client.get("/api/internal").status_code == 500
