"""Shared criteria over HTTP: list, create, edit, delete, and the matrix of cases by criteria (JSON or CSV)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field

from index.criteria import CriteriaError
from index.search import SearchRequest
from service.matrix_csv import matrix_csv

from .deps import CallerDep, EditorDep, LibraryDep, audit
from .params import Filters

router = APIRouter()


class CriterionIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=2000)
    language: Literal["es", "pt", "en", "und"] = Field("und", description="the language it is written in")
    keywords: list[str] | None = Field(None, max_length=100, description="words a passage meeting it often "
                                       "contains, any language; several words form an exact phrase")
    replace: bool = Field(False, description="on edit: drop the versions in other languages")


class MatrixParams(Filters):
    lang: Literal["es", "pt", "en"] = Field("en", description="language of the criteria names in the answer")
    format: Literal["json", "csv"] = "json"


@router.get("/api/criteria")
def list_criteria(library: LibraryDep, caller: CallerDep) -> dict[str, Any]:
    return {"criteria": [c.to_dict() for c in library.criteria.all()]}


@router.post("/api/criteria", status_code=201)
def create_criterion(request: Request, body: CriterionIn, library: LibraryDep, caller: EditorDep) -> dict[str, Any]:
    try:
        made = library.criteria.create(body.name, body.description, body.language, body.keywords).to_dict()
        audit(request, caller, "criterion_create", id=made["id"], name=body.name)
        return made
    except CriteriaError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


@router.put("/api/criteria/{criterion_id}")
def edit_criterion(request: Request, criterion_id: str, body: CriterionIn, library: LibraryDep,
                   caller: EditorDep) -> dict[str, Any]:
    try:
        found = library.criteria.update(criterion_id, body.name, body.description, body.language, body.keywords,
                                        replace=body.replace)
    except CriteriaError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    if found is None:
        raise HTTPException(status_code=404, detail=f"no criterion {criterion_id!r}")
    audit(request, caller, "criterion_edit", id=criterion_id, name=body.name)
    return found.to_dict()


@router.delete("/api/criteria/{criterion_id}", status_code=204)
def delete_criterion(request: Request, criterion_id: str, library: LibraryDep, caller: EditorDep) -> Response:
    if not library.criteria.delete(criterion_id):
        raise HTTPException(status_code=404, detail=f"no criterion {criterion_id!r}")
    audit(request, caller, "criterion_delete", id=criterion_id)
    return Response(status_code=204)


@router.get("/api/criteria/matrix", response_model=None)
def criteria_matrix(request: Request, params: Annotated[MatrixParams, Query()], library: LibraryDep,
                    caller: CallerDep) -> dict[str, Any] | Response:
    """Cases (rows) by criteria (columns): whether each case meets each criterion and the passage that
    shows it, with counts per country. `format=csv` answers a spreadsheet."""
    search_request = SearchRequest("", **params.filter_fields())
    result = library.criteria_matrix(search_request, params.lang, caller=caller)
    if params.format == "csv":
        audit(request, caller, "export_matrix", **params.model_dump(exclude_defaults=True))
        return Response(matrix_csv(result, params.lang), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="criteria-matrix.csv"'})
    return result
