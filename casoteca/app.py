"""The app factory: one `create_app(settings)`. The lifespan opens the library once, loads the embedding
model before the first request, and keeps both on app.state. Errors are JSON (API) with a clear message,
never a stack trace, and never echo more than a short excerpt of what was sent. Every request passes the
edges first (casoteca/edge.py): security headers, the client's address, size limits. api/ and web/
are its routers; everything they do goes through service/."""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.accounts import router as accounts_router
from api.alerts import router as alerts_router
from api.analysis import router as analysis_router
from api.casebooks import router as casebooks_router
from api.criteria import router as criteria_router
from api.entities import router as entities_router
from api.errors import install as install_error_handlers
from api.glossary import router as glossary_router
from api.invalid import install as install_invalid_handlers
from api.invalid import plain_422
from api.jobs import router as jobs_router
from api.metrics import Metrics, MetricsMiddleware
from api.metrics import router as metrics_router
from api.routes import router as api_router
from api.similar import router as similar_router
from gateway.deps import NotSignedIn
from index.store import EdgeStore
from service import analysis
from service.alerts.sender import AlertSender
from service.library import Library
from service.replica import Follower, open_replica
from service.worker import IngestWorker
from web.account_pages import router as account_pages_router
from web.alert_pages import router as alert_pages_router
from web.analysis_pages import router as analysis_pages_router
from web.docs import router as docs_router
from web.entity_pages import router as entity_pages_router
from web.glossary_pages import router as glossary_pages_router
from web.job_pages import router as job_pages_router
from web.pages import invalid_page
from web.pages import router as web_router
from web.training_pages import router as training_pages_router

from .edge import HEADERS as SECURITY_HEADERS
from .edge import ClientAddress, RequestLimits, SecurityHeaders
from .logs import configure_logging
from .settings import Settings

log = logging.getLogger("casoteca")
STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
EXCERPT = 80  # characters of a rejected input an error shows back


def create_app(
    settings: Settings | None = None, role: str = "single", replica: Path | None = None
) -> FastAPI:
    """`role` (see casoteca/supervise.py): "single", the one process that does everything; "writer", the
    same, also publishing its index and journaling its writes for the search processes; "reader", a
    search process over its own copy of the index in `replica`, kept in step with the writer's."""
    settings = settings or Settings()
    configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with ThreadPoolExecutor(1, thread_name_prefix="search") as lane:  # gateway/deps.py: in_search_lane
            app.state.search_lane = lane
            async with serving(app):
                yield

    @asynccontextmanager
    async def serving(app: FastAPI) -> AsyncIterator[None]:
        if role == "reader":
            assert replica is not None
            async with reading(app, settings, replica):
                yield
            return
        library = Library(settings)
        library.start()  # the model loaded and checked against the index, the audit key present
        if role == "writer" and isinstance(library.kb.store, EdgeStore):
            started = time.perf_counter()
            publication = library.kb.store.publish()  # before the writer thread starts: nothing writes
            log.info(
                "published %s for the readers in %.1f s", publication.name, time.perf_counter() - started
            )
        first_admin(library)
        app.state.library = library
        app.state.worker = IngestWorker(
            library, settings.inbox_dir if settings.inbox else None, settings.inbox_poll_seconds
        )
        app.state.worker.start()
        app.state.alert_sender = AlertSender(library.alerts, settings.alerts_poll_seconds)
        app.state.alert_sender.start()
        warm_in_background(library)
        # What start-up made (the model, the caches) is kept out of the collector's reach: a full collection
        # otherwise walks it all and pauses a search for about 10 ms, twice per 300 searches (issue 17).
        gc.freeze()
        yield
        app.state.alert_sender.stop()
        app.state.worker.stop()
        library.close()

    # /docs is served by web/docs.py from packaged files (no CDN, no inline script); ReDoc is not offered.
    app = FastAPI(
        title="Casoteca",
        description="Case-study knowledge base with cited passages.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    # Added innermost first: a request meets SecurityHeaders, ClientAddress, the metrics, then RequestLimits
    # (innermost, so a streamed body past its limit raises its 413 straight into the route's body parsing).
    app.add_middleware(
        RequestLimits,
        max_url=settings.max_url_kb * 1024,
        max_body=settings.max_body_kb * 1024,
        max_upload=settings.max_upload_mb * 2**20,
        max_depth=settings.max_json_depth,
    )
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    app.add_middleware(ClientAddress, trusted=settings.proxy_networks)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    install_error_handlers(app)  # ServiceError, IngestError, StoreError: the status of their reason

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(
                {"detail": "sign in: send an API key (Authorization: Bearer ...)"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)

    install_invalid_handlers(
        app, invalid_page
    )  # 422s in plain words, in the caller's language (api/invalid.py)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code in (204, 304):
            return Response(status_code=exc.status_code, headers=exc.headers)
        detail = exc.detail if not isinstance(exc.detail, str) else excerpt(exc.detail, 300)
        body = plain_422(detail) if exc.status_code == 422 else {"detail": detail}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        # Answered outside the other middleware (Starlette's last resort), so the headers are set here.
        return JSONResponse(
            {"detail": "internal error; it has been logged"},
            status_code=500,
            headers={k.decode(): v.decode() for k, v in SECURITY_HEADERS.items()},
        )

    app.include_router(metrics_router)  # /health and /metrics: first, so nothing else answers those paths
    app.include_router(api_router)
    app.include_router(similar_router)
    app.include_router(criteria_router)
    app.include_router(entities_router)
    app.include_router(analysis_router)
    app.include_router(glossary_router)
    app.include_router(casebooks_router)
    app.include_router(alerts_router)
    app.include_router(accounts_router)
    app.include_router(jobs_router)
    app.include_router(web_router)
    app.include_router(glossary_pages_router)
    app.include_router(entity_pages_router)
    app.include_router(training_pages_router)
    app.include_router(alert_pages_router)
    app.include_router(account_pages_router)
    app.include_router(analysis_pages_router)
    app.include_router(job_pages_router)
    app.include_router(docs_router)
    return app


@asynccontextmanager
async def reading(app: FastAPI, settings: Settings, replica: Path) -> AsyncIterator[None]:
    """A search process's lifespan: its own copy of the index, followed while it serves; no writer
    thread, no inbox, no alerts (the writer process has them, and the balancer sends it every write)."""
    store, following = open_replica(settings.index_dir, replica)
    library = Library(settings, store=store)
    library.start()
    follower = Follower(library, settings.index_dir, replica, following)
    follower.start()
    app.state.library = library
    app.state.worker = None
    warm_in_background(library)
    gc.freeze()
    try:
        yield
    finally:
        follower.stop()
        library.close()


def warm_in_background(library: Library) -> None:
    """What the first request would otherwise read (the fact table of /analysis), read while serving."""
    threading.Thread(target=analysis.warm, args=(library,), name="warm", daemon=True).start()


def excerpt(text: str, limit: int = EXCERPT) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def first_admin(library: Library) -> None:
    """On the very first start there is nobody to sign in: make an admin and say its password once, on
    the terminal only (never in the log)."""
    password = library.first_admin()
    if password is None:
        return
    print(
        f"\ncasoteca: first start: created the user 'admin' with the password {password}\n"
        "  sign in with it, then add people: .venv/bin/casoteca users add NAME --office OFFICE --role ROLE\n",
        file=sys.stderr,
        flush=True,
    )
