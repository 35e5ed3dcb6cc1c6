"""A casebook as a class may see it: people and identifiers replaced by roles and masks ("Víctima 1",
"+595 9** ***456"), read-only, to show or print for a training (service.pseudonyms). Its owner (or an admin)
opens it; the exports of the same pseudonymised casebook are linked from it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from gateway.deps import LibraryDep, SignedInDep, audit

from .i18n import negotiate
from .pages import render

router = APIRouter()


@router.get("/casebooks/{casebook_id}/training", response_class=HTMLResponse)
def training_page(
    request: Request, casebook_id: str, library: LibraryDep, caller: SignedInDep
) -> HTMLResponse:
    """The pseudonymised casebook in the reader's language, without forms (nothing masked is saved back)."""
    book = library.training_casebook(casebook_id, negotiate(request), caller=caller)
    if book is None:
        return render(request, "not_found.html", {}, status_code=404)
    audit(request, caller, "view_training_casebook", casebook_id=casebook_id, items=len(book.items))
    return render(request, "casebook_training.html", {"book": book})
