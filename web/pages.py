"""Server-rendered HTML pages (Jinja2, autoescaped): search, document (with comparable cases), describe your
case, shared criteria, casebooks, upload. They work without JavaScript.

Every page gets `t` (the translator for the negotiated language); `?lang=xx` switches the interface and
a cookie remembers the choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from gateway.deps import (
    CallerDep,
    EditorDep,
    LibraryDep,
    SignedInDep,
    audit,
    in_writer,
    ingest_uploads,
    read_uploads,
)
from gateway.jobs import upload_job
from service import entities
from service.access import VISIBILITIES, Caller, visibility_or
from service.corrections import told_metadata
from service.drafts import MAX_DRAFT_CHARS, draft_bytes
from service.errors import ServiceError
from service.field_errors import FieldError
from service.filter_checks import check_filters
from service.filters import Filters, SearchParams, SimilarParams
from service.library import Library
from service.vocabulary import FACETS, KINDS, OUTCOMES

from .analysis_i18n import message as analysis_message
from .case_facts import fact_section
from .i18n import COOKIE, LANGUAGES, Translator, negotiate

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter()
ONE_YEAR = 365 * 24 * 3600
PAGE = 20  # documents per page of search results


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    language = negotiate(request)
    caller = getattr(request.state, "caller", None)
    unread = request.app.state.library.alerts.unread(caller) if caller is not None and caller.name else 0
    response = templates.TemplateResponse(
        request,
        name,
        {
            **context,
            "t": Translator(language),
            "lang": language,
            "languages": LANGUAGES,
            "caller": caller,
            "csrf": caller.csrf if caller else "",
            "alerts_unread": unread,
        },
        status_code=status_code,
    )
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


def page_url(query: list[tuple[str, str]], offset: int) -> str:
    """The search page for the same query and filters, from `offset` on."""
    return "/?" + urlencode([*query, *([("offset", str(offset))] if offset else [])])


def toggled(query: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """The query with the facet filter `name=value` added, or removed if it was there."""
    if name == "year":  # a year narrows the period to itself (or widens it again)
        rest = [item for item in query if item[0] not in ("year_from", "year_to")]
        if ("year_from", value) in query and ("year_to", value) in query:
            return rest
        return [*rest, ("year_from", value), ("year_to", value)]
    if (name, value) in query:
        return [item for item in query if item != (name, value)]
    return [*query, (name, value)]


def as_year(text: str) -> int | None:
    return int(text) if text.strip().isdigit() and len(text.strip()) == 4 else None


FAVICON = Path(__file__).parent / "static" / "favicon.ico"


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> FileResponse:
    """The browser asks for /favicon.ico on every site; answered without signing in."""
    return FileResponse(FAVICON, media_type="image/x-icon", headers={"Cache-Control": "max-age=86400"})


def invalid_page(request: Request, errors: list[FieldError]) -> HTMLResponse:
    """What a page says when the reader sent values it cannot use (an unknown country, a period that ends
    before it starts): the messages in the reader's language, never a page of empty results."""
    return render(request, "invalid.html", {"errors": errors}, status_code=422)


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    library: LibraryDep,
    caller: CallerDep,
    q: str = "",
    country: list[str] = Query(default=[]),  # noqa: B008 - FastAPI's way to declare a repeatable parameter
    kind: list[str] = Query(default=[]),  # noqa: B008
    language: list[str] = Query(default=[]),  # noqa: B008
    exploitation: list[str] = Query(default=[]),  # noqa: B008
    court: list[str] = Query(default=[]),  # noqa: B008
    outcome: list[str] = Query(default=[]),  # noqa: B008
    offence: list[str] = Query(default=[]),  # noqa: B008
    year_from: str = "",  # a form's empty box sends "": read as no bound, as is anything not a year
    year_to: str = "",
    offset: int = Query(0, ge=0, le=1_000),
) -> HTMLResponse:
    first, last = as_year(year_from), as_year(year_to)
    checked = check_filters(country, kind, language, exploitation, outcome, first, last)
    errors = [
        FieldError(name, "not_a_year", text.strip()[:20])
        for name, text, year in (("year_from", year_from, first), ("year_to", year_to, last))
        if text.strip() and year is None
    ]
    errors += checked.errors
    if errors:  # said on the form, never run as a search that finds nothing
        return render(
            request,
            "search.html",
            {
                "q": q,
                "hits": [],
                "facets": {},
                "facet_names": list(FACETS),
                "errors": errors,
                "selected": {},
                "total": 0,
                "offset": 0,
                "truncated": False,
                "unmatched": "",
                "previous": None,
                "next": None,
                "narrow": {},
                "year_from": year_from,
                "year_to": year_to,
                "documents": [],
                "casebooks": [],
                "paged": set(),
                "back": "/",
            },
            status_code=422,
        )
    country, kind, language = checked.countries, checked.kinds, checked.languages
    exploitation, outcome = checked.exploitation, checked.outcomes
    params = SearchParams(
        q=q,
        country=country,
        kind=kind,
        language=language,
        exploitation=exploitation,
        court=court,
        outcome=outcome,
        offence=offence,
        year_from=first,
        year_to=last,
        limit=PAGE,
        offset=offset,
    )
    if q:
        audit(
            request,
            caller,
            "search",
            q=q[:2000],
            country=country,
            kind=kind,
            language=language,
            exploitation=exploitation,
            year_from=first,
            year_to=last,
        )
    result = library.search(params, caller=caller)
    selected = {
        "country": country,
        "kind": kind,
        "language": language,
        "exploitation": exploitation,
        "court": court,
        "outcome": outcome,
        "offence": offence,
    }
    hits = [
        {
            "hit": hit,
            "segments": segments(hit.text, hit.highlights),
            "more": [
                {"hit": other, "segments": segments(other.text, other.highlights)} for other in hit.more
            ],
        }
        for hit in result.hits
    ]
    documents = library.summaries(caller=caller) if not q else []
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in ("offset", "lang")]
    return render(
        request,
        "search.html",
        {
            "q": q,
            "hits": hits,
            "facets": result.facets,
            "facet_names": list(FACETS),
            "selected": selected,
            "total": result.total,
            "offset": offset,
            "truncated": result.truncated,
            "unmatched": ", ".join(f"“{phrase}”" for phrase in result.unmatched_phrases),
            "previous": page_url(query, max(offset - PAGE, 0)) if offset > 0 else None,
            "next": page_url(query, offset + PAGE) if offset + PAGE < result.total else None,
            "narrow": {
                (name, str(value)): page_url(toggled(query, name, str(value)), 0)
                for name, values in result.facets.items()
                for value, _ in values
            },
            "year_from": first,
            "year_to": last,
            "documents": documents,
            "errors": [],
            "paged": library.paged_documents([hit.document_id for hit in result.hits], caller=caller),
            "casebooks": library.my_casebooks(caller=caller),
            "back": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        },
    )


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, library: LibraryDep, caller: CallerDep) -> HTMLResponse:
    return document_view(request, library, caller, doc_id)


