"""One live server and one Chromium for every browser module of a test process (an xdist worker).

A browser module used to start its own `casoteca serve` (a subprocess that loads the model, ingests its
sample cases, then builds its lexicon on the first search) and its own Chromium: tens of seconds of CPU
each before its first assertion. Here the server (`site`) and the browser (`browser`) are built once per
process, over the union of the sample cases the modules read (`BASE`), with every count of /analysis
shown (the sample cases belong to several offices, whose small counts would otherwise be hidden).

The modules do not depend on what another one leaves behind:
- each signs in as users of its own (`site.user`, through the admin API), so casebooks, alerts and
  sessions are its own;
- the module fixture `server` resets the shared state when the module ends: the documents it uploaded are
  deleted (the base stays as ingested) and the shared criteria and glossary go back to their starting set.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from casoteca.settings import Settings
from ingest.metadata import sidecar_path
from tests.conftest import CASESTUDIES, ROOT
from tests.server import running_server

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The sample cases every browser module finds in the base (each module reads some of them).
BASE = (
    "pt-brasil-oficinas-costura-sao-paulo-bolivianos.pdf",
    "es-uruguay-trabajo-forzoso-pesca.docx",
    "en-good-practice-textile-labour-inspection.pptx",
    "es-argentina-talleres-textiles-costureros-bolivianos.pdf",
    "en-paraguay-argentina-fake-job-offers-social-media.html",
    "en-chile-domestic-servitude-peruvian-worker.docx",
)
SITE_ADMIN, SITE_PASSWORD = "site-admin", "una contraseña larga del sitio"
# The lists every module may edit, reset to the starting set shipped with Casoteca after each module.
SHARED_LISTS = ("criteria.json", "glossary.json")


@dataclass
class Site:
    """The live server of this test process: its URL, the base's documents and an admin's API key."""

    url: str
    data_dir: Path
    base: set[str]
    admin_key: str
    users: set[str] = field(default_factory=set)

    def api(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.admin_key}"}, timeout=120
        )

    def user(self, name: str, password: str, office: str, role: str = "editor") -> str:
        """Make a user of the site (once per name: a module's users are its own); returns the name."""
        if name not in self.users:
            with self.api() as api:
                made = api.post(
                    "/api/users", json={"name": name, "password": password, "office": office, "role": role}
                )
                assert made.status_code == 201, made.text
            self.users.add(name)
        return name

    def reset(self) -> None:
        """Back to the base: documents uploaded since are deleted, the shared lists are the starting set."""
        with self.api() as api:
            listed = api.get("/api/documents", params={"limit": 500})
            assert listed.status_code == 200, listed.text
            for doc in listed.json()["documents"]:
                if doc["id"] not in self.base:
                    gone = api.delete(f"/api/documents/{doc['id']}")
                    assert gone.status_code == 204, gone.text
        for name in SHARED_LISTS:
            (self.data_dir / name).unlink(missing_ok=True)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    from service.accounts import CLI
    from service.library import Library

    tmp_path = tmp_path_factory.mktemp("site")
    data_dir = tmp_path / "data"
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in BASE:
        shutil.copy(CASESTUDIES / name, folder / name)
        shutil.copy(sidecar_path(CASESTUDIES / name), folder)
    # Ingested in this process (the session's model is already loaded), then served by a subprocess.
    library = Library(Settings(data_dir=data_dir))
    try:
        report = library.ingest_paths([folder])
        assert all(line.status == "added" for line in report), report
        base = {doc.id for doc in library.summaries(caller=CLI)}
        library.accounts.add_user(SITE_ADMIN, SITE_PASSWORD, "Sitio de prueba", "admin")
        _, admin_key = library.accounts.new_api_key(SITE_ADMIN)
    finally:
        library.close()
    env = {"CASOTECA_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "CASOTECA_ANALYSIS_MIN_COUNT": "1"}
    with running_server(env, tmp_path / "server.log") as url:
        yield Site(url, data_dir, base, admin_key)


@pytest.fixture(scope="module")
def server(site: Site) -> Iterator[str]:
    """The site's URL for one module; what the module changed is undone when it ends."""
    yield site.url
    site.reset()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def sign_in(page: Any, server: str, user: str, password: str, next: str = "/") -> None:
    """Sign `page` in through the sign-in form as `user`; it lands on `next`."""
    page.goto(f"{server}/login?next={next}" if next != "/" else f"{server}/login")
    page.locator("#name").fill(user)
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()


def signed_in(browser: Any, server: str, user: str, password: str, next: str = "/", **options: Any) -> Any:
    """A new page of a new browser context (`options`: locale, headers, viewport...), signed in as `user`,
    on `next`. Patient: the machine may be busy, and the first search of a server builds its lexicon."""
    context = browser.new_context(**options)
    context.set_default_timeout(180_000)
    page = context.new_page()
    sign_in(page, server, user, password, next)
    return page
