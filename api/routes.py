"""JSON over HTTP: search, facets and documents (health is in api/metrics.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, TypeAdapter

from gateway.jobs import job_answer, upload_job
from service.access import Caller, Visibility
from service.corrections import told_metadata
from service.filters import SearchParams
from service.labels import label_map
from service.library import Library
from service.media import opens_inline
from service.report import common_failure

from . import models
from .deps import (
    CallerDep,
    EditorDep,
    LibraryDep,
    audit,
    audit_soon,
    in_search_lane,
    in_writer,
    ingest_uploads,
    read_uploads,
)
from .errors import status_for

router = APIRouter()


# The search's JSON is made on the search thread, as FastAPI would make it from the response model
# (validated, then dumped by pydantic-core: the same bytes), so the event loop only sends it.
SEARCH_OUT = TypeAdapter(models.SearchOut)


def search_answer(library: Library, params: SearchParams, caller: Caller) -> dict[str, Any]:
    answer = library.search(params, caller=caller).to_dict()
    if params.labels:
        answer["labels"] = label_map(answer["facets"], answer["hits"], params.labels)
    return answer


def search_json(library: Library, params: SearchParams, caller: Caller) -> bytes:
    return SEARCH_OUT.dump_json(SEARCH_OUT.validate_python(search_answer(library, params, caller)))


async def run_search(
    request: Request, params: SearchParams, caller: Caller, answer: Callable[..., Any]
) -> Any:
    """`answer` run on the search thread while the audit event is written; the answer only once it is."""
    recorded = audit_soon(
        request, caller, "search", **params.model_dump(exclude_defaults=True, exclude={"labels"})
    )
    try:
        found = await in_search_lane(request, answer, request.app.state.library, params, caller)
    finally:
        await recorded
    return found


@router.get("/api/search", response_model=models.SearchOut)
async def search(
    request: Request, params: Annotated[SearchParams, Query()], library: LibraryDep, caller: CallerDep
) -> Response:
    """One hit per document, best first: its best passage (citing pages and section, scored 0-1) and its
    other passages in `more`; an empty list when nothing reaches the relevance floor. `total` counts the
    documents found, `truncated` says a very long text was searched only in part. Facets count documents
    among the results."""
    return Response(await run_search(request, params, caller, search_json), media_type="application/json")


@router.post("/api/search", response_model=models.SearchOut)
async def search_post(
    request: Request, params: SearchParams, library: LibraryDep, caller: CallerDep
) -> Response:
    """The same search with the parameters as a JSON body, for queries too long for a URL (a pasted case)."""
    return Response(await run_search(request, params, caller, search_json), media_type="application/json")


@router.get("/api/facets", response_model=models.FacetsOut)
async def facets(
    request: Request, params: Annotated[SearchParams, Query()], library: LibraryDep, caller: CallerDep
) -> dict[str, Any]:
    """Documents per country, year, kind, language and form of exploitation for a query and filters."""
    answer = await run_search(request, params, caller, search_answer)
    return {"facets": answer["facets"], "labels": answer.get("labels")}


@router.get("/api/documents", response_model=models.DocumentList)
def list_documents(
    library: LibraryDep,
    caller: CallerDep,
    language: str | None = None,
    country: str | None = None,
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
) -> models.DocumentList:
    docs = library.summaries(language, country, caller=caller)
    return models.DocumentList(
        total=len(docs),
        documents=[models.DocumentSummary.model_validate(d) for d in docs[offset : offset + limit]],
    )


@router.get("/api/documents/{doc_id}", response_model=models.DocumentOut)
def get_document(request: Request, doc_id: str, library: LibraryDep, caller: CallerDep) -> models.DocumentOut:
    doc = library.get(doc_id, caller=caller)
    if doc is None:
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
    audit(request, caller, "view", document_id=doc.id)
    out = models.DocumentOut.model_validate(doc)
    out.near_duplicates = [
        models.NearDuplicate.model_validate(n) for n in library.near_duplicates(doc.id, caller=caller)
    ]
    return out


class DocumentChange(BaseModel):
    """What an editor may change: who sees the document, and corrections of its metadata (kept across
    re-ingest and reparse, shown as told). A field left out stays as it is."""

    model_config = ConfigDict(extra="forbid")
    visibility: Visibility | None = None
    title: str | None = None
    kind: str | None = None
    countries: list[str] | None = None
    year: int | None = None
    purpose: list[str] | None = Field(
        None,
        validation_alias=AliasChoices("purpose", "exploitation"),
        description="forms of exploitation, e.g. forced_labour",
    )
    sector: list[str] | None = None
    form: str | None = None
    court: str | None = None
    case_number: str | None = None
    decision_date: str | None = Field(None, description="YYYY-MM-DD")
    offences: list[str] | None = None
    outcome: str | None = None
    summary: str | None = None


@router.patch(
    "/api/documents/{doc_id}", response_model=models.DocumentChanged, response_model_exclude_none=True
)
async def change_document(
    request: Request, doc_id: str, body: DocumentChange, library: LibraryDep, caller: EditorDep
) -> models.DocumentChanged:
    """Change who may see a document (`visibility`: `public`, `network` or `office`) and correct its
    metadata (title, kind, countries, year, purpose, court, case_number, decision_date, offences,
    outcome...). 422 names a field whose value cannot be used; 404 when the document is not one of the
    caller's office (admins: any)."""
    fields = body.model_dump(exclude_unset=True, exclude_none=True)
    visibility = fields.pop("visibility", None)
    if not fields and visibility is None:
        raise HTTPException(status_code=422, detail="nothing to change: send visibility or a metadata field")
    answer = models.DocumentChanged(id=doc_id)
    if fields:
        corrected = await in_writer(request, library.correct, doc_id, fields, caller)  # CorrectionError: 422
        if corrected is None:
            raise HTTPException(status_code=404, detail=f"no document {doc_id!r} of your office")
        audit(request, caller, "correct", document_id=doc_id, fields=corrected.fields)
        answer.corrected = corrected.fields
    if visibility is not None:
        shared = await in_writer(request, library.share, doc_id, visibility, caller)
        if shared is None:
            raise HTTPException(status_code=404, detail=f"no document {doc_id!r} of your office")
        audit(request, caller, "share", document_id=shared, visibility=visibility)
        answer.id, answer.visibility = shared, visibility
    return answer