def document_view(
    request: Request,
    library: Library,
    caller: Caller,
    doc_id: str,
    error: str | None = None,
    status_code: int = 200,
    fact_error: tuple[str, str] | None = None,
) -> HTMLResponse:
    doc = library.get(doc_id, caller=caller)
    if doc is None:
        return render(request, "not_found.html", {}, status_code=404)
    audit(request, caller, "view", document_id=doc.id)
    has_file = library.original(doc_id, caller=caller) is not None
    cases = library.similar(doc_id, SimilarParams(limit=5, evidence=2).request(), caller=caller) or []
    may_change = library.may_change(doc_id, caller)
    language = negotiate(request)
    return render(
        request,
        "document.html",
        {
            "doc": doc,
            "meta": doc.metadata,
            "has_file": has_file,
            "cases": cases,
            "case_file": library.case_file(doc_id, caller=caller),  # left out of the comparable cases
            "may_change": may_change,
            # case facts (issue 18; web/case_facts.py, templates/_case_facts.html)
            "case_facts": fact_section(doc, language, may_change),
            "fm": lambda key, **values: analysis_message(key, language, **values),
            "fact_field": fact_error[0] if fact_error else None,  # the fact whose form said no, and why
            "fact_error": fact_error[1] if fact_error else None,
            "kinds": KINDS,
            "outcomes": OUTCOMES,
            "error": error,
            "near": library.near_duplicates(doc_id, caller=caller),
            "links": entities.links(library, doc_id, caller=caller),
            "casebooks": library.my_casebooks(caller=caller),
            "back": f"/documents/{doc.id}",
        },
        status_code=status_code,
    )


