"""Who am I, API keys, and for admins: users, offices and the audit trail."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from gateway.jobs import job_answer, work_job
from service.access import ROLES, Role
from service.media import CSV
from service.people import NewKey
from service.rebuild import Optimized

from . import models
from .deps import AdminDep, LibraryDep, SignedInDep, audit, in_writer

router = APIRouter()


class KeyIn(BaseModel):
    label: str = Field("", max_length=100)


class UserIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=10, max_length=1000)
    office: str = Field(min_length=1, max_length=200)
    role: Role = "reader"


class UserChange(BaseModel):
    password: str | None = Field(None, min_length=10, max_length=1000)
    office: str | None = Field(None, min_length=1, max_length=200)
    role: Role | None = None
    disabled: bool | None = None
    keep_keys: bool = Field(
        False,
        description="with a new password: keep the user's API keys (sessions close "
        "anyway); by default they are revoked",
    )


@router.get("/api/me", response_model=models.Me)
def me(caller: SignedInDep) -> dict[str, Any]:
    return {"name": caller.name, "office": caller.office, "role": caller.role, "via": caller.via}


@router.get("/api/keys", response_model=models.KeysOut)
def list_keys(library: LibraryDep, caller: SignedInDep) -> dict[str, Any]:
    return {"keys": library.api_keys(caller=caller)}


@router.post("/api/keys", status_code=201, response_model=models.NewKey)
def new_key(request: Request, body: KeyIn, library: LibraryDep, caller: SignedInDep) -> NewKey:
    """A new API key for the caller. The key is in this answer only: it is stored hashed."""
    made = library.new_api_key(body.label, caller=caller)
    audit(request, caller, "api_key_create", key_id=made.id)
    return made


@router.delete("/api/keys/{key_id}", status_code=204, response_class=Response)
def revoke_key(request: Request, key_id: str, library: LibraryDep, caller: SignedInDep) -> Response:
    if not library.revoke_api_key(key_id, caller=caller):
        raise HTTPException(status_code=404, detail=f"no API key {key_id!r}")
    audit(request, caller, "api_key_revoke", key_id=key_id)
    return Response(status_code=204)


@router.get("/api/users", response_model=models.UsersOut)
def list_users(library: LibraryDep, caller: AdminDep) -> dict[str, Any]:
    return {
        "users": library.users(caller=caller),
        "offices": library.offices(caller=caller),
        "roles": list(ROLES),
    }


@router.post("/api/users", status_code=201, response_model=models.AddedUser)
def add_user(request: Request, body: UserIn, library: LibraryDep, caller: AdminDep) -> dict[str, Any]:
    library.add_user(body.name, body.password, body.office, body.role, caller=caller)  # AccountError: 400
    audit(request, caller, "user_add", name=body.name, office=body.office, role=body.role)
    return {"name": body.name, "office": body.office, "role": body.role}


@router.patch("/api/users/{name}", response_model=models.UserOut)
def change_user(request: Request, name: str, body: UserChange, library: LibraryDep, caller: AdminDep) -> Any:
    """Change a user. A new password signs them out everywhere and revokes their API keys (unless
    `keep_keys`): whoever knew the old one may hold either. 404 when there is no such user."""
    revoked = library.change_user(
        name,
        password=body.password,
        office=body.office,
        role=body.role,
        disabled=body.disabled,
        keep_keys=body.keep_keys,
        caller=caller,
    )
    audit(
        request,
        caller,
        "user_change",
        name=name,
        **{k: v for k, v in body.model_dump(exclude_none=True).items() if k not in ("password", "keep_keys")},
        **({"password": "changed", **revoked} if body.password else {}),
    )
    return library.user(name, caller=caller)


@router.get("/api/sign-in-locks", response_model=models.LocksOut)
def sign_in_locks(library: LibraryDep, caller: AdminDep) -> dict[str, Any]:
    """Accounts (`user:NAME`) and addresses (`addr:IP`) that must wait before the next sign-in attempt."""
    return {
        "locks": [
            {"key": lock.key, "failures": lock.failures, "wait_seconds": round(lock.wait, 1)}
            for lock in library.sign_in_locks(caller=caller)
        ]
    }


@router.post("/api/users/{name}/unlock", response_model=models.Unlocked)
def unlock_user(request: Request, name: str, library: LibraryDep, caller: AdminDep) -> dict[str, Any]:
    """Lift the wait that wrong passwords put on an account (audited)."""
    found = library.unlock(name, caller=caller)
    audit(request, caller, "sign_in_unlock", name=name, was_locked=found)
    return {"name": name, "was_locked": found}


class OfficeIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    country: str = Field("", max_length=100)


@router.get("/api/offices", response_model=models.OfficesOut)
def list_offices(library: LibraryDep, caller: AdminDep) -> dict[str, Any]:
    return {"offices": library.offices(caller=caller)}


@router.post("/api/offices", status_code=201, response_model=models.OfficeOut)
def add_office(request: Request, body: OfficeIn, library: LibraryDep, caller: AdminDep) -> dict[str, str]:
    """Add an office, or set the country of an existing one."""
    office = library.add_office(body.name, body.country, caller=caller)  # AccountError: 400
    audit(request, caller, "office_add", name=body.name, country=body.country)
    return office


@router.post("/api/admin/optimize", response_model=models.Optimized | models.JobOut)
async def optimize(
    request: Request,
    library: LibraryDep,
    caller: AdminDep,
    response: Response,
    quantize: bool = False,
    background: bool = False,
) -> Optimized | dict[str, Any]:
    """Build the embedded index's HNSW (and int8 quantization) in a separate process and swap it in. Searches
    keep answering; uploads wait in the writer's queue until it is done (minutes at 100k passages). With
    `background`, 202 at once with a job (`GET /api/jobs/{id}`: status, then `result`). 400 for a Qdrant
    server, which builds its indexes itself."""
    if library.store_kind != "qdrant-edge":
        raise HTTPException(status_code=400, detail="a Qdrant server builds its indexes itself")
    audit(request, caller, "optimize", quantize=quantize)
    if background:

        def work() -> dict[str, Any]:
            return asdict(library.optimize(quantize) or Optimized(0.0, quantize))

        response.status_code = 202
        return job_answer(work_job(request, caller, "optimize", work))
    done = await in_writer(request, library.optimize, quantize)
    if done is None:
        raise HTTPException(status_code=400, detail="a Qdrant server builds its indexes itself")
    return done


@router.post("/api/admin/reindex", response_model=models.Reindexed | models.JobOut)
async def reindex(
    request: Request,
    library: LibraryDep,
    caller: AdminDep,
    response: Response,
    model: str | None = None,
    reparse: bool = False,
    background: bool = False,
) -> dict[str, Any]:
    """Embed every passage again with `model` (default: the configured one) into a new index while this one
    keeps answering, then switch to it (embedded: a new version of the index; server: the alias moves).
    With `reparse`, every document is parsed and chunked again from its kept original first. Uploads wait
    in the writer's queue until it is done. If `model` is not the configured one, set CASOTECA_MODEL to it
    before the next start. 400 for a model that is not an installed package. With `background`, 202 at
    once with a job (`GET /api/jobs/{id}`: status, then `result`)."""
    library.check_model(model)
    configured = library.settings.model
    audit(request, caller, "reindex", model=model or configured, reparse=reparse)

    def work() -> dict[str, Any]:
        done = library.rebuild_model(model, reparse)
        return {
            "passages": done.passages,
            "model": done.model,
            "kept_unparsed": done.kept_unparsed,
            "configured": (model or configured) == configured,
        }

    if background:
        response.status_code = 202
        return job_answer(work_job(request, caller, "reindex", work))
    return await in_writer(request, work)


@router.get(
    "/api/audit",
    response_model=models.AuditOut,
    responses={200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with format=csv"}},
)
def read_audit(
    request: Request,
    library: LibraryDep,
    caller: AdminDep,
    limit: int = 100,
    offset: int = 0,
    user: str | None = None,
    action: str | None = None,
    format: Literal["json", "csv"] = "json",
) -> Any:
    """The audit trail, newest first. `format=csv` exports it."""
    if format == "csv":
        text, count = library.audit_csv(limit, offset, user, action, caller=caller)
        audit(request, caller, "export_audit", count=count)
        return Response(
            text, media_type=CSV, headers={"Content-Disposition": 'attachment; filename="audit.csv"'}
        )
    return library.audit_page(limit, offset, user, action, caller=caller)
