"""JSON over HTTP: search, facets, documents and health."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from index.search import SearchRequest

from .deps import CallerDep, EditorDep, LibraryDep, audit, in_writer, ingest_uploads
from .params import Filters

router = APIRouter()


class SearchParams(Filters):
    """The same parameters as `casoteca search`."""

    q: str = Field("", description='what to look for; "quoted phrases" must appear verbatim (in a short query)')
    limit: int = Field(10, ge=1, le=100, description="documents per page")
    offset: int = Field(0, ge=0, le=1_000, description="documents skipped: the next page starts at offset + limit")
    per_document: int | None = Field(None, ge=1, le=20, description="passages shown per document")
    mode: Literal["hybrid", "dense", "bm25"] = "hybrid"

    def request(self, default_per_document: int) -> SearchRequest:
        return SearchRequest(self.q, **self.filter_fields(), limit=self.limit, offset=self.offset,
                             per_document=self.per_document or default_per_document, mode=self.mode)


def run_search(request: Request, params: SearchParams, library: LibraryDep, caller: CallerDep) -> dict[str, Any]:
    audit(request, caller, "search", **params.model_dump(exclude_defaults=True))
    return library.search(params.request(library.settings.per_document), caller=caller).to_dict()


@router.get("/api/search")
def search(request: Request, params: Annotated[SearchParams, Query()], library: LibraryDep,
           caller: CallerDep) -> dict[str, Any]:
    """One hit per document, best first: its best passage (citing pages and section, scored 0-1) and its
    other passages in `more`; an empty list when nothing reaches the relevance floor. `total` counts the
    documents found, `truncated` says a very long text was searched only in part. Facets count documents
    among the results."""
    return run_search(request, params, library, caller)


@router.post("/api/search")
def search_post(request: Request, params: SearchParams, library: LibraryDep, caller: CallerDep) -> dict[str, Any]:
    """The same search with the parameters as a JSON body, for queries too long for a URL (a pasted case)."""
    return run_search(request, params, library, caller)


@router.get("/api/facets")
def facets(request: Request, params: Annotated[SearchParams, Query()], library: LibraryDep,
           caller: CallerDep) -> dict[str, Any]:
    """Documents per country, year, kind, language and form of exploitation for a query and filters."""
    return {"facets": run_search(request, params, library, caller)["facets"]}


@router.get("/health")
def health(library: LibraryDep) -> dict[str, Any]:
    """Ready when the index is open and the embedding model loaded (the app loads it at start)."""
    return {"status": "ok", "model": library.kb.embedder.model_id,
            "store": "qdrant-server" if library.settings.qdrant_url else "qdrant-edge", **library.stats()}


@router.get("/api/documents")
def list_documents(
    library: LibraryDep,
    caller: CallerDep,
    language: str | None = None,
    country: str | None = None,
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    docs = library.summaries(language, country, caller=caller)
    return {"total": len(docs), "documents": docs[offset : offset + limit]}


@router.get("/api/documents/{doc_id}")
def get_document(request: Request, doc_id: str, library: LibraryDep, caller: CallerDep) -> dict[str, Any]:
    doc = library.get(doc_id, caller=caller)
    if doc is None:
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
    audit(request, caller, "view", document_id=doc["id"])
    return doc


class Sharing(BaseModel):
    visibility: Literal["public", "network", "office"]


@router.patch("/api/documents/{doc_id}")
async def share_document(request: Request, doc_id: str, body: Sharing, library: LibraryDep,
                   caller: EditorDep) -> dict[str, Any]:
    """Change who may see a document: `public`, `network` (every signed-in user) or `office` (its office)."""
    shared = await in_writer(request, library.share, doc_id, body.visibility, caller)
    if shared is None:
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r} of your office")
    audit(request, caller, "share", document_id=shared, visibility=body.visibility)
    return {"id": shared, "visibility": body.visibility}


@router.get("/api/documents/{doc_id}/file")
def get_file(request: Request, doc_id: str, library: LibraryDep, caller: CallerDep) -> FileResponse:
    """The original file. PDFs and images open in the browser (add `#page=N` to a PDF link); other types
    download. Served with a sandboxing policy, so nothing inside a file can run as this site."""
    found = library.original(doc_id, caller=caller)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no original file for document {doc_id!r}")
    path, media_type, name = found
    audit(request, caller, "download", document_id=doc_id)
    inline = media_type == "application/pdf" or media_type.startswith("image/")
    return FileResponse(path, media_type=media_type, filename=name,
                        content_disposition_type="inline" if inline else "attachment",
                        headers={"Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff"})


@router.post("/api/documents", status_code=201)
async def upload(request: Request, files: Annotated[list[UploadFile], File(description="one or more files")],
                 library: LibraryDep, response: Response, caller: EditorDep,
                 visibility: Annotated[Literal["public", "network", "office"], Form()] = "office") -> dict[str, Any]:
    """Ingest uploaded files; answers with the ingest report. 413 when every file is over the size limit,
    415 when every file is of an unsupported type; otherwise 201 with a line per file (failed ones say why)."""
    report = await ingest_uploads(request, caller, files, visibility)
    reasons = {line.reason for line in report if line.status == "failed"}
    if report and all(line.status == "failed" for line in report):
        response.status_code = {frozenset({"too_large"}): 413, frozenset({"unsupported"}): 415}.get(
            frozenset(reasons), 422)
    return {"documents": [asdict(line) for line in report]}


@router.delete("/api/documents/{doc_id}", status_code=204)
async def delete_document(request: Request, doc_id: str, library: LibraryDep, caller: EditorDep) -> Response:
    """Editors delete their own office's documents; admins any."""
    if not library.may_change(doc_id, caller) or not await in_writer(request, library.delete, doc_id):
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r} of your office")
    audit(request, caller, "delete", document_id=doc_id)
    return Response(status_code=204)