@router.post("/documents/{doc_id}/visibility", response_class=HTMLResponse)
async def share_document(
    request: Request, doc_id: str, library: LibraryDep, caller: EditorDep, visibility: str = Form(...)
) -> Response:
    """Editors of the owner office (and admins) change who may see a document."""
    shared = (
        await in_writer(request, library.share, doc_id, visibility, caller)
        if visibility in VISIBILITIES
        else None
    )
    if shared is None:
        return render(request, "not_found.html", {}, status_code=404)
    audit(request, caller, "share", document_id=shared, visibility=visibility)
    return RedirectResponse(f"/documents/{shared}", status_code=303)


# The correction form's fields: text boxes, comma-separated lists, and lists of one item a line.
FORM_TEXT = ("title", "kind", "year", "court", "case_number", "decision_date", "outcome")
FORM_COMMAS = ("countries", "purpose")
FORM_LINES = ("offences",)


@router.post("/documents/{doc_id}/metadata", response_class=HTMLResponse)
async def correct_document(request: Request, doc_id: str, library: LibraryDep, caller: EditorDep) -> Response:
    """Editors of the owner office (and admins) correct a document's metadata. Only the fields changed on
    the form become corrections (an untouched inferred value stays inferred); an empty box changes
    nothing."""
    form = await request.form()
    doc = library.get(doc_id, caller=caller)
    if doc is None or not library.may_change(doc_id, caller):
        return render(request, "not_found.html", {}, status_code=404)
    current = doc.metadata
    sent: dict[str, Any] = {}
    for key in (*FORM_TEXT, *FORM_COMMAS, *FORM_LINES):
        value = str(form.get(key) or "").strip()
        if not value:
            continue
        if key in FORM_COMMAS:
            items: Any = [part.strip() for part in value.split(",") if part.strip()]
        elif key in FORM_LINES:
            items = [line.strip() for line in value.splitlines() if line.strip()]
        else:
            items = value
        if str(items) != str(current.get(key, "")):
            sent[key] = items
    try:
        corrected = await in_writer(request, library.correct, doc_id, sent, caller)
    except ServiceError as exc:  # a CorrectionError: the field and why
        return document_view(request, library, caller, doc_id, error=str(exc), status_code=422)
    if corrected and corrected.fields:
        audit(request, caller, "correct", document_id=doc.id, fields=corrected.fields)
    return RedirectResponse(f"/documents/{doc.id}", status_code=303)


@router.get("/similar", response_class=HTMLResponse)
def similar_page(request: Request, caller: CallerDep) -> HTMLResponse:
    return render(request, "similar.html", {"text": "", "cases": None, "error": None})


@router.post("/similar", response_class=HTMLResponse)
async def similar_draft(
    request: Request,
    library: LibraryDep,
    caller: CallerDep,
    text: str = Form(""),
    file: UploadFile | None = File(None),
) -> HTMLResponse:  # noqa: B008
    """Comparable cases for a draft typed, pasted or attached; nothing is stored."""
    translate = Translator(negotiate(request))
    limit = library.max_file_bytes
    if file is not None and file.filename:
        name, data = file.filename, await file.read(limit + 1)
    elif text.strip():
        name, data = "draft.txt", draft_bytes(text)
    else:
        return render(
            request,
            "similar.html",
            {"text": text, "cases": None, "error": translate("need_case")},
            status_code=400,
        )
    parsed: list[Any] = []
    try:
        cases = await run_in_threadpool(
            library.similar_to_draft, name, data, SimilarParams().request(), caller=caller, parsed=parsed
        )
        audit(request, caller, "similar_draft", name=name, bytes=len(data))
    except ServiceError as exc:  # Unreadable: the file and why
        return render(
            request, "similar.html", {"text": text, "cases": None, "error": f"{name}: {exc}"}, status_code=422
        )
    # What "follow this case" saves: the draft's text as read (of a file too: it is not read again).
    draft = "\n\n".join(p.text for p in parsed[0].passages)[:MAX_DRAFT_CHARS] if parsed else ""
    return render(
        request,
        "similar.html",
        {"text": text[:MAX_DRAFT_CHARS], "cases": cases, "error": None, "draft": draft},
    )


@router.get("/criteria", response_class=HTMLResponse)
def criteria_page(
    request: Request, library: LibraryDep, caller: CallerDep, country: str = "", kind: str = ""
) -> HTMLResponse:
    """The matrix of cases by shared criteria, counts per country, and the forms that edit the criteria."""
    return criteria_view(request, library, caller, country, kind)


