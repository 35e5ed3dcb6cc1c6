"""Entity pages: find a phone, account, person... by any written form, and an entity's own page with every
case and passage that names it, the countries and years. Server-rendered, no JavaScript; the caller's rights
apply to every count and list (service.entities)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.deps import CallerDep, EditorDep, LibraryDep, audit
from service import entities
from service.entities import TYPES
from service.errors import ServiceError
from service.filters import Filters

from .pages import render

router = APIRouter()


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    library: LibraryDep,
    caller: CallerDep,
    q: str = Query("", max_length=200),
    type: str = "",
) -> HTMLResponse:
    """The search box and the matching entities (the most widespread ones when nothing is asked)."""
    kind = type if type in TYPES else None
    audit(request, caller, "entities", q=q, type=kind or "")
    found = entities.find(library, q, kind, caller=caller)
    return render(request, "entities.html", {"q": q, "type": kind or "", "types": TYPES, "found": found})


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    library: LibraryDep,
    caller: CallerDep,
    country: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    """The cases and the entities that link them: a table (works without JavaScript) and, in a browser
    with JavaScript, the same network drawn by the vendored cytoscape.js from /api/network."""
    country = [name.strip() for value in country or [] for name in value.split(",") if name.strip()]
    audit(request, caller, "network", country=country)
    found = entities.network(library, caller=caller, filters=Filters(country=country))
    nodes = {node.id: node for node in found.nodes}
    rows = {}
    for doc, entity in found.edges:
        rows.setdefault(entity, []).append(nodes[doc])
    links = [(nodes[entity], documents) for entity, documents in rows.items()]
    query = urlencode([("country", c) for c in country])
    return render(request, "network.html", {"links": links, "country": country, "query": query})


@router.get("/entity-merges", response_class=HTMLResponse)
def merges_page(request: Request, library: LibraryDep, caller: EditorDep) -> HTMLResponse:
    """Names that are probably one person, each pair with merge (keeping either name) and reject."""
    found = entities.merge_proposals(library, caller=caller)
    done = request.query_params.get("done", "")
    return render(request, "entity_merges.html", {"proposals": found, "done": done, "error": None})


@router.post("/entity-merges", response_class=HTMLResponse)
def decide_merge(
    request: Request,
    library: LibraryDep,
    caller: EditorDep,
    keep: str = Form(""),
    other: str = Form(""),
    decision: str = Form("reject"),
) -> Response:
    """An editor's decision from the page; back to the remaining proposals."""
    try:
        entities.decide_merge(
            library, keep, other, "merge" if decision == "merge" else "reject", caller=caller
        )
    except ServiceError as exc:
        found = entities.merge_proposals(library, caller=caller)
        context = {"proposals": found, "done": "", "error": str(exc)}
        return render(request, "entity_merges.html", context, status_code=400)
    audit(request, caller, f"{'merge' if decision == 'merge' else 'reject'}_names", keep=keep, other=other)
    return RedirectResponse(f"/entity-merges?done={'merge' if decision == 'merge' else 'reject'}", 303)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str, library: LibraryDep, caller: CallerDep) -> HTMLResponse:
    found = entities.show(library, entity_id, caller=caller)
    if found is None:
        return render(request, "not_found.html", {}, status_code=404)
    audit(request, caller, "view_entity", entity=found.value, type=found.type)
    documents: dict[str, list] = {}
    for mention in found.mentions:
        documents.setdefault(mention.document_id, []).append(mention)
    return render(request, "entity.html", {"entity": found, "documents": documents})
