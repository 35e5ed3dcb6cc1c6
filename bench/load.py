"""Search over HTTP under load: one process against several search processes, in the same run.

Run from the project root:
    .venv/bin/python bench/load.py [--index DIR] [--workers 1 2] [--clients 8] [--requests 400]
                                   [--rates 10 30 60] [--seconds 20] [--uploads]

The index: `--index` names a kept one (e.g. the 100k index of `bench/search_speed.py --sizes 100000
--optimize --quantize --keep DIR`: DIR/bench-100000-sentences/index), copied into a fresh data folder;
without it, casestudies/ is ingested first. This process is the load, on loopback, as a signed-in reader
of one office (so every search carries a reader's access filter).

First the limit, in this process on the same index: the two engine legs of a hybrid search alone (no
payloads, bench/search_speed.py's `bench_engine`); then, for each `--workers` value (1: today's single
process; N: a writer, N readers and the balancer, casoteca/supervise.py), `casoteca serve`:

- closed loop: `--clients` clients, each sending its next search as soon as the last one is answered;
- open loop: searches arriving at each of `--rates` per second (Poisson) for `--seconds`, timed from
  when each should have been sent (a late client does not hide a slow server), bounded at BOUND in
  flight (arrivals past it are counted as dropped, not sent);
- upload-to-searchable: a new document uploaded, then searched for in every search process until it is
  found;
- resident memory of every process, disk of each reader's copy and of the writer's publication;
- with `--uploads`: searches again while every file of casestudies/ is uploaded under new names.

The machine may be shared: compare rows within one run only; the load average is printed with each
part. Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_speed import QUERIES, bench_engine, percentiles, served, server_rss_mb
from index.store.journal import live_version
from service.accounts import Accounts

# Open-loop searches in flight at most: past it an arrival is dropped (a bounded client, as a real
# front end with a connection limit would be).
BOUND = 64
OFFICE = "office"  # the office of bench/search_speed.py's synthetic documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="a kept index folder to serve (copied)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, os.cpu_count() or 1])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400, help="closed-loop searches per configuration")
    parser.add_argument("--rates", type=float, nargs="+", default=[10, 30, 60])
    parser.add_argument("--seconds", type=float, default=20, help="open-loop time per rate")
    parser.add_argument("--uploads", action="store_true", help="also search while files are uploaded")
    parser.add_argument("--port", type=int, default=8767)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        env = {**os.environ, "CASOTECA_DATA_DIR": str(data)}
        if args.index:
            started = time.perf_counter()
            version = live_version(args.index)
            (data / "index").mkdir()
            for part in ("shard", "model.json"):
                copy = shutil.copytree if (version / part).is_dir() else shutil.copy2
                copy(version / part, data / "index" / part)
            print(
                f"index {args.index}: {disk_mb(data / 'index'):,.0f} MB, copied in {time.perf_counter() - started:.0f} s"
            )
        else:
            subprocess.run(
                [sys.executable, "-m", "casoteca.cli", "ingest", str(ROOT / "casestudies")],
                env=env,
                check=True,
                capture_output=True,
            )
        keys = make_users(data)
        print(f"load average {load()}; {os.cpu_count()} cores")
        engine_limit(data / "index", args.requests)
        for workers in args.workers:
            print(
                f"\n--workers {workers} ({'one process' if workers == 1 else f'a writer, {workers} readers, the balancer'}); load average {load()}"
            )
            with served(data, args.port, {**env, "CASOTECA_WORKERS": str(workers)}) as (base, server):
                urls = search_urls(data, base, workers)
                asyncio.run(measure(base, urls, keys, args, server_pids(data, server.pid, workers)))
                memory(data, server.pid, workers)
                if args.uploads:
                    with_uploads(base, keys, args)
            print(f"  load average after: {load()}")


def make_users(data: Path) -> dict[str, str]:
    accounts = Accounts(data / "accounts.db")
    keys = {}
    for name, role in (("load-reader", "reader"), ("load-editor", "editor")):
        accounts.add_user(name, "a long load password", OFFICE, role)
        keys[role] = accounts.new_api_key(name)[1]
    accounts.close()
    return keys


def disk_mb(folder: Path) -> float:
    """Disk really used under `folder` (allocated blocks: the engine's files are partly sparse)."""
    return sum(p.stat().st_blocks * 512 for p in folder.rglob("*") if p.is_file()) / 2**20


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def engine_limit(index: Path, count: int) -> None:
    """The two engine legs of a hybrid search, alone, in this process: what no server can beat. Then the
    base's lexicon is built and saved where the servers find it, as a running server would have done long
    before: otherwise every process measured builds its own in the background, and the CPU it takes
    (tens of seconds at 100k passages) counts against the searches."""
    from index.embed import make_embedder
    from index.lexicon import Lexicon, LexiconCache
    from index.store import EdgeStore

    store = EdgeStore(index)
    embedder = make_embedder()
    rng = random.Random(5)
    print("engine, in this process, one search at a time (the limit):")
    bench_engine(store, embedder, [rng.choice(QUERIES) for _ in range(min(count, 200))], None)
    started = time.perf_counter()
    Lexicon.build(store, embedder).save(LexiconCache(index.parent / "lexicon").path(embedder.model_id))
    print(f"  the base's lexicon built once for every server, {time.perf_counter() - started:.0f} s")
    store.close()


def search_urls(data: Path, base: str, workers: int) -> list[str]:
    """Where each search process answers directly: the readers (ready), or the one server."""
    if workers == 1:
        return [base]
    run = data / "run" / "serving.json"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if run.exists():
            urls = [f"http://127.0.0.1:{r['port']}" for r in json.loads(run.read_text())["readers"]]
            if all(answers(url) for url in urls):
                return urls
        time.sleep(0.2)
    raise SystemExit("the readers did not start")


def server_pids(data: Path, pid: int, workers: int) -> list[int]:
    if workers == 1:
        return [pid]
    run = json.loads((data / "run" / "serving.json").read_text())
    return [pid, run["writer"]["pid"], *(r["pid"] for r in run["readers"])]


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes so far (threads included), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


async def measure(
    base: str, urls: list[str], keys: dict[str, str], args: argparse.Namespace, pids: list[int]
) -> None:
    headers = {"Authorization": f"Bearer {keys['reader']}"}
    limits = httpx.Limits(max_connections=BOUND + 8, max_keepalive_connections=BOUND + 8)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120, limits=limits) as http:
        # Warm in every search process alike: each query embedded (and cached) once, first pages read.
        for url in urls:
            for text in QUERIES:
                await http.get(f"{url}/api/search", params={"q": text})
        cpu = cpu_seconds(pids)
        await closed_loop(http, args.clients, args.requests)
        cpu = cpu_seconds(pids) - cpu
        print(
            f"  server CPU per search, closed loop    {cpu / args.requests * 1000:6.1f} ms "
            "(every serving process, balancer included; what a shared machine inflates least)"
        )
        for rate in args.rates:
            await open_loop(http, rate, args.seconds)
    await upload_to_searchable(base, urls, keys)


