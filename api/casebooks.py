"""Casebooks over HTTP: create, list, edit, add and reorder items, export to Markdown, DOCX or PDF."""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from service.casebooks import Casebook

from . import models
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


T = TypeVar("T")


def found(value: T | bool | None, what: str) -> T:
    """`value`, or 404 when there is none (casebooks of others are not found either)."""
    if value is None or value is False:
        raise HTTPException(status_code=404, detail=f"no {what}")
    return value  # type: ignore[return-value]


@router.get("/api/casebooks", response_model=models.CasebooksOut)
def list_casebooks(library: LibraryDep, caller: SignedInDep) -> dict[str, Any]:
    """The caller's casebooks."""
    return {
        "casebooks": [
            {"id": b.id, "title": b.title, "items": len(b.items), "updated": b.updated}
            for b in library.my_casebooks(caller=caller)
        ]
    }


@router.post("/api/casebooks", status_code=201, response_model=models.CasebookOut)
def create_casebook(body: CasebookIn, library: LibraryDep, caller: SignedInDep) -> Casebook:
    return library.create_casebook(body.title, body.description, caller=caller)  # CasebookError: 400


@router.get("/api/casebooks/{casebook_id}", response_model=models.CasebookOut)
def get_casebook(casebook_id: str, library: LibraryDep, caller: SignedInDep) -> Casebook:
    """The casebook, with only the items whose documents the caller may still see."""
    return found(library.casebook(casebook_id, caller=caller), f"casebook {casebook_id!r}")


@router.patch("/api/casebooks/{casebook_id}", response_model=models.CasebookOut)
def change_casebook(
    casebook_id: str, body: CasebookChange, library: LibraryDep, caller: SignedInDep
) -> Casebook:
    return found(
        library.change_casebook(casebook_id, body.title, body.description, caller=caller),
        f"casebook {casebook_id!r}",
    )


@router.delete("/api/casebooks/{casebook_id}", status_code=204, response_class=Response)
def delete_casebook(casebook_id: str, library: LibraryDep, caller: SignedInDep) -> Response:
    found(library.delete_casebook(casebook_id, caller=caller), f"casebook {casebook_id!r}")
    return Response(status_code=204)


@router.post("/api/casebooks/{casebook_id}/items", status_code=201, response_model=models.ItemOut)
def add_item(casebook_id: str, body: ItemIn, library: LibraryDep, caller: SignedInDep) -> Any:
    """Cite a passage (`order`) or a whole case in the casebook; the citation is copied into it."""
    found(library.casebook(casebook_id, caller=caller), f"casebook {casebook_id!r}")
    item = library.add_to_casebook(casebook_id, body.document_id, body.order, body.note, caller=caller)
    return found(item, f"document {body.document_id!r}")


@router.patch("/api/casebooks/{casebook_id}/items/{item_id}", response_model=models.CasebookOut)
def change_item(
    casebook_id: str, item_id: str, body: ItemChange, library: LibraryDep, caller: SignedInDep
) -> Casebook:
    found(library.casebook(casebook_id, caller=caller), f"casebook {casebook_id!r}")
    return found(
        library.edit_casebook_item(casebook_id, item_id, body.note, body.position, caller=caller),
        f"item {item_id!r} in casebook {casebook_id!r}",
    )


@router.delete("/api/casebooks/{casebook_id}/items/{item_id}", status_code=204, response_class=Response)
def remove_item(casebook_id: str, item_id: str, library: LibraryDep, caller: SignedInDep) -> Response:
    found(library.casebook(casebook_id, caller=caller), f"casebook {casebook_id!r}")
    found(
        library.remove_casebook_item(casebook_id, item_id, caller=caller),
        f"item {item_id!r} in casebook {casebook_id!r}",
    )
    return Response(status_code=204)


@router.get(
    "/api/casebooks/{casebook_id}/export",
    response_class=Response,
    responses={
        200: {
            "description": "the casebook as a file",
            "content": {
                "text/markdown": {},
                "application/pdf": {},
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {},
            },
        }
    },
)
def export_casebook(
    request: Request,
    casebook_id: str,
    library: LibraryDep,
    caller: SignedInDep,
    format: Literal["md", "docx", "pdf"] = "md",
    lang: Literal["es", "pt", "en"] = "en",
    pseudonymise: bool = False,
) -> Response:
    """The casebook as a file: every passage cited, and the sources at the end. `pseudonymise=true`
    replaces people and identifiers by roles and masks ("Víctima 1", "+595 9** ***456") for training."""
    exported = found(
        library.export_casebook(casebook_id, format, lang, caller=caller, pseudonymise=pseudonymise),
        f"casebook {casebook_id!r}",
    )
    audit(
        request,
        caller,
        "export_casebook",
        casebook_id=casebook_id,
        format=format,
        items=exported.items,
        pseudonymised=pseudonymise,
    )
    return Response(
        exported.data,
        media_type=exported.media_type,
        headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'},
    )
