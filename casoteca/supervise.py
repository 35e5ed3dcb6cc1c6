"""`casoteca serve` with several search processes on the embedded index: start, watch, restart, balance.

Qdrant Edge holds the GIL for a whole search, so one process searches on one core. With
CASOTECA_WORKERS (or `--workers`) above one, this process runs no app itself; it starts:

- one *writer*: the app as a single process runs it (uploads and every other write, the inbox, alerts),
  which also publishes its index and journals its writes (index/store/journal.py);
- N *readers*: the app over their own copy of the index in `data/replicas/reader-K`, kept in step with
  the writer (service/replica.py); they answer every read;

and the balancer (casoteca/balance.py) on the public address. Each process listens on a loopback port
this process opens for it (a fresh one at every start, so a dead process refuses connections and the
balancer retries elsewhere at once). A process that exits is started again (after a pause that grows
while it keeps failing); a reader is balanced again once it answers /health. The public port opens when
the writer is ready; readers start once it has published. `data/run/serving.json` says which process
is where (pids, ports, copies), for operators and benchmarks. Every process it starts writes its metrics
into `data/run/metrics` (emptied at each start), so `/metrics` answers for the whole service (api/metrics.py).

Stopping (SIGTERM, SIGINT) closes the public port, then stops every process (a reader still starting is
killed: it has nothing to finish).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from index.store.journal import published, read_applied

from .balance import Backend, Balancer
from .settings import Settings

log = logging.getLogger("casoteca.supervise")
# A write is answered once every ready reader has applied it, but never later than this.
SETTLE_SECONDS = 10.0
SETTLE_POLL = 0.01
HEALTH_POLL = 0.2
# Restart pauses: a process that exits is started again after this, doubled while it keeps failing
# within FAILING_SECONDS of its start, up to the last value.
RESTART_SECONDS, RESTART_MAX, FAILING_SECONDS = 0.5, 30.0, 30.0


def worker_count(settings: Settings, asked: int | None) -> int:
    """Readers to run: `--workers`, else CASOTECA_WORKERS, where 0 means one per core."""
    workers = asked if asked is not None else settings.workers
    return workers if workers > 0 else os.cpu_count() or 1


@dataclass(eq=False)
class Child:
    """One serving process and the backend the balancer sees for it."""

    role: str  # "writer" or "reader"
    backend: Backend
    replica: Path | None = None
    process: asyncio.subprocess.Process | None = None
    watching: asyncio.Task[None] | None = None  # waits for it to answer /health


class Supervisor:
    def __init__(self, settings: Settings, host: str, port: int, readers: int) -> None:
        self.settings = settings
        self.host, self.port = host, port
        self.writer = Child("writer", Backend("writer", 0))
        self.readers = [
            Child("reader", Backend(f"reader-{k}", 0), settings.data_dir / "replicas" / f"reader-{k}")
            for k in range(readers)
        ]
        self.balancer = Balancer(
            self.writer.backend,
            [c.backend for c in self.readers],
            settings.proxy_networks,
            settle=self.settle,
        )
        self.run_file = settings.data_dir / "run" / "serving.json"
        self.metrics_dir = settings.data_dir / "run" / "metrics"
        self._stopping = asyncio.Event()
        self.status = 0  # what `casoteca serve` exits with
        self._published = asyncio.Event()

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        # The counts of an earlier run are not this one's (a restarted child's are: its files stay).
        shutil.rmtree(self.metrics_dir, ignore_errors=True)
        self.metrics_dir.mkdir(parents=True)
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._stopping.set)
        tasks = [asyncio.create_task(self._keep(self.writer))]
        tasks += [asyncio.create_task(self._keep(child)) for child in self.readers]
        server = None
        try:
            ready = asyncio.create_task(self._published.wait())
            stop = asyncio.create_task(self._stopping.wait())
            await asyncio.wait([ready, stop], return_when=asyncio.FIRST_COMPLETED)
            if not self._stopping.is_set():
                server = await asyncio.start_server(self.balancer.handle, self.host, self.port)
                log.info("serving on http://%s:%d with %d readers", self.host, self.port, len(self.readers))
            await self._stopping.wait()
        finally:
            self._stopping.set()
            if server is not None:
                server.close()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        return self.status

    async def _keep(self, child: Child) -> None:
        """Run `child`, start it again whenever it exits, stop it when serving stops."""
        if child.role == "reader":
            await self._published.wait()
        pause = RESTART_SECONDS
        try:
            while not self._stopping.is_set():
                started = asyncio.get_running_loop().time()
                await self._start(child)
                assert child.process is not None
                code = await child.process.wait()
                child.backend.drop()
                if self._stopping.is_set():
                    return
                if child.role == "writer" and not self._published.is_set():
                    # It never started (the index locked by another process, a bad setting): as one
                    # process would, stop with its status instead of trying again for ever.
                    log.error("the writer could not start (exit status %s); stopping", code)
                    self.status = code or 1
                    self._stopping.set()
                    return
                failing = asyncio.get_running_loop().time() - started < FAILING_SECONDS
                pause = min(pause * 2, RESTART_MAX) if failing else RESTART_SECONDS
                log.warning("%s exited (%s); starting it again in %.1f s", child.backend.name, code, pause)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), pause)
        finally:
            await self._stop(child)

    async def _start(self, child: Child) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1024)
        listener.set_inheritable(True)
        command = [sys.executable, "-m", "casoteca.cli", "serve", "--role", child.role]
        command += ["--fd", str(listener.fileno())]
        if child.replica is not None:
            command += ["--replica", str(child.replica)]
        trusted = ",".join(filter(None, [self.settings.trusted_proxies, "127.0.0.1/32"]))
        env = {
            **os.environ,
            "CASOTECA_TRUSTED_PROXIES": trusted,
            # prometheus_client's multiprocess mode: each process's metrics in files of this folder.
            "PROMETHEUS_MULTIPROC_DIR": str(self.metrics_dir),
        }
        try:
            child.process = await asyncio.create_subprocess_exec(
                *command, env=env, pass_fds=(listener.fileno(),), cwd=Path(__file__).resolve().parents[1]
            )
            child.backend.port = listener.getsockname()[1]
        finally:
            listener.close()  # the child holds it now; when the child dies the port refuses at once
        self._write_run_file()
        child.watching = asyncio.create_task(self._mark_ready(child, child.process))

    async def _mark_ready(self, child: Child, process: asyncio.subprocess.Process) -> None:
        while process.returncode is None and not self._stopping.is_set():
            if await healthy(child.backend.port):
                child.backend.ready = True
                log.info("%s ready (pid %d)", child.backend.name, process.pid)
                if child.role == "writer":
                    self._published.set()
                return
            await asyncio.sleep(HEALTH_POLL)

    async def _stop(self, child: Child) -> None:
        process = child.process
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            if child.role == "reader" and not child.backend.ready:
                process.kill()  # still loading: nothing to finish, and its copy is made afresh next time
            else:
                process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 60)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()

    async def settle(self) -> None:
        """Wait (up to SETTLE_SECONDS) until every ready reader has applied the writer's whole journal."""
        publication = published(self.settings.index_dir)
        if publication is None:
            return
        try:
            end = publication.journal.stat().st_size
        except OSError:
            return
        deadline = asyncio.get_running_loop().time() + SETTLE_SECONDS
        while asyncio.get_running_loop().time() < deadline:
            behind = []
            for child in self.readers:
                if not child.backend.ready or child.replica is None:
                    continue
                applied = read_applied(child.replica)
                if applied is None or applied[0] != publication.name or applied[1] < end:
                    behind.append(child)
            if not behind:
                return
            await asyncio.sleep(SETTLE_POLL)
        log.warning("readers still behind the writer after %.0f s", SETTLE_SECONDS)

    def _write_run_file(self) -> None:
        def entry(child: Child) -> dict[str, object]:
            return {
                "name": child.backend.name,
                "port": child.backend.port,
                "pid": child.process.pid if child.process else None,
                "replica": str(child.replica) if child.replica else None,
            }

        self.run_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.run_file.with_suffix(".tmp")
        tmp.write_text(
            json.dumps(
                {
                    "port": self.port,
                    "pid": os.getpid(),
                    "writer": entry(self.writer),
                    "readers": [entry(c) for c in self.readers],
                },
                indent=1,
            ),
            encoding="utf-8",
        )
        os.replace(tmp, self.run_file)


