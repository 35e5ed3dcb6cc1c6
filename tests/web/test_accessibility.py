"""Every page in Spanish, Portuguese and English, in a real browser (Debian's headless Chromium), checked by
axe-core (vendored in tests/web/vendor): no serious or critical violation (colour contrast, form labels,
names of links and buttons, landmarks...). Each page is also saved as a screenshot in
test-artifacts/pages/ for a person to look at, and every violation found, of any impact, is written to
test-artifacts/axe-report.json."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.web import conftest as web
from tests.web.conftest import ARTIFACTS, Site

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.browser  # a live server and Chromium (tests/web/conftest.py)

ADMIN, PASSWORD = "revisora", "una contraseña bastante larga"
LANGUAGES = ("es", "pt", "en")
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module", autouse=True)
def admin(site: Site) -> None:
    site.user(ADMIN, PASSWORD, "Fiscalía de prueba", "admin")


def new_page(browser: Any, language: str) -> Any:
    # bypass_csp: the pages allow no inline script, and axe is injected as one.
    context = browser.new_context(
        bypass_csp=True,
        locale=language,
        viewport={"width": 1280, "height": 900},
        extra_http_headers={"Accept-Language": language},
    )
    # The first search of a new server builds the cross-language lexicon: a minute on a loaded machine.
    context.set_default_timeout(180_000)
    return context.new_page()


def sign_in(page: Any, server: str) -> None:
    web.sign_in(page, server, ADMIN, PASSWORD)


def axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
        .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))""")
    return list(found)


def page_paths(page: Any, server: str) -> list[tuple[str, str]]:
    """(name, path) of every page, found from the pages themselves (a document, a casebook)."""
    page.goto(server + "/")
    document = page.locator("article.card h2 a").first.get_attribute("href")
    page.goto(server + "/casebooks")
    page.get_by_label("Título", exact=True).fill("Cuaderno de accesibilidad")
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    casebook = page.url.replace(server, "")
    page.goto(server + "/entities")
    entity = page.locator("main a[href^='/entities/']").first.get_attribute("href")
    page.goto(server + "/analysis")
    cases = page.locator("main a[href^='/analysis/cases']").first.get_attribute("href")
    return [
        ("documents", "/"),
        ("search", "/?q=trabajo+forzoso+en+talleres"),
        ("search-nothing", "/?q=receta+de+bizcocho+de+chocolate"),
        ("search-error", "/?q=pesca&year_from=2020&year_to=2010&country=Atlantis"),
        ("document", document),
        ("similar", "/similar"),
        ("criteria", "/criteria"),
        ("glossary", "/glossary"),
        ("casebooks", "/casebooks"),
        ("casebook", casebook),
        ("upload", "/upload"),
        ("analysis", "/analysis"),
        ("analysis-cases", cases),
        ("entities", "/entities"),
        ("entity", entity),
        ("network", "/network"),
        ("alerts", "/alerts"),
        ("account", "/account"),
        ("admin", "/admin"),
        ("not-found", "/documents/00000000-0000-0000-0000-000000000000"),
    ]


def test_every_page_in_three_languages_has_no_serious_or_critical_axe_violation(
    server: str, browser: Any
) -> None:
    shots = ARTIFACTS / "pages"
    shots.mkdir(parents=True, exist_ok=True)
    setup = new_page(browser, "es")
    sign_in(setup, server)
    paths = page_paths(setup, server)
    setup.context.close()
    report: dict[str, list[dict[str, Any]]] = {}
    for language in LANGUAGES:
        page = new_page(browser, language)
        page.goto(server + "/login")
        report[f"{language}/login"] = axe(page)
        page.screenshot(path=str(shots / f"{language}-login.png"), full_page=True)
        sign_in(page, server)
        for name, path in paths:
            page.goto(server + path)
            assert page.locator("html").get_attribute("lang") == language, path
            report[f"{language}/{name}"] = axe(page)
            page.screenshot(path=str(shots / f"{language}-{name}.png"), full_page=True)
        page.context.close()
    (ARTIFACTS / "axe-report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    impacts = Counter(v["impact"] for found in report.values() for v in found)
    print(f"axe-core on {len(report)} pages: violations by impact {dict(impacts)}")
    blocking = {
        page: [f"{v['impact']} {v['id']}: {v['nodes'][:3]}" for v in found if v["impact"] in BLOCKING]
        for page, found in report.items()
    }
    assert {page: found for page, found in blocking.items() if found} == {}
    assert len(report) == 3 * (len(paths) + 1)


def test_the_criteria_matrix_fits_a_1280_pixel_window(server: str, browser: Any) -> None:
    page = new_page(browser, "en")
    sign_in(page, server)
    page.goto(server + "/criteria")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 1280  # the page never scrolls sideways; the matrix scrolls inside its box
    box = page.locator("div.scroll").first
    inside = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    header = page.locator("table.matrix thead th").last
    first_column = page.locator("table.matrix tbody th").first
    before = first_column.bounding_box()
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    after = first_column.bounding_box()
    assert inside[0] > inside[1]  # more criteria than fit: scrolled inside
    assert abs(after["x"] - before["x"]) < 1  # the case column stays in sight
    assert header.is_visible()
    page.screenshot(path=str(ARTIFACTS / "criteria-scrolled.png"), full_page=False)
    page.context.close()


def test_keyboard_focus_is_visible(server: str, browser: Any) -> None:
    page = new_page(browser, "pt")
    sign_in(page, server)
    page.goto(server + "/criteria")  # a page without a box focused on load
    page.keyboard.press("Tab")  # the skip link first
    focused = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [document.activeElement.className, s.outlineStyle, s.outlineWidth]; }""")
    assert focused[0] == "skip" and focused[1] != "none" and focused[2] != "0px"
    page.keyboard.press("Tab")
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring == "solid"
    page.context.close()
