"""Search over HTTP under load: one process against several search processes, in the same run.

Run from the project root:
    .venv/bin/python bench/load.py [--index DIR] [--workers 1 2] [--clients 8] [--requests 400]
                                   [--rates 10 30 60] [--seconds 20] [--uploads] [--baseline REV [--rounds 4]]

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

With `--baseline REV` (say `main`), the files of that revision (git archive) are served too, side by side
over their own copy of the index, and every part is measured for both in `--rounds` turns, taking turns
in alternating order, so what else the machine does falls on both alike; first, whether both answer each
benchmark query with the same bytes.

The machine may be shared: compare rows within one run only; the load average is printed with each
part. Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
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
    parser.add_argument(
        "--baseline", metavar="REV", help="also serve this git revision, side by side, measured in turns"
    )
    parser.add_argument("--rounds", type=int, default=4, help="turns of each measurement with --baseline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        trees: list[tuple[str, Path | None]] = [("this tree", None)]
        if args.baseline:
            trees.append((args.baseline, exported(args.baseline, Path(tmp) / "baseline-tree")))
        datas = [Path(tmp) / f"data-{n}" for n in range(len(trees))]
        keys = [prepare(data, args.index) for data in datas]
        print(f"load average {load()}; {os.cpu_count()} cores")
        engine_limit(datas, args.requests)
        for workers in args.workers:
            print(
                f"\n--workers {workers} ({'one process' if workers == 1 else f'a writer, {workers} readers, the balancer'}); load average {load()}"
            )
            with contextlib.ExitStack() as stack:
                targets = []
                for n, ((label, tree), data) in enumerate(zip(trees, datas, strict=True)):
                    env = {**os.environ, "CASOTECA_DATA_DIR": str(data), "CASOTECA_WORKERS": str(workers)}
                    base, server = stack.enter_context(served_tree(data, args.port + n, env, tree))
                    urls = search_urls(data, base, workers)
                    targets.append(Target(label, base, urls, keys[n], server_pids(data, server.pid, workers)))
                asyncio.run(measure(targets, args))
                for target, data in zip(targets, datas, strict=True):
                    print(f"  {target.label}:")
                    memory(data, target.pids[0], workers)
                if args.uploads:
                    with_uploads(targets[0].base, targets[0].keys, args)
            print(f"  load average after: {load()}")


def exported(revision: str, folder: Path) -> Path:
    """The files of `revision` (git archive), to be served beside this tree: its own code, this
    interpreter and its packages."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True)
    folder.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def prepare(data: Path, index: Path | None) -> dict[str, str]:
    """A fresh data folder: the kept index copied in (or casestudies/ ingested), and the load's users."""
    data.mkdir()
    env = {**os.environ, "CASOTECA_DATA_DIR": str(data)}
    if index:
        started = time.perf_counter()
        version = live_version(index)
        (data / "index").mkdir()
        for part in ("shard", "model.json"):
            copy = shutil.copytree if (version / part).is_dir() else shutil.copy2
            copy(version / part, data / "index" / part)
        print(
            f"index {index}: {disk_mb(data / 'index'):,.0f} MB, copied in {time.perf_counter() - started:.0f} s"
        )
    else:
        subprocess.run(
            [sys.executable, "-m", "casoteca.cli", "ingest", str(ROOT / "casestudies")],
            env=env,
            check=True,
            capture_output=True,
        )
    return make_users(data)


