"""The API fuzzed from its own OpenAPI schema (schemathesis) against a live `casoteca serve`: whatever the
parameters, bodies, sizes and characters, it never answers with a server error. Bounded: EXAMPLES per
operation."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.conftest import CASESTUDIES

EXAMPLES = 25


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(base URL, admin API key) of a server over two ingested documents; its log is checked at the end."""
    data = tmp_path_factory.mktemp("fuzz")
    env = {"CASOTECA_DATA_DIR": str(data), "CASOTECA_MAX_FILE_MB": "1", "PATH": "/usr/bin:/bin"}
    exe = str(Path(sys.executable).with_name("casoteca"))
    subprocess.run([exe, "ingest", str(CASESTUDIES / "es-republica-dominicana-yolas-trafico-maritimo.txt"),
                    str(CASESTUDIES / "pt-brasil-pesca-trabalho-escravo-barcos.md")], env=env, check=True,
                   capture_output=True)
    subprocess.run([exe, "users", "add", "fuzzer", "--office", "Fuzz", "--role", "admin"], env=env, check=True,
                   input="a long fuzzing password\n", text=True, capture_output=True)
    key = subprocess.run([exe, "users", "key", "fuzzer"], env=env, check=True, capture_output=True,
                         text=True).stdout.strip().splitlines()[-1]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (data / "server.log").open("w")
    server = subprocess.Popen([exe, "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url, key
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_the_api_never_answers_with_a_server_error(served: tuple[str, str]) -> None:
    url, key = served
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    examples: dict[str, int] = {}
    def fuzz(operation: Any) -> None:
        label = f"{operation.method.upper()} {operation.path}"

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            examples[label] = examples.get(label, 0) + 1
            response = case.call(headers={"Authorization": f"Bearer {key}"}, timeout=60)
            assert response.status_code < 500, f"{label}: {response.status_code} {response.text[:300]}"

        run()

    for result in schema.get_all_operations():
        fuzz(result.ok())
    assert len(examples) >= 25, sorted(examples)  # every operation was exercised
    print(f"fuzzed {len(examples)} operations with {sum(examples.values())} generated requests")
