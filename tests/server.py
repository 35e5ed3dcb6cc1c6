"""A live `casoteca serve` for tests that need a real server (browser, fuzzing)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

CASOTECA = str(Path(sys.executable).with_name("casoteca"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(env: dict[str, str], log: Path, seconds: float = 180) -> Iterator[str]:
    """Start the server with `env`, wait until /health answers, yield its URL, stop it at the end. `seconds`
    bounds only a server that never starts (it loads the model first: a minute on a loaded machine)."""
    port = free_port()
    # One process unless the test asks for more: the browser and fuzz tests exercise the pages and the API,
    # tests/casoteca/test_serving.py the writer, readers and balancer of several processes.
    env = {"CASOTECA_WORKERS": "1", **env}
    with log.open("w") as out:
        server = subprocess.Popen([CASOTECA, "serve", "--port", str(port)], env=env, stdout=out, stderr=out)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + seconds
            while True:
                try:
                    if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"the server did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.1)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)
