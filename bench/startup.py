"""How long the README's run command (`scripts/run`) takes to serve, on a first and on a second start.

Run from the project root:  .venv/bin/python bench/startup.py [--port 8766]

Each start runs `scripts/run` with a fresh data folder shared by both starts and waits until /health
answers 200 and a search answers; then stops the server. The first start ingests casestudies/; the
second finds every file unchanged. Set-up (bootstrap) is already done in this checkout, so neither start
installs anything. Prints seconds, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def api_key(data_dir: Path) -> str:
    """A key for the admin the first start made (users are kept apart from the index, so this works while
    the server runs)."""
    from service.accounts import Accounts

    accounts = Accounts(data_dir / "accounts.db")
    try:
        return accounts.new_api_key("admin", "bench")[1]
    finally:
        accounts.close()


def start(data_dir: Path, port: int) -> tuple[float, float, str]:
    """(seconds to a healthy server, seconds to the first search answer, the ingest summary line)."""
    env = {**os.environ, "CASOTECA_DATA_DIR": str(data_dir)}
    log_path = data_dir.parent / f"run-{time.monotonic_ns()}.log"
    with log_path.open("w") as log:
        started = time.perf_counter()
        server = subprocess.Popen(
            [str(ROOT / "scripts" / "run"), "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            healthy = searched = None
            while time.perf_counter() - started < 900:
                if server.poll() is not None:
                    raise SystemExit(f"scripts/run exited:\n{log_path.read_text()[-3000:]}")
                try:
                    if (
                        healthy is None
                        and httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200
                    ):
                        healthy = time.perf_counter() - started
                    if healthy is not None:
                        httpx.get(
                            f"http://127.0.0.1:{port}/api/search",
                            params={"q": "trabajo esclavo"},
                            headers={"Authorization": f"Bearer {api_key(data_dir)}"},
                            timeout=30,
                        ).raise_for_status()
                        searched = time.perf_counter() - started
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            if healthy is None or searched is None:
                raise SystemExit(f"scripts/run did not serve:\n{log_path.read_text()[-3000:]}")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
    summary = [line for line in log_path.read_text().splitlines() if "added" in line or "unchanged" in line]
    return healthy, searched, summary[-1].strip() if summary else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        for label in ("first start (ingests casestudies/)", "second start (nothing changed)"):
            healthy, searched, summary = start(data_dir, args.port)
            print(f"{label:38} healthy after {healthy:5.1f} s, first search answered after {searched:5.1f} s")
            if summary:
                print(f"  {summary}")


if __name__ == "__main__":
    main()
