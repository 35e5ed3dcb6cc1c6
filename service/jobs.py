"""Long work as a job: an upload of a long or scanned document answers at once, and its progress (pages
read of the total, passages stored, errors) is read while it runs, instead of a request that hangs while
pages are OCR'd.

Jobs live in the serving process's memory (the newest `KEEP` of them): they report work in progress, the
documents themselves are stored as any upload's are. Each job belongs to the user who started it; another
user (but an admin) never sees it.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from ingest.progress import listening
from ingest.sniff import sniff

KEEP = 200  # jobs remembered; older ones are forgotten first
# A PDF longer than this many pages, or with a first page without a text layer (scanned), and any image,
# is ingested as a job: parsing it can take from several seconds to minutes (OCR: about a page a second).
LONG_PAGES = 30
IMAGE_TYPES = {"png", "jpeg", "tiff"}
MIN_TEXT_CHARS = 20  # the pdf parser's own threshold for a page with a text layer


@dataclass
class Job:
    """What a progress view shows. `status`: queued, running, done or failed."""

    id: str
    owner: str | None
    kind: str  # upload | reindex | optimize
    files: list[str]
    status: str = "queued"
    current: str = ""  # the file being read
    pages_done: int = 0
    pages_total: int = 0
    passages: int = 0
    errors: list[str] = field(default_factory=list)
    report: list[dict[str, Any]] = field(default_factory=list)
    result: dict[str, Any] = field(default_factory=dict)  # a reindex's or an optimize's answer
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    finished: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def running(self) -> bool:
        return self.status in ("queued", "running")


class JobBoard:
    """The jobs of one serving process, safe to read from request threads while the writer thread runs them."""

    def __init__(self) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def new(self, owner: str | None, kind: str, files: list[str]) -> Job:
        job = Job(str(uuid.uuid4()), owner, kind, files)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP:
                self._jobs.popitem(last=False)
        return job

    def get(self, job_id: str, owner: str | None, admin: bool = False) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and (admin or job.owner == owner) else None


def is_long(data: bytes, long_pages: int = LONG_PAGES) -> bool:
    """Whether ingesting this file may take long: an image (OCR), a scanned PDF, a PDF of many pages."""
    try:
        kind = sniff(data)
    except Exception:  # noqa: BLE001 - an unsupported file is quick: it fails at once
        return False
    if kind in IMAGE_TYPES:
        return True
    if kind != "pdf":
        return False
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return False
    try:
        if len(pdf) > long_pages:
            return True
        return len(pdf) > 0 and len(pdf[0].get_textpage().get_text_range().strip()) < MIN_TEXT_CHARS
    finally:
        pdf.close()


def run_upload(
    job: Job,
    files: list[tuple[str, bytes]],
    ingest: Callable[[str, bytes], list[Any]],
    done: Callable[[Job], None] | None = None,
) -> None:
    """Ingest each file with `ingest(name, data)` (the writer thread's call), keeping `job` up to date page
    by page; one file's failure is its line in the report, never the end of the others."""
    job.status = "running"

    def page(done_pages: int, total: int) -> None:
        job.pages_done, job.pages_total = done_pages, total

    try:
        for name, data in files:
            job.current, job.pages_done, job.pages_total = name, 0, 0
            with listening(page):
                lines = ingest(name, data)
            for line in lines:
                row = asdict(line)
                job.report.append(row)
                job.passages += row.get("passages") or 0
                if row.get("status") == "failed":
                    job.errors.append(f"{row.get('path')}: {row.get('error')}")
        job.status = "failed" if job.report and all(r["status"] == "failed" for r in job.report) else "done"
    except Exception as exc:  # noqa: BLE001 - the job says what went wrong; the server goes on
        job.errors.append(f"{type(exc).__name__}: {exc}"[:500])
        job.status = "failed"
    finally:
        job.current = ""
        job.finished = datetime.now(UTC).isoformat(timespec="seconds")
        if done is not None:
            done(job)


def run_work(job: Job, work: Callable[[], dict[str, Any]]) -> None:
    """Run an admin's long task (reindex, optimize) as `job`: its answer in `result`, or its error."""
    job.status = "running"
    try:
        job.result = work()
        job.status = "done"
    except Exception as exc:  # noqa: BLE001 - the job says what went wrong; the server goes on
        job.errors.append(f"{type(exc).__name__}: {exc}"[:500])
        job.status = "failed"
    finally:
        job.finished = datetime.now(UTC).isoformat(timespec="seconds")
