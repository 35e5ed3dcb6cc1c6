"""The context-analysis pages: `/analysis` (every view as server-rendered SVG and tables, CSV and SVG export
per view) and `/analysis/cases` (the cases behind one mark, with the passage that states the fact). They
work without JavaScript. Thin: service/analysis.py computes, web/charts.py and web/worldmap.py draw."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.deps import CallerDep, EditorDep, LibraryDep, audit, in_writer
from service import analysis as service
from service.analysis import Analysis, SearchRequest
from service.field_errors import message as field_message
from service.filters import Filters
from service.labels import country_name

from . import charts, png, worldmap
from .analysis_i18n import label, message
from .i18n import negotiate
from .pages import as_year, document_view, render

router = APIRouter()
FILTER_KEYS = ("country", "kind", "exploitation", "outcome", "year_from", "year_to", "criterion")
MARK_KEYS = (
    "route",
    "origin",
    "transit",
    "destination",
    "fact_exploitation",
    "sector",
    "means",
    "fact_outcome",
    "victim_sex",
    "victim_age",
    "victim_nationality",
    "provision",
    "year",
    "sentence",
)
BAR_VIEWS = ("exploitation", "sectors", "means", "outcomes", "sentences", "provisions")
FACT_OF_VIEW = {
    "exploitation": "fact_exploitation",
    "sectors": "sector",
    "means": "means",
    "outcomes": "fact_outcome",
    "sentences": "sentence",
    "provisions": "provision",
}
SVG_VIEWS = (
    "map-americas",
    "map-world",
    "by_year",
    *BAR_VIEWS,
    "victims-sex",
    "victims-age",
    "victims-nationality",
)


def _filters(request: Request) -> tuple[SearchRequest, str | None, list[tuple[str, str]]]:
    """The search filters of the page's query string, its criterion, and those parameters to repeat in links."""
    params = request.query_params
    kept = [(k, v) for k, v in params.multi_items() if k in FILTER_KEYS and v]
    # Checked as every search's filters are: an unknown country or an inverted period is said, not counted
    # as "no case" (pydantic's ValidationError: the app answers it with the messages, api/invalid.py).
    search = Filters(
        country=params.getlist("country"),
        kind=params.getlist("kind"),
        exploitation=params.getlist("exploitation"),
        outcome=params.getlist("outcome"),
        year_from=as_year(params.get("year_from", "")),
        year_to=as_year(params.get("year_to", "")),
    ).engine_filters()
    return search, params.get("criterion") or None, kept


def cases_url(kept: list[tuple[str, str]], **facts: str) -> str:
    return "/analysis/cases?" + urlencode([*kept, *facts.items()])


def views(result: Analysis, kept: list[tuple[str, str]], language: str) -> dict[str, str]:
    """Every view of `result` as an SVG string, by name."""

    def route_label(origin: str, destination: str, n: int) -> str:
        return message(
            "route_label_one" if n == 1 else "route_label",
            language,
            origin=country_name(origin, language),
            destination=country_name(destination, language),
            n=n,
        )

    weights: dict[str, int] = {
        row["country"]: row["origin"] + row["transit"] + row["destination"] for row in result.countries
    }
    routes = [(r["origin"], r["destination"], r["cases"]) for r in result.routes]
    out = {
        f"map-{view}": worldmap.render(
            view,
            weights,
            routes,
            lambda c: "/?" + urlencode([("country", c)]),
            lambda a, b: cases_url(kept, route=f"{a}>{b}"),
            message(f"map_{view}", language),
            route_label,
            lambda c: country_name(c, language),
        )
        for view in ("americas", "world")
    }
    out["by_year"] = charts.stacked_years(
        result.by_year,
        lambda form: label(form, language),
        lambda year, form: cases_url(kept, year=str(year), **({"fact_exploitation": form} if form else {})),
        message("by_year", language),
        "by-year",
    )
    data = result.to_dict()
    for view in BAR_VIEWS:
        rows = [
            charts.Bar(
                label(r["value"], language), r["cases"], cases_url(kept, **{FACT_OF_VIEW[view]: r["value"]})
            )
            for r in data[view]
        ]
        out[view] = charts.bars(rows, message(view, language), view)
    for group, fact in (("sex", "victim_sex"), ("age", "victim_age"), ("nationality", "victim_nationality")):
        name = (
            (lambda v: country_name(v, language))
            if group == "nationality"
            else (lambda v: label(v, language))
        )
        rows = [
            charts.Bar(name(r["value"]), r["cases"], cases_url(kept, **{fact: r["value"]}))
            for r in result.victims.get(group, [])
        ]
        out[f"victims-{group}"] = charts.bars(
            rows, f"{message('victims', language)}: {message(group, language)}", f"victims-{group}"
        )
    return out


