"""A job's progress page: pages read of the total, passages stored, errors, and the ingest report at the end.

While the job runs the page refreshes itself every two seconds (a `<meta http-equiv="refresh">`: no
JavaScript needed); with JavaScript (web/static/casoteca.js) it updates in place from `/api/jobs/{id}` and
loads once more when the job ends.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from gateway.deps import SignedInDep
from gateway.jobs import board

from .pages import render

router = APIRouter()
REFRESH_SECONDS = 2


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str, caller: SignedInDep) -> HTMLResponse:
    job = board(request).get(job_id, caller.name, admin=caller.may("admin"))
    if job is None:
        return render(request, "not_found.html", {}, status_code=404)
    return render(request, "job.html", {"job": job, "refresh": REFRESH_SECONDS if job.running else None})
