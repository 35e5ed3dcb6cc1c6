"""The glossary page in a real browser (Debian's headless Chromium, Playwright) against a live server:
Portuguese interface, the lookup box, false friends flagged, and an editor's entry added with the form."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.server import running_server

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a live server and Chromium
USER, PASSWORD = "lia", "uma senha bem comprida"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("glossary-web")
    env = {"CASOTECA_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    exe = str(Path(sys.executable).with_name("casoteca"))
    subprocess.run(
        [exe, "users", "add", USER, "--office", "Procuradoria de teste", "--role", "editor"],
        env=env,
        input=PASSWORD + "\n",
        text=True,
        check=True,
        capture_output=True,
    )
    with running_server(env, tmp_path / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = chromium.new_context(
            locale="pt-BR", extra_http_headers={"Accept-Language": "pt-BR,pt;q=0.9"}
        ).new_page()
        errors: list[str] = []
        page.on(
            "console",
            lambda message: (
                errors.append(f"{message.text} {message.location.get('url')}")
                if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")
                else None
            ),
        )
        page.goto(server + "/login")
        page.locator("#name").fill(USER)
        page.locator("#password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("form.card button[type=submit]").click()
        page.errors = errors  # type: ignore[attr-defined]
        yield page
        chromium.close()


def test_a_portuguese_reader_looks_up_terms_and_sees_the_false_friend(server: str, page: Any) -> None:
    page.goto(server + "/glossary")
    assert page.locator("h1").inner_text() == "Glossário comum"
    assert page.locator("tr#trafficking-in-persons").get_by_text("art. 149-A").count() == 1
    page.get_by_label("Encontrar os termos de um texto").fill(
        "Houve tráfico de pessoas com engano e servidão por dívidas."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Encontrar").click()
    found = page.locator("section[aria-labelledby=found-title]")
    assert "trafficking in persons" in found.inner_text() and "debt bondage" in found.inner_text()
    assert "trata de personas" in found.inner_text()
    assert (
        found.locator("p.warning").filter(has_text="contrabando de migrantes").count() >= 1
    )  # Spanish "tráfico"
    assert page.errors == []  # type: ignore[attr-defined]


def test_an_editor_adds_an_entry_with_the_form(server: str, page: Any) -> None:
    page.goto(server + "/glossary")
    form = page.locator("form[action='/glossary'][method=post]")
    form.locator("[name=term_pt]").fill("barracão")
    form.locator("[name=variants_pt]").fill("armazém do patrão")
    form.locator("[name=term_es]").fill("tienda de raya")
    form.locator("[name=legal]").fill("Mexico | es | tienda de raya | uso histórico")
    with page.expect_navigation():
        form.get_by_role("button", name="Adicionar entrada").click()
    row = page.locator("tr", has_text="barracão").first
    assert "tienda de raya" in row.inner_text() and "uso histórico" in row.inner_text()
    page.goto(server + "/glossary?q=barrac")
    assert page.locator("table.glossary tbody tr").count() == 1
