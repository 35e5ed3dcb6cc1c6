"""Sign in and out, the user's own API keys, and the admin page (users, offices, audit trail).

Signing in is guarded twice: the form carries a token that must match a cookie set with the form
(SameSite, so another site cannot post it: no login CSRF), and wrong passwords are throttled per account and
per address (casoteca/throttle.py): while a wait runs, every attempt is refused with 429 before the
password is looked at, and the refusal is audited.
"""

from __future__ import annotations

import hmac
import math
import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SESSION_COOKIE, AdminDep, LibraryDep, SignedInDep, audit, client_address
from casoteca.accounts import ROLES, SESSION_DAYS, AccountError, Caller
from casoteca.audit_check import check as check_audit
from index.store import Where

from .audit_view import describe, verification_text
from .i18n import Translator, negotiate
from .pages import local_path, render

router = APIRouter()
LOGIN_COOKIE = "casoteca_login"
LOGIN_COOKIE_SECONDS = 2 * 3600


def login_form(request: Request, next: str, name: str, error: str | None, status_code: int) -> HTMLResponse:
    """The sign-in page with its form token (the one the browser holds, or a new one)."""
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    response = render(request, "login.html", {"next": local_path(next), "error": error, "name": name,
                                              "login_csrf": token}, status_code=status_code)
    response.set_cookie(LOGIN_COOKIE, token, max_age=LOGIN_COOKIE_SECONDS, httponly=True, samesite="lax",
                        secure=request.app.state.settings.secure_cookies, path="/login")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return login_form(request, next, "", None, 200)


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, library: LibraryDep, name: str = Form(""), password: str = Form(""),
          next: str = Form("/"), csrf: str = Form("")) -> Response:
    t = Translator(negotiate(request))
    name = name[:200]
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not csrf or not hmac.compare_digest(cookie.encode(), csrf.encode()):
        return login_form(request, next, name, t("sign_in_reload"), 403)
    throttle = request.app.state.throttle
    address = client_address(request)
    wait = throttle.wait(name, address)
    if wait > 0:
        seconds = math.ceil(wait)
        audit(request, Caller(None, via="password"), "sign_in_throttled", name=name, wait_seconds=seconds)
        response = login_form(request, next, name, t("sign_in_wait", seconds=seconds), 429)
        response.headers["Retry-After"] = str(seconds)
        return response
    caller = library.accounts.check_password(name, password)
    if caller is None:
        wait = throttle.failed(name, address)
        audit(request, Caller(None, via="password"), "sign_in_failed", name=name,
              **({"wait_seconds": math.ceil(wait)} if wait else {}))
        return login_form(request, next, name, t("wrong_password"), 401)
    throttle.succeeded(name)
    audit(request, caller, "sign_in")
    response = RedirectResponse(local_path(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, library.accounts.open_session(caller.name or ""), httponly=True,
                        secure=library.settings.secure_cookies, samesite="lax", max_age=SESSION_DAYS * 86400)
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, library: LibraryDep, caller: SignedInDep) -> Response:
    library.accounts.close_session(request.cookies.get(SESSION_COOKIE, ""))
    audit(request, caller, "sign_out")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, library: LibraryDep, caller: SignedInDep) -> HTMLResponse:
    return render(request, "account.html", {"keys": library.accounts.api_keys(caller.name), "new_key": None})


@router.post("/account/keys", response_class=HTMLResponse)
def create_key(request: Request, library: LibraryDep, caller: SignedInDep, label: str = Form("")) -> HTMLResponse:
    """The new key is shown on this page once; it is stored hashed."""
    key_id, key = library.accounts.new_api_key(caller.name or "", label)
    audit(request, caller, "api_key_create", key_id=key_id)
    return render(request, "account.html", {"keys": library.accounts.api_keys(caller.name), "new_key": key},
                  status_code=201)


@router.post("/account/keys/{key_id}/revoke")
def revoke_key(request: Request, key_id: str, library: LibraryDep, caller: SignedInDep) -> Response:
    if any(k["id"] == key_id for k in library.accounts.api_keys(caller.name)):
        library.accounts.revoke_api_key(key_id)
        audit(request, caller, "api_key_revoke", key_id=key_id)
    return RedirectResponse("/account", status_code=303)


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, library: LibraryDep, caller: AdminDep) -> HTMLResponse:
    return admin_view(request, library, None)


@router.post("/admin/users", response_class=HTMLResponse)
def add_user(request: Request, library: LibraryDep, caller: AdminDep, name: str = Form(""),
             password: str = Form(""), office: str = Form(""), role: str = Form("reader")) -> Response:
    try:
        library.accounts.add_user(name, password, office, role)
    except AccountError as exc:
        return admin_view(request, library, str(exc))
    audit(request, caller, "user_add", name=name, office=office, role=role)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/{name}", response_class=HTMLResponse)
def change_user(request: Request, name: str, library: LibraryDep, caller: AdminDep, role: str = Form(""),
                office: str = Form(""), action: str = Form("save")) -> Response:
    try:
        if action in ("disable", "enable"):
            library.accounts.change_user(name, disabled=action == "disable")
        else:
            library.accounts.change_user(name, role=role or None, office=office or None)
    except AccountError as exc:
        return admin_view(request, library, str(exc))
    audit(request, caller, "user_change", name=name, change=action, role=role, office=office)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/offices", response_class=HTMLResponse)
def add_office(request: Request, library: LibraryDep, caller: AdminDep, name: str = Form(""),
               country: str = Form("")) -> Response:
    try:
        library.accounts.add_office(name, country)
    except AccountError as exc:
        return admin_view(request, library, str(exc))
    audit(request, caller, "office_add", name=name, country=country)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/unlock/{name}", response_class=HTMLResponse)
def unlock_user(request: Request, name: str, caller: AdminDep) -> Response:
    """Lift an account's sign-in wait (the same decision as `casoteca users unlock NAME`), audited."""
    found = request.app.state.throttle.unlock(name)
    audit(request, caller, "sign_in_unlock", name=name, was_locked=found)
    return RedirectResponse("/admin", status_code=303)


def admin_view(request: Request, library: LibraryDep, error: str | None) -> HTMLResponse:
    verified = check_audit(library.audit)
    t = Translator(negotiate(request))
    events = library.audit.read(200)
    ids = sorted({str(e["detail"]["document_id"]) for e in events
                  if isinstance(e.get("detail"), dict) and e["detail"].get("document_id")})
    titles = {d["id"]: d["title"] for d in library.kb.documents(Where({"doc_id": ids}))} if ids else {}
    locks = [{"kind": lock.key.split(":", 1)[0], "name": lock.key.split(":", 1)[1], "failures": lock.failures,
              "wait": math.ceil(lock.wait)} for lock in request.app.state.throttle.locks()]
    return render(request, "admin.html", {
        "users": library.accounts.users(), "offices": library.accounts.offices(), "roles": ROLES, "locks": locks,
        "audit_rows": [describe(e, t, titles) for e in events], "intact": verified.intact,
        "verification": verification_text(verified, t), "error": error,
    }, status_code=400 if error else 200)