def criteria_view(
    request: Request,
    library: Library,
    caller: Caller,
    country: str = "",
    kind: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    language = negotiate(request)
    filters = Filters(country=[country] if country else [], kind=[kind] if kind else [])
    result = library.criteria_matrix(filters.engine_filters(), language, caller=caller)
    facets = library.search(SearchParams(), caller=caller).facets
    return render(
        request,
        "criteria.html",
        {
            "result": result,
            "criteria": library.list_criteria(),
            "country": country,
            "kind": kind,
            "countries": facets["country"],
            "kinds": facets["kind"],
            "error": error,
        },
        status_code=status_code,
    )


def keyword_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@router.post("/criteria", response_class=HTMLResponse)
def create_criterion(
    request: Request,
    library: LibraryDep,
    caller: EditorDep,
    name: str = Form(""),
    description: str = Form(""),
    keywords: str = Form(""),
    language: str = Form("und"),
) -> Response:
    try:
        library.create_criterion(
            name,
            description,
            language if language in LANGUAGES else "und",
            keyword_list(keywords),
            caller=caller,
        )
    except ServiceError as exc:
        return criteria_view(request, library, caller, error=str(exc), status_code=400)
    audit(request, caller, "criterion_create", name=name)
    return RedirectResponse("/criteria", status_code=303)


@router.post("/criteria/{criterion_id}", response_class=HTMLResponse)
def edit_criterion(
    request: Request,
    criterion_id: str,
    library: LibraryDep,
    caller: EditorDep,
    action: str = Form("save"),
    name: str = Form(""),
    description: str = Form(""),
    keywords: str = Form(""),
    language: str = Form("und"),
) -> Response:
    if action == "delete":
        found = library.delete_criterion(criterion_id, caller=caller)
    else:
        try:
            found = (
                library.update_criterion(
                    criterion_id,
                    name,
                    description,
                    language if language in LANGUAGES else "und",
                    keyword_list(keywords),
                    caller=caller,
                )
                is not None
            )
        except ServiceError as exc:
            return criteria_view(request, library, caller, error=str(exc), status_code=400)
    if not found:
        return render(request, "not_found.html", {}, status_code=404)
    audit(request, caller, "criterion_delete" if action == "delete" else "criterion_edit", id=criterion_id)
    return RedirectResponse("/criteria", status_code=303)


def local_path(url: str) -> str:
    """Where to go back after a form: a path on this site only (never another host)."""
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else "/"


@router.get("/casebooks", response_class=HTMLResponse)
def casebooks_page(request: Request, library: LibraryDep, caller: SignedInDep) -> HTMLResponse:
    return render(
        request, "casebooks.html", {"casebooks": library.my_casebooks(caller=caller), "error": None}
    )


@router.post("/casebooks", response_class=HTMLResponse)
def create_casebook(
    request: Request,
    library: LibraryDep,
    caller: SignedInDep,
    title: str = Form(""),
    description: str = Form(""),
) -> Response:
    try:
        book = library.create_casebook(title, description, caller=caller)
    except ServiceError as exc:
        return render(
            request,
            "casebooks.html",
            {"casebooks": library.my_casebooks(caller=caller), "error": str(exc)},
            status_code=400,
        )
    return RedirectResponse(f"/casebooks/{book.id}", status_code=303)


@router.post("/casebooks/add", response_class=HTMLResponse)
def add_to_casebook(
    request: Request,
    library: LibraryDep,
    caller: SignedInDep,
    document_id: str = Form(...),
    order: int | None = Form(None),
    casebook_id: str = Form(""),
    title: str = Form(""),
    back: str = Form("/"),
) -> Response:
    """From a search result or a document page: cite a passage (or the whole case) in a casebook, a new
    one when none is chosen. Asked for JSON (web/static/casoteca.js), it answers in place; without
    JavaScript the casebook page confirms and links back (the search is not run again)."""
    wants_json = "application/json" in request.headers.get("accept", "")
    translate = Translator(negotiate(request))
    try:
        book = (
            library.casebook(casebook_id, caller=caller)
            if casebook_id
            else library.create_casebook(title or translate("new_casebook"), caller=caller)
        )
        item = library.add_to_casebook(book.id, document_id, order, caller=caller) if book else None
        if book is None or item is None:
            if wants_json:
                return JSONResponse({"detail": translate("not_found")}, status_code=404)
            return render(request, "not_found.html", {}, status_code=404)
    except ServiceError as exc:
        if wants_json:
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return render(
            request,
            "casebooks.html",
            {"casebooks": library.my_casebooks(caller=caller), "error": str(exc)},
            status_code=400,
        )
    if wants_json:
        return JSONResponse(
            {
                "casebook_id": book.id,
                "title": book.title,
                "item_id": item.id,
                "new": not casebook_id,
                "message": translate("added_to", title=book.title),
            }
        )
    added = urlencode({"added": item.id, "back": local_path(back)})
    return RedirectResponse(f"/casebooks/{book.id}?{added}#item-{item.id}", status_code=303)


@router.get("/casebooks/{casebook_id}", response_class=HTMLResponse)
def casebook_page(
    request: Request, casebook_id: str, library: LibraryDep, caller: SignedInDep
) -> HTMLResponse:
    book = library.casebook(casebook_id, caller=caller)
    if book is None:
        return render(request, "not_found.html", {}, status_code=404)
    added = request.query_params.get("added", "")
    back = request.query_params.get("back", "")
    return render(
        request,
        "casebook.html",
        {
            "book": book,
            "error": None,
            "added": added if any(item.id == added for item in book.items) else "",
            "back_to": local_path(back) if back else "",
        },
    )


@router.post("/casebooks/{casebook_id}/items/{item_id}", response_class=HTMLResponse)
def edit_casebook_item(
    request: Request,
    casebook_id: str,
    item_id: str,
    library: LibraryDep,
    caller: SignedInDep,
    action: str = Form("save"),
    note: str = Form(""),
) -> Response:
    book = library.casebook(casebook_id, caller=caller)
    index = next((n for n, item in enumerate(book.items) if item.id == item_id), None) if book else None
    if book is None or index is None:
        return render(request, "not_found.html", {}, status_code=404)
    try:
        if action == "remove":
            library.remove_casebook_item(casebook_id, item_id, caller=caller)
        elif action in ("up", "down"):
            library.edit_casebook_item(
                casebook_id, item_id, position=index + (-1 if action == "up" else 1), caller=caller
            )
        else:
            library.edit_casebook_item(casebook_id, item_id, note=note, caller=caller)
    except ServiceError as exc:
        return render(request, "casebook.html", {"book": book, "error": str(exc)}, status_code=400)
    return RedirectResponse(
        f"/casebooks/{casebook_id}#item-{item_id}" if action != "remove" else f"/casebooks/{casebook_id}",
        status_code=303,
    )


@router.post("/casebooks/{casebook_id}/delete", response_class=HTMLResponse)
def delete_casebook(request: Request, casebook_id: str, library: LibraryDep, caller: SignedInDep) -> Response:
    if not library.delete_casebook(casebook_id, caller=caller):
        return render(request, "not_found.html", {}, status_code=404)
    return RedirectResponse("/casebooks", status_code=303)


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, library: LibraryDep, caller: EditorDep) -> HTMLResponse:
    return render(
        request,
        "upload.html",
        {"report": None, "max_mb": library.settings.max_file_mb, "kinds": KINDS, "error": None, "told": {}},
    )


