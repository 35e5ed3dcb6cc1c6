"""The serving process's one writer: uploads and the inbox folder are ingested on a background thread,
one file at a time, while searches keep answering on the request threads.

Only one handle may open the embedded index, so ingest while serving has to happen in the serving
process (with several search processes, the writer: casoteca/supervise.py); doing every write on one
thread keeps them in order and off the request threads.

The inbox (`data/inbox/` by default) is polled: a file whose size has not changed for one poll is
ingested (its `NAME.meta.yaml` sidecar, if any, says who owns it and who may see it), then moved to
`inbox/done/` or `inbox/failed/` with a `NAME.report.json` that says what happened.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from ingest.metadata import sidecar_path

from .report import ReportLine, report_json

log = logging.getLogger("casoteca.worker")
SKIP = ("done", "failed")


class IngestWorker:
    def __init__(self, library: Any, inbox: Path | None, poll_seconds: float = 5.0) -> None:
        self.library = library
        self.inbox = inbox
        self.poll_seconds = poll_seconds
        self._jobs: queue.Queue[
            tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any], Future[Any]] | None
        ] = queue.Queue()
        self._sizes: dict[Path, int] = {}
        self._thread = threading.Thread(target=self._run, name="casoteca-ingest", daemon=True)

    def start(self) -> None:
        if self.inbox is not None:
            for name in ("", *SKIP):
                (self.inbox / name).mkdir(parents=True, exist_ok=True)
        self._thread.start()

    def stop(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=60)

    def submit(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        """Run `function` on the writer thread; the future holds its result or its exception."""
        future: Future[Any] = Future()
        self._jobs.put((function, args, kwargs, future))
        return future

    def _run(self) -> None:
        while True:
            try:
                job = self._jobs.get(timeout=self.poll_seconds)
            except queue.Empty:
                self._scan_inbox()
                continue
            if job is None:
                return
            function, args, kwargs, future = job
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(function(*args, **kwargs))
                except Exception as exc:  # noqa: BLE001 - handed to whoever waits on the future
                    future.set_exception(exc)

    def _scan_inbox(self) -> None:
        if self.inbox is None:
            return
        try:
            files = sorted(
                p
                for p in self.inbox.iterdir()
                if p.is_file() and not p.name.endswith(".meta.yaml") and not p.name.startswith(".")
            )
        except OSError as exc:
            log.error("cannot read the inbox %s: %s", self.inbox, exc)
            return
        for path in files:
            size = path.stat().st_size
            if self._sizes.get(path) != size:  # still being written, or new: look again next poll
                self._sizes[path] = size
                continue
            del self._sizes[path]
            self._ingest(path)

    def _ingest(self, path: Path) -> None:
        assert self.inbox is not None
        try:
            report = self.library.ingest_paths([path])
        except Exception as exc:  # one bad file never stops the worker
            log.exception("ingest of %s failed", path)
            report = [ReportLine(str(path), "failed", error=str(exc))]
        failed = any(line.status == "failed" for line in report)
        target = self.inbox / ("failed" if failed else "done")
        sidecar = sidecar_path(path)
        for moving in (path, sidecar):
            if moving.exists():
                os.replace(moving, unique(target / moving.name))
        (target / f"{path.name}.report.json").write_text(report_json(report), encoding="utf-8")
        for line in report:
            if line.status == "duplicate":
                log.info(
                    "inbox: %s is already in the base as %r (%s)", line.path, line.title, line.document_id
                )
        log.info("inbox: %s %s", path.name, "failed" if failed else "ingested")


def unique(path: Path) -> Path:
    """`path`, or `path` with a number added when a file of that name is already there."""
    if not path.exists():
        return path
    for n in range(1, 10_000):
        candidate = path.with_name(f"{path.stem}.{n}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise OSError(f"too many files named {path.name} in {path.parent}")
