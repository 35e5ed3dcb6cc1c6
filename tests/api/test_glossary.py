"""The shared glossary over HTTP and on its page: readers read, editors edit (and their edits last),
forms carry the session's CSRF token, and the page speaks es/pt/en without inline script."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from casoteca.app import create_app
from casoteca.settings import Settings
from tests.conftest import csrf_of, login, sign_in

PASSWORD = "correct horse battery staple"
ENTRY = {
    "texts": {
        "es": {"term": "tienda de raya", "variants": ["pulpería"], "definition": "Tienda del patrón."},
        "pt": {"term": "barracão", "definition": "Venda do patrão."},
    },
    "legal": [
        {"country": "Mexico", "language": "es", "term": "tienda de raya", "provision": "uso histórico"}
    ],
    "false_friends": [
        {
            "language": "pt",
            "term": "barraca",
            "note": {"es": "En portugués «barraca» es una tienda de campaña."},
        }
    ],
    "source": "field usage",
}


def test_an_editors_entry_persists_and_a_reader_may_read_but_not_edit(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        sign_in(client, "editor")
        made = client.post("/api/glossary", json=ENTRY)
        assert made.status_code == 201, made.text
        entry_id = made.json()["id"]
        changed = {**ENTRY, "texts": {**ENTRY["texts"], "en": {"term": "company store"}}}
        assert (
            client.put(f"/api/glossary/{entry_id}", json=changed).json()["texts"]["en"]["term"]
            == "company store"
        )
        assert client.put("/api/glossary/nope", json=changed).status_code == 404
        assert client.post("/api/glossary", json={"texts": {"fr": {"term": "x"}}}).status_code == 422
        bad_friend = {**ENTRY, "false_friends": [{"language": "pt", "term": "x", "note": {}}]}
        assert client.post("/api/glossary", json=bad_friend).status_code == 422
    with TestClient(create_app(settings)) as client:  # the server restarted: the edit is still there
        sign_in(client, "reader")
        listed = client.get("/api/glossary", params={"q": "company"}).json()["entries"]
        assert [e["id"] for e in listed] == [entry_id] and listed[0]["texts"]["en"]["term"] == "company store"
        assert client.post("/api/glossary", json=ENTRY).status_code == 403
        assert client.put(f"/api/glossary/{entry_id}", json=ENTRY).status_code == 403
        assert client.delete(f"/api/glossary/{entry_id}").status_code == 403
        looked = client.get(
            "/api/glossary/equivalents", params={"text": "Fue trata de personas", "language": "es"}
        )
        (term,) = looked.json()["terms"]
        assert term["text"] == "trata de personas" and "tráfico de pessoas" in term["equivalents"]["pt"]
        assert any(
            f["term"] == "tráfico de pessoas" and "portugués" in f["note"] for f in term["false_friends"]
        )
        sign_in(client, "editor")
        assert client.delete(f"/api/glossary/{entry_id}").status_code == 204
        assert client.delete(f"/api/glossary/{entry_id}").status_code == 404
        assert client.get("/api/glossary", params={"q": "company"}).json()["entries"] == []


def test_the_glossary_page_in_three_languages_and_its_forms(settings: Settings) -> None:
    app = create_app(settings)
    with TestClient(app, base_url="https://testserver") as web:
        app.state.library.accounts.add_user("rosa", PASSWORD, "Fiscalía A", "editor")
        app.state.library.accounts.add_user("rui", PASSWORD, "Fiscalía A", "reader")
        assert web.get("/glossary", follow_redirects=False).status_code == 303  # sign in first
        login(web, "rui", PASSWORD)
        page = web.get("/glossary", params={"lang": "pt"}).text
        assert "Glossário comum" in page and "tráfico de pessoas" in page and "art. 149-A" in page
        assert "⚠" in page and 'action="/glossary/' not in page  # a reader edits nothing
        assert re.search(r"<script(?![^>]*\bsrc=)", page) is None  # scripts only from files, never inline
        spanish = web.get("/glossary", params={"lang": "es", "text": "captación mediante engaño"}).text
        assert "Glosario común" in spanish and "Términos encontrados" in spanish and "deception" in spanish
        english = web.get("/glossary", params={"lang": "en", "q": "migrantes"}).text
        assert (
            "Shared glossary" in english
            and "smuggling of migrants" in english
            and "removal of organs" not in english
        )
        web.post("/logout", data={"csrf": csrf_of(page)})
        login(web, "rosa", PASSWORD)
        page = web.get("/glossary", params={"lang": "en"}).text
        form = {
            "term_es": "<b>tienda de raya</b>",
            "variants_es": "pulpería, barraca",
            "term_pt": "barracão",
            "legal": "Mexico | es | tienda de raya | uso histórico",
            "false_friends": "pt | barraca | A tent in Portuguese.",
            "source": "field usage",
        }
        assert web.post("/glossary", data=form).status_code == 403  # no CSRF token
        made = web.post("/glossary", data={**form, "csrf": csrf_of(page)}, follow_redirects=False)
        assert made.status_code == 303
        entry_id = made.headers["location"].split("#")[1]
        page = web.get("/glossary").text
        assert "&lt;b&gt;tienda de raya&lt;/b&gt;" in page and "<b>tienda de raya</b>" not in page
        entry = app.state.library.glossary.get(entry_id)
        assert entry.legal[0].provision == "uso histórico" and entry.false_friends[0].note == {
            "en": "A tent in Portuguese."
        }
        broken = web.post(
            f"/glossary/{entry_id}", data={**form, "legal": "only a country", "csrf": csrf_of(page)}
        )
        assert broken.status_code == 400 and "country | language | term | provision" in broken.text
        deleted = web.post(
            f"/glossary/{entry_id}", data={"action": "delete", "csrf": csrf_of(page)}, follow_redirects=False
        )
        assert deleted.status_code == 303 and app.state.library.glossary.get(entry_id) is None
