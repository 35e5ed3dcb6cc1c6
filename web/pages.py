"""Server-rendered HTML pages (Jinja2, autoescaped): search, document, upload. They work without JavaScript.

Every page gets `t` (the translator for the negotiated language); `?lang=xx` switches the interface and
a cookie remembers the choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.deps import LibraryDep
from index.search import FACETS, SearchRequest

from .i18n import COOKIE, LANGUAGES, Translator, negotiate

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter()
ONE_YEAR = 365 * 24 * 3600


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    language = negotiate(request)
    response = templates.TemplateResponse(request, name, {
        **context, "t": Translator(language), "lang": language, "languages": LANGUAGES,
    }, status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, language, max_age=ONE_YEAR, httponly=True, samesite="lax")
    return response


def segments(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The text cut at the highlight spans: (piece, is_match), for the template to wrap matches in <mark>."""
    out: list[tuple[str, bool]] = []
    position = 0
    for start, end in spans:
        if start > position:
            out.append((text[position:start], False))
        out.append((text[start:end], True))
        position = end
    if position < len(text):
        out.append((text[position:], False))
    return out


def as_year(text: str) -> int | None:
    return int(text) if text.strip().isdigit() and len(text.strip()) == 4 else None


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    library: LibraryDep,
    q: str = "",
    country: list[str] = Query(default=[]),  # noqa: B008 - FastAPI's way to declare a repeatable parameter
    kind: list[str] = Query(default=[]),  # noqa: B008
    language: list[str] = Query(default=[]),  # noqa: B008
    exploitation: list[str] = Query(default=[]),  # noqa: B008
    year_from: str = "",  # a form's empty box sends "": read as no bound, as is anything not a year
    year_to: str = "",
) -> HTMLResponse:
    first, last = as_year(year_from), as_year(year_to)
    result = library.search(SearchRequest(
        q, countries=country, kinds=kind, languages=language, exploitation=exploitation, year_from=first,
        year_to=last, limit=20, per_document=library.settings.per_document))
    selected = {"country": country, "kind": kind, "language": language, "exploitation": exploitation}
    hits = [{"hit": hit, "segments": segments(hit.text, hit.highlights)} for hit in result.hits]
    documents = library.summaries() if not q else []
    return render(request, "search.html", {
        "q": q, "hits": hits, "facets": result.facets, "facet_names": list(FACETS), "selected": selected,
        "year_from": first, "year_to": last, "documents": documents,
    })


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, library: LibraryDep) -> HTMLResponse:
    doc = library.get(doc_id)
    if doc is None:
        return render(request, "not_found.html", {}, status_code=404)
    has_file = library.original(doc_id) is not None
    return render(request, "document.html", {"doc": doc, "meta": doc.get("metadata", {}), "has_file": has_file})


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, library: LibraryDep) -> HTMLResponse:
    return render(request, "upload.html", {"report": None, "max_mb": library.settings.max_file_mb})


@router.post("/upload", response_class=HTMLResponse)
async def upload_files(request: Request, library: LibraryDep, files: list[UploadFile] = File(...)  # noqa: B008
                       ) -> HTMLResponse:
    limit = library.settings.max_file_mb * 1024 * 1024
    report = []
    for upload in files:
        data = await upload.read(limit + 1)
        report.extend(await run_in_threadpool(library.ingest_upload, upload.filename or "upload", data))
    return render(request, "upload.html", {"report": report, "max_mb": library.settings.max_file_mb})
