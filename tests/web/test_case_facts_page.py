"""The case facts on a document's page: a reader sees each fact with where it comes from and the passage
that states it; an editor of the owner office confirms or corrects a fact with a plain form (CSRF token,
no JavaScript), the correction is audited, counted by the analysis, and kept when the document is parsed
and indexed again."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from casoteca.app import create_app
from casoteca.settings import Settings
from tests.conftest import csrf_of, login, sign_in

PASSWORD = "correct horse battery staple"  # the password tests.conftest.sign_in gives its users
CASE = (
    "Caso de trata de personas con fines de explotación laboral. Una red captaba trabajadores bolivianos "
    "con falsas ofertas de empleo en talleres de costura. Les pagaban el pasaje desde Oruro hasta Buenos "
    "Aires, vía Villazón, y les retenían los documentos. El tribunal condenó a los 2 acusados a 9 años de "
    "prisión por trata de personas (art. 145 bis del Código Penal)."
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("facts-page") / "data"))
    with TestClient(app, base_url="https://testserver") as client:
        editor = sign_in(client, role="editor", office="Fiscalía A", name="editora")
        sent = client.post(
            "/api/documents",
            files={"files": ("caso.txt", CASE.encode(), "text/plain")},
            data={"visibility": "network"},
        )
        assert sent.status_code == 201, sent.text
        doc = sent.json()["documents"][0]["document_id"]
        reader = sign_in(client, role="reader", office="Fiscalía A", name="lectora")
        client.headers.pop("Authorization")
        yield {"client": client, "doc": doc, "editor": editor, "reader": reader, "app": app}


def section(page: str) -> str:
    found = re.search(r'<section aria-labelledby="facts-title" id="case-facts">.*?</section>', page, re.S)
    assert found, "no case-facts section on the page"
    return found.group(0)


def test_a_reader_sees_the_facts_with_their_evidence_and_no_form(site: dict[str, Any]) -> None:
    page = site["client"].get(
        f"/documents/{site['doc']}",
        headers={"Authorization": f"Bearer {site['reader']}", "Accept-Language": "es"},
    )
    assert page.status_code == 200
    facts = section(page.text)
    assert "Hechos del caso" in facts and "Origen" in facts and "Bolivia" in facts and "Argentina" in facts
    assert "inferido del texto, confianza" in facts and 'href="#p0"' in facts  # the passage that says it
    assert "desde Oruro hasta Buenos" in facts  # the sentence quoted as evidence
    assert "<form" not in facts


def test_an_editor_corrects_a_fact_on_the_page_and_the_analysis_counts_it(site: dict[str, Any]) -> None:
    client, doc = site["client"], site["doc"]
    assert login(client, "editora", PASSWORD).status_code == 303
    page = client.get(f"/documents/{doc}", headers={"Accept-Language": "es"}).text
    facts = section(page)
    assert facts.count('class="fact-form"') >= 10  # one form per fact an editor may correct
    token = csrf_of(facts)
    forged = client.post(
        f"/documents/{doc}/facts", data={"csrf": "forged", "field": "origin", "values": "Perú"}
    )
    assert forged.status_code == 403
    refused = client.post(
        f"/documents/{doc}/facts",
        data={"csrf": token, "field": "origin", "values": "Narnia"},
        headers={"Accept-Language": "es"},
    )
    assert refused.status_code == 422 and "No se conoce el país «Narnia»." in refused.text
    done = client.post(
        f"/documents/{doc}/facts",
        data={"csrf": token, "field": "origin", "values": "Perú, Bolivia"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == f"/documents/{doc}#fact-origin"
    client.post(
        f"/documents/{doc}/facts",
        data={"csrf": token, "field": "exploitation", "value": ["forced_labour", "domestic_servitude"]},
    )
    facts = section(client.get(f"/documents/{doc}", headers={"Accept-Language": "es"}).text)
    origin = facts.split('id="fact-origin"')[1].split("<dt")[0]
    assert "Perú" in origin and "confirmado por un editor" in origin
    assert "servidumbre doméstica" in facts
    counted = client.get("/api/analysis").json()
    routes = {(r["origin"], r["destination"]): r["cases"] for r in counted["routes"]}
    assert routes[("Peru", "Argentina")] == 1 and routes[("Bolivia", "Argentina")] == 1
    assert {r["value"] for r in counted["exploitation"]} >= {"domestic_servitude", "forced_labour"}
    trail = site["app"].state.library.audit.read(action="correct_fact", user="editora")
    assert [e["detail"]["field"] for e in trail][-1:] == ["origin"]  # newest first: exploitation, origin


def test_the_correction_is_kept_when_the_document_is_parsed_again(site: dict[str, Any]) -> None:
    library = site["app"].state.library
    assert library.reindex(reparse=True)[1] == []
    counted = site["client"].get("/api/analysis").json()
    assert ("Peru", "Argentina") in {(r["origin"], r["destination"]) for r in counted["routes"]}


@pytest.mark.parametrize(
    ("language", "country", "choice"),
    [
        (
            "es",
            "No se conoce el país «Narnia».",
            "«colour» no es un valor de «Forma de explotación»; los valores",
        ),
        (
            "pt",
            "O país «Narnia» não é conhecido.",
            "«colour» não é um valor de «Forma de exploração»; os valores",
        ),
        (
            "en",
            "“Narnia” is not a country the service knows.",
            "“colour” is not a value of “Form of exploitation”",
        ),
    ],
)
def test_a_refused_fact_is_said_on_the_page_in_the_readers_language(
    site: dict[str, Any], language: str, country: str, choice: str
) -> None:
    client, doc = site["client"], site["doc"]
    assert login(client, "editora", PASSWORD).status_code == 303
    headers = {"Accept-Language": language}
    token = csrf_of(section(client.get(f"/documents/{doc}", headers=headers).text))
    refused = client.post(
        f"/documents/{doc}/facts",
        data={"csrf": token, "field": "destination", "values": "Narnia"},
        headers=headers,
    )
    assert refused.status_code == 422
    said = re.search(r'<p class="failed" role="alert" id="fact-error">(.*?)</p>', refused.text, re.S)
    assert said and said.group(1) == country
    off = client.post(
        f"/documents/{doc}/facts",
        data={"csrf": token, "field": "exploitation", "value": ["colour"]},
        headers=headers,
    )
    assert off.status_code == 422 and choice in off.text
    listed = {"es": "trabajo forzoso", "pt": "trabalho forçado", "en": "forced labour"}[language]
    assert listed in off.text.split(choice)[1].split("</p>")[0]  # the values as the page names them
