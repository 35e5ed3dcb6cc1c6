"""Prometheus metrics: requests and their latency by route, documents and passages in the base.

Each app has its own registry (so several apps in one process, as in tests, never collide)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

router = APIRouter()


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("casoteca_requests", "HTTP requests", ["method", "route", "status"],
                                registry=self.registry)
        self.latency = Histogram("casoteca_request_seconds", "HTTP request latency", ["route"],
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
                                 registry=self.registry)
        self.documents = Gauge("casoteca_documents", "Documents in the knowledge base", registry=self.registry)
        self.passages = Gauge("casoteca_passages", "Passages in the knowledge base", registry=self.registry)

    async def middleware(self, request: Request, call_next: Callable[[Request], Awaitable[Any]]) -> Any:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        name = getattr(route, "path", "unmatched")  # the route template, never the raw path: bounded labels
        self.requests.labels(request.method, name, str(response.status_code)).inc()
        self.latency.labels(name).observe(time.perf_counter() - started)
        return response


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    state = request.app.state
    stats = state.library.stats()
    state.metrics.documents.set(stats["documents"])
    state.metrics.passages.set(stats["passages"])
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
