"""The alerts API: save, list, change, delete; the inbox after another office's upload; the Atom feed; errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from casoteca.app import create_app
from casoteca.settings import Settings
from tests.conftest import CASESTUDIES, sign_in

pytestmark = pytest.mark.slow
QUERY = "captación de mujeres por redes sociales con falsas ofertas de trabajo en el extranjero"
MATCHING = CASESTUDIES / "pt-brasil-aliciamento-redes-sociais-portugal-espanha.pdf"


class As:
    """One app's test client, sending one user's API key with every call (one app, one library: a second
    TestClient would open the index a second time)."""

    def __init__(self, client: TestClient, key: str) -> None:
        self.client, self.headers = client, {"Authorization": f"Bearer {key}"}

    def __getattr__(self, method: str) -> Any:
        call = getattr(self.client, method)
        return lambda url, **kwargs: call(
            url, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs
        )


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("alerts-api") / "data"))
    with TestClient(app) as client:
        bruno_key = sign_in(client, role="editor", office="Procuradoria B", name="bruno")
        ana_key = sign_in(client, role="editor", office="Fiscalía A", name="ana")
        client.headers.pop("Authorization")
        yield As(client, ana_key), As(client, bruno_key)


def test_save_an_alert_and_read_the_match_in_the_inbox_and_the_feed(clients: tuple[Any, Any]) -> None:
    ana, bruno = clients
    answer = ana.post(
        "/api/alerts",
        json={
            "kind": "search",
            "query": QUERY,
            "frequency": "immediate",
            "filters": {"languages": ["pt", "es"]},
        },
    )
    assert answer.status_code == 201, answer.text
    alert: dict[str, Any] = answer.json()
    assert alert["id"] and alert["kind"] == "search" and alert["filters"] == {"languages": ["pt", "es"]}
    assert [a["id"] for a in ana.get("/api/alerts").json()["alerts"]] == [alert["id"]]
    assert bruno.get("/api/alerts").json()["alerts"] == []  # nobody else's
    assert bruno.get(f"/api/alerts/{alert['id']}").status_code == 404

    sent = bruno.post(
        "/api/documents",
        files={"files": (MATCHING.name, MATCHING.read_bytes())},
        data={"visibility": "network"},
    )
    assert sent.status_code == 201, sent.text
    doc_id = sent.json()["documents"][0]["document_id"]
    inbox = ana.get("/api/alerts/inbox").json()
    assert inbox["unread"] == 1
    item = inbox["items"][0]
    assert item["alert_id"] == alert["id"] and item["document_id"] == doc_id and not item["read"]
    assert item["evidence"] and item["evidence"][0]["text"]

    feed = ana.get(alert["feed_url"], headers={"Authorization": ""})
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    entries = ET.fromstring(feed.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1 and doc_id in ET.tostring(entries[0], encoding="unicode")
    assert ana.get(f"/alerts/{alert['id']}/feed.atom?token=wrong").status_code == 404

    assert ana.post("/api/alerts/inbox/read", json={"document_ids": [doc_id]}).json() == {"marked": 1}
    assert ana.get("/api/alerts/inbox?unread=true").json()["items"] == []


def test_follow_an_entity_from_its_page(clients: tuple[Any, Any]) -> None:
    ana, _ = clients
    found = ana.get("/api/entities").json()["entities"]
    assert found, "the uploaded case names no entity"
    entity_id = found[0]["id"]
    page = ana.get(f"/entities/{entity_id}").text
    assert 'name="kind" value="entity"' in page and f'value="{entity_id}"' in page
    answer = ana.post(
        "/alerts",
        data={"kind": "entity", "entity_id": entity_id, "frequency": "daily"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    followed = [a for a in ana.get("/api/alerts").json()["alerts"] if a["kind"] == "entity"]
    assert [a["entity_id"] for a in followed] == [entity_id] and followed[0]["frequency"] == "daily"
    assert followed[0]["query"] == found[0]["value"]


def test_change_and_delete_an_alert(clients: tuple[Any, Any]) -> None:
    ana, _ = clients
    alert = ana.post("/api/alerts", json={"kind": "search", "query": "trabajo forzoso en la pesca"}).json()
    changed = ana.patch(
        f"/api/alerts/{alert['id']}",
        json={"frequency": "weekly", "label": "Pesca", "filters": {"countries": ["Uruguay"]}},
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["frequency"], changed.json()["label"], changed.json()["filters"]) == (
        "weekly",
        "Pesca",
        {"countries": ["Uruguay"]},
    )
    assert ana.delete(f"/api/alerts/{alert['id']}").status_code == 204
    assert ana.get(f"/api/alerts/{alert['id']}").status_code == 404
    assert ana.delete(f"/api/alerts/{alert['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"kind": "search", "query": "trata", "colour": "red"}, 422, "colour"),
        ({"kind": "search", "query": "trata", "filters": {"colour": ["red"]}}, 400, "unknown filter"),
        ({"kind": "search", "query": "trata", "filters": {"year_from": 2022, "year_to": 2001}}, 400, "after"),
        ({"kind": "search", "query": ""}, 400, "needs a query"),
        ({"kind": "search", "query": "trata", "webhook": "ftp://example.org/x"}, 400, "http"),
        ({"kind": "horoscope", "query": "trata"}, 422, "kind"),
        ({"kind": "search", "query": "x" * 2001}, 422, "query"),
    ],
)
def test_bad_alerts_are_refused_with_a_reason(
    clients: tuple[Any, Any], body: dict[str, Any], status: int, words: str
) -> None:
    ana, _ = clients
    answer = ana.post("/api/alerts", json=body)
    assert answer.status_code == status, answer.text
    assert words in answer.text


def test_the_schema_documents_the_answers(clients: tuple[Any, Any]) -> None:
    schema = clients[0].client.get("/openapi.json").json()
    for path, method in (
        ("/api/alerts", "get"),
        ("/api/alerts", "post"),
        ("/api/alerts/inbox", "get"),
        ("/api/alerts/{alert_id}", "patch"),
    ):
        answers = schema["paths"][path][method]["responses"]
        ok = answers.get("200") or answers.get("201")
        assert "$ref" in str(ok["content"]["application/json"]["schema"]), (path, method)


def test_signed_out_callers_cannot_save_alerts(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path / "data"))) as anonymous:
        assert anonymous.post("/api/alerts", json={"kind": "search", "query": "trata"}).status_code == 401
