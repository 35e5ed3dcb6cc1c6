"""GET /api/analysis and /analysis over a real store: counts with the caller's rights, small counts hidden
in views across offices, the cases behind a mark with their passage, exports, and an editor's correction."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from casoteca.app import create_app
from casoteca.settings import Settings
from tests.conftest import sign_in

CASE = (
    "Caso de trata de personas con fines de explotación laboral. Una red captaba trabajadores bolivianos "
    "con falsas ofertas de empleo en talleres de costura. Les pagaban el pasaje desde Oruro hasta Buenos "
    "Aires, vía Villazón, y les retenían los documentos. El tribunal condenó a los 2 acusados a {years} "
    "años de prisión por trata de personas (art. 145 bis del Código Penal). Caso número {n}."
)


def upload(client: Any, name: str, text: str, visibility: str) -> str:
    response = client.post(
        "/api/documents",
        files={"files": (name, text.encode(), "text/plain")},
        data={"visibility": visibility},
    )
    assert response.status_code == 201, response.text
    return response.json()["documents"][0]["document_id"]


class As:
    """One signed-in caller of a shared test client (one app, one store, several callers)."""

    def __init__(self, client: TestClient, key: str) -> None:
        self.client, self.headers = client, {"Authorization": f"Bearer {key}"}

    def get(self, url: str, headers: dict[str, str] | None = None, **kwargs: object) -> object:
        return self.client.get(url, headers={**self.headers, **(headers or {})}, **kwargs)  # type: ignore[arg-type]

    def post(self, url: str, headers: dict[str, str] | None = None, **kwargs: object) -> object:
        return self.client.post(url, headers={**self.headers, **(headers or {})}, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Office A has three network cases and one office-only case; office B one network case."""
    data = tmp_path_factory.mktemp("analysis") / "data"
    app = create_app(Settings(data_dir=data, analysis_min_count=2))
    with TestClient(app) as client:
        a = As(client, sign_in(client, role="editor", office="Fiscalía A"))
        b = As(client, sign_in(client, role="editor", office="Fiscalía B"))
        client.headers.pop("Authorization")
        ids = [upload(a, f"caso-{n}.txt", CASE.format(years=8 + n, n=n), "network") for n in range(3)]
        ids.append(upload(a, "reservado.txt", CASE.format(years=20, n=9), "office"))
        upload(
            b,
            "otro.txt",
            "Tráfico ilícito de migrantes: un grupo trasladaba migrantes haitianos desde "
            "Quito hasta la frontera con Brasil, pasando por Lima. Los coyotes cobraban por cada persona. "
            "Los tres acusados fueron condenados a 6 años de prisión.",
            "network",
        )
        yield {"a": a, "b": b, "ids": ids}


def test_counts_are_the_callers_own_cases_and_others_shared_ones(clients: dict[str, Any]) -> None:
    mine = clients["a"].get("/api/analysis", params={"exploitation": []}).json()
    theirs = clients["b"].get("/api/analysis").json()
    assert mine["cases"] == 5 and theirs["cases"] == 4  # B never counts A's office-only case
    route = {(r["origin"], r["destination"]): r["cases"] for r in mine["routes"]}
    assert route[("Bolivia", "Argentina")] == 4
    countries = {row["country"]: row for row in mine["countries"]}
    assert countries["Bolivia"]["origin"] == 4 and countries["Argentina"]["destination"] == 4
    assert {"value": "CP art. 145 bis", "cases": 4} in mine["provisions"]
    assert {"value": "forced_labour", "cases": 4} in mine["exploitation"]


def test_small_counts_are_hidden_across_offices(clients: dict[str, Any]) -> None:
    shared = clients["b"].get("/api/analysis").json()
    assert shared["suppressed"] is True and shared["min_count"] == 2
    assert all(row["cases"] >= 2 for row in shared["routes"] + shared["exploitation"] + shared["provisions"])
    assert not any(
        r["origin"] == "Haiti" for r in shared["routes"]
    )  # B's single case is one of several offices'
    alone = clients["a"].get("/api/analysis", params={"country": "Bolivia", "kind": []}).json()
    assert alone["cases"] >= 1


def test_a_mark_opens_its_cases_with_the_passage(clients: dict[str, Any]) -> None:
    found = clients["a"].get("/api/analysis/cases", params={"route": "Bolivia>Argentina"}).json()
    assert found["total"] == 4 and len(found["cases"]) == 4
    assert all("Oruro" in case["quote"] or "boliv" in case["quote"].lower() for case in found["cases"])
    page = clients["a"].get("/analysis/cases", params={"route": "Bolivia>Argentina", "lang": "es"})
    assert page.status_code == 200 and "Casos de esta marca" in page.text and "#p0" in page.text