async def closed_loop(http: httpx.AsyncClient, clients: int, requests: int) -> None:
    rng = random.Random(7)
    texts = [rng.choice(QUERIES) for _ in range(requests)]
    times: list[float] = []
    errors = 0

    async def client(share: list[str]) -> None:
        nonlocal errors
        for text in share:
            started = time.perf_counter()
            response = await http.get("/api/search", params={"q": text})
            times.append(time.perf_counter() - started)
            errors += response.status_code != 200

    started = time.perf_counter()
    await asyncio.gather(*(client(texts[k::clients]) for k in range(clients)))
    wall = time.perf_counter() - started
    print(
        f"  closed loop, {clients} clients          {percentiles(times)}  {len(times) / wall:6.1f} req/s  {errors} errors"
    )


async def open_loop(http: httpx.AsyncClient, rate: float, seconds: float) -> None:
    rng = random.Random(int(rate))
    loop = asyncio.get_running_loop()
    times: list[float] = []
    errors = dropped = in_flight = 0

    async def one(due: float, text: str) -> None:
        nonlocal errors, in_flight
        try:
            response = await http.get("/api/search", params={"q": text})
            errors += response.status_code != 200
        finally:
            in_flight -= 1
        times.append(loop.time() - due)

    tasks = []
    start = loop.time()
    due = start
    while (due := due + rng.expovariate(rate)) < start + seconds:
        await asyncio.sleep(max(0.0, due - loop.time()))
        if in_flight >= BOUND:
            dropped += 1
            continue
        in_flight += 1
        tasks.append(asyncio.create_task(one(due, rng.choice(QUERIES))))
    await asyncio.gather(*tasks)
    sent = len(tasks)
    print(
        f"  open loop {rate:4.0f}/s ({sent} sent)       {percentiles(times)}  "
        f"{sent / seconds:6.1f} req/s  {errors} errors  {dropped} dropped"
    )


