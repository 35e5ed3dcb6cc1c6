"""The app factory: one `create_app(settings)`; the lifespan opens the library once and keeps it on app.state."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from .library import Library
from .settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.library = Library(settings)
        yield

    app = FastAPI(title="Casoteca", lifespan=lifespan)
    app.state.settings = settings
    from api.routes import router as api_router
    from web.pages import router as web_router

    app.include_router(api_router)
    app.include_router(web_router)
    return app
