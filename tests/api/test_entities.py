"""Entities over HTTP, on the web and on the command line: found by any written form, linked across cases,
and never counted or listed from a document the caller may not see."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from casoteca.app import create_app
from casoteca.settings import Settings
from index.entities import entity_id
from tests.conftest import sign_in

PHONE = "+595981123456"
IBAN = "BR15 0000 0000 0000 1093 2840 814 P2"
PY_TEXT = (
    "El reclutador captaba a las jóvenes por WhatsApp al 0981 123 456 y les ofrecía trabajo en "
    "restaurantes de Buenos Aires."
)
AR_TEXT = f"Las víctimas declararon que las llamaba desde el +595 981 123-456 un hombre que cobraba en la cuenta {IBAN}."
BO_TEXT = (
    f"El dinero de las deudas se depositaba en la cuenta {IBAN.replace(' ', '')} y el número paraguayo "
    "+595 (981) 123-456 aparecía en los mensajes."
)
CASES = {
    "py": ("Paraguay", "network", PY_TEXT),
    "ar": ("Argentina", "network", AR_TEXT),
    "bo": ("Bolivia", "office", BO_TEXT),
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """Three cases of three countries naming one phone and one account; the Bolivian one visible to its
    office only."""
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("entities")))
    with TestClient(app) as client:
        ids = {}
        for name, (country, visibility, text) in CASES.items():
            sign_in(client, "editor", f"Fiscalía {name}")
            response = client.post(
                "/api/documents",
                files={"files": (f"{name}.txt", text.encode(), "text/plain")},
                data={"visibility": visibility, "countries": country, "kind": "case_brief"},
            )
            assert response.status_code == 201, response.text
            ids[name] = response.json()["documents"][0]["document_id"]
        yield client, ids


def test_any_written_form_finds_the_phone_with_its_documents_and_countries(world) -> None:  # type: ignore[no-untyped-def]
    client, ids = world
    sign_in(client, "admin", "Central")
    for written in ("0981 123 456", "+595 981 123456", "595981123456"):
        found = client.get("/api/entities", params={"q": written}).json()["entities"]
        phone = next(e for e in found if e["type"] == "phone")
        assert phone["value"] == PHONE and phone["documents"] == 3, written
        assert phone["countries"] == ["Argentina", "Bolivia", "Paraguay"]
        assert set(phone) == {"id", "type", "value", "label", "documents", "countries"}
    detail = client.get(f"/api/entities/{entity_id('phone:' + PHONE)}").json()
    assert {m["document_id"] for m in detail["mentions"]} == set(ids.values())
    assert all(m["page_start"] == 1 and m["title"] for m in detail["mentions"])
    assert "0981 123 456" in detail["forms"] and "+595 (981) 123-456" in detail["forms"]


def test_a_document_the_caller_may_not_see_neither_counts_nor_links(world) -> None:  # type: ignore[no-untyped-def]
    client, ids = world
    sign_in(client, "reader", "Fiscalía py")
    phone = next(
        e
        for e in client.get("/api/entities", params={"q": "0981 123 456"}).json()["entities"]
        if e["type"] == "phone"
    )
    assert phone["documents"] == 2 and phone["countries"] == ["Argentina", "Paraguay"]
    account = client.get("/api/entities", params={"q": IBAN.lower(), "type": "account"}).json()["entities"]
    assert [(e["documents"], e["countries"]) for e in account] == [(1, ["Argentina"])]
    detail = client.get(f"/api/entities/{entity_id('phone:' + PHONE)}").json()
    assert ids["bo"] not in {m["document_id"] for m in detail["mentions"]}
    links = client.get(f"/api/documents/{ids['ar']}/entities").json()["entities"]
    iban = next(link for link in links if link["type"] == "account")
    assert iban["other_documents"] == 0  # the Bolivian case names it too, but this caller may not see it
    assert client.get(f"/api/documents/{ids['bo']}/entities").status_code == 404
    page = client.get(f"/documents/{ids['ar']}").text
    assert "also in 1 other case" in page and "in 1 country" in page
    assert "Bolivia" not in client.get(f"/entities/{entity_id('phone:' + PHONE)}").text


def test_the_office_sees_the_cross_country_account(world) -> None:  # type: ignore[no-untyped-def]
    client, ids = world
    sign_in(client, "reader", "Fiscalía bo")
    links = client.get(f"/api/documents/{ids['bo']}/entities").json()["entities"]
    iban = next(link for link in links if link["type"] == "account")
    assert (iban["other_documents"], iban["countries"]) == (1, ["Argentina"])
    page = client.get("/entities", params={"q": "0981123456", "lang": "es"})
    assert page.status_code == 200 and "+595 981 123456" in page.text


def test_unknown_type_and_unknown_id_are_clear_errors(world) -> None:  # type: ignore[no-untyped-def]
    client, _ = world
    sign_in(client, "admin", "Central")
    bad = client.get("/api/entities", params={"type": "car"})
    assert bad.status_code == 400 and "phone" in bad.json()["detail"]
    assert client.get("/api/entities/not-an-id").status_code == 404
    assert client.get(f"/api/entities/{entity_id('phone:+595981000000')}").status_code == 404


def test_the_network_links_only_the_cases_the_caller_may_see(world) -> None:  # type: ignore[no-untyped-def]
    client, ids = world
    sign_in(client, "reader", "Fiscalía py")
    graph = client.get("/api/network").json()
    documents = {n["id"] for n in graph["nodes"] if n["kind"] == "document"}
    assert documents == {ids["py"], ids["ar"]}  # the Bolivian case is the office's own
    phone = next(n for n in graph["nodes"] if n["kind"] == "phone")
    assert {(e["source"], e["target"]) for e in graph["edges"] if e["target"] == phone["id"]} == {
        (ids["py"], phone["id"]),
        (ids["ar"], phone["id"]),
    }
    assert not [n for n in graph["nodes"] if n["kind"] == "account"]  # named by one visible case only
    assert client.get("/api/network", params={"country": "Bolivia"}).json() == {"nodes": [], "edges": []}
    table = client.get("/api/network", params={"format": "csv"}).text.splitlines()
    assert table[0] == "document_id,document,entity_id,type,entity,countries" and len(table) == 3
    page = client.get("/network")
    assert page.status_code == 200 and "+595 981 123456" in page.text and ids["bo"] not in page.text
    assert "format=ftm" in page.text


def test_the_network_exports_as_followthemoney_entities_for_aleph(world) -> None:  # type: ignore[no-untyped-def]
    client, _ = world
    sign_in(client, "admin", "Central")
    answer = client.get("/api/network", params={"format": "ftm"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/x-ndjson")
    found = [json.loads(line) for line in answer.text.splitlines()]
    by_schema = Counter(e["schema"] for e in found)
    assert by_schema == {"Document": 3, "LegalEntity": 1, "BankAccount": 1, "Documentation": 5}
    phone = next(e for e in found if e["schema"] == "LegalEntity")
    assert phone["properties"]["phone"] == [PHONE] and phone["properties"]["country"] == ["ar", "bo", "py"]
    account = next(e for e in found if e["schema"] == "BankAccount")
    assert account["properties"]["iban"] == [IBAN.replace(" ", "")]
    documents = {e["id"] for e in found if e["schema"] == "Document"}
    links = [e["properties"] for e in found if e["schema"] == "Documentation"]
    assert {link["document"][0] for link in links} == documents
    assert {link["entity"][0] for link in links} == {phone["id"], account["id"]}
    assert all(isinstance(v, list) for e in found for v in e["properties"].values())
    assert client.get("/api/network", params={"format": "ftm"}).text == answer.text  # stable ids
    sign_in(client, "reader", "Fiscalía py")
    mine = client.get("/api/network", params={"format": "ftm"}).text
    assert "BankAccount" not in mine and mine.count('"Document"') == 2
    sign_in(client, "admin", "Central")
    graph = client.get("/api/network").json()
    assert {n["kind"] for n in graph["nodes"]} == {"document", "phone", "account"}
