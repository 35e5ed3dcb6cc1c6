"""A long upload's or admin task's progress: `GET /api/jobs/{id}` (gateway/jobs.py starts them)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from gateway.deps import CallerDep
from gateway.jobs import board, job_answer

from . import models

router = APIRouter()


@router.get("/api/jobs/{job_id}", response_model=models.JobOut)
def get_job(request: Request, job_id: str, caller: CallerDep) -> dict[str, Any]:
    """A job's progress: `status` (queued, running, done, failed), `pages_done` of `pages_total` of the file
    being read (`current`), `passages` stored so far, `errors`, and the ingest `report` of the files done.
    404 for a job of another user (admins see every job)."""
    job = board(request).get(job_id, caller.name, admin=caller.may("admin"))
    if job is None:
        raise HTTPException(status_code=404, detail=f"no job {job_id!r}")
    return job_answer(job)
