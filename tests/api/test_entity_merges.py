"""Names that are probably the same person: proposed to editors (fuzzy), merged or rejected, the decision
kept and audited; merged names answer as one entity on the entity page, the API and the network view."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from casoteca.app import create_app
from casoteca.settings import Settings
from index.entities import entity_id
from service.name_merges import NameMerges
from tests.conftest import csrf_of, sign_in

# Invented people: one accused written two ways in two countries, and two other people.
CASES = {
    "py": ("Paraguay", "El imputado Rodolfo Benítez Acosta reclutaba a jóvenes en Encarnación."),
    "ar": ("Argentina", "El acusado Rodolfo Benites Acosta las recibía en Buenos Aires."),
    "bo": ("Bolivia", "La imputada María Gómez Ruiz y el imputado Rodolfo Benítez cobraban las deudas."),
}
HIDDEN = "El imputado Rodolfo Benítez Acostas cruzaba la frontera en Colchane."
KEPT = entity_id("person:acosta benitez rodolfo")
UNSEEN = entity_id("person:acostas benitez rodolfo")
TYPO = entity_id("person:acosta benites rodolfo")
SHORT = entity_id("person:benitez rodolfo")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("merges")))
    with TestClient(app) as client:
        sign_in(client, "editor", "Fiscalía py")
        ids = {}
        for name, (country, text) in CASES.items():
            response = client.post(
                "/api/documents",
                files={"files": (f"{name}.txt", text.encode(), "text/plain")},
                data={"visibility": "network", "countries": country, "kind": "case_brief"},
            )
            assert response.status_code == 201, response.text
            ids[name] = response.json()["documents"][0]["document_id"]
        sign_in(client, "editor", "Fiscalía cl")  # a name only its own office may see
        hidden = client.post(
            "/api/documents",
            files={"files": ("cl.txt", HIDDEN.encode(), "text/plain")},
            data={"visibility": "office", "countries": "Chile", "kind": "case_brief"},
        )
        assert hidden.status_code == 201, hidden.text
        yield client, ids


def pairs(client: TestClient) -> set[frozenset[str]]:
    return {
        frozenset((p["a"]["id"], p["b"]["id"])) for p in client.get("/api/entity-merges").json()["proposals"]
    }


def test_similar_names_are_proposed_to_editors_only(world) -> None:  # type: ignore[no-untyped-def]
    client, _ = world
    sign_in(client, "editor", "Fiscalía py")
    proposed = pairs(client)
    assert frozenset((KEPT, TYPO)) in proposed  # one letter apart
    assert frozenset((KEPT, SHORT)) in proposed  # the name without its second surname
    assert not [p for p in proposed if entity_id("person:gomez maria ruiz") in p]  # nobody like her
    assert not [p for p in proposed if UNSEEN in p]  # in a document of another office
    unseen = client.post("/api/entity-merges", json={"keep": KEPT, "other": UNSEEN, "decision": "merge"})
    assert unseen.status_code == 404  # an editor merges only names they can see
    sign_in(client, "editor", "Fiscalía cl")
    assert frozenset((KEPT, UNSEEN)) in pairs(client)
    page = client.get("/entity-merges", params={"lang": "es"})
    assert page.status_code == 200 and "Rodolfo Benites Acosta" in page.text and "Unir como" in page.text
    sign_in(client, "reader", "Fiscalía py")
    assert client.get("/api/entity-merges").status_code == 403
    assert (
        client.post("/api/entity-merges", json={"keep": KEPT, "other": TYPO, "decision": "merge"}).status_code
        == 403
    )


def test_merged_names_answer_as_one_entity_and_a_rejection_is_not_proposed_again(world) -> None:  # type: ignore[no-untyped-def]
    client, ids = world
    sign_in(client, "editor", "Fiscalía py")
    before = client.get("/api/network").json()
    assert not [n for n in before["nodes"] if n["kind"] == "person"]  # each name in one case only
    merged = client.post("/api/entity-merges", json={"keep": KEPT, "other": TYPO, "decision": "merge"})
    assert merged.status_code == 200 and merged.json() == {"decision": "merge", "id": KEPT}
    page = client.get("/entity-merges")
    rejected = client.post(
        "/entity-merges",
        data={"keep": KEPT, "other": SHORT, "decision": "reject", "csrf": csrf_of(page.text)},
    )
    assert rejected.status_code in (200, 303)
    assert pairs(client) == set()  # the typo is merged, the short name rejected

    for asked in (KEPT, TYPO):  # either id answers as the one entity
        detail = client.get(f"/api/entities/{asked}").json()
        assert detail["id"] == KEPT and {m["document_id"] for m in detail["mentions"]} == {
            ids["py"],
            ids["ar"],
        }
        assert detail["merged"] == ["Rodolfo Benites Acosta"]
    found = list(client.get("/api/entities", params={"q": "benites"}).json()["entities"])
    assert [(e["id"], e["documents"], e["countries"]) for e in found if e["type"] == "person"] == [
        (KEPT, 2, ["Argentina", "Paraguay"])
    ]
    graph = client.get("/api/network").json()
    person = [n for n in graph["nodes"] if n["kind"] == "person"]
    assert [n["id"] for n in person] == [KEPT]
    assert {e["source"] for e in graph["edges"] if e["target"] == KEPT} == {ids["py"], ids["ar"]}
    links = client.get(f"/api/documents/{ids['ar']}/entities").json()["entities"]
    assert next(x for x in links if x["type"] == "person")["other_documents"] == 1
    assert "Rodolfo Benites Acosta" in client.get(f"/entities/{KEPT}", params={"lang": "en"}).text

    library = client.app.state.library  # type: ignore[attr-defined]
    kept = NameMerges(library.settings.data_dir / "name_merges.json")  # as another process reads it
    assert [d.decision for d in kept.decisions()] == ["merge", "reject"] and kept.aliases().of(
        "person:acosta benites rodolfo"
    ) == "person:acosta benitez rodolfo"
    sign_in(client, "admin", "Central")
    actions = [
        e["action"] for e in client.get("/api/audit", params={"user": "editor@Fiscalía py"}).json()["events"]
    ]
    assert [a for a in actions if a.endswith("_names")] == ["reject_names", "merge_names"]
    bad = client.post("/api/entity-merges", json={"keep": KEPT, "other": KEPT, "decision": "merge"})
    assert bad.status_code == 400 and "itself" in bad.json()["detail"]
    assert (
        client.post(
            "/api/entity-merges",
            json={"keep": KEPT, "other": entity_id("phone:+595981123456"), "decision": "merge"},
        ).status_code
        == 404
    )
