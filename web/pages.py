"""Server-rendered HTML pages (Jinja2, autoescaped)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.deps import LibraryDep

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, library: LibraryDep, language: str = "", country: str = "") -> HTMLResponse:
    docs = library.summaries()
    languages = sorted({d["language"] for d in docs})
    countries = sorted({c for d in docs for c in d["countries"]})
    docs = [d for d in docs if (not language or d['language'] == language) and (not country or country in d['countries'])]
    return templates.TemplateResponse(request, "index.html", {
        "docs": docs, "languages": languages, "countries": countries, "language": language, "country": country,
    })


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, library: LibraryDep) -> HTMLResponse:
    doc = library.get(doc_id)
    if doc is None:
        raise HTTPException(status_code=404, detail="document not found")
    return templates.TemplateResponse(request, "document.html", {"doc": doc, "meta": doc["metadata"]})