async def healthy(port: int) -> bool:
    """Whether the process on `port` answers GET /health with 200."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return False
    try:
        writer.write(b"GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n")
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), 30)
        return status.split(b" ")[1:2] == [b"200"]
    except (OSError, TimeoutError):
        return False
    finally:
        writer.close()


def serve(settings: Settings, host: str, port: int, workers: int | None = None) -> int:
    """Run `casoteca serve`: one process as before when one worker is asked or the index is a Qdrant
    server (every process could open the server: run them behind a balancer yourself), else the
    writer, the readers and the balancer."""
    readers = worker_count(settings, workers)
    if readers <= 1 or settings.qdrant_url:
        return serve_one(settings, host, port)
    return asyncio.run(Supervisor(settings, host, port, readers).run())


def serve_one(
    settings: Settings,
    host: str,
    port: int,
    role: str = "single",
    fd: int | None = None,
    replica: Path | None = None,
) -> int:
    """One serving process: on `host:port`, or (a supervised writer or reader) on the listening socket
    `fd` its supervisor opened."""
    import uvicorn

    from .app import create_app

    # proxy_headers off: uvicorn would believe X-Forwarded-For from whatever FORWARDED_ALLOW_IPS names
    # (127.0.0.1 by default, "*" in some deployments); the app reads it only from CASOTECA_TRUSTED_PROXIES.
    config = uvicorn.Config(
        create_app(settings, role, replica),
        host=host,
        port=port,
        proxy_headers=False,
        server_header=False,
        # Behind the balancer a connection is reused for many requests: kept open instead of 5 s.
        timeout_keep_alive=600 if fd is not None else 5,
    )
    server = uvicorn.Server(config)
    if fd is None:
        server.run()
    else:
        server.run(sockets=[socket.socket(fileno=fd)])
    return 0
