"""Search under load, alone and while files are uploaded and ingested, over HTTP on loopback.

Run from the project root:  .venv/bin/python bench/load.py [--clients 4] [--requests 300]

A `casoteca serve` process over casestudies/ (ingested first); this process is the load: `--clients`
concurrent searchers, first alone (the baseline), then with one uploader sending every file of
casestudies/ again under new names (each one parsed, OCR'd where needed, embedded and written by the
server's writer thread while the searches go on). Prints p50/p95, requests/s, errors, uploads/s and the
server's memory. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_speed import QUERIES, percentiles, served, server_rss_mb
from service.accounts import Accounts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--port", type=int, default=8767)
    args = parser.parse_args()
    exe = str(Path(sys.executable).with_name("casoteca"))
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        env = {**os.environ, "CASOTECA_DATA_DIR": str(data)}
        subprocess.run([exe, "ingest", str(ROOT / "casestudies")], env=env, check=True, capture_output=True)
        accounts = Accounts(data / "accounts.db")
        accounts.add_user("load", "a long load password", "Load office", "editor")
        key = accounts.new_api_key("load")[1]
        accounts.close()
        with served(data, args.port, env) as (base, server):
            headers = {"Authorization": f"Bearer {key}"}
            with httpx.Client(
                base_url=base,
                headers=headers,
                timeout=120,
                limits=httpx.Limits(max_connections=args.clients + 1),
            ) as http:
                http.get("/api/search", params={"q": "warm-up"})
                searches(http, args, "search only (baseline)")
                uploads = Uploader(http)
                uploads.start()
                searches(http, args, "search while files are ingested")
                uploads.stop()
                print(
                    f"  uploads: {uploads.files} files in {uploads.seconds:.1f} s "
                    f"({uploads.files / max(uploads.seconds, 1e-9):.2f} files/s), {uploads.errors} errors"
                )
            print(f"  server resident memory                 {server_rss_mb(server.pid):6.0f} MB")


def searches(http: httpx.Client, args: argparse.Namespace, label: str) -> None:
    rng = random.Random(5)
    texts = [rng.choice(QUERIES) for _ in range(args.requests)]

    def one(text: str) -> tuple[float, bool]:
        started = time.perf_counter()
        ok = http.get("/api/search", params={"q": text}).status_code == 200
        return time.perf_counter() - started, ok

    started = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        results = list(pool.map(one, texts))
    wall = time.perf_counter() - started
    errors = sum(1 for _, ok in results if not ok)
    print(
        f"  {label:38} {percentiles([t for t, _ in results])}  {len(results) / wall:6.1f} req/s  {errors} errors"
    )


class Uploader(threading.Thread):
    """Sends every file of casestudies/ under a new name, one after the other, until stopped."""

    def __init__(self, http: httpx.Client) -> None:
        super().__init__(daemon=True)
        self.http = http
        self.files = self.errors = 0
        self.seconds = 0.0
        self._halt = threading.Event()

    def run(self) -> None:
        paths = sorted(
            p
            for p in (ROOT / "casestudies").iterdir()
            if p.is_file() and p.suffix != ".yaml" and p.name != "README.md"
        )
        started = time.perf_counter()
        round_ = 0
        while not self._halt.is_set():
            round_ += 1
            for path in paths:
                if self._halt.is_set():
                    break
                response = self.http.post(
                    "/api/documents", files={"files": (f"r{round_}-{path.name}", path.read_bytes())}
                )
                self.files += 1
                self.errors += response.status_code != 201
        self.seconds = time.perf_counter() - started

    def stop(self) -> None:
        self._halt.set()
        self.join()


if __name__ == "__main__":
    main()
