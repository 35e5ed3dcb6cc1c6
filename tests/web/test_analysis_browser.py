"""The context-analysis page in a real browser (Debian's Chromium through Playwright, against a live server):
the page in three languages, a click on a map arc opening the cases it counts, and an export."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest.metadata import sidecar_path
from tests.conftest import CASESTUDIES
from tests.server import running_server
from tests.web.test_browser import ARTIFACTS, PASSWORD, USER

pytestmark = pytest.mark.browser
SAMPLES = (
    "es-argentina-talleres-textiles-costureros-bolivianos.pdf",
    "pt-brasil-oficinas-costura-sao-paulo-bolivianos.pdf",
    "en-paraguay-argentina-fake-job-offers-social-media.html",
    "en-chile-domestic-servitude-peruvian-worker.docx",
)


ADMIN = "admin-analysis"  # the sample cases are told by no office of ours: an admin may correct them


def signed_in(browser: Any, server: str, user: str = USER, **options: Any) -> Any:
    """A page signed in as the test editor, sent on to /analysis; patient, since the machine may be busy."""
    context = browser.new_context(**options)
    context.set_default_timeout(120_000)
    page = context.new_page()
    page.goto(server + "/login?next=/analysis")
    page.locator("#name").fill(user)
    page.locator("#password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    return page


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("analysis-web")
    # Every count shown: these sample cases belong to several offices, whose small counts k=3 would hide.
    env = {
        "CASOTECA_DATA_DIR": str(tmp_path / "data"),
        "PATH": "/usr/bin:/bin",
        "CASOTECA_ANALYSIS_MIN_COUNT": "1",
    }
    exe = str(Path(sys.executable).with_name("casoteca"))
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in SAMPLES:
        shutil.copy(CASESTUDIES / name, folder / name)
        shutil.copy(sidecar_path(CASESTUDIES / name), folder)
    subprocess.run([exe, "ingest", str(folder)], env=env, check=True, capture_output=True)
    for user, role in ((USER, "editor"), (ADMIN, "admin")):
        subprocess.run(
            [exe, "users", "add", user, "--office", "Fiscalía de prueba", "--role", role],
            env=env,
            input=PASSWORD + "\n",
            text=True,
            check=True,
            capture_output=True,
        )
    with running_server(env, tmp_path / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        yield chromium
        chromium.close()


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
    tooltip = arc.locator("title").text_content() or ""  # "Bolivia → Brazil: 1 cases"
    with page.expect_navigation():
        arc.locator("path").dispatch_event("click")
    assert "/analysis/cases?" in page.url and "route=" in page.url
    origin, destination = tooltip.split(":")[0].split(" → ")
    assert f"{origin} → {destination}" in page.locator("main p.hint").first.inner_text()
    cases = page.locator("#mark-cases li")
    assert cases.count() >= 1
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
    assert page.locator("#countries-table th", has_text="Uruguay").count() == 0
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
    row = page.locator("#countries-table tr", has=page.locator("th", has_text="Uruguay"))
    assert row.locator("td").first.inner_text() == "1"  # counted as an origin, in the same moment
    assert page.locator("#routes-table td", has_text="Uruguay").count() >= 1
    page.close()
