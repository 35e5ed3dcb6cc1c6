"""The glossary page: every entry in Spanish, Portuguese and English with each country's legal term and the
false friends flagged, a box that finds the glossary's terms in a pasted text, and, for editors, the forms
that edit it (CSRF-checked by the caller dependency, like every form). Works without JavaScript."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.deps import CallerDep, EditorDep, LibraryDep, audit
from service.errors import ServiceError
from service.library import Library
from service.shared_texts import GLOSSARY_LANGUAGES as LANGUAGES
from service.shared_texts import Entry

from .i18n import negotiate
from .pages import render

router = APIRouter()
MAX_LOOKUP_CHARS = 2_000


def glossary_view(
    request: Request,
    library: Library,
    q: str = "",
    text: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    language = negotiate(request)
    found = library.glossary_terms(text[:MAX_LOOKUP_CHARS], language) if text.strip() else None
    return render(
        request,
        "glossary.html",
        {
            "entries": library.glossary_entries(q),
            "total": library.glossary_size(),
            "q": q,
            "text": text,
            "found": found,
            "glossary_languages": LANGUAGES,
            "error": error,
        },
        status_code=status_code,
    )


@router.get("/glossary", response_class=HTMLResponse)
def glossary_page(
    request: Request, library: LibraryDep, caller: CallerDep, q: str = "", text: str = ""
) -> HTMLResponse:
    """The glossary, filtered by `q` (a term in any language); `text`: the terms found in it."""
    return glossary_view(request, library, q[:200], text)


def entry_from_form(form: Any, language: str, old: Entry | None = None) -> dict[str, Any]:
    """An entry from the form's fields: term, variants (comma-separated) and definition per language,
    legal terms one a line "country | language | term | provision", false friends one a line
    "language | term | note". A note is written in the page's language; the notes an entry has in the
    other languages are kept for a false friend still listed."""
    texts = {}
    for lang in LANGUAGES:
        term = str(form.get(f"term_{lang}") or "").strip()
        if term:
            texts[lang] = {
                "term": term,
                "definition": str(form.get(f"definition_{lang}") or ""),
                "variants": [
                    v.strip() for v in str(form.get(f"variants_{lang}") or "").split(",") if v.strip()
                ],
            }
    legal = []
    for line in str(form.get("legal") or "").splitlines():
        if line.strip():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 3:
                raise ServiceError(f"legal: {line.strip()!r}: write country | language | term | provision")
            legal.append(
                {
                    "country": parts[0],
                    "language": parts[1],
                    "term": parts[2],
                    "provision": " | ".join(parts[3:]),
                }
            )
    notes = {(f.language, f.term): f.note for f in old.false_friends} if old else {}
    friends = []
    for line in str(form.get("false_friends") or "").splitlines():
        if line.strip():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 3:
                raise ServiceError(f"false_friends: {line.strip()!r}: write language | term | note")
            friends.append(
                {
                    "language": parts[0],
                    "term": parts[1],
                    "note": {**notes.get((parts[0], parts[1]), {}), language: " | ".join(parts[2:])},
                }
            )
    return {"texts": texts, "legal": legal, "false_friends": friends, "source": str(form.get("source") or "")}


@router.post("/glossary", response_class=HTMLResponse)
async def create_entry(request: Request, library: LibraryDep, caller: EditorDep) -> Response:
    async with request.form() as form:
        try:
            made = library.create_glossary_entry(entry_from_form(form, negotiate(request)), caller=caller)
        except ServiceError as exc:
            return glossary_view(request, library, error=str(exc), status_code=400)
    audit(request, caller, "glossary_create", id=made.id)
    return RedirectResponse(f"/glossary#{made.id}", status_code=303)


@router.post("/glossary/{entry_id}", response_class=HTMLResponse)
async def edit_entry(request: Request, entry_id: str, library: LibraryDep, caller: EditorDep) -> Response:
    """Save the entry's form (action "save") or delete the entry (action "delete")."""
    old = library.glossary_entry(entry_id)
    if old is None:
        return render(request, "not_found.html", {}, status_code=404)
    async with request.form() as form:
        if form.get("action") == "delete":
            library.delete_glossary_entry(entry_id, caller=caller)
            audit(request, caller, "glossary_delete", id=entry_id)
            return RedirectResponse("/glossary", status_code=303)
        try:
            library.update_glossary_entry(
                entry_id, entry_from_form(form, negotiate(request), old), caller=caller
            )
        except ServiceError as exc:
            return glossary_view(request, library, error=str(exc), status_code=400)
    audit(request, caller, "glossary_edit", id=entry_id)
    return RedirectResponse(f"/glossary#{entry_id}", status_code=303)
