"""The API fuzzed from its own OpenAPI schema (schemathesis) against a live `casoteca serve`: whatever the
parameters, bodies, sizes and characters, it never answers with a server error. Bounded: EXAMPLES per
operation."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.conftest import CASESTUDIES
from tests.server import running_server

EXAMPLES = 25
pytestmark = pytest.mark.slow  # every test here talks to a live server (subprocesses: ingest, users, serve)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(base URL, admin API key) of a server over two ingested documents; its log is checked at the end."""
    data = tmp_path_factory.mktemp("fuzz")
    env = {"CASOTECA_DATA_DIR": str(data), "CASOTECA_MAX_FILE_MB": "1", "PATH": "/usr/bin:/bin"}
    exe = str(Path(sys.executable).with_name("casoteca"))
    subprocess.run(
        [
            exe,
            "ingest",
            str(CASESTUDIES / "es-republica-dominicana-yolas-trafico-maritimo.txt"),
            str(CASESTUDIES / "pt-brasil-pesca-trabalho-escravo-barcos.md"),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [exe, "users", "add", "fuzzer", "--office", "Fuzz", "--role", "admin"],
        env=env,
        check=True,
        input="a long fuzzing password\n",
        text=True,
        capture_output=True,
    )
    key = (
        subprocess.run([exe, "users", "key", "fuzzer"], env=env, check=True, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    with running_server(env, data / "server.log") as url:
        yield url, key


def test_the_api_never_answers_with_a_server_error(served: tuple[str, str]) -> None:
    url, key = served
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    examples: dict[str, int] = {}

    def fuzz(operation: Any) -> None:
        label = f"{operation.method.upper()} {operation.path}"

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def run(case: Any) -> None:
            examples[label] = examples.get(label, 0) + 1
            response = case.call(headers={"Authorization": f"Bearer {key}"}, timeout=60)
            assert response.status_code < 500, f"{label}: {response.status_code} {response.text[:300]}"

        run()

    for result in schema.get_all_operations():
        fuzz(result.ok())
    assert len(examples) >= 25, sorted(examples)  # every operation was exercised
    print(f"fuzzed {len(examples)} operations with {sum(examples.values())} generated requests")


@pytest.mark.parametrize("size", [10_000, 100_000])
def test_a_huge_query_in_any_script_gets_an_answer_not_a_crash(served: tuple[str, str], size: int) -> None:
    url, key = served
    headers = {"Authorization": f"Bearer {key}"}
    text = (
        "trata de personas 人口贩卖 الاتجار بالبشر торговля людьми \u202e\u0000 <script>x</script> 🙂 " * 2000
    )[:size]
    posted = httpx.post(f"{url}/api/search", json={"q": text, "limit": 5}, headers=headers, timeout=60)
    assert posted.status_code == 200 and "hits" in posted.json()
    # The same text in a URL: httpx will not even build one this long, so the request is written by hand.
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=60) as sock:
        sock.sendall(
            f"GET /api/search?q={quote(text)} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {key}"
            f"\r\nConnection: close\r\n\r\n".encode()
        )
        status = sock.recv(64).split(b" ")[1]
    assert status in (b"200", b"400", b"414", b"431"), status  # a URL this long may be refused, not crash
    drafted = httpx.post(f"{url}/api/similar", json={"text": text, "limit": 3}, headers=headers, timeout=60)
    assert drafted.status_code == 200 and "cases" in drafted.json()
