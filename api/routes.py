"""JSON over HTTP: documents and health. Search arrives with the index."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query

from .deps import LibraryDep

router = APIRouter()


@router.get("/health")
def health(library: LibraryDep) -> dict[str, Any]:
    return {"status": "ok", "documents": len(library.summaries())}


@router.get("/api/documents")
def list_documents(
    library: LibraryDep,
    language: str | None = None,
    country: str | None = None,
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    docs = library.summaries(language, country)
    return {"total": len(docs), "documents": docs[offset : offset + limit]}


@router.get("/api/documents/{doc_id}")
def get_document(doc_id: str, library: LibraryDep) -> dict[str, Any]:
    doc = library.get(doc_id)
    if doc is None:
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
    return doc