@contextlib.contextmanager
def served_tree(
    data: Path, port: int, env: dict[str, str], tree: Path | None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`casoteca serve` of this tree, or of an exported one (its code first on the path, in it and in
    every process it starts)."""
    if tree is None:
        with served(data, port, env) as found:
            yield found
        return
    log = (data / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "casoteca.cli", "serve", "--port", str(port)],
        env={**env, "PYTHONPATH": str(tree)},
        cwd=tree,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while not answers(base):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the baseline did not start:\n" + (data / "server.log").read_text()[-2000:])
            time.sleep(0.2)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


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


def engine_limit(datas: list[Path], count: int) -> None:
    """The two engine legs of a hybrid search, alone, in this process: what no server can beat. Then the
    base's lexicon is built and saved where the servers find it, as a running server would have done long
    before: otherwise every process measured builds its own in the background, and the CPU it takes
    (tens of seconds at 100k passages) counts against the searches."""
    from index.embed import make_embedder
    from index.lexicon import Lexicon, LexiconCache
    from index.store import EdgeStore

    index = datas[0] / "index"
    store = EdgeStore(index)
    embedder = make_embedder()
    rng = random.Random(5)
    print("engine, in this process, one search at a time (the limit):")
    bench_engine(store, embedder, [rng.choice(QUERIES) for _ in range(min(count, 200))], None)
    started = time.perf_counter()
    lexicon = Lexicon.build(store, embedder)
    for data in datas:
        lexicon.save(LexiconCache(data / "lexicon").path(embedder.model_id))
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


def cpu_parts(seconds: list[float], searches: int) -> str:
    """CPU per search of each serving process: the server alone, or the balancer, writer and readers."""
    ms = [s / searches * 1000 for s in seconds]
    if len(ms) == 1:
        return "one process"
    readers = " + ".join(f"{m:.1f}" for m in ms[2:])
    return f"balancer {ms[0]:.1f}, writer {ms[1]:.1f}, readers {readers}"


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


@dataclass
class Target:
    """One server measured: its label, public address, search processes' addresses, keys, processes."""

    label: str
    base: str
    urls: list[str]
    keys: dict[str, str]
    pids: list[int]


async def measure(targets: list[Target], args: argparse.Namespace) -> None:
    """Each part for every target; with several, in `--rounds` turns (in alternating order), so a change
    of the shared machine's load falls on all of them alike."""
    limits = httpx.Limits(max_connections=BOUND + 8, max_keepalive_connections=BOUND + 8)
    clients = [
        httpx.AsyncClient(
            base_url=t.base,
            headers={"Authorization": f"Bearer {t.keys['reader']}"},
            timeout=120,
            limits=limits,
        )
        for t in targets
    ]
    rounds = args.rounds if len(targets) > 1 else 1
    try:
        # Warm in every search process alike: each query embedded (and cached) once, first pages read.
        for http, target in zip(clients, targets, strict=True):
            for url in target.urls:
                for text in QUERIES:
                    await http.get(f"{url}/api/search", params={"q": text})
        if len(targets) > 1:
            await same_answers(clients, targets)
        results = [Closed() for _ in targets]
        for turn in range(rounds):
            for k in order(len(targets), turn):
                cpu = [cpu_seconds([pid]) for pid in targets[k].pids]
                await closed_loop(clients[k], args.clients, args.requests // rounds, results[k], seed=turn)
                spent = [
                    cpu_seconds([pid]) - before for pid, before in zip(targets[k].pids, cpu, strict=True)
                ]
                results[k].cpu = [
                    a + b for a, b in zip(results[k].cpu or [0.0] * len(spent), spent, strict=True)
                ]
        for target, result in zip(targets, results, strict=True):
            print(
                f"  {target.label:12} closed loop, {args.clients} clients  {percentiles(result.times)}  "
                f"{len(result.times) / result.wall:6.1f} req/s  {result.errors} errors; server CPU per search "
                f"{sum(result.cpu) / len(result.times) * 1000:5.1f} ms ({cpu_parts(result.cpu, len(result.times))})"
            )
        for rate in args.rates:
            opened = [Opened() for _ in targets]
            for turn in range(rounds):
                for k in order(len(targets), turn):
                    await open_loop(clients[k], rate, args.seconds / rounds, opened[k], seed=turn)
            for target, result in zip(targets, opened, strict=True):
                print(
                    f"  {target.label:12} open loop {rate:4.0f}/s ({result.sent} sent)  {percentiles(result.times)}  "
                    f"{result.sent / args.seconds:6.1f} req/s  {result.errors} errors  {result.dropped} dropped"
                )
        print(f"  load average {load()}")
    finally:
        for http in clients:
            await http.aclose()
    for target in targets:
        await upload_to_searchable(target.base, target.urls, target.keys, target.label)


def order(count: int, turn: int) -> list[int]:
    """Who goes first alternates from turn to turn."""
    return list(range(count)) if turn % 2 == 0 else list(reversed(range(count)))


async def same_answers(clients: list[httpx.AsyncClient], targets: list[Target]) -> None:
    """Whether every target answers every benchmark query with the same bytes (the same index copied)."""
    same = 0
    for text in QUERIES:
        bodies = [(await http.get("/api/search", params={"q": text})).content for http in clients]
        same += all(body == bodies[0] for body in bodies)
    print(f"  the same JSON from {' and '.join(t.label for t in targets)}: {same} of {len(QUERIES)} queries")


@dataclass
class Closed:
    times: list[float] = field(default_factory=list)
    wall: float = 0.0
    errors: int = 0
    cpu: list[float] = field(default_factory=list)  # seconds, per process of Target.pids


@dataclass
class Opened:
    times: list[float] = field(default_factory=list)
    sent: int = 0
    errors: int = 0
    dropped: int = 0


async def closed_loop(
    http: httpx.AsyncClient, clients: int, requests: int, result: Closed | None = None, seed: int = 0
) -> None:
    """`clients` clients, each sending its next search once the last is answered; printed when no
    `result` gathers several turns."""
    rng = random.Random(7 + 1000 * seed)
    texts = [rng.choice(QUERIES) for _ in range(requests)]
    out = result if result is not None else Closed()

    async def client(share: list[str]) -> None:
        for text in share:
            started = time.perf_counter()
            response = await http.get("/api/search", params={"q": text})
            out.times.append(time.perf_counter() - started)
            out.errors += response.status_code != 200

    started = time.perf_counter()
    await asyncio.gather(*(client(texts[k::clients]) for k in range(clients)))
    out.wall += time.perf_counter() - started
    if result is None:
        print(
            f"  closed loop, {clients} clients          {percentiles(out.times)}  "
            f"{len(out.times) / out.wall:6.1f} req/s  {out.errors} errors"
        )


async def open_loop(
    http: httpx.AsyncClient, rate: float, seconds: float, result: Opened | None = None, seed: int = 0
) -> None:
    """Searches arriving at `rate` per second (Poisson) for `seconds`, each timed from when it was due."""
    rng = random.Random(int(rate) + 1000 * seed)
    loop = asyncio.get_running_loop()
    out = result if result is not None else Opened()
    in_flight = 0

    async def one(due: float, text: str) -> None:
        nonlocal in_flight
        try:
            response = await http.get("/api/search", params={"q": text})
            out.errors += response.status_code != 200
        finally:
            in_flight -= 1
        out.times.append(loop.time() - due)

    tasks = []
    start = loop.time()
    due = start
    while (due := due + rng.expovariate(rate)) < start + seconds:
        await asyncio.sleep(max(0.0, due - loop.time()))
        if in_flight >= BOUND:
            out.dropped += 1
            continue
        in_flight += 1
        tasks.append(asyncio.create_task(one(due, rng.choice(QUERIES))))
    await asyncio.gather(*tasks)
    out.sent += len(tasks)
    if result is None:
        print(
            f"  open loop {rate:4.0f}/s ({len(tasks)} sent)       {percentiles(out.times)}  "
            f"{len(tasks) / seconds:6.1f} req/s  {out.errors} errors  {out.dropped} dropped"
        )


async def upload_to_searchable(base: str, urls: list[str], keys: dict[str, str], label: str = "") -> None:
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
        f"  {label:12} upload-to-searchable: upload answered {answered:5.2f} s"
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
