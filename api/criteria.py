"""Shared criteria over HTTP: list, create, edit, delete, and the matrix of cases by criteria (JSON or CSV)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field

from service.filters import Filters
from service.media import CSV
from service.shared_texts import CriteriaMatrix

from . import models
from .deps import CallerDep, EditorDep, LibraryDep, audit

router = APIRouter()


class CriterionIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=2000)
    language: Literal["es", "pt", "en", "und"] = Field("und", description="the language it is written in")
    keywords: list[str] | None = Field(
        None,
        max_length=100,
        description="words a passage meeting it often "
        "contains, any language; several words form an exact phrase",
    )
    replace: bool = Field(False, description="on edit: drop the versions in other languages")


class MatrixParams(Filters):
    lang: Literal["es", "pt", "en"] = Field("en", description="language of the criteria names in the answer")
    format: Literal["json", "csv"] = "json"


@router.get("/api/criteria", response_model=models.CriteriaOut)
def list_criteria(library: LibraryDep, caller: CallerDep) -> dict[str, Any]:
    return {"criteria": [c.to_dict() for c in library.list_criteria()]}


@router.post("/api/criteria", status_code=201, response_model=models.CriterionOut)
def create_criterion(
    request: Request, body: CriterionIn, library: LibraryDep, caller: EditorDep
) -> dict[str, Any]:
    made = library.create_criterion(
        body.name, body.description, body.language, body.keywords, caller=caller
    ).to_dict()
    audit(request, caller, "criterion_create", id=made["id"], name=body.name)
    return made


@router.put("/api/criteria/{criterion_id}", response_model=models.CriterionOut)
def edit_criterion(
    request: Request, criterion_id: str, body: CriterionIn, library: LibraryDep, caller: EditorDep
) -> dict[str, Any]:
    found = library.update_criterion(
        criterion_id,
        body.name,
        body.description,
        body.language,
        body.keywords,
        replace=body.replace,
        caller=caller,
    )
    if found is None:
        raise HTTPException(status_code=404, detail=f"no criterion {criterion_id!r}")
    audit(request, caller, "criterion_edit", id=criterion_id, name=body.name)
    return found.to_dict()


@router.delete("/api/criteria/{criterion_id}", status_code=204, response_class=Response)
def delete_criterion(request: Request, criterion_id: str, library: LibraryDep, caller: EditorDep) -> Response:
    if not library.delete_criterion(criterion_id, caller=caller):
        raise HTTPException(status_code=404, detail=f"no criterion {criterion_id!r}")
    audit(request, caller, "criterion_delete", id=criterion_id)
    return Response(status_code=204)


@router.get(
    "/api/criteria/matrix",
    response_model=models.MatrixOut,
    responses={200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with format=csv"}},
)
def criteria_matrix(
    request: Request, params: Annotated[MatrixParams, Query()], library: LibraryDep, caller: CallerDep
) -> CriteriaMatrix | Response:
    """Cases (rows) by criteria (columns): whether each case meets each criterion and the passage that
    shows it, with counts per country. `format=csv` answers a spreadsheet."""
    filters = params.engine_filters()
    if params.format == "csv":
        audit(request, caller, "export_matrix", **params.model_dump(exclude_defaults=True))
        return Response(
            library.criteria_matrix_csv(filters, params.lang, caller=caller),
            media_type=CSV,
            headers={"Content-Disposition": 'attachment; filename="criteria-matrix.csv"'},
        )
    return library.criteria_matrix(filters, params.lang, caller=caller)
