"""Uploads and admin tasks that take long, as jobs: the request is answered at once with the job, the work
runs on the writer thread like any upload (so writes stay in one order), and its progress is read from
`GET /api/jobs/{id}` or the page `/jobs/{id}` (service/jobs.py keeps the board).

An upload job's audit event is written when it ends, with the address the upload came from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request

from service.access import Caller, Visibility
from service.jobs import Job, JobBoard, is_long, run_upload, run_work

from .deps import Sent, client_address


def board(request: Request) -> JobBoard:
    """The serving process's jobs (made with the app, or on first use)."""
    state = request.app.state
    if not hasattr(state, "jobs"):
        state.jobs = JobBoard()
    return state.jobs


def upload_job(
    request: Request,
    caller: Caller,
    sent: Sent,
    visibility: Visibility,
    told: dict[str, Any] | None = None,
) -> Job | None:
    """A job for these files (read by `read_uploads`) when one of them is long or scanned; None when none
    is: the upload is answered as it always was."""
    library = request.app.state.library
    if not any(is_long(data) for _, data in sent):
        return None
    job = board(request).new(caller.name, "upload", [name for name, _ in sent])
    address = client_address(request)

    def ingest(name: str, data: bytes) -> list[Any]:
        return library.ingest_upload(name, data, caller=caller, visibility=visibility, sidecar=told)

    def finished(done: Job) -> None:
        files_done = [
            {"name": row["path"], "status": row["status"], "document_id": row["document_id"]}
            for row in done.report
        ]
        detail = {"visibility": visibility, "told": told or {}, "job": done.id, "files": files_done}
        library.record(caller, "upload", detail, address)

    request.app.state.worker.submit(run_upload, job, sent, ingest, finished)
    return job


def work_job(request: Request, caller: Caller, kind: str, work: Callable[[], dict[str, Any]]) -> Job:
    """An admin's long task (reindex, optimize) queued on the writer thread as a job."""
    job = board(request).new(caller.name, kind, [])
    request.app.state.worker.submit(run_work, job, work)
    return job


def job_answer(job: Job) -> dict[str, Any]:
    """A job as the API answers it, with where to follow it."""
    return {**job.to_dict(), "url": f"/api/jobs/{job.id}", "page": f"/jobs/{job.id}"}
