"""The app factory: one `create_app(settings)`. The lifespan opens the library once, loads the embedding
model before the first request, and keeps both on app.state. Errors are JSON (API) with a clear message,
never a stack trace."""

from __future__ import annotations

import logging
import secrets
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from index.store import StoreError

from .library import Library
from .settings import Settings
from .worker import IngestWorker

log = logging.getLogger("casoteca")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        library = Library(settings)
        library.kb.embedder  # noqa: B018 - load the model (and check it against the index) before serving
        first_admin(library)
        app.state.library = library
        app.state.worker = IngestWorker(library, settings.inbox_dir if settings.inbox else None,
                                        settings.inbox_poll_seconds)
        app.state.worker.start()
        yield
        app.state.worker.stop()
        library.close()

    from api.accounts import router as accounts_router
    from api.casebooks import router as casebooks_router
    from api.criteria import router as criteria_router
    from api.deps import NotSignedIn
    from api.glossary import router as glossary_router
    from api.metrics import Metrics
    from api.metrics import router as metrics_router
    from api.routes import router as api_router
    from api.similar import router as similar_router
    from web.account_pages import router as account_pages_router
    from web.glossary_pages import router as glossary_pages_router
    from web.pages import router as web_router

    app = FastAPI(title="Casoteca", description="Case-study knowledge base with cited passages.", lifespan=lifespan)
    app.state.settings = settings
    app.state.metrics = Metrics()
    app.middleware("http")(app.state.metrics.middleware)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "sign in: send an API key (Authorization: Bearer ...)"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "internal error; it has been logged"}, status_code=500)

    app.include_router(api_router)
    app.include_router(similar_router)
    app.include_router(criteria_router)
    app.include_router(glossary_router)
    app.include_router(casebooks_router)
    app.include_router(accounts_router)
    app.include_router(metrics_router)
    app.include_router(web_router)
    app.include_router(glossary_pages_router)
    app.include_router(account_pages_router)
    return app


def first_admin(library: Library) -> None:
    """On the very first start there is nobody to sign in: make an admin and say its password once."""
    if library.accounts.count_users():
        return
    password = secrets.token_urlsafe(12)
    library.accounts.add_user("admin", password, "Casoteca", "admin")
    print(f"\ncasoteca: first start: created the user 'admin' with the password {password}\n"
          "  sign in with it, then add people: .venv/bin/casoteca users add NAME --office OFFICE --role ROLE\n",
          file=sys.stderr, flush=True)
