"""Comparable cases over HTTP: for a document of the base, and for a draft (pasted text or a file)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import Field, ValidationError

from service.drafts import MAX_DRAFT_CHARS, draft_bytes
from service.filters import SimilarParams

from . import models
from .deps import CallerDep, LibraryDep, audit

router = APIRouter()


class Draft(SimilarParams):
    text: str = Field(min_length=1, max_length=MAX_DRAFT_CHARS, description="the case, described or pasted")


@router.get("/api/documents/{doc_id}/similar", response_model=models.Cases)
def similar_to_document(
    request: Request,
    doc_id: str,
    params: Annotated[SimilarParams, Query()],
    library: LibraryDep,
    caller: CallerDep,
) -> dict[str, Any]:
    """The cases most comparable to this one, each with its score, the facets they share and the passage
    pairs that make them comparable, labelled by aspect (recruitment, transport, exploitation, control,
    financial, investigation, outcome)."""
    cases = library.similar(doc_id, params.request(), caller=caller)
    if cases is None:
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
    audit(request, caller, "similar", document_id=doc_id)
    return {"cases": cases, "case_file": library.case_file(doc_id, caller=caller)}


DRAFT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": Draft.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string"},
                        "file": {"type": "string", "format": "binary"},
                        **dict(SimilarParams.model_json_schema()["properties"].items()),
                    },
                }
            },
        },
    },
}


@router.post("/api/similar", openapi_extra=DRAFT_BODY, response_model=models.Cases)
async def similar_to_draft(request: Request, library: LibraryDep, caller: CallerDep) -> dict[str, Any]:
    """The cases most comparable to a draft that is not in the base: a JSON body with `text`, or a form
    with `text` or a `file` (any format ingest reads). The draft is read and embedded, never stored."""
    limit = library.max_file_bytes
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        async with request.form() as form:
            fields: dict[str, Any] = {
                key: form.getlist(key) for key in ("country", "kind", "language", "exploitation")
            }
            fields |= {
                key: form[key] for key in ("year_from", "year_to", "limit", "evidence") if form.get(key)
            }
            params = validate(SimilarParams, fields)
            upload = form.get("file")
            if upload is not None and not isinstance(upload, str) and upload.filename:
                name, data = upload.filename, await upload.read(limit + 1)
            elif str(form.get("text") or "").strip():
                name, data = "draft.txt", draft_bytes(str(form["text"]))
            else:
                raise HTTPException(status_code=400, detail="send the case as `text` or as a `file`")
    else:
        try:
            body = json.loads(await request.body() or b"null")
        except ValueError as exc:
            raise HTTPException(status_code=400, detail="the body is not JSON; send JSON or a form") from exc
        params = draft = validate(Draft, body)
        name, data = "draft.txt", draft_bytes(draft.text)
    # An unreadable draft raises Unreadable: api/errors.py answers its reason's status.
    cases = await run_in_threadpool(library.similar_to_draft, name, data, params.request(), caller=caller)
    audit(request, caller, "similar_draft", name=name, bytes=len(data))
    return {"cases": cases}


def validate(model: type[SimilarParams], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from exc
