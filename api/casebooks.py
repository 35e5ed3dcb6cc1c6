"""Casebooks over HTTP: create, list, edit, add and reorder items, export to Markdown, DOCX or PDF."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from casoteca.accounts import Caller
from casoteca.casebooks import CasebookError
from casoteca.export import MEDIA_TYPES, export
from index.criteria import slug

from .deps import LibraryDep, SignedInDep, audit

router = APIRouter()


class CasebookIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)


class CasebookChange(BaseModel):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=5000)


class ItemIn(BaseModel):
    document_id: str
    order: int | None = Field(None, ge=0, description="passage number; leave out to cite the whole case")
    note: str = Field("", max_length=5000)


class ItemChange(BaseModel):
    note: str | None = Field(None, max_length=5000)
    position: int | None = Field(None, ge=0, description="new place in the casebook, 0 is first")


def found(value: Any, what: str) -> Any:
    if value is None or value is False:
        raise HTTPException(status_code=404, detail=f"no {what}")
    return value


def own(library: Any, casebook_id: str, caller: Caller) -> Any:
    """The caller's casebook (admins: anyone's), or 404."""
    return found(library.casebook(casebook_id, caller=caller), f"casebook {casebook_id!r}")


@router.get("/api/casebooks")
def list_casebooks(library: LibraryDep, caller: SignedInDep) -> dict[str, Any]:
    """The caller's casebooks."""
    return {"casebooks": [{"id": b.id, "title": b.title, "items": len(b.items), "updated": b.updated}
                          for b in library.casebooks.all(owner=caller.name)]}


@router.post("/api/casebooks", status_code=201)
def create_casebook(body: CasebookIn, library: LibraryDep, caller: SignedInDep) -> dict[str, Any]:
    try:
        return library.casebooks.create(body.title, body.description, owner=caller.name or "").to_dict()
    except CasebookError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


@router.get("/api/casebooks/{casebook_id}")
def get_casebook(casebook_id: str, library: LibraryDep, caller: SignedInDep) -> dict[str, Any]:
    """The casebook, with only the items whose documents the caller may still see."""
    return own(library, casebook_id, caller).to_dict()


@router.patch("/api/casebooks/{casebook_id}")
def change_casebook(casebook_id: str, body: CasebookChange, library: LibraryDep,
                    caller: SignedInDep) -> dict[str, Any]:
    own(library, casebook_id, caller)
    try:
        library.casebooks.change(casebook_id, body.title, body.description)
    except CasebookError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    return own(library, casebook_id, caller).to_dict()


@router.delete("/api/casebooks/{casebook_id}", status_code=204)
def delete_casebook(casebook_id: str, library: LibraryDep, caller: SignedInDep) -> Response:
    own(library, casebook_id, caller)
    library.casebooks.delete(casebook_id)
    return Response(status_code=204)


@router.post("/api/casebooks/{casebook_id}/items", status_code=201)
def add_item(casebook_id: str, body: ItemIn, library: LibraryDep, caller: SignedInDep) -> dict[str, Any]:
    """Cite a passage (`order`) or a whole case in the casebook; the citation is copied into it."""
    own(library, casebook_id, caller)
    try:
        item = library.add_to_casebook(casebook_id, body.document_id, body.order, body.note, caller=caller)
    except CasebookError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    return asdict(found(item, f"document {body.document_id!r}"))


@router.patch("/api/casebooks/{casebook_id}/items/{item_id}")
def change_item(casebook_id: str, item_id: str, body: ItemChange, library: LibraryDep,
                caller: SignedInDep) -> dict[str, Any]:
    own(library, casebook_id, caller)
    try:
        book = library.casebooks.edit_item(casebook_id, item_id, body.note, body.position)
    except CasebookError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    found(book, f"item {item_id!r} in casebook {casebook_id!r}")
    return own(library, casebook_id, caller).to_dict()


@router.delete("/api/casebooks/{casebook_id}/items/{item_id}", status_code=204)
def remove_item(casebook_id: str, item_id: str, library: LibraryDep, caller: SignedInDep) -> Response:
    own(library, casebook_id, caller)
    found(library.casebooks.remove_item(casebook_id, item_id), f"item {item_id!r} in casebook {casebook_id!r}")
    return Response(status_code=204)


@router.get("/api/casebooks/{casebook_id}/export")
def export_casebook(request: Request, casebook_id: str, library: LibraryDep, caller: SignedInDep,
                    format: Literal["md", "docx", "pdf"] = "md", lang: Literal["es", "pt", "en"] = "en") -> Response:
    """The casebook as a file: every passage cited, and the sources at the end."""
    book = own(library, casebook_id, caller)
    audit(request, caller, "export_casebook", casebook_id=casebook_id, format=format, items=len(book.items))
    name = slug(book.title)[:60] or "casebook"  # ASCII only: a header cannot carry other characters
    return Response(export(book, format, lang), media_type=MEDIA_TYPES[format],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{format}"'})