def test_page_exports_and_languages(clients: dict[str, Any]) -> None:
    for lang, heading in (
        ("es", "Análisis de contexto"),
        ("pt", "Análise de contexto"),
        ("en", "Context analysis"),
    ):
        page = clients["a"].get("/analysis", params={"lang": lang})
        assert page.status_code == 200 and heading in page.text and "<svg" in page.text
        assert "/analysis/cases?route=Bolivia%3EArgentina" in page.text
    csv = clients["a"].get("/api/analysis", params={"format": "csv", "view": "routes"})
    assert csv.headers["content-type"].startswith("text/csv") and "Bolivia,Argentina,4" in csv.text
    svg = clients["a"].get("/analysis/export/map-americas.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and "Bolivia → Argentina" in svg.text
    assert clients["a"].get("/api/analysis", params={"format": "csv", "view": "nope"}).status_code == 422


def test_the_victims_nationality_is_named_in_the_page_s_language(clients: dict[str, Any]) -> None:
    page = clients["a"].get("/analysis", params={"lang": "pt"}).text
    chart = page[page.index('id="victims-nationality-title"') :]
    chart = chart[: chart.index("</svg>")]
    assert "Bolívia" in chart  # the victims are "trabajadores bolivianos"


def test_every_view_exports_as_png(clients: dict[str, Any]) -> None:
    import io

    from PIL import Image

    found = clients["a"].get("/analysis/export/map-americas.png")
    assert found.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(found.content)).convert("RGB")
    assert image.width == 2 * 620  # the drawing at twice its size
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20) or []}
    assert (179, 38, 30) in colours  # the route arcs' red, drawn over the shapes
    for view in ("map-world", "by_year", "exploitation", "sentences", "victims-sex"):
        drawn = clients["a"].get(f"/analysis/export/{view}.png")
        assert drawn.status_code == 200 and drawn.content.startswith(b"\x89PNG"), view
    assert clients["a"].get("/analysis/export/nope.png").status_code == 404


def test_an_editor_corrects_a_fact(clients: dict[str, Any]) -> None:
    doc = clients["ids"][0]
    assert (
        clients["b"]
        .post(f"/api/documents/{doc}/facts", json={"field": "origin", "values": ["Peru"]})
        .status_code
        == 404
    )  # not B's office
    assert (
        clients["a"].post(f"/api/documents/{doc}/facts", json={"field": "colour", "values": []}).status_code
        == 422
    )
    for doc in clients["ids"][:2]:  # two, so the corrected route reaches the minimum of a shared view
        done = clients["a"].post(f"/api/documents/{doc}/facts", json={"field": "origin", "values": ["Peru"]})
        assert done.status_code == 200
    mine = clients["a"].get("/api/analysis").json()
    route = {(r["origin"], r["destination"]): r["cases"] for r in mine["routes"]}
    assert route[("Bolivia", "Argentina")] == 2 and route[("Peru", "Argentina")] == 2
    told = clients["a"].get("/api/analysis/cases", params={"origin": "Peru"}).json()["cases"]
    assert [case["source"] for case in told] == ["editor", "editor"]


@pytest.mark.parametrize(
    ("language", "country", "choice", "single"),
    [
        (
            "es",
            "No se conoce el país «Narnia».",
            "«colour» no es un valor de «exploitation»; los valores son: ",
            "«outcome» admite un solo valor, no 2.",
        ),
        (
            "pt-BR,pt;q=0.9",
            "O país «Narnia» não é conhecido.",
            "«colour» não é um valor de «exploitation»; os valores são: ",
            "«outcome» admite um só valor, não 2.",
        ),
        (
            "en",
            "“Narnia” is not a country the service knows.",
            "“colour” is not a value of “exploitation”; the values are: ",
            "“outcome” takes one value at most, not 2.",
        ),
    ],
)
def test_a_refused_fact_is_said_in_the_callers_language(
    clients: dict[str, Any], language: str, country: str, choice: str, single: str
) -> None:
    doc, headers = clients["ids"][2], {"Accept-Language": language}

    def refused(field: str, values: list[str]) -> dict[str, Any]:
        answer = clients["a"].post(
            f"/api/documents/{doc}/facts", json={"field": field, "values": values}, headers=headers
        )
        assert answer.status_code == 422, answer.text
        return answer.json()  # type: ignore[no-any-return]

    said = refused("origin", ["Perú", "Narnia"])
    assert said["errors"] == [{"field": "values", "message": country}]  # Perú is one
    assert said["detail"].endswith(country)
    off = refused("exploitation", ["forced_labour", "colour"])["errors"]
    assert (
        len(off) == 1 and off[0]["message"].startswith(choice) and "sexual_exploitation" in off[0]["message"]
    )
    assert refused("outcome", ["conviction", "acquittal"])["errors"][0]["message"] == single
    wrong = refused("colour", [])["errors"][0]
    assert wrong["field"] == "field" and "origin, transit, destination" in wrong["message"]
    facts = clients["a"].get("/api/analysis/cases", params={"origin": "Bolivia"}).json()["cases"]
    assert doc in {case["document_id"] for case in facts}  # nothing refused was kept
