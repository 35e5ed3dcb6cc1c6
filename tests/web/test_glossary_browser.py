"""The glossary page in a real browser (Debian's headless Chromium, Playwright) against a live server:
Portuguese interface, the lookup box, false friends flagged, and an editor's entry added with the form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.conftest import Site, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a live server and Chromium (tests/web/conftest.py)
USER, PASSWORD = "lia", "uma senha bem comprida"


@pytest.fixture(scope="module")
def page(site: Site, server: str, browser: Any) -> Iterator[Any]:
    """One page for the module, signed in as its Portuguese-speaking editor, that keeps the console's errors."""
    site.user(USER, PASSWORD, "Procuradoria de teste", "editor")
    page = signed_in(
        browser,
        server,
        USER,
        PASSWORD,
        locale="pt-BR",
        extra_http_headers={"Accept-Language": "pt-BR,pt;q=0.9"},
    )
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(f"{message.text} {message.location.get('url')}")
            if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    page.context.close()


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
