"""Uploads that take long, as jobs: `POST /api/documents` with a long or scanned file answers 202 at once
with the job's URL; `GET /api/jobs/{id}` tells its status, pages read of the total, passages stored and
errors, and at the end the ingest report.

The job runs on the writer thread like any upload (so writes stay in one order); its audit event is written
when it ends, with the address the upload came from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request, UploadFile

from casoteca.accounts import Caller
from service.jobs import Job, JobBoard, is_long, run_upload, run_work

from .deps import CallerDep, client_address

router = APIRouter()


def board(request: Request) -> JobBoard:
    """The serving process's jobs (made with the app, or on first use)."""
    state = request.app.state
    if not hasattr(state, "jobs"):
        state.jobs = JobBoard()
    return state.jobs


async def upload_job(request: Request, caller: Caller, files: list[UploadFile], visibility: str,
                     told: dict[str, Any] | None = None) -> Job | None:
    """A job for these files when one of them is long or scanned (None, files rewound, when none is: the
    upload is answered as it always was)."""
    library = request.app.state.library
    limit = library.settings.max_file_mb * 1024 * 1024
    sent = [(upload.filename or "upload", await upload.read(limit + 1)) for upload in files]
    if not any(is_long(data) for _, data in sent):
        for upload in files:
            await upload.seek(0)
        return None
    job = board(request).new(caller.name, "upload", [name for name, _ in sent])
    address = client_address(request)

    def ingest(name: str, data: bytes) -> list[Any]:
        return library.ingest_upload(name, data, caller=caller, visibility=visibility, sidecar=told)

    def finished(done: Job) -> None:
        library.audit.record(caller, "upload", {
            "visibility": visibility, "told": told or {}, "job": done.id,
            "files": [{"name": r["path"], "status": r["status"], "document_id": r["document_id"]}
                      for r in done.report]}, address)

    request.app.state.worker.submit(run_upload, job, sent, ingest, finished)
    return job


def work_job(request: Request, caller: Caller, kind: str, work: Callable[[], dict[str, Any]]) -> Job:
    """An admin's long task (reindex, optimize) queued on the writer thread as a job."""
    job = board(request).new(caller.name, kind, [])
    request.app.state.worker.submit(run_work, job, work)
    return job


def job_answer(job: Job) -> dict[str, Any]:
    return {**job.to_dict(), "url": f"/api/jobs/{job.id}", "page": f"/jobs/{job.id}"}


@router.get("/api/jobs/{job_id}")
def get_job(request: Request, job_id: str, caller: CallerDep) -> dict[str, Any]:
    """A job's progress: `status` (queued, running, done, failed), `pages_done` of `pages_total` of the file
    being read (`current`), `passages` stored so far, `errors`, and the ingest `report` of the files done.
    404 for a job of another user (admins see every job)."""
    job = board(request).get(job_id, caller.name, admin=caller.may("admin"))
    if job is None:
        raise HTTPException(status_code=404, detail=f"no job {job_id!r}")
    return job_answer(job)
