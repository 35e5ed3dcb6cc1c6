from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from casoteca.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CASESTUDIES = ROOT / "casestudies"


@pytest.fixture(autouse=True)
def env_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every data path points at tmp_path: no test touches the user's real data folder."""
    monkeypatch.setenv("CASOTECA_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def app(settings: Settings):  # type: ignore[no-untyped-def]
    from casoteca.app import create_app

    return create_app(settings)


def sign_in(client, role: str = "admin", office: str = "Test office", name: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """Make (or reuse) a user and send its API key with every request of `client`; returns the key."""
    from service.accounts import AccountError

    accounts = client.app.state.library.accounts
    name = name or f"{role}@{office}"
    try:
        accounts.add_user(name, "correct horse battery staple", office, role)
    except AccountError:
        pass
    _, key = accounts.new_api_key(name)
    client.headers["Authorization"] = f"Bearer {key}"
    return key


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "no CSRF field on the page"
    return found.group(1)


def login(web, name: str, password: str, next: str = "/"):  # type: ignore[no-untyped-def]
    """Sign in as a browser does: the sign-in page first (its form token), then the form."""
    token = csrf_of(web.get("/login").text)
    return web.post("/login", data={"name": name, "password": password, "next": next, "csrf": token},
                    follow_redirects=False)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        sign_in(test_client)
        yield test_client


def loaded_client(data_dir: Path, names: list[str]) -> Iterator[tuple[Any, dict[str, str]]]:
    """For a module fixture: an admin's client of an app over `data_dir` with these files of casestudies/
    ingested, and their document ids by file name."""
    from fastapi.testclient import TestClient

    from casoteca.app import create_app

    app = create_app(Settings(data_dir=data_dir))
    with TestClient(app) as client:
        sign_in(client)
        report = app.state.library.ingest_paths([CASESTUDIES / name for name in names])
        yield client, {line.path.rsplit("/", 1)[-1]: line.document_id for line in report}


@dataclass
class Meanwhile:
    answered: int = 0
    errors: list[Exception] = field(default_factory=list)


@contextmanager
def meanwhile(action: Callable[[], object]) -> Iterator[Meanwhile]:
    """Run `action` over and over in another thread for the duration of the block; count the answers and
    keep every failure (what a test of work done while searches go on looks at)."""
    seen = Meanwhile()
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                action()
                seen.answered += 1
            except Exception as exc:  # noqa: BLE001 - any failure is what the caller looks for
                seen.errors.append(exc)

    thread = threading.Thread(target=loop)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join()
