"""The Alerts page: what you follow, your inbox of matches, and the forms that save an alert from a search's
results or from the describe-your-case page. Works without JavaScript (forms and redirects)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.deps import LibraryDep, SignedInDep
from service.alerts import AlertError

from .pages import as_year, local_path, render

router = APIRouter()


def alerts_view(
    request: Request,
    library: LibraryDep,
    caller: SignedInDep,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    alerts = library.alerts.alerts(caller)
    labels = {a.id: a.label for a in alerts}
    inbox = library.alerts.inbox(caller)
    return render(
        request,
        "alerts.html",
        {
            "alerts": alerts,
            "inbox": inbox,
            "labels": labels,
            "error": error,
            "saved": request.query_params.get("saved", ""),
        },
        status_code=status_code,
    )


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, library: LibraryDep, caller: SignedInDep) -> HTMLResponse:
    return alerts_view(request, library, caller)


@router.post("/alerts", response_class=HTMLResponse)
async def save_alert(
    request: Request,
    library: LibraryDep,
    caller: SignedInDep,
    kind: str = Form("search"),
    q: str = Form(""),
    text: str = Form(""),
    entity_id: str = Form(""),
    frequency: str = Form("immediate"),
    label: str = Form(""),
    email: str = Form(""),
    webhook: str = Form(""),
    mode: str = Form("hybrid"),
    country: list[str] = Form(default=[]),
    kind_filter: list[str] = Form(default=[]),  # noqa: B008
    language: list[str] = Form(default=[]),
    exploitation: list[str] = Form(default=[]),  # noqa: B008
    court: list[str] = Form(default=[]),
    outcome: list[str] = Form(default=[]),  # noqa: B008
    offence: list[str] = Form(default=[]),
    year_from: str = Form(""),
    year_to: str = Form(""),  # noqa: B008
) -> Response:
    """Save the search whose results were on the page (its query and filters), or the draft just described."""
    filters = {
        "countries": country,
        "kinds": kind_filter,
        "languages": language,
        "exploitation": exploitation,
        "courts": court,
        "outcomes": outcome,
        "offences": offence,
        "year_from": as_year(year_from),
        "year_to": as_year(year_to),
    }
    try:
        alert = await run_in_threadpool(
            library.alerts.create,
            caller,
            kind,
            query=q,
            text=text,
            entity_id=entity_id,
            frequency=frequency,
            label=label,
            email=email,
            webhook=webhook,
            mode=mode,
            filters={k: v for k, v in filters.items() if v},
        )
    except AlertError as exc:
        return alerts_view(request, library, caller, error=str(exc), status_code=400)
    return RedirectResponse(f"/alerts?saved={alert.id}", status_code=303)


@router.post("/alerts/read", response_class=HTMLResponse)
def read_alerts(
    request: Request,
    library: LibraryDep,
    caller: SignedInDep,
    alert_id: str = Form(""),
    document_id: str = Form(""),
    back: str = Form("/alerts"),
) -> Response:
    library.alerts.mark_read(caller, alert_id or None, [document_id] if document_id else None)
    return RedirectResponse(local_path(back), status_code=303)


@router.post("/alerts/{alert_id}", response_class=HTMLResponse)
def change_alert(
    request: Request,
    alert_id: str,
    library: LibraryDep,
    caller: SignedInDep,
    action: str = Form("change"),
    frequency: str = Form(""),
    email: str = Form(""),
    webhook: str = Form(""),
    label: str = Form(""),
) -> Response:
    if action == "delete":
        library.alerts.delete(alert_id, caller)
        return RedirectResponse("/alerts", status_code=303)
    changes: dict[str, object] = {"email": email, "webhook": webhook}
    if frequency:
        changes["frequency"] = frequency
    if label.strip():
        changes["label"] = label
    if action in ("pause", "resume"):
        changes = {"active": action == "resume"}
    try:
        if library.alerts.update(alert_id, changes, caller) is None:
            return render(request, "not_found.html", {}, status_code=404)
    except AlertError as exc:
        return alerts_view(request, library, caller, error=str(exc), status_code=400)
    return RedirectResponse("/alerts", status_code=303)


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert_page(
    request: Request, alert_id: str, library: LibraryDep, caller: SignedInDep, read: str = Query("")
) -> Response:
    return RedirectResponse("/alerts#a-" + alert_id, status_code=303)
