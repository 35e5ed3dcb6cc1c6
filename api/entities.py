"""Entities over HTTP: find one by any written form, an entity's mentions, a document's cross-case links."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from service import entities, ftm
from service.filters import Filters

from .deps import CallerDep, EditorDep, LibraryDep, audit

router = APIRouter()


class EntityOut(BaseModel):
    id: str
    type: str
    value: str
    label: str
    documents: int
    countries: list[str]


class EntitiesOut(BaseModel):
    entities: list[EntityOut]


class MentionOut(BaseModel):
    document_id: str
    title: str
    page_start: int
    page_end: int
    text: str
    written: str


class EntityDetailOut(BaseModel):
    id: str
    type: str
    value: str
    label: str
    countries: list[str]
    years: list[int]
    forms: list[str]
    merged: list[str]
    mentions: list[MentionOut]


class NodeOut(BaseModel):
    id: str
    kind: str
    label: str
    countries: list[str]


class EdgeOut(BaseModel):
    source: str
    target: str


class NetworkOut(BaseModel):
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class LinkOut(BaseModel):
    id: str
    type: str
    value: str
    label: str
    other_documents: int
    other_countries: int
    countries: list[str]


class LinksOut(BaseModel):
    entities: list[LinkOut]


class ProposalOut(BaseModel):
    a: EntityOut
    b: EntityOut
    score: int


class ProposalsOut(BaseModel):
    proposals: list[ProposalOut]


class MergeIn(BaseModel):
    keep: str  # the entity id the merged names answer as
    other: str
    decision: Literal["merge", "reject"]


class MergeOut(BaseModel):
    decision: str
    id: str  # the entity both names answer as after a merge; the kept one's after a rejection


def entity_out(e: entities.EntitySummary) -> dict[str, Any]:
    return {
        "id": e.id,
        "type": e.type,
        "value": e.value,
        "label": e.label,
        "documents": e.documents,
        "countries": e.countries,
    }


@router.get("/api/entity-merges", response_model=ProposalsOut)
def merge_proposals(library: LibraryDep, caller: EditorDep) -> dict[str, Any]:
    """Names among the documents the editor may see that are probably one person (fuzzy: a spelling, a
    name inside a longer one), most alike first; pairs already merged or rejected are not proposed."""
    found = entities.merge_proposals(library, caller=caller)
    return {"proposals": [{"a": entity_out(p.a), "b": entity_out(p.b), "score": p.score} for p in found]}


@router.post("/api/entity-merges", response_model=MergeOut)
def decide_merge(request: Request, body: MergeIn, library: LibraryDep, caller: EditorDep) -> dict[str, Any]:
    """Merge two names (`keep` is the one they answer as, on the entity page, the API and the network) or
    reject the proposal; kept, and audited."""
    made = entities.decide_merge(library, body.keep, body.other, body.decision, caller=caller)
    audit(request, caller, f"{body.decision}_names", keep=body.keep, other=body.other)
    return {"decision": made.decision, "id": body.keep}


@router.get("/api/entities", response_model=EntitiesOut)
def find_entities(
    request: Request,
    library: LibraryDep,
    caller: CallerDep,
    q: str = Query("", max_length=200, description='any written form: "0981 123 456", a name'),
    type: str | None = Query(
        None, description="phone, email, url, social, account, id, place, person or org"
    ),
) -> dict[str, Any]:
    """Entities named in the documents the caller may see, most widespread first. `documents` and
    `countries` count only those documents."""
    audit(request, caller, "entities", q=q, type=type or "")
    try:
        found = entities.find(library, q, type, caller=caller)
    except entities.UnknownType as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    return {
        "entities": [
            {
                "id": e.id,
                "type": e.type,
                "value": e.value,
                "label": e.label,
                "documents": e.documents,
                "countries": e.countries,
            }
            for e in found
        ]
    }


class NetworkParams(Filters):
    """The search filters, and the form of the answer."""

    format: Literal["json", "csv", "ftm"] = Field(
        "json",
        description="json; csv (the edges, for a spreadsheet); ftm (FollowTheMoney JSON lines, for Aleph)",
    )


@router.get(
    "/api/network",
    response_model=NetworkOut,
    responses={
        200: {
            "content": {"text/csv": {}, "application/x-ndjson": {}},
            "description": "JSON, the edges as CSV, or FollowTheMoney entities as JSON lines",
        }
    },
)
def network(
    request: Request,
    params: Annotated[NetworkParams, Query()],
    library: LibraryDep,
    caller: CallerDep,
) -> Any:
    """The cases the caller may see (the search filters apply) and the phones, accounts, people... that
    link two or more of them: nodes and document-entity edges, the edges as CSV, or FollowTheMoney
    entities (`Document`, `Person`, `BankAccount`... and a `Documentation` per edge) for Aleph."""
    audit(request, caller, "network", **params.model_dump(exclude_defaults=True))
    found = entities.network(library, caller=caller, filters=params)
    if params.format == "ftm":
        return Response(
            ftm.lines(found),
            media_type="application/x-ndjson; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="casoteca-network.ftm.json"'},
        )
    if params.format == "csv":
        nodes = {node.id: node for node in found.nodes}
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["document_id", "document", "entity_id", "type", "entity", "countries"])
        for doc, entity in found.edges:
            writer.writerow(
                [
                    doc,
                    nodes[doc].label,
                    entity,
                    nodes[entity].kind,
                    nodes[entity].label,
                    "; ".join(nodes[entity].countries),
                ]
            )
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="casoteca-network.csv"'},
        )
    return {
        "nodes": [asdict(node) for node in found.nodes],
        "edges": [{"source": doc, "target": entity} for doc, entity in found.edges],
    }


@router.get("/api/entities/{entity_id}", response_model=EntityDetailOut)
def get_entity(request: Request, entity_id: str, library: LibraryDep, caller: CallerDep) -> dict[str, Any]:
    """Every passage the caller may see that names the entity, with its document and pages."""
    found = entities.show(library, entity_id, caller=caller)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no entity {entity_id!r}")
    audit(request, caller, "view_entity", entity=found.value, type=found.type)
    return {
        "id": found.id,
        "type": found.type,
        "value": found.value,
        "label": found.label,
        "countries": found.countries,
        "years": found.years,
        "forms": found.forms,
        "merged": found.merged,
        "mentions": [
            {
                "document_id": m.document_id,
                "title": m.title,
                "page_start": m.page_start,
                "page_end": m.page_end,
                "text": m.text,
                "written": m.written,
            }
            for m in found.mentions
        ],
    }


@router.get("/api/documents/{doc_id}/entities", response_model=LinksOut)
def document_entities(doc_id: str, library: LibraryDep, caller: CallerDep) -> dict[str, Any]:
    """The document's entities, each with the other documents and countries (that the caller may see)
    that name it too; 404 when the caller may not see the document."""
    if library.get(doc_id, caller=caller) is None:
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
    return {"entities": [asdict(link) for link in entities.links(library, doc_id, caller=caller)]}
