"""Health and Prometheus metrics: requests and their latency by route, documents and passages in the base.

`/health` tells anyone whether the service is up (and nothing else); signed-in admins also get the counts,
the model and the store. `/metrics` counts every document, office-only ones included, so it answers only
with the bearer token `CASOTECA_METRICS_TOKEN` or, when no token is set, only to loopback clients (after
trusted proxies: a request relayed by the proxy is the proxy's client's, not loopback's).

Each app has its own registry (so several apps in one process, as in tests, never collide). Under
`casoteca serve --workers N` every serving process (writer and readers) writes its metrics to files in the
folder PROMETHEUS_MULTIPROC_DIR that the supervisor gives them (prometheus_client's multiprocess mode), and
`/metrics`, whichever process answers it, adds up every process's counts (those of a process that died and
was restarted included), so a scrape through the balancer sees the whole service."""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from service.errors import StoreError

from . import models
from .deps import LibraryDep, OptionalCallerDep, client_address

router = APIRouter()
# Set by casoteca/supervise.py for the processes it starts; read by prometheus_client when it is imported.
MULTIPROCESS_FOLDER = "PROMETHEUS_MULTIPROC_DIR"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "casoteca_requests", "HTTP requests", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "casoteca_request_seconds",
            "HTTP request latency",
            ["route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        # Several processes read one base: the count any of them last read is the base's.
        self.documents = Gauge(
            "casoteca_documents",
            "Documents in the knowledge base",
            registry=self.registry,
            multiprocess_mode="mostrecent",
        )
        self.passages = Gauge(
            "casoteca_passages",
            "Passages in the knowledge base",
            registry=self.registry,
            multiprocess_mode="mostrecent",
        )

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def exposition(self) -> bytes:
        """The text a scrape gets: this process's registry, or every serving process's files summed."""
        folder = os.environ.get(MULTIPROCESS_FOLDER)
        if not folder:
            return generate_latest(self.registry)
        summed = CollectorRegistry()
        multiprocess.MultiProcessCollector(summed, path=folder)
        return generate_latest(summed)


class MetricsMiddleware:
    """Counts and times every HTTP request by route template (plain ASGI: Starlette's `BaseHTTPMiddleware`
    runs every request in a task of its own with streams between them, a cost each search paid)."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless an answer begins: what the client gets when the app raises

        async def noted(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            route = scope.get("route")  # set by the router on this scope once a route matched
            name = getattr(route, "path", "unmatched")  # the template, never the raw path: bounded labels
            self.metrics.observe(scope["method"], name, status, time.perf_counter() - started)


@router.get(
    "/health",
    response_model=models.Health,
    response_model_exclude_none=True,
    responses={503: {"model": models.Health, "description": "the store does not answer"}},
)
def health(library: LibraryDep, caller: OptionalCallerDep) -> dict[str, Any] | JSONResponse:
    """Up (200 `{"status": "ok"}`) when the index is open and the model loaded, down (503) when the store
    does not answer. Admins also see the model, the store and the counts."""
    try:
        stats = library.stats()
    except StoreError:
        return JSONResponse({"status": "down"}, status_code=503)
    if caller is None or not caller.may("admin"):
        return {"status": "ok"}
    return {"status": "ok", "model": library.model_id, "store": library.store_kind, **stats}


def metrics_allowed(request: Request) -> bool:
    token = request.app.state.settings.metrics_token
    if token:
        header = request.headers.get("authorization", "")
        sent = header[7:].strip() if header.lower().startswith("bearer ") else ""
        return hmac.compare_digest(sent.encode(), token.encode())
    try:
        return ipaddress.ip_address(client_address(request)).is_loopback
    except ValueError:
        return False


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    if not metrics_allowed(request):
        raise HTTPException(
            status_code=403,
            detail="metrics are served with the bearer token "
            "CASOTECA_METRICS_TOKEN, or to loopback clients when none is set",
        )
    state = request.app.state
    stats = state.library.stats()
    state.metrics.documents.set(stats["documents"])
    state.metrics.passages.set(stats["passages"])
    return Response(state.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
