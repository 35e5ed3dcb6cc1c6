"""Who am I, API keys, and for admins: users, offices and the audit trail."""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from casoteca.accounts import ROLES, AccountError
from index.spreadsheet import to_csv

from .deps import AdminDep, LibraryDep, SignedInDep, audit, in_writer
from .jobs import job_answer, work_job

router = APIRouter()


class KeyIn(BaseModel):
    label: str = Field("", max_length=100)


class UserIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=10, max_length=1000)
    office: str = Field(min_length=1, max_length=200)
    role: Literal["reader", "editor", "admin"] = "reader"


class UserChange(BaseModel):
    password: str | None = Field(None, min_length=10, max_length=1000)
    office: str | None = Field(None, min_length=1, max_length=200)
    role: Literal["reader", "editor", "admin"] | None = None
    disabled: bool | None = None
    keep_keys: bool = Field(False, description="with a new password: keep the user's API keys (sessions close "
                                               "anyway); by default they are revoked")


@router.get("/api/me")
def me(caller: SignedInDep) -> dict[str, Any]:
    return {"name": caller.name, "office": caller.office, "role": caller.role, "via": caller.via}


@router.get("/api/keys")
def list_keys(library: LibraryDep, caller: SignedInDep) -> dict[str, Any]:
    return {"keys": library.accounts.api_keys(caller.name)}


@router.post("/api/keys", status_code=201)
def new_key(request: Request, body: KeyIn, library: LibraryDep, caller: SignedInDep) -> dict[str, Any]:
    """A new API key for the caller. The key is in this answer only: it is stored hashed."""
    key_id, key = library.accounts.new_api_key(caller.name or "", body.label)
    audit(request, caller, "api_key_create", key_id=key_id)
    return {"id": key_id, "key": key, "label": body.label}


@router.delete("/api/keys/{key_id}", status_code=204)
def revoke_key(request: Request, key_id: str, library: LibraryDep, caller: SignedInDep) -> Response:
    owner = next((k["user"] for k in library.accounts.api_keys() if k["id"] == key_id), None)
    if owner is None or (owner != caller.name and not caller.may("admin")):
        raise HTTPException(status_code=404, detail=f"no API key {key_id!r}")
    library.accounts.revoke_api_key(key_id)
    audit(request, caller, "api_key_revoke", key_id=key_id)
    return Response(status_code=204)


@router.get("/api/users")
def list_users(library: LibraryDep, caller: AdminDep) -> dict[str, Any]:
    return {"users": library.accounts.users(), "offices": library.accounts.offices(), "roles": list(ROLES)}


@router.post("/api/users", status_code=201)
def add_user(request: Request, body: UserIn, library: LibraryDep, caller: AdminDep) -> dict[str, Any]:
    try:
        library.accounts.add_user(body.name, body.password, body.office, body.role)
    except AccountError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    audit(request, caller, "user_add", name=body.name, office=body.office, role=body.role)
    return {"name": body.name, "office": body.office, "role": body.role}


@router.patch("/api/users/{name}")
def change_user(request: Request, name: str, body: UserChange, library: LibraryDep, caller: AdminDep) -> dict[str, Any]:
    """Change a user. A new password signs them out everywhere and revokes their API keys (unless
    `keep_keys`): whoever knew the old one may hold either."""
    try:
        revoked = library.accounts.change_user(name, password=body.password, office=body.office, role=body.role,
                                               disabled=body.disabled, keep_keys=body.keep_keys)
    except AccountError as exc:
        raise HTTPException(status_code=404 if "no user" in str(exc) else 400, detail=str(exc)) from exc
    audit(request, caller, "user_change", name=name,
          **{k: v for k, v in body.model_dump(exclude_none=True).items() if k not in ("password", "keep_keys")},
          **({"password": "changed", **revoked} if body.password else {}))
    return next(u for u in library.accounts.users() if u["name"] == name)


@router.get("/api/sign-in-locks")
def sign_in_locks(request: Request, caller: AdminDep) -> dict[str, Any]:
    """Accounts (`user:NAME`) and addresses (`addr:IP`) that must wait before the next sign-in attempt."""
    return {"locks": [{"key": lock.key, "failures": lock.failures, "wait_seconds": round(lock.wait, 1)}
                      for lock in request.app.state.throttle.locks()]}


@router.post("/api/users/{name}/unlock")
def unlock_user(request: Request, name: str, caller: AdminDep) -> dict[str, Any]:
    """Lift the wait that wrong passwords put on an account (audited)."""
    found = request.app.state.throttle.unlock(name)
    audit(request, caller, "sign_in_unlock", name=name, was_locked=found)
    return {"name": name, "was_locked": found}


class OfficeIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    country: str = Field("", max_length=100)


@router.get("/api/offices")
def list_offices(library: LibraryDep, caller: AdminDep) -> dict[str, Any]:
    return {"offices": library.accounts.offices()}


@router.post("/api/offices", status_code=201)
def add_office(request: Request, body: OfficeIn, library: LibraryDep, caller: AdminDep) -> dict[str, Any]:
    """Add an office, or set the country of an existing one."""
    try:
        library.accounts.add_office(body.name, body.country)
    except AccountError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    audit(request, caller, "office_add", name=body.name, country=body.country)
    return next(o for o in library.accounts.offices() if o["name"] == body.name.strip())


@router.post("/api/admin/optimize")
async def optimize(request: Request, library: LibraryDep, caller: AdminDep, response: Response,
                   quantize: bool = False, background: bool = False) -> dict[str, Any]:
    """Build the embedded index's HNSW (and int8 quantization) in a separate process and swap it in. Searches
    keep answering; uploads wait in the writer's queue until it is done (minutes at 100k passages). With
    `background`, 202 at once with a job (`GET /api/jobs/{id}`: status, then `result`)."""
    from index.store import EdgeStore

    store = library.kb.store
    if not isinstance(store, EdgeStore):
        raise HTTPException(status_code=400, detail="a Qdrant server builds its indexes itself")
    audit(request, caller, "optimize", quantize=quantize)
    if background:
        response.status_code = 202
        return job_answer(work_job(request, caller, "optimize", lambda: {
            "built_seconds": round(store.rebuild_elsewhere(quantize), 1), "quantized": quantize}))
    seconds = await in_writer(request, store.rebuild_elsewhere, quantize)
    return {"built_seconds": round(seconds, 1), "quantized": quantize}


@router.post("/api/admin/reindex")
async def reindex(request: Request, library: LibraryDep, caller: AdminDep, response: Response,
                  model: str | None = None, reparse: bool = False, background: bool = False) -> dict[str, Any]:
    """Embed every passage again with `model` (default: the configured one) into a new index while this one
    keeps answering, then switch to it (embedded: a new version of the index; server: the alias moves).
    With `reparse`, every document is parsed and chunked again from its kept original first. Uploads wait
    in the writer's queue until it is done. If `model` is not the configured one, set CASOTECA_MODEL to it
    before the next start."""
    import importlib.metadata

    from index.embed import DEFAULT_MODEL

    if model not in (None, DEFAULT_MODEL, library.settings.model):
        try:  # only an installed distribution: no folder paths, nothing else importable, over HTTP
            importlib.metadata.distribution(model)
        except (importlib.metadata.PackageNotFoundError, ValueError) as exc:
            raise HTTPException(status_code=400, detail=f"no installed model package {model!r}") from exc
    audit(request, caller, "reindex", model=model or library.settings.model, reparse=reparse)
    if background:  # 202 at once with a job (GET /api/jobs/{id}: status, then `result`)
        response.status_code = 202

        def work() -> dict[str, Any]:
            passages, kept = library.reindex(model, reparse)
            return {"passages": passages, "model": library.kb.embedder.model_id, "kept_unparsed": kept}

        return job_answer(work_job(request, caller, "reindex", work))
    try:
        passages, kept = await in_writer(request, library.reindex, model, reparse)
    except ValueError as exc:  # a package that holds no model
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    return {"passages": passages, "model": library.kb.embedder.model_id, "kept_unparsed": kept,
            "configured": (model or library.settings.model) == library.settings.model}


@router.get("/api/audit", response_model=None)
def read_audit(request: Request, library: LibraryDep, caller: AdminDep, limit: int = 100, offset: int = 0,
               user: str | None = None, action: str | None = None,
               format: Literal["json", "csv"] = "json") -> dict[str, Any] | Response:
    """The audit trail, newest first. `format=csv` exports it."""
    events = library.audit.read(max(1, min(limit, 100_000)), max(0, offset), user, action)
    if format == "csv":
        audit(request, caller, "export_audit", count=len(events))
        rows = ([e.get(k) for k in ("n", "at", "user", "office", "via", "ip", "action")]
                + [json.dumps(e.get("detail"), ensure_ascii=False)] for e in events)
        return Response(to_csv(["n", "at", "user", "office", "via", "ip", "action", "detail"], rows),
                        media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="audit.csv"'})
    intact, message = library.audit.verify()
    return {"events": events, "intact": intact, "verification": message}
