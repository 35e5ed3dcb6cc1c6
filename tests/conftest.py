from __future__ import annotations

from pathlib import Path

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
    from casoteca.accounts import AccountError

    accounts = client.app.state.library.accounts
    name = name or f"{role}@{office}"
    try:
        accounts.add_user(name, "correct horse battery staple", office, role)
    except AccountError:
        pass
    _, key = accounts.new_api_key(name)
    client.headers["Authorization"] = f"Bearer {key}"
    return key


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        sign_in(test_client)
        yield test_client
