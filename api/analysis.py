"""Context analysis over HTTP: the aggregates (JSON or one view as CSV), the cases behind a mark, and an
editor's correction of a fact. Thin: parameters in, service/analysis.py does the rest."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from service import analysis as service
from service.analysis import VIEWS, SearchRequest
from service.filters import Filters

from .deps import CallerDep, EditorDep, LibraryDep, audit, in_writer

router = APIRouter()
Rows = list[dict[str, Any]]


class AnalysisOut(BaseModel):
    """The aggregates of GET /api/analysis: each list holds rows of named keys and a `cases` count."""

    cases: int | None
    by_year: Rows
    countries: Rows
    routes: Rows
    legs: Rows
    exploitation: Rows
    sectors: Rows
    means: Rows
    victims: dict[str, Rows]
    offenders: dict[str, Rows]
    outcomes: Rows
    sentences: Rows
    provisions: Rows
    suppressed: bool
    min_count: int


class CaseOut(BaseModel):
    document_id: str
    title: str
    countries: list[str]
    year: int | None
    source: str = Field(description="inferred (then `passage` and `quote` state it), sidecar or editor")
    passage: int | None = None
    quote: str = ""


class CasesOut(BaseModel):
    total: int
    cases: list[CaseOut]


class FactOut(BaseModel):
    id: str
    field: str
    values: list[str]


class AnalysisParams(Filters):
    """The search filters, plus a shared criterion the cases must meet."""

    criterion: str | None = Field(None, description="id of a shared criterion (GET /api/criteria)")

    def filters(self) -> SearchRequest:
        return SearchRequest("", **self.filter_fields())


class AnalysisQuery(AnalysisParams):
    """GET /api/analysis: the filters, and JSON or one view as CSV (in the one query model: FastAPI reads a
    query model whole, so a parameter beside it would never be read)."""

    format: Literal["json", "csv"] = "json"
    view: str = Field("countries", description="the view exported as CSV: " + ", ".join(VIEWS))


class MarkParams(AnalysisParams):
    """One mark of a view: the facts its cases share."""

    origin: str | None = None
    transit: str | None = None
    destination: str | None = None
    route: str | None = Field(None, description="Origin>Destination, as GET /api/analysis lists routes")
    exploitation_fact: str | None = Field(None, alias="fact_exploitation")
    sector: str | None = None
    means: str | None = None
    outcome_fact: str | None = Field(None, alias="fact_outcome")
    victim_sex: str | None = None
    victim_age: str | None = None
    victim_nationality: str | None = None
    provision: str | None = None
    year: str | None = None
    sentence: str | None = None

    def facts(self) -> dict[str, str]:
        named = {"exploitation_fact": "exploitation", "outcome_fact": "outcome"}
        fields = (
            "route",
            "origin",
            "transit",
            "destination",
            "exploitation_fact",
            "sector",
            "means",
            "outcome_fact",
            "victim_sex",
            "victim_age",
            "victim_nationality",
            "provision",
            "year",
            "sentence",
        )
        return {named.get(key, key): getattr(self, key) for key in fields if getattr(self, key)}


@router.get(
    "/api/analysis",
    response_model=AnalysisOut,
    responses={200: {"content": {"text/csv": {}}, "description": "JSON, or one view as CSV"}},
)
def analysis(
    request: Request,
    params: Annotated[AnalysisQuery, Query()],
    library: LibraryDep,
    caller: CallerDep,
) -> Any:
    """Cases counted by year and form of exploitation, countries by role, routes (origin -> destination),
    forms of exploitation, sectors, means, victims, offenders, outcomes, sentence lengths and provisions
    cited, among the cases the caller may see under the filters. In a view across offices counts below
    the minimum are left out and `suppressed` is true. `format=csv&view=routes` gives one view as CSV."""
    audit(request, caller, "analysis", **params.model_dump(exclude_defaults=True))
    view = params.view
    if params.format == "csv" and view not in VIEWS:
        raise HTTPException(status_code=422, detail=f"view must be one of {', '.join(VIEWS)}")
    result = service.analyse(library, params.filters(), caller=caller, criterion=params.criterion)
    if params.format == "csv":
        return Response(
            service.view_csv(result, view),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="analysis-{view}.csv"'},
        )
    return result.to_dict()


@router.get("/api/analysis/cases", response_model=CasesOut)
def analysis_cases(
    request: Request, params: Annotated[MarkParams, Query()], library: LibraryDep, caller: CallerDep
) -> dict[str, Any]:
    """The cases behind one mark (e.g. `route=Bolivia>Argentina`), each with the passage that states the
    fact (or `source`: sidecar or editor, when it was told)."""
    audit(request, caller, "analysis_cases", **params.facts())
    found = service.cases_for(
        library, params.filters(), params.facts(), caller=caller, criterion=params.criterion
    )
    return {"total": found.total, "cases": [case.__dict__ for case in found.cases]}


class FactChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str = Field(description="origin, transit, destination, exploitation, means, sector, outcome, ...")
    values: list[str] = Field(default_factory=list, description="the right values; the same ones confirm")


@router.post("/api/documents/{doc_id}/facts", response_model=FactOut)
async def correct_fact(
    request: Request, doc_id: str, body: FactChange, library: LibraryDep, caller: EditorDep
) -> dict[str, Any]:
    """An editor of the owner office confirms or corrects one case fact (kept across re-ingest, audited).
    Countries may be written in es/pt/en and come back by their stored English name; a value off a
    closed list (forms of exploitation, means, sectors, outcome...) is refused with 422, in the caller's
    language (a `service.FactError` is an InvalidRequest: api/invalid.py answers it)."""
    stored = await in_writer(
        request, service.correct_fact, library, doc_id, body.field, body.values, caller=caller
    )
    if stored is None:
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r} of your office")
    audit(request, caller, "correct_fact", document_id=doc_id, field=body.field, values=stored)
    return {"id": doc_id, "field": body.field, "values": stored}