@router.get(
    "/api/documents/{doc_id}/file",
    response_class=FileResponse,
    responses={200: {"description": "the original file", "content": {"application/octet-stream": {}}}},
)
def get_file(request: Request, doc_id: str, library: LibraryDep, caller: CallerDep) -> FileResponse:
    """The original file. PDFs and images open in the browser (add `#page=N` to a PDF link); other types
    download. Served with a sandboxing policy, so nothing inside a file can run as this site."""
    found = library.original(doc_id, caller=caller)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no original file for document {doc_id!r}")
    audit(request, caller, "download", document_id=doc_id)
    return FileResponse(
        found.path,
        media_type=found.media_type,
        filename=found.name,
        content_disposition_type="inline" if opens_inline(found.media_type) else "attachment",
        headers={"Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff"},
    )


@router.post("/api/documents", status_code=201, response_model=models.UploadReport | models.JobOut)
async def upload(
    request: Request,
    files: Annotated[list[UploadFile], File(description="one or more files")],
    library: LibraryDep,
    response: Response,
    caller: EditorDep,
    visibility: Annotated[Visibility, Form()] = "office",
    title: Annotated[str | None, Form()] = None,
    kind: Annotated[str | None, Form()] = None,
    countries: Annotated[list[str] | None, Form(description="repeat, or comma-separated")] = None,
    year: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    """Ingest uploaded files; answers with the ingest report. `title`, `kind`, `countries` and `year` are
    told metadata of every file sent (422 when one cannot be used). A file whose bytes are already in a
    document the caller may see is `duplicate`, with that document's id and title. When every file failed
    for one reason the status is that reason's (413 over the size limit, 415 an unsupported type, 400
    empty; 422 otherwise); else 201 with a line per file (failed ones say why). When a file is long or
    scanned (OCR), 202 at once with a job instead (`url`: its progress, `GET /api/jobs/{id}`)."""
    told = told_metadata(title, kind, countries, year)  # CorrectionError: 422
    sent = await read_uploads(request, files)
    job = upload_job(request, caller, sent, visibility, told)
    if job is not None:  # a long or scanned file: answered at once, read the job for its progress
        response.status_code = 202
        response.headers["Location"] = f"/api/jobs/{job.id}"
        return job_answer(job)
    report = await ingest_uploads(request, caller, sent, visibility, told)
    reason = common_failure(report)
    if reason is not None:
        response.status_code = status_for(reason)
    return {"documents": [asdict(line) for line in report]}


@router.delete("/api/documents/{doc_id}", status_code=204, response_class=Response)
async def delete_document(request: Request, doc_id: str, library: LibraryDep, caller: EditorDep) -> Response:
    """Editors delete their own office's documents; admins any."""
    if not await in_writer(request, library.remove, doc_id, caller=caller):
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r} of your office")
    audit(request, caller, "delete", document_id=doc_id)
    return Response(status_code=204)
