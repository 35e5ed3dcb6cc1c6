"""The web pages in a real browser: Debian's headless Chromium driven by Playwright, against a live server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ingest.metadata import sidecar_path
from tests.conftest import CASESTUDIES, ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    env = {"CASOTECA_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    exe = str(Path(sys.executable).with_name("casoteca"))
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("pt-brasil-trabalho-domestico-analogo-escravidao.pdf", "es-uruguay-trabajo-forzoso-pesca.docx"):
        shutil.copy(CASESTUDIES / name, folder / name)
        shutil.copy(sidecar_path(CASESTUDIES / name), folder)
    subprocess.run([exe, "ingest", str(folder)], env=env, check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_filter_by_language_and_open_a_document(server: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page()
        page.goto(server)
        assert page.get_by_text("2 documents").is_visible()
        page.get_by_label("Language").select_option("pt")
        page.get_by_role("button", name="Filter").click()
        assert page.get_by_text("1 documents").is_visible()
        page.screenshot(path=str(ARTIFACTS / "documents.png"), full_page=True)
        page.get_by_role("link", name="Trabalhadora doméstica", exact=False).first.click()
        assert "p. 1" in page.content()
        page.screenshot(path=str(ARTIFACTS / "document.png"), full_page=True)
        browser.close()
