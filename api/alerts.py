"""Alerts over HTTP: save, list, change and delete what you follow; read your inbox; an Atom feed per alert.

GET    /api/alerts                      your alerts
POST   /api/alerts                      {"kind": "search"|"draft"|"entity", "query"|"text"|"entity_id",
                                         "filters", "mode", "frequency", "label", "email", "webhook"} -> 201
GET    /api/alerts/{id}                 one of them
PATCH  /api/alerts/{id}                 change label, frequency, email, webhook, active; a search's query,
                                        filters and mode
DELETE /api/alerts/{id}                 -> 204
GET    /api/alerts/inbox                {"items": [{"alert_id", "document_id", "title", "evidence", "read", "at"}]}
POST   /api/alerts/inbox/read           {"alert_id"?, "document_ids"?} marks them read
GET    /alerts/{id}/feed.atom?token=    the alert's Atom feed (the token is the credential)
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from service.alerts import AlertError
from service.alerts.service import MAX_DRAFT_CHARS, MAX_QUERY_CHARS

from .deps import LibraryDep, SignedInDep, audit

router = APIRouter()
STATUS_FOR_REASON = {
    "forbidden": 403,
    "not_found": 404,
    "unavailable": 409,
    "too_large": 413,
    "unsupported": 415,
}


class AlertIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["search", "draft", "entity"]
    query: str = Field("", max_length=MAX_QUERY_CHARS, description="a saved search's query")
    text: str = Field("", max_length=MAX_DRAFT_CHARS, description="a saved draft case's text")
    entity_id: str = Field("", max_length=200, description="the entity followed")
    filters: dict[str, Any] = Field(
        default_factory=dict,
        description="a search's filters: countries, kinds, "
        "languages, exploitation, courts, outcomes, offences, year_from, year_to",
    )
    mode: Literal["hybrid", "dense", "bm25"] = "hybrid"
    frequency: Literal["immediate", "daily", "weekly"] = "immediate"
    label: str = Field("", max_length=200)
    email: str = Field("", max_length=254, description="also send e-mails to this address")
    webhook: str = Field("", max_length=2000, description="also POST signed JSON to this URL")


class AlertChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str | None = Field(None, max_length=200)
    frequency: Literal["immediate", "daily", "weekly"] | None = None
    email: str | None = Field(None, max_length=254)
    webhook: str | None = Field(None, max_length=2000)
    active: bool | None = None
    query: str | None = Field(None, min_length=1, max_length=MAX_QUERY_CHARS)
    filters: dict[str, Any] | None = None
    mode: Literal["hybrid", "dense", "bm25"] | None = None


class AlertOut(BaseModel):
    id: str
    kind: str
    label: str
    query: str
    mode: str
    filters: dict[str, Any]
    entity_id: str
    frequency: str
    email: str
    webhook: str
    webhook_secret: str = Field(description="the key of the webhook's HMAC-SHA256 signature")
    feed_token: str = Field(description="the secret of the alert's Atom feed URL")
    feed_url: str
    created: str
    active: bool


class AlertsOut(BaseModel):
    alerts: list[AlertOut]


class InboxItem(BaseModel):
    alert_id: str
    document_id: str
    title: str
    evidence: list[dict[str, Any]] = Field(
        description="the passages (or, for a draft, the pairs) that matched"
    )
    read: bool
    at: str


class InboxOut(BaseModel):
    items: list[InboxItem]
    unread: int


class ReadIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    alert_id: str | None = None
    document_ids: list[str] | None = Field(None, max_length=1000)


class ReadOut(BaseModel):
    marked: int


def feed_url(alert: Any) -> str:
    return f"/alerts/{alert.id}/feed.atom?token={alert.feed_token}"


def out(alert: Any) -> AlertOut:
    return AlertOut(**alert.view(), feed_url=feed_url(alert))


def refused(exc: AlertError) -> HTTPException:
    return HTTPException(status_code=STATUS_FOR_REASON.get(exc.reason, 400), detail=str(exc))


@router.get("/api/alerts", response_model=AlertsOut)
def list_alerts(library: LibraryDep, caller: SignedInDep) -> AlertsOut:
    return AlertsOut(alerts=[out(a) for a in library.alerts.alerts(caller)])


@router.post("/api/alerts", status_code=201, response_model=AlertOut)
async def create_alert(request: Request, body: AlertIn, library: LibraryDep, caller: SignedInDep) -> AlertOut:
    """Save an alert. From then on every document added to the base that matches it (and that you may see)
    lands in your inbox, and in e-mails or webhook calls if you gave an address."""
    try:
        alert = await run_in_threadpool(
            library.alerts.create,
            caller,
            body.kind,
            label=body.label,
            query=body.query,
            text=body.text,
            entity_id=body.entity_id,
            filters=body.filters,
            mode=body.mode,
            frequency=body.frequency,
            email=body.email,
            webhook=body.webhook,
        )
    except AlertError as exc:
        raise refused(exc) from exc
    return out(alert)


@router.get("/api/alerts/inbox", response_model=InboxOut)
def inbox(library: LibraryDep, caller: SignedInDep, unread: bool = False) -> InboxOut:
    """Your matches, newest first: only documents you may see now."""
    hits = library.alerts.inbox(caller, unread_only=unread)
    return InboxOut(items=[InboxItem(**h.view()) for h in hits], unread=sum(1 for h in hits if not h.read))


@router.post("/api/alerts/inbox/read", response_model=ReadOut)
def mark_read(body: ReadIn, library: LibraryDep, caller: SignedInDep) -> ReadOut:
    return ReadOut(marked=library.alerts.mark_read(caller, body.alert_id, body.document_ids))


@router.get("/api/alerts/{alert_id}", response_model=AlertOut)
def get_alert(alert_id: str, library: LibraryDep, caller: SignedInDep) -> AlertOut:
    alert = library.alerts.alert(alert_id, caller)
    if alert is None:
        raise HTTPException(status_code=404, detail=f"no alert {alert_id!r}")
    return out(alert)


@router.patch("/api/alerts/{alert_id}", response_model=AlertOut)
async def change_alert(
    alert_id: str, body: AlertChange, library: LibraryDep, caller: SignedInDep
) -> AlertOut:
    changes = body.model_dump(exclude_none=True)
    try:
        alert = await run_in_threadpool(library.alerts.update, alert_id, changes, caller)
    except AlertError as exc:
        raise refused(exc) from exc
    if alert is None:
        raise HTTPException(status_code=404, detail=f"no alert {alert_id!r}")
    return out(alert)


@router.delete("/api/alerts/{alert_id}", status_code=204)
def delete_alert(alert_id: str, library: LibraryDep, caller: SignedInDep) -> Response:
    if not library.alerts.delete(alert_id, caller):
        raise HTTPException(status_code=404, detail=f"no alert {alert_id!r}")
    return Response(status_code=204)


@router.get(
    "/alerts/{alert_id}/feed.atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def feed(request: Request, alert_id: str, library: LibraryDep, token: str = "") -> Response:
    """The alert's matches as Atom, for a feed reader: the token in the URL is the only credential."""
    body = library.alerts.feed(alert_id, token, str(request.url))
    if body is None:
        raise HTTPException(status_code=404, detail="no such feed (or a wrong token)")
    audit(request, _feed_caller(library, alert_id), "alert_feed_read", alert=alert_id)
    return Response(body, media_type="application/atom+xml")


def _feed_caller(library: Any, alert_id: str) -> Any:
    alert = library.alerts.book.get(alert_id)
    return library.accounts.caller_for(alert.owner, "feed")
