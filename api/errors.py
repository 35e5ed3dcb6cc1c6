"""The one map from a reason code (service/errors.py) to an HTTP status, and the handlers that answer a
`ServiceError` and a store that does not answer with it. The body is always
`{"detail": message}`."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from service.errors import ServiceError, StoreError

STATUS = {
    "invalid": 400,
    "empty": 400,
    "forbidden": 403,
    "not_found": 404,
    "too_large": 413,
    "unsupported": 415,
    "bad_value": 422,
    "unreadable": 422,
    "unavailable": 503,
}


def status_for(reason: str | None) -> int:
    """The HTTP status of a reason; an unknown one is a request that cannot be processed (422)."""
    return STATUS.get(reason or "", 422)


def install(app: FastAPI) -> None:
    """Answer the project's errors wherever a route lets them through."""

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status_for(exc.reason))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status_for("unavailable"))