@router.post("/upload", response_class=HTMLResponse)
async def upload_files(
    request: Request,
    library: LibraryDep,
    caller: EditorDep,
    files: list[UploadFile] = File(...),
    visibility: str = Form("office"),  # noqa: B008
    title: str = Form(""),
    kind: str = Form(""),
    countries: str = Form(""),
    year: str = Form(""),
) -> Response:
    """Files with what the sender tells about them (title, kind, countries, year: all optional)."""
    raw = {"title": title, "kind": kind, "countries": countries, "year": year}
    try:
        told = told_metadata(title, kind, countries, year)
    except ServiceError as exc:
        return render(
            request,
            "upload.html",
            {
                "report": None,
                "max_mb": library.settings.max_file_mb,
                "kinds": KINDS,
                "error": str(exc),
                "told": raw,
            },
            status_code=422,
        )
    shown_to = visibility_or(visibility)
    sent = await read_uploads(request, files)
    job = upload_job(request, caller, sent, shown_to, told)
    if job is not None:  # a long or scanned file: its progress page, which refreshes itself
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)
    report = await ingest_uploads(request, caller, sent, shown_to, told)
    return render(
        request,
        "upload.html",
        {"report": report, "max_mb": library.settings.max_file_mb, "kinds": KINDS, "error": None, "told": {}},
    )
