"""FastAPI dependencies as Annotated aliases: the service (`Library`), and who is calling. The web pages
use them too: api/ and web/ share request dependencies through this module, not through each other.

A caller is found, in order, by an API key (`Authorization: Bearer cso_...` or `X-API-Key`), by the web
session cookie, or is anonymous (only when `CASOTECA_ANONYMOUS_ACCESS` is on, and then sees public
documents only). A request made with the session cookie that changes anything must carry the session's
CSRF token (form field `csrf` or header `X-CSRF-Token`); an API key is never sent by a browser on its
own, so it needs none.
"""

from __future__ import annotations

import asyncio
import hmac
from functools import partial
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, UploadFile

from service.access import ANONYMOUS, Caller, Visibility
from service.library import Library
from service.report import ReportLine

SESSION_COOKIE = "casoteca_session"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class NotSignedIn(Exception):
    """No valid credentials: the API answers 401, the web pages send the browser to the sign-in page."""


async def get_library(request: Request) -> Library:
    # async: a plain function would be run on a worker thread, one more thread hop for every request.
    return request.app.state.library


LibraryDep = Annotated[Library, Depends(get_library)]


async def current_caller(request: Request) -> Caller:
    library: Library = request.app.state.library
    header = request.headers.get("authorization", "")
    key = header[7:].strip() if header.lower().startswith("bearer ") else request.headers.get("x-api-key", "")
    caller: Caller | None = None
    if key:
        caller = library.caller_by_api_key(key)
        if caller is None:
            raise HTTPException(
                status_code=401, detail="invalid or revoked API key", headers={"WWW-Authenticate": "Bearer"}
            )
    elif request.cookies.get(SESSION_COOKIE):
        caller = library.caller_by_session(request.cookies[SESSION_COOKIE])
        if caller is not None and request.method not in SAFE_METHODS:
            sent = request.headers.get("x-csrf-token")
            if sent is None and request.headers.get("content-type", "").startswith(
                ("multipart/form-data", "application/x-www-form-urlencoded")
            ):
                sent = str((await request.form()).get("csrf") or "")
            if not sent or not caller.csrf or not hmac.compare_digest(sent, caller.csrf):
                raise HTTPException(status_code=403, detail="missing or wrong CSRF token: reload the page")
    if caller is None:
        if not request.app.state.settings.anonymous_access:
            raise NotSignedIn()
        caller = ANONYMOUS
    request.state.caller = caller
    return caller


CallerDep = Annotated[Caller, Depends(current_caller)]


async def optional_caller(request: Request) -> Caller | None:
    """Who is calling, or None when nobody is signed in (or the credentials are bad): for answers that say
    more to some callers and never refuse the rest (/health)."""
    try:
        return await current_caller(request)
    except (NotSignedIn, HTTPException):
        return None


OptionalCallerDep = Annotated[Caller | None, Depends(optional_caller)]


def require(role: str) -> Any:
    async def check(caller: CallerDep) -> Caller:
        if caller.name is None:
            raise NotSignedIn()
        if not caller.may(role):
            raise HTTPException(status_code=403, detail=f"this needs the {role} role")
        return caller

    return Depends(check)


EditorDep = Annotated[Caller, require("editor")]
AdminDep = Annotated[Caller, require("admin")]
SignedInDep = Annotated[Caller, require("reader")]


async def in_search_lane(request: Request, function: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a search on the process's one search thread and wait for it. The engine holds the GIL for a
    whole query, so two searches of one process never overlap anyway: one thread takes them in turn
    without the threads of a pool fighting for the GIL, and with one hop from the event loop where
    a sync route took several (dependencies, route, response validation)."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(request.app.state.search_lane, partial(function, *args, **kwargs))


async def in_writer(request: Request, function: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a write (ingest, delete, share) on the serving process's writer thread and wait for it."""
    return await asyncio.wrap_future(request.app.state.worker.submit(function, *args, **kwargs))


Sent = list[tuple[str, bytes]]  # uploaded files as (name, bytes), read once


async def read_uploads(request: Request, files: list[UploadFile]) -> Sent:
    """Every uploaded file's name and bytes, each read up to one byte past the size limit (so an
    oversized file is known as such without reading all of it)."""
    limit = request.app.state.library.max_file_bytes
    return [(upload.filename or "upload", await upload.read(limit + 1)) for upload in files]


async def ingest_uploads(
    request: Request,
    caller: Caller,
    sent: Sent,
    visibility: Visibility,
    told: dict[str, Any] | None = None,
) -> list[ReportLine]:
    """Each uploaded file ingested on the writer thread with the metadata the sender `told` (title, kind,
    countries, year), and one audit event for the lot."""
    library: Library = request.app.state.library
    report: list[ReportLine] = []
    for name, data in sent:
        report.extend(
            await in_writer(
                request, library.ingest_upload, name, data, caller=caller, visibility=visibility, sidecar=told
            )
        )
    audit(
        request,
        caller,
        "upload",
        visibility=visibility,
        told=told or {},
        files=[
            {
                "name": line.path,
                "status": line.status,
                "document_id": line.document_id,
                **({"corrected": line.corrected} if line.corrected else {}),
            }
            for line in report
        ],
    )
    return report


def client_address(request: Request) -> str:
    """The client's address: the peer's, or the one a trusted proxy names (casoteca/edge.py set it)."""
    return request.client.host if request.client else ""


def audit(request: Request, caller: Caller, action: str, **detail: Any) -> None:
    """One audit event; the trail keeps a bounded, escaped summary of `detail` (service/audit.py)."""
    request.app.state.library.record(caller, action, detail, client_address(request))


def audit_soon(request: Request, caller: Caller, action: str, **detail: Any) -> asyncio.Future[None]:
    """The same event handed to the trail's writer without waiting: await what this returns before
    answering, so the request does its work while its line is written (with others: service/audit.py)."""
    library: Library = request.app.state.library
    return asyncio.wrap_future(library.submit_record(caller, action, detail, client_address(request)))