@router.get("/analysis", response_class=HTMLResponse)
def analysis_page(request: Request, library: LibraryDep, caller: CallerDep) -> HTMLResponse:
    language = negotiate(request)
    search, criterion, kept = _filters(request)
    audit(request, caller, "analysis", **dict(kept))
    result = service.analyse(library, search, caller=caller, criterion=criterion)
    facets = service.filter_choices(library, caller=caller)
    query = urlencode(kept)
    return render(
        request,
        "analysis.html",
        {
            "result": result,
            "svg": views(result, kept, language),
            "query": query,
            "kept": dict(kept),
            "m": lambda key, **values: message(key, language, **values),
            "label": lambda v: label(v, language),
            "cases_url": lambda **facts: cases_url(kept, **facts),
            "facets": facets,
            "criteria": library.criteria.all(),
            "bar_views": BAR_VIEWS,
        },
    )


@router.get("/analysis/cases", response_class=HTMLResponse)
def analysis_cases_page(request: Request, library: LibraryDep, caller: CallerDep) -> HTMLResponse:
    language = negotiate(request)
    search, criterion, kept = _filters(request)
    params = request.query_params
    named = {"fact_exploitation": "exploitation", "fact_outcome": "outcome"}
    facts = {named.get(k, k): params[k] for k in MARK_KEYS if params.get(k)}
    audit(request, caller, "analysis_cases", **facts)
    found = service.cases_for(library, search, facts, caller=caller, criterion=criterion)
    shown = [
        f"{message(k, language) if k in ('origin', 'transit', 'destination') else k}: "
        f"{v.replace('>', ' → ') if k == 'route' else label(v, language)}"
        for k, v in facts.items()
    ]
    return render(
        request,
        "analysis_cases.html",
        {
            "found": found,
            "shown": shown,
            "back": "/analysis?" + urlencode(kept),
            "m": lambda key, **values: message(key, language, **values),
            "label": lambda v: label(v, language),
        },
    )


@router.get("/analysis/export/{view}.{extension}")
def export_view(
    request: Request, view: str, extension: str, library: LibraryDep, caller: CallerDep
) -> Response:
    """One view as an SVG or a PNG file (the same drawing the page shows; the PNG rendered offline by
    web/png.py). Readers and API keys alike: the counts are the caller's, as on the page."""
    if view not in SVG_VIEWS or extension not in ("svg", "png"):
        return Response(
            f"view must be one of {', '.join(SVG_VIEWS)}, as .svg or .png",
            status_code=404,
            media_type="text/plain",
        )
    language = negotiate(request)
    search, criterion, kept = _filters(request)
    audit(request, caller, "analysis_export", view=view, format=extension, **dict(kept))
    result = service.analyse(library, search, caller=caller, criterion=criterion)
    svg = views(result, kept, language)[view]
    disposition = {"Content-Disposition": f'attachment; filename="analysis-{view}.{extension}"'}
    if extension == "png":
        return Response(png.to_png(svg), media_type="image/png", headers=disposition)
    return Response(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + svg, media_type="image/svg+xml", headers=disposition
    )


@router.post("/documents/{doc_id}/facts", response_class=HTMLResponse)
async def correct_fact_page(
    request: Request, doc_id: str, library: LibraryDep, caller: EditorDep
) -> Response:
    """An editor confirms or corrects one case fact from the document page's form (checkboxes `value`,
    or a comma-separated text box `values`; the CSRF token is checked with the caller). Back to the page
    at that fact; a value the fact cannot hold shows the page again with the reason."""
    form = await request.form()
    name = str(form.get("field") or "")
    values = [str(v) for v in form.getlist("value")]
    values += [part.strip() for part in str(form.get("values") or "").split(",") if part.strip()]
    try:
        stored = await in_writer(request, service.correct_fact, library, doc_id, name, values, caller=caller)
    except service.FactError as exc:
        language = negotiate(request)
        named = message(f"fact_{exc.fact}", language) if exc.fact in service.EDITABLE else exc.fact
        listed = ", ".join(label(v, language) for v in service.CHOICES.get(exc.fact, ()))
        said = " ".join(  # the API's messages, with the fact and its values named as the page names them
            field_message(
                replace(error, context={**error.context, "fact": named, "expected": listed})
                if error.code == "not_a_value_of"
                else replace(error, context={**error.context, "fact": named}),
                language,
            )
            for error in exc.errors
        )
        return document_view(request, library, caller, doc_id, fact_error=(exc.fact, said), status_code=422)
    if stored is None:
        return render(request, "not_found.html", {}, status_code=404)
    audit(request, caller, "correct_fact", document_id=doc_id, field=name, values=stored)
    return RedirectResponse(f"/documents/{doc_id}#fact-{name}", status_code=303)
