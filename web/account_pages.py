"""Sign in and out, the user's own API keys, and the admin page (users, offices, audit trail).

Signing in is guarded twice: the form carries a token that must match a cookie set with the form
(SameSite, so another site cannot post it: no login CSRF), and wrong passwords are throttled per account and
per address (service/throttle.py): while a wait runs, every attempt is refused with 429 before the
password is looked at, and the refusal is audited.
"""

from __future__ import annotations

import hmac
import math
import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway.deps import SESSION_COOKIE, AdminDep, LibraryDep, SignedInDep, audit, client_address
from service.access import Caller
from service.accounts import SESSION_DAYS
from service.errors import ServiceError
from service.library import Library
from service.vocabulary import ROLES

from .audit_view import describe, verification_text
from .i18n import Translator, negotiate
from .pages import local_path, render

router = APIRouter()
LOGIN_COOKIE = "casoteca_login"
LOGIN_COOKIE_SECONDS = 2 * 3600


def login_form(request: Request, next: str, name: str, error: str | None, status_code: int) -> HTMLResponse:
    """The sign-in page with its form token (the one the browser holds, or a new one)."""
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        {"next": local_path(next), "error": error, "name": name, "login_csrf": token},
        status_code=status_code,
    )
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        max_age=LOGIN_COOKIE_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.secure_cookies,
        path="/login",
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return login_form(request, next, "", None, 200)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    library: LibraryDep,
    name: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
    csrf: str = Form(""),
) -> Response:
    t = Translator(negotiate(request))
    name = name[:200]
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not csrf or not hmac.compare_digest(cookie.encode(), csrf.encode()):
        return login_form(request, next, name, t("sign_in_reload"), 403)
    outcome = library.sign_in(name, password, client_address(request))  # throttled and audited
    if outcome.throttled:
        seconds = math.ceil(outcome.wait)
        response = login_form(request, next, name, t("sign_in_wait", seconds=seconds), 429)
        response.headers["Retry-After"] = str(seconds)
        return response
    if outcome.caller is None or outcome.session is None:
        return login_form(request, next, name, t("wrong_password"), 401)
    response = RedirectResponse(local_path(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        outcome.session,
        httponly=True,
        secure=request.app.state.settings.secure_cookies,
        samesite="lax",
        max_age=SESSION_DAYS * 86400,
    )
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, library: LibraryDep, caller: SignedInDep) -> Response:
    library.sign_out(request.cookies.get(SESSION_COOKIE, ""), caller=caller, address=client_address(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, library: LibraryDep, caller: SignedInDep) -> HTMLResponse:
    return render(request, "account.html", {"keys": library.api_keys(caller=caller), "new_key": None})


@router.post("/account/keys", response_class=HTMLResponse)
def create_key(
    request: Request, library: LibraryDep, caller: SignedInDep, label: str = Form("")
) -> HTMLResponse:
    """The new key is shown on this page once; it is stored hashed."""
    made = library.new_api_key(label, caller=caller)
    audit(request, caller, "api_key_create", key_id=made.id)
    return render(
        request,
        "account.html",
        {"keys": library.api_keys(caller=caller), "new_key": made.key},
        status_code=201,
    )


@router.post("/account/keys/{key_id}/revoke")
def revoke_key(request: Request, key_id: str, library: LibraryDep, caller: SignedInDep) -> Response:
    if any(k["id"] == key_id for k in library.api_keys(caller=caller)) and library.revoke_api_key(
        key_id, caller=caller
    ):
        audit(request, caller, "api_key_revoke", key_id=key_id)
    return RedirectResponse("/account", status_code=303)


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, library: LibraryDep, caller: AdminDep) -> HTMLResponse:
    return admin_view(request, library, caller, None)


@router.post("/admin/users", response_class=HTMLResponse)
def add_user(
    request: Request,
    library: LibraryDep,
    caller: AdminDep,
    name: str = Form(""),
    password: str = Form(""),
    office: str = Form(""),
    role: str = Form("reader"),
) -> Response:
    try:
        library.add_user(name, password, office, role, caller=caller)
    except ServiceError as exc:
        return admin_view(request, library, caller, str(exc))
    audit(request, caller, "user_add", name=name, office=office, role=role)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/{name}", response_class=HTMLResponse)
def change_user(
    request: Request,
    name: str,
    library: LibraryDep,
    caller: AdminDep,
    role: str = Form(""),
    office: str = Form(""),
    action: str = Form("save"),
) -> Response:
    try:
        if action in ("disable", "enable"):
            library.change_user(name, disabled=action == "disable", caller=caller)
        else:
            library.change_user(name, role=role or None, office=office or None, caller=caller)
    except ServiceError as exc:
        return admin_view(request, library, caller, str(exc))
    audit(request, caller, "user_change", name=name, change=action, role=role, office=office)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/offices", response_class=HTMLResponse)
def add_office(
    request: Request, library: LibraryDep, caller: AdminDep, name: str = Form(""), country: str = Form("")
) -> Response:
    try:
        library.add_office(name, country, caller=caller)
    except ServiceError as exc:
        return admin_view(request, library, caller, str(exc))
    audit(request, caller, "office_add", name=name, country=country)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/unlock/{name}", response_class=HTMLResponse)
def unlock_user(request: Request, name: str, library: LibraryDep, caller: AdminDep) -> Response:
    """Lift an account's sign-in wait (the same decision as `casoteca users unlock NAME`), audited."""
    found = library.unlock(name, caller=caller)
    audit(request, caller, "sign_in_unlock", name=name, was_locked=found)
    return RedirectResponse("/admin", status_code=303)


def admin_view(request: Request, library: Library, caller: Caller, error: str | None) -> HTMLResponse:
    trail = library.audit_page(200, caller=caller)
    t = Translator(negotiate(request))
    locks = [
        {
            "kind": lock.key.split(":", 1)[0],
            "name": lock.key.split(":", 1)[1],
            "failures": lock.failures,
            "wait": math.ceil(lock.wait),
        }
        for lock in library.sign_in_locks(caller=caller)
    ]
    return render(
        request,
        "admin.html",
        {
            "users": library.users(caller=caller),
            "offices": library.offices(caller=caller),
            "roles": ROLES,
            "locks": locks,
            "audit_rows": [describe(event, t, trail.titles) for event in trail.events],
            "intact": trail.intact,
            "verification": verification_text(trail.checked, t) if trail.checked else trail.verification,
            "error": error,
        },
        status_code=400 if error else 200,
    )
