"""Alerts in a real browser: a prosecutor saves a search from its results, a prosecutor of another office
uploads a matching case, and the first sees it arrive (header count, inbox with the passage)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CASESTUDIES
from tests.server import running_server
from tests.web.test_browser import ARTIFACTS, browser  # noqa: F401 - the module's Chromium fixture

pytestmark = pytest.mark.browser
PASSWORD = "una contraseña larga"
QUERY = "captación de mujeres por redes sociales con falsas ofertas de trabajo en el extranjero"
MATCHING = CASESTUDIES / "pt-brasil-aliciamento-redes-sociais-portugal-espanha.pdf"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("alerts-web")
    env = {"CASOTECA_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    exe = str(Path(sys.executable).with_name("casoteca"))
    subprocess.run(
        [exe, "ingest", str(CASESTUDIES / "es-uruguay-trabajo-forzoso-pesca.docx")],
        env=env,
        check=True,
        capture_output=True,
    )
    for user, office in (("ana", "Fiscalía A"), ("bruno", "Procuradoria B")):
        subprocess.run(
            [exe, "users", "add", user, "--office", office, "--role", "editor"],
            env=env,
            input=PASSWORD + "\n",
            text=True,
            check=True,
            capture_output=True,
        )
    with running_server(env, tmp_path / "server.log") as url:
        yield url


def signed_in(browser: Any, server: str, user: str) -> Any:  # noqa: F811
    page = browser.new_context(extra_http_headers={"Accept-Language": "es"}).new_page()
    page.goto(server + "/login")
    page.locator("#name").fill(user)
    page.locator("#password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    return page


def test_save_a_search_and_see_another_offices_matching_case_arrive(server: str, browser: Any) -> None:  # noqa: F811
    ana = signed_in(browser, server, "ana")
    ana.goto(server + "/?q=" + QUERY)
    ana.get_by_label("Avisarme de nuevos documentos para esta búsqueda").select_option("immediate")
    with ana.expect_navigation():
        ana.locator("form.follow button[type=submit]").click()
    assert "/alerts" in ana.url
    assert "Alerta guardada" in ana.locator("main").inner_text()
    assert QUERY in ana.locator("main").inner_text()  # listed among what she follows

    bruno = signed_in(browser, server, "bruno")
    bruno.goto(server + "/upload")
    bruno.locator("#files").set_input_files(str(MATCHING))
    bruno.locator("#visibility").select_option("network")
    with bruno.expect_navigation():
        bruno.locator("main form button[type=submit]").first.click()
    assert MATCHING.name in bruno.locator("main").inner_text()

    ana.goto(server + "/alerts")
    header = ana.locator("header nav").first.inner_text()
    assert "Alertas (1 sin leer)" in header
    inbox = ana.locator("article.unread")
    assert inbox.count() == 1
    text = inbox.inner_text()
    assert re.search(r"\bpp?\. \d", text), text  # the passage is cited with its page
    ana.screenshot(path=str(ARTIFACTS / "alerts-inbox-es.png"), full_page=True)
    with ana.expect_navigation():
        inbox.get_by_role("button").click()
    assert ana.locator("article.unread").count() == 0
    assert "Alertas (" not in ana.locator("header nav").first.inner_text()
    ana.close()
    bruno.close()
