"""The context-analysis page in a real browser (Debian's Chromium through Playwright, against a live server):
the page in three languages, a click on a map arc opening the cases it counts, and an export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import ARTIFACTS, Site
from tests.web.conftest import signed_in as signed_in_as

pytestmark = pytest.mark.browser  # a live server and Chromium (tests/web/conftest.py)
USER, ADMIN, PASSWORD = "dora", "admin-analysis", "una contraseña larga"


@pytest.fixture(scope="module", autouse=True)
def users(site: Site) -> None:
    # The sample cases are told by no office of ours: an admin may correct them.
    for user, role in ((USER, "editor"), (ADMIN, "admin")):
        site.user(user, PASSWORD, "Fiscalía de prueba", role)


def signed_in(browser: Any, server: str, user: str = USER, **options: Any) -> Any:
    """A page signed in as the test editor, sent on to /analysis."""
    return signed_in_as(browser, server, user, PASSWORD, next="/analysis", **options)


def test_the_page_in_three_languages(server: str, browser: Any) -> None:
    page = signed_in(browser, server, viewport={"width": 1100, "height": 900})
    for lang, heading, routes in (
        ("es", "Análisis de contexto", "Rutas en las Américas"),
        ("pt", "Análise de contexto", "Rotas nas Américas"),
        ("en", "Context analysis", "Routes in the Americas"),
    ):
        page.goto(f"{server}/analysis?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.get_by_role("heading", name=heading).is_visible()
        assert page.get_by_role("heading", name=routes).is_visible()
        assert page.locator("svg.map path").count() > 100  # the country shapes, drawn on the server
        page.screenshot(path=str(ARTIFACTS / f"analysis-{lang}.png"), full_page=True)
    page.close()


def test_a_map_arc_opens_the_cases_it_counts(server: str, browser: Any) -> None:
    page = signed_in(browser, server, viewport={"width": 1100, "height": 900})
    page.goto(f"{server}/analysis?lang=en")
    arc = page.locator("#h-map-americas ~ figure a.arc").first
    assert arc.count() == 1
    tooltip = arc.locator("title").text_content() or ""  # "Bolivia → Brazil: 1 case"
    count = int(tooltip.rsplit(": ", 1)[1].split()[0])
    assert tooltip.endswith(f"{count} case" if count == 1 else f"{count} cases")
    with page.expect_navigation():
        arc.locator("path").dispatch_event("click")
    assert "/analysis/cases?" in page.url and "route=" in page.url
    origin, destination = tooltip.split(":")[0].split(" → ")
    assert f"{origin} → {destination}" in page.locator("main p.hint").first.inner_text()
    cases = page.locator("#mark-cases li")
    assert cases.count() == count
    total = page.locator("main p.total").inner_text()
    assert total == (f"{count} case" if count == 1 else f"{count} cases")
    page.screenshot(path=str(ARTIFACTS / "analysis-cases.png"), full_page=True)
    cases.first.locator("h2 a").click()
    page.wait_for_load_state()
    assert "/documents/" in page.url
    page.close()


def test_a_view_exports_as_csv_svg_and_png(server: str, browser: Any) -> None:
    page = signed_in(browser, server)
    page.goto(f"{server}/analysis?lang=en")
    section = page.locator("section[aria-labelledby=h-routes]")
    assert section.locator("#routes-table tbody tr").count() >= 1
    with page.expect_download() as csv_download:
        page.locator("section[aria-labelledby=h-map-americas] a", has_text="CSV").click()
    csv = Path(csv_download.value.path()).read_text(encoding="utf-8")
    assert csv.splitlines()[0] == "origin,destination,cases" and len(csv.splitlines()) >= 2
    with page.expect_download() as svg_download:
        page.locator("section[aria-labelledby=h-map-americas] a", has_text="SVG").click()
    svg = Path(svg_download.value.path()).read_text(encoding="utf-8")
    assert "<svg" in svg and "</svg>" in svg
    with page.expect_download() as png_download:
        page.locator("section[aria-labelledby=h-map-americas] a", has_text="PNG").click()
    png = Path(png_download.value.path()).read_bytes()
    assert png.startswith(b"\x89PNG") and png_download.value.suggested_filename == "analysis-map-americas.png"
    (ARTIFACTS / "analysis-map-americas-export.png").write_bytes(png)  # to look at
    page.close()


def test_a_fact_corrected_on_the_document_page_counts_in_the_analysis(server: str, browser: Any) -> None:
    page = signed_in(browser, server, ADMIN, viewport={"width": 1100, "height": 1400})
    page.goto(f"{server}/analysis?lang=en")
    origins, routes = uruguay_as_origin(page)
    page.goto(f"{server}/analysis/cases?origin=Paraguay&lang=en")
    with page.expect_navigation():
        page.locator("#mark-cases li h2 a").first.click()
    facts = page.locator("#case-facts")
    assert "Paraguay" in facts.locator("#fact-origin + dd").inner_text()
    facts.locator("#fact-origin + dd summary").click()  # the form opens under its fact
    form = facts.locator("form.fact-form[aria-labelledby=fact-origin]")
    form.locator("input[name=values]").fill("Paraguay, Uruguay")
    with page.expect_navigation():
        form.get_by_role("button").click()
    origin = page.locator("#fact-origin + dd").inner_text()
    assert "Uruguay" in origin and "confirmed by an editor" in origin
    page.locator("#case-facts").screenshot(path=str(ARTIFACTS / "document-case-facts.png"))
    page.goto(f"{server}/analysis?lang=en")
    after = uruguay_as_origin(page)
    assert after[0] == origins + 1  # counted as an origin, in the same moment
    assert after[1] > routes  # and its routes from there
    page.close()


def uruguay_as_origin(page: Any) -> tuple[int, int]:
    """How many cases the analysis page counts with Uruguay as an origin, and its routes from Uruguay (the
    base has a Uruguayan case: Uruguay may be listed already, as a destination)."""
    row = page.locator("#countries-table tr", has=page.locator("th", has_text="Uruguay"))
    origin = row.locator("td").first.inner_text().strip() if row.count() else ""
    routes = page.locator("#routes-table tbody tr", has=page.locator("td:first-child", has_text="Uruguay"))
    return int(origin) if origin.isdigit() else 0, routes.count()
