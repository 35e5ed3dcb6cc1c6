"""Alerts in a real browser: a prosecutor saves a search from its results, a prosecutor of another office
uploads a matching case, and the first sees it arrive (header count, inbox with the passage)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import CASESTUDIES
from tests.web.conftest import ARTIFACTS, Site
from tests.web.conftest import signed_in as signed_in_as

pytestmark = pytest.mark.browser  # a live server and Chromium (tests/web/conftest.py)
PASSWORD = "una contraseña larga"
FOLLOWER, SENDER = "carla", "bruno"
QUERY = "captación de mujeres por redes sociales con falsas ofertas de trabajo en el extranjero"
MATCHING = CASESTUDIES / "pt-brasil-aliciamento-redes-sociais-portugal-espanha.pdf"


@pytest.fixture(scope="module", autouse=True)
def editors(site: Site) -> None:
    """Two prosecutors of two offices, of this module only (their alerts and inboxes are theirs)."""
    for user, office in ((FOLLOWER, "Fiscalía A"), (SENDER, "Procuradoria B")):
        site.user(user, PASSWORD, office, "editor")


def signed_in(browser: Any, server: str, user: str) -> Any:
    return signed_in_as(browser, server, user, PASSWORD, extra_http_headers={"Accept-Language": "es"})


def test_save_a_search_and_see_another_offices_matching_case_arrive(server: str, browser: Any) -> None:
    ana = signed_in(browser, server, FOLLOWER)
    ana.goto(server + "/?q=" + QUERY)
    ana.get_by_label("Avisarme de nuevos documentos para esta búsqueda").select_option("immediate")
    with ana.expect_navigation():
        ana.locator("form.follow button[type=submit]").click()
    assert "/alerts" in ana.url
    assert "Alerta guardada" in ana.locator("main").inner_text()
    assert QUERY in ana.locator("main").inner_text()  # listed among what she follows

    bruno = signed_in(browser, server, SENDER)
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
