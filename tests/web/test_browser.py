"""The web pages in a real browser: Debian's headless Chromium driven by Playwright, against a live server."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import CASESTUDIES
from tests.web.conftest import ARTIFACTS, Site
from tests.web.conftest import signed_in as signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a live server and Chromium (tests/web/conftest.py)

UPLOAD = CASESTUDIES / "es-republica-dominicana-yolas-trafico-maritimo.txt"
USER, PASSWORD = "ana", "una contraseña larga"


@pytest.fixture(scope="module", autouse=True)
def editor(site: Site) -> None:
    site.user(USER, PASSWORD, "Fiscalía de prueba", "editor")


def signed_in(browser: Any, server: str, **options: Any) -> Any:
    """A new page of a browser context signed in as the test editor (through the sign-in form)."""
    return signed_in_as(browser, server, USER, PASSWORD, **options)


def test_a_spanish_search_finds_a_portuguese_case_and_opens_its_citation(server: str, browser: Any) -> None:
    page = signed_in(
        browser, server, locale="es-ES", extra_http_headers={"Accept-Language": "es-ES,es;q=0.9"}
    )
    page.goto(server)
    assert page.locator("html").get_attribute("lang") == "es"
    box = page.get_by_label("Buscar en los casos")
    box.fill("trabajo esclavo en talleres de costura")
    box.press("Enter")  # the keyboard is enough
    page.wait_for_url("**/?q=*")
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    card = page.locator("article.card").filter(has=page.locator('p.passage[lang="pt"]')).first
    assert "São Paulo" in card.locator("h2").inner_text()
    assert "p. " in card.locator(".meta").first.inner_text()
    assert card.locator("mark").count() > 0
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    original = card.get_by_role("link", name="Abrir el original en esta página")
    href = original.get_attribute("href")
    assert href is not None and "/file#page=" in href
    response = page.request.get(server + href.split("#")[0])
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    card.get_by_role("link", name="Ver el pasaje en el documento").click()
    page.wait_for_load_state()
    anchor = page.url.split("#")[1]
    assert page.locator(f"section#{anchor}").is_visible()
    assert page.get_by_role("heading", name="Ficha").is_visible()
    page.screenshot(path=str(ARTIFACTS / "document.png"), full_page=True)
    page.close()


def test_the_interface_language_switches_and_is_remembered(server: str, browser: Any) -> None:
    page = signed_in(browser, server, extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"})
    page.goto(server)
    assert page.get_by_role("button", name="Search").first.is_visible()
    page.get_by_role("link", name="Português").click()
    assert page.get_by_role("button", name="Pesquisar").first.is_visible()
    page.goto(server + "/upload")
    assert page.get_by_role("heading", name="Enviar arquivos").is_visible()
    assert page.locator("html").get_attribute("lang") == "pt"
    page.close()


def test_upload_a_file_and_find_it(server: str, browser: Any) -> None:
    page = signed_in(browser, server, extra_http_headers={"Accept-Language": "en"})
    page.goto(server + "/upload")
    page.get_by_label("Files").set_input_files(str(UPLOAD))
    page.get_by_role("button", name="Upload and ingest").click()
    row = page.locator("tr", has_text=UPLOAD.name)
    assert "added" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS / "upload.png"), full_page=True)
    page.goto(server + "/?q=yolas")
    assert "yolas" in page.locator("article.card").first.inner_text().lower()
    page.close()


def test_comparable_cases_on_a_document_page_and_for_a_described_case(server: str, browser: Any) -> None:
    page = signed_in(browser, server, extra_http_headers={"Accept-Language": "pt-BR,pt;q=0.9"})
    page.goto(server + "/?q=oficinas%20de%20costura")
    page.locator("article.card h2 a", has_text="São Paulo").first.click()
    section = page.locator("section[aria-labelledby=comparable-title]")
    assert section.get_by_role("heading", name="Casos comparáveis").is_visible()
    # Its twins come first, in other languages: the Argentine case of the same pattern and its English
    # counterpart (the base holds both).
    titles = section.locator("article.card h3").all_inner_texts()
    assert any("garment sweatshops" in title for title in titles[:2]), titles
    assert any("talleres textiles" in title for title in titles[:2]), titles
    twin = section.locator("article.card", has=page.locator("h3", has_text="garment sweatshops")).first
    assert twin.locator("blockquote").count() >= 2 and "Em comum" in twin.inner_text()
    page.screenshot(path=str(ARTIFACTS / "document.png"), full_page=True)

    page.get_by_role("link", name="Descreva seu caso").click()
    page.get_by_label("Fatos do caso").fill(
        "Tripulantes extranjeros de un pesquero retenidos a bordo durante meses, sin salario y con los pasaportes "
        "en poder del capitán."
    )
    page.get_by_role("button", name="Buscar casos comparáveis").click()
    page.wait_for_load_state()
    cases = page.locator("article.card")
    assert "pesquero" in cases.first.locator("h3").inner_text()
    page.screenshot(path=str(ARTIFACTS / "similar.png"), full_page=True)
    page.close()


def test_criteria_matrix_links_passages_and_edits_a_criterion(server: str, browser: Any) -> None:
    page = signed_in(browser, server, extra_http_headers={"Accept-Language": "es"})
    page.goto(server + "/criteria")
    table = page.locator("table.matrix").first
    row = table.locator("tbody tr", has_text="Montevideo")
    cell = row.locator("td.yes a").first
    assert cell.is_visible()
    page.screenshot(path=str(ARTIFACTS / "criteria.png"), full_page=True)
    cell.click()
    page.wait_for_load_state()
    anchor = page.url.split("#")[1]
    assert page.locator(f"section#{anchor}").is_visible()

    page.goto(server + "/criteria")
    editor = page.locator("details", has=page.locator("summary", has_text="Servidumbre por deudas"))
    editor.locator("summary").click()
    editor.get_by_label("Nombre").fill("Servidumbre por deudas (criterio del grupo)")
    editor.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    assert page.locator("table.matrix thead", has_text="criterio del grupo").first.is_visible()
    page.close()


def test_collect_passages_into_a_casebook_reorder_annotate_and_export(
    server: str, browser: Any, site: Site
) -> None:
    page = signed_in(browser, server, extra_http_headers={"Accept-Language": "en"})
    # One card per document: a query two of the documents answer gives two cards.
    page.goto(server + "/?q=forced%20labour%20of%20fishing%20crews%20and%20textile%20workers")
    # The card's own "add" (its best passage) comes first; its other passages have theirs further down.
    first = page.locator("article.card").first
    card = first.locator("details", has=page.locator("summary", has_text="Add to a casebook")).first
    card.locator("summary", has_text="Add to a casebook").first.click()
    card.get_by_label("Casebook", exact=True).select_option(label="New casebook…")
    card.get_by_label("Title of the new casebook").fill("Training: forced labour at sea")
    results_url = page.url
    searches = len(audit_events(page, site, "search"))
    card.get_by_role("button", name="Add", exact=True).click()
    # Confirmed in place: no page load, the search is not run (nor audited) again.
    card.get_by_role("status").filter(has_text="Added to “Training: forced labour at sea”.").wait_for()
    assert page.url == results_url and len(audit_events(page, site, "search")) == searches
    second_card = page.locator("article.card").nth(1)
    second_title = second_card.locator("h2").inner_text()
    second = second_card.locator("details", has=page.locator("summary", has_text="Add to a casebook")).first
    second.locator("summary", has_text="Add to a casebook").first.click()
    # The new casebook is already offered in the other results' lists.
    second.get_by_label("Casebook", exact=True).select_option(label="Training: forced labour at sea")
    second.get_by_role("button", name="Add", exact=True).click()
    second.get_by_role("status").filter(has_text="Added to").wait_for()
    page.screenshot(path=str(ARTIFACTS / "search-added-in-place.png"), full_page=True)

    page.get_by_role("link", name="Casebooks").click()
    page.get_by_role("link", name="Training: forced labour at sea").click()
    items = page.locator("ol.items > li")
    assert items.count() == 2
    items.nth(1).get_by_role("button", name="Move up").click()
    page.wait_for_load_state()
    assert page.locator("ol.items > li").first.locator("h2").inner_text() == second_title
    first = page.locator("ol.items > li").first
    first.get_by_label("Note").fill("Discuss the role of the port authority.")
    first.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert (
        page.locator("ol.items > li").first.get_by_label("Note").input_value()
        == "Discuss the role of the port authority."
    )
    page.screenshot(path=str(ARTIFACTS / "casebook.png"), full_page=True)
    for fmt, media in (
        ("PDF", "application/pdf"),
        ("DOCX", "wordprocessingml"),
        ("Markdown", "text/markdown"),
    ):
        href = page.get_by_role("link", name=fmt, exact=True).get_attribute("href")
        response = page.request.get(server + href)
        assert response.status == 200 and media in response.headers["content-type"]
    page.close()


def audit_events(page: Any, site: Site, action: str) -> list[dict[str, Any]]:
    """The test editor's events of one action in the audit trail, read by the editor's browser session
    through the API (with an admin's key: the editor may not read it)."""
    events = page.request.get(
        f"{site.url}/api/audit?limit=1000&user={USER}&action={action}",
        headers={"Authorization": f"Bearer {site.admin_key}"},
    )
    assert events.status == 200, events.text()
    return [e for e in events.json()["events"] if e["action"] == action and e["user"] == USER]


def test_add_to_casebook_without_javascript_confirms_on_the_casebook(server: str, browser: Any) -> None:
    page = signed_in(browser, server, java_script_enabled=False, extra_http_headers={"Accept-Language": "es"})
    page.goto(server + "/?q=pesca%20trabajo%20forzoso")
    card = page.locator("article.card").first
    card.locator("summary", has_text="Añadir a un cuaderno").first.click()
    card.get_by_label("Cuaderno", exact=True).first.select_option(label="Cuaderno nuevo…")
    card.get_by_label("Título del cuaderno nuevo").first.fill("Pesca sin JavaScript")
    with page.expect_navigation():
        card.get_by_role("button", name="Añadir", exact=True).first.click()
    assert "/casebooks/" in page.url
    assert page.get_by_role("status").inner_text().startswith("Añadido a «Pesca sin JavaScript».")
    page.get_by_role("link", name="Volver a donde estaba").click()
    assert "/?q=pesca" in page.url
    page.close()


def test_an_editor_tells_and_corrects_metadata_and_a_re_upload_is_a_duplicate(
    server: str, browser: Any
) -> None:
    sent = CASESTUDIES / "es-guatemala-criminalidad-forzada-maras.txt"
    page = signed_in(browser, server, extra_http_headers={"Accept-Language": "en"})
    page.goto(server + "/upload")
    page.get_by_label("Files").set_input_files(str(sent))
    page.get_by_label("Title", exact=True).fill("Ficha de caso: criminalidad forzada")
    page.get_by_label("Kind", exact=True).select_option("report")
    page.get_by_role("button", name="Upload and ingest").click()
    page.locator("tr", has_text=sent.name).get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ficha de caso: criminalidad forzada"
    page.get_by_text("Correct the case card").click()
    page.get_by_label("Title", exact=True).fill("Criminalidad forzada de adolescentes, Guatemala")
    page.get_by_label("Year", exact=True).fill("2020")
    with page.expect_navigation():
        page.locator("form.correct button[type=submit]").click()  # a session form: its CSRF token goes along
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Criminalidad forzada de adolescentes, Guatemala"
    )
    assert "2020" in page.locator("dl.card-meta:not(.facts)").inner_text()
    page.goto(server + "/upload")
    page.get_by_label("Files").set_input_files(str(sent))
    page.get_by_role("button", name="Upload and ingest").click()
    row = page.locator("tr", has_text=sent.name).inner_text()
    assert (
        "duplicate" in row and "already in the base as Criminalidad forzada de adolescentes, Guatemala" in row
    )
    page.screenshot(path=str(ARTIFACTS / "upload-duplicate.png"), full_page=True)
    page.close()