async def upload_to_searchable(base: str, urls: list[str], keys: dict[str, str]) -> None:
    """A new document uploaded, then asked for in every search process until each finds it."""
    token = uuid.uuid4().hex[:8]
    title = f"Informe de carga {token}"
    text = (
        f"# {title}\n\nEl tribunal condenó a la red de trata por explotación laboral en talleres textiles "
        "clandestinos; las víctimas fueron reclutadas con ofertas de empleo falsas.\n"
    )
    headers = {"Authorization": f"Bearer {keys['editor']}"}
    async with httpx.AsyncClient(headers=headers, timeout=300) as http:
        started = time.perf_counter()
        sent = await http.post(f"{base}/api/documents", files={"files": (f"carga-{token}.md", text.encode())})
        answered = time.perf_counter() - started
        settled = sent.headers.get("x-casoteca-settled-ms")
        if sent.status_code != 201:
            print(f"  upload failed: {sent.status_code} {sent.text[:200]}")
            return
        doc_id = sent.json()["documents"][0]["document_id"]
        searchable = []
        for url in urls:
            while True:
                found = await http.get(f"{url}/api/search", params={"q": title})
                if any(hit["document_id"] == doc_id for hit in found.json().get("hits", [])):
                    searchable.append(time.perf_counter() - started)
                    break
    print(
        f"  upload-to-searchable                upload answered {answered:5.2f} s"
        + (f" (of which {int(settled) / 1000:.2f} s waiting for the readers to apply it)" if settled else "")
        + f"; a search answered {max(searchable):5.2f} s after the upload was sent found it in every "
        "search process"
    )


def memory(data: Path, pid: int, workers: int) -> None:
    if workers == 1:
        print(f"  resident memory: the server {server_rss_mb(pid):6.0f} MB")
        return
    run = json.loads((data / "run" / "serving.json").read_text())
    readers = [server_rss_mb(r["pid"]) for r in run["readers"]]
    print(
        f"  resident memory: writer {server_rss_mb(run['writer']['pid']):,.0f} MB, readers "
        + ", ".join(f"{mb:,.0f}" for mb in readers)
        + f" MB, balancer {server_rss_mb(pid):,.0f} MB"
    )
    copies = [disk_mb(Path(r["replica"])) for r in run["readers"]]
    version = live_version(data / "index")
    publication = sum(disk_mb(p) for p in version.glob("p-*"))
    journal = sum(p.stat().st_size for p in version.glob("p-*/journal.jsonl")) / 1024
    print(
        f"  disk: the writer's index {disk_mb(version / 'shard'):,.0f} MB, its publication {publication:,.0f} MB, "
        "each reader's copy " + ", ".join(f"{mb:,.0f}" for mb in copies) + " MB; "
        f"the journal (what the upload sent every reader) {journal:,.0f} KB"
    )


def with_uploads(base: str, keys: dict[str, str], args: argparse.Namespace) -> None:
    headers = {"Authorization": f"Bearer {keys['editor']}"}
    with httpx.Client(base_url=base, headers=headers, timeout=300) as http:
        uploads = Uploader(http)
        uploads.start()
        asyncio.run(searches_meanwhile(base, keys, args))
        uploads.stop()
    print(
        f"  uploads meanwhile: {uploads.files} files in {uploads.seconds:.1f} s "
        f"({uploads.files / max(uploads.seconds, 1e-9):.2f} files/s), {uploads.errors} errors"
    )


async def searches_meanwhile(base: str, keys: dict[str, str], args: argparse.Namespace) -> None:
    headers = {"Authorization": f"Bearer {keys['reader']}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as http:
        print("  while files are uploaded:")
        await closed_loop(http, args.clients, args.requests)


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
