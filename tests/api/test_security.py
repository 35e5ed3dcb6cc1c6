"""The edges as a client meets them: size limits, odd JSON, short error echoes, security headers, the
packaged /docs, sign-in CSRF and throttling, trusted proxies, /health and /metrics, revocation on a new
password, and formula-safe CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from casoteca.app import create_app
from casoteca.edge import forwarded_client
from casoteca.settings import Settings
from index.spreadsheet import csv_safe, to_csv
from tests.conftest import ROOT, sign_in

PASSWORD = "correct horse battery staple"
LOOPBACK = ("127.0.0.1", 41000)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app for the module, small limits so the tests send little; a client from loopback, as admin."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("security"),
        max_body_kb=64,
        max_upload_mb=1,
        max_url_kb=4,
        max_json_depth=16,
        signin_free_attempts=3,
        signin_backoff_seconds=600,
    )
    with TestClient(create_app(settings), base_url="https://testserver", client=LOOPBACK) as client:
        sign_in(client)
        yield client


def events(client: TestClient, action: str) -> list[dict[str, Any]]:
    return client.get("/api/audit", params={"action": action}).json()["events"]


def test_oversized_bodies_and_query_strings_get_json_errors_and_leave_the_chain_intact(
    served: TestClient,
) -> None:
    big = served.post("/api/search", json={"q": "trata " * 20_000})
    assert big.status_code == 413 and "CASOTECA_MAX_BODY_KB" in big.json()["detail"]
    chunked = served.post(
        "/api/search",
        content=iter([b'{"q": "', b"x" * 70_000, b'"}']),
        headers={"Content-Type": "application/json"},
    )  # no Content-Length: counted as read
    assert chunked.status_code == 413
    form = served.post("/login", data={"name": "x" * 70_000, "password": "y"})
    assert form.status_code == 413
    upload = served.post("/api/documents", files={"files": ("big.txt", b"palabra " * 200_000, "text/plain")})
    assert upload.status_code == 413 and "CASOTECA_MAX_UPLOAD_MB" in upload.json()["detail"]
    head = b'--cut\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n'
    streamed = served.post(
        "/api/documents",
        headers={"Content-Type": "multipart/form-data; boundary=cut"},
        content=iter([head, b"palabra " * 300_000, b"\r\n--cut--\r\n"]),
    )  # no Content-Length
    assert streamed.status_code == 413 and "CASOTECA_MAX_UPLOAD_MB" in streamed.json()["detail"]
    url = served.get("/api/search", params={"q": "z" * 5000})
    assert url.status_code == 414 and "POST /api/search" in url.json()["detail"]
    assert (
        served.post("/api/search", json={"q": "trata " * 5000}).status_code == 200
    )  # under the limit: answered
    body = served.get("/api/audit").json()
    assert body["intact"], body["verification"]
    long_query = next(e for e in body["events"] if e["action"] == "search")["detail"]["q"]
    assert long_query["length"] == 30_000 and len(long_query["sha256"]) == 64  # a summary, not the text


def test_deep_or_broken_json_is_a_422_and_errors_echo_only_an_excerpt(served: TestClient) -> None:
    deep = served.post(
        "/api/search", content=b"[" * 20_000 + b"]" * 20_000, headers={"Content-Type": "application/json"}
    )
    assert deep.status_code == 422 and deep.json()["detail"][0]["type"] == "json_too_deep"
    nested = served.post("/api/search", json={"q": "x", "country": [[[[[[[[[[[[[[[[["Peru"]]]]]]]]]]]]]]]]]})
    assert nested.status_code == 422
    half = served.post(
        "/api/search", content=b'{"q": "trata \\ud800"}', headers={"Content-Type": "application/json"}
    )
    assert half.status_code == 422
    long_name = served.post("/api/users", json={"name": "n" * 5000, "password": PASSWORD, "office": "F"})
    assert long_name.status_code == 422 and len(long_name.text) < 1000
    assert "n" * 81 not in long_name.text and "5000 characters" in long_name.text
    missing = served.get("/api/documents/" + "q" * 3000)
    assert missing.status_code == 404 and len(missing.text) < 600


def test_every_answer_carries_the_security_headers(served: TestClient) -> None:
    for path in ("/", "/login", "/api/me", "/static/casoteca.css", "/docs", "/no-such-page", "/health"):
        response = served.get(path)
        csp = response.headers["content-security-policy"]
        assert (
            "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        ), path
        assert response.headers["x-frame-options"] == "DENY", path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "same-origin", path
    refused = served.post("/api/search", json={"q": "x" * 70_000})
    assert refused.status_code == 413 and refused.headers["x-frame-options"] == "DENY"


def test_an_unexpected_error_is_short_json_with_the_headers_too(served: TestClient) -> None:
    def broken() -> None:
        raise RuntimeError("a secret detail of the failure")

    served.app.add_api_route("/api/test-broken", broken)  # type: ignore[attr-defined]
    client = TestClient(served.app, raise_server_exceptions=False, client=LOOPBACK)
    response = client.get("/api/test-broken")
    assert response.status_code == 500 and response.json() == {"detail": "internal error; it has been logged"}
    assert (
        response.headers["x-frame-options"] == "DENY"
        and "frame-ancestors" in response.headers["content-security-policy"]
    )


def test_no_template_has_inline_script_style_or_handlers() -> None:
    """The CSP forbids them, so one left in a template would silently stop working."""
    for template in (ROOT / "web" / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        inline = re.search(
            r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", text, re.IGNORECASE
        )
        assert inline is None, (template, inline)


def test_the_api_page_is_served_from_packaged_files(served: TestClient) -> None:
    page = served.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") for s in sources), sources  # nothing from another host
    for source in sources:
        assert served.get(source).status_code == 200, source
    assert "SwaggerUIBundle" in served.get("/static/docs.js").text
    assert (
        served.get("/docs/assets/swagger-ui-bundle.js").headers["content-type"].startswith("text/javascript")
    )
    assert "Apache License" in served.get("/docs/assets/LICENSE").text
    assert served.get("/docs/assets/index.html").status_code == 404  # only the files the page needs
    assert served.get("/redoc").status_code in (303, 404)  # not offered (it would load a CDN)


def login_token(client: TestClient) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert found
    return found.group(1)


def test_sign_in_needs_the_form_token_and_is_throttled(served: TestClient) -> None:
    accounts = served.app.state.library.accounts  # type: ignore[attr-defined]
    accounts.add_user("lucia", PASSWORD, "Fiscalía B", "reader")
    browser = TestClient(served.app, base_url="https://testserver", client=("198.51.100.20", 5000))
    assert browser.post("/login", data={"name": "lucia", "password": PASSWORD}).status_code == 403
    token = login_token(browser)
    forged = browser.post("/login", data={"name": "lucia", "password": PASSWORD, "csrf": "forged"})
    assert forged.status_code == 403
    answers = [
        browser.post("/login", data={"name": "lucia", "password": f"guess {n}", "csrf": token}).status_code
        for n in range(10)
    ]
    assert answers == [401, 401, 401] + [429] * 7
    right = browser.post(
        "/login", data={"name": "lucia", "password": PASSWORD, "csrf": token}, follow_redirects=False
    )
    assert right.status_code == 429 and int(right.headers["retry-after"]) > 500  # refused while it waits
    assert "casoteca_session" not in right.headers.get("set-cookie", "")
    assert [lock["key"] for lock in served.get("/api/sign-in-locks").json()["locks"]] == ["user:lucia"]
    assert served.post("/api/users/lucia/unlock").json() == {"name": "lucia", "was_locked": True}
    signed = browser.post(
        "/login", data={"name": "lucia", "password": PASSWORD, "csrf": token}, follow_redirects=False
    )
    assert signed.status_code == 303 and "casoteca_session=" in signed.headers["set-cookie"]
    throttled = events(served, "sign_in_throttled")
    assert (
        len(throttled) == 8
        and throttled[0]["detail"]["name"] == "lucia"
        and throttled[0]["ip"] == "198.51.100.20"
    )
    assert len(events(served, "sign_in_failed")) >= 3
    assert events(served, "sign_in_unlock")[0]["detail"] == {"name": "lucia", "was_locked": True}


def test_the_admin_page_lists_sign_in_waits_and_lifts_one(served: TestClient) -> None:
    accounts = served.app.state.library.accounts  # type: ignore[attr-defined]
    accounts.add_user("tomas", PASSWORD, "Fiscalía C", "reader")
    browser = TestClient(served.app, base_url="https://testserver", client=("198.51.100.21", 5000))
    token = login_token(browser)
    for n in range(4):
        browser.post("/login", data={"name": "tomas", "password": f"guess {n}", "csrf": token})
    page = served.get("/admin").text
    assert 'action="/admin/unlock/tomas"' in page
    assert served.post("/admin/unlock/tomas", follow_redirects=False).status_code == 303
    assert 'action="/admin/unlock/tomas"' not in served.get("/admin").text
    assert events(served, "sign_in_unlock")[0]["detail"] == {"name": "tomas", "was_locked": True}
    signed = browser.post(
        "/login", data={"name": "tomas", "password": PASSWORD, "csrf": token}, follow_redirects=False
    )
    assert signed.status_code == 303


def test_the_cli_unlocks_an_account_and_audits_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from casoteca.cli import main
    from service.audit import Audit
    from service.throttle import SignInThrottle

    throttle = SignInThrottle(tmp_path / "accounts.db", free=1, base=300)
    throttle.failed("marta", "192.0.2.1")
    monkeypatch.setenv("CASOTECA_DATA_DIR", str(tmp_path))
    assert main(["users", "locks"]) == 0
    assert "user:marta" in capsys.readouterr().out
    assert main(["users", "unlock", "marta"]) == 0
    assert capsys.readouterr().out.strip() == "unlocked marta" and throttle.wait("marta", "192.0.2.1") == 0
    (event,) = Audit(tmp_path / "audit.log").read(5)
    assert event["action"] == "sign_in_unlock" and event["user"] == "cli" and event["detail"]["was_locked"]
    throttle.close()


def test_a_forged_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", trusted_proxies="10.0.0.5")
    app = create_app(settings)
    forged = {"X-Forwarded-For": "203.0.113.66"}
    with TestClient(app, client=("198.51.100.7", 1)) as direct:
        sign_in(direct)
        direct.get("/api/search", params={"q": "directo"}, headers=forged)
        assert direct.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 403
        proxied = TestClient(app, client=("10.0.0.5", 1))
        sign_in(proxied)
        proxied.get("/api/search", params={"q": "via nginx"}, headers={"X-Forwarded-For": "192.0.2.44"})
        assert proxied.get("/metrics", headers={"X-Forwarded-For": "192.0.2.44"}).status_code == 403
        searches = {e["detail"]["q"]: e["ip"] for e in events(proxied, "search")}
    assert searches == {"directo": "198.51.100.7", "via nginx": "192.0.2.44"}


def test_the_client_address_is_the_last_one_no_trusted_proxy_added() -> None:
    import ipaddress

    proxies = [ipaddress.ip_network("10.0.0.0/24")]
    assert forwarded_client("10.0.0.5", "1.2.3.4, 192.0.2.9, 10.0.0.7", proxies) == "192.0.2.9"
    assert forwarded_client("10.0.0.5", "", proxies) == "10.0.0.5"
    assert forwarded_client("10.0.0.5", "not-an-ip", proxies) == "10.0.0.5"
    assert forwarded_client("192.0.2.9", "1.2.3.4", proxies) == "192.0.2.9"  # not a proxy: header ignored
    with pytest.raises(ValueError, match="must name the proxies"):
        Settings(trusted_proxies="0.0.0.0/0")


def test_serve_never_lets_uvicorn_trust_forwarded_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from casoteca import cli

    seen: dict[str, Any] = {}
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")
    # One process; a supervised writer or reader is served by the same function (casoteca/supervise.py).
    monkeypatch.setenv("CASOTECA_WORKERS", "1")

    def run(server: uvicorn.Server, sockets: Any = None) -> None:
        seen.update(proxy_headers=server.config.proxy_headers, port=server.config.port)

    monkeypatch.setattr(uvicorn.Server, "run", run)
    assert cli.main(["serve", "--port", "8123"]) == 0
    assert seen["proxy_headers"] is False and seen["port"] == 8123


def test_health_says_only_up_to_anyone_and_counts_to_admins(served: TestClient) -> None:
    assert served.get("/health", headers={"Authorization": ""}).json() == {"status": "ok"}
    assert served.get("/health", headers={"Authorization": "Bearer cso_wrong"}).json() == {"status": "ok"}
    other = TestClient(served.app)
    sign_in(other, "reader", "Fiscalía C")
    assert other.get("/health").json() == {"status": "ok"}
    sign_in(other, "admin")
    assert set(other.get("/health").json()) == {"status", "model", "store", "documents", "passages"}


def test_metrics_answer_loopback_or_the_token_only(served: TestClient, tmp_path: Path) -> None:
    assert served.get("/metrics").status_code == 200  # the module's client is on loopback
    assert TestClient(served.app, client=("192.0.2.8", 1)).get("/metrics").status_code == 403
    with TestClient(
        create_app(Settings(data_dir=tmp_path / "data", metrics_token="s3cret")), client=LOOPBACK
    ) as c:
        assert c.get("/metrics").status_code == 403  # with a token set, loopback needs it too
        assert c.get("/metrics", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_a_new_password_closes_sessions_and_revokes_keys_unless_kept(served: TestClient) -> None:
    library = served.app.state.library  # type: ignore[attr-defined]
    library.accounts.add_user("pedro", PASSWORD, "Fiscalía D", "editor")
    session = library.accounts.open_session("pedro")
    _, key = library.accounts.new_api_key("pedro")
    changed = served.patch("/api/users/pedro", json={"password": "a brand new password"})
    assert changed.status_code == 200
    assert library.accounts.by_session(session) is None and library.accounts.by_api_key(key) is None
    event = events(served, "user_change")[0]
    assert event["detail"] == {
        "name": "pedro",
        "password": "changed",
        "sessions_closed": 1,
        "keys_revoked": 1,
    }
    session = library.accounts.open_session("pedro")
    _, key = library.accounts.new_api_key("pedro")
    served.patch("/api/users/pedro", json={"password": "another new password", "keep_keys": True})
    assert library.accounts.by_session(session) is None and library.accounts.by_api_key(key) is not None


def test_every_csv_export_escapes_formulas(served: TestClient) -> None:
    assert [csv_safe(v) for v in ("=2+5", "+1", "-1", "@SUM(A1)", " =1", "\uff1d1", "plain", 7, None)] == [
        "'=2+5",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "' =1",
        "'\uff1d1",
        "plain",
        7,
        "",
    ]
    assert to_csv(["=a"], [["=b", 1]]) == "'=a\r\n'=b,1\r\n"
    other = TestClient(served.app)
    sign_in(other, "reader", '=HYPERLINK("http://x")')
    other.get("/api/search", params={"q": "=2+5"})
    exported = served.get("/api/audit", params={"format": "csv", "action": "search"}).text
    rows = list(csv.reader(io.StringIO(exported)))
    offices = {row[3] for row in rows[1:]}
    assert '\'=HYPERLINK("http://x")' in offices and not any(
        cell.startswith("=") for row in rows for cell in row
    )
    assert json.loads(rows[1][7])["q"] == "=2+5"  # the detail is one JSON cell, starting with "{"
