"""JSON over HTTP: search, facets, documents and health."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field

from index.search import SearchRequest

from .deps import LibraryDep

router = APIRouter()


class SearchParams(BaseModel):
    """The same parameters as `casoteca search`."""

    q: str = Field("", description='what to look for; "quoted phrases" must appear verbatim')
    country: list[str] = Field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    kind: list[str] = Field(default_factory=list)
    language: list[str] = Field(default_factory=list)
    exploitation: list[str] = Field(default_factory=list)
    limit: int = Field(10, ge=1, le=100)
    per_document: int | None = Field(None, ge=1, le=20)
    mode: Literal["hybrid", "dense", "bm25"] = "hybrid"

    def request(self, default_per_document: int) -> SearchRequest:
        return SearchRequest(self.q, countries=self.country, year_from=self.year_from, year_to=self.year_to,
                             kinds=self.kind, languages=self.language, exploitation=self.exploitation,
                             limit=self.limit, per_document=self.per_document or default_per_document,
                             mode=self.mode)


@router.get("/api/search")
def search(params: Annotated[SearchParams, Query()], library: LibraryDep) -> dict[str, Any]:
    """Passages that answer the query, each citing its document, pages and section, with facet counts."""
    return library.search(params.request(library.settings.per_document)).to_dict()


@router.post("/api/search")
def search_post(params: SearchParams, library: LibraryDep) -> dict[str, Any]:
    """The same search with the parameters as a JSON body, for queries too long for a URL (a pasted case)."""
    return library.search(params.request(library.settings.per_document)).to_dict()


@router.get("/api/facets")
def facets(params: Annotated[SearchParams, Query()], library: LibraryDep) -> dict[str, Any]:
    """Documents per country, year, kind, language and form of exploitation for a query and filters."""
    return {"facets": library.search(params.request(library.settings.per_document)).to_dict()["facets"]}


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
