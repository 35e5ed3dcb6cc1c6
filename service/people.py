"""People: who is calling (API key, session), signing in (with the throttle on wrong passwords), the
caller's own API keys, and for admins the users, offices, sign-in locks and the audit trail."""

from __future__ import annotations

import json
import math
import secrets
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from index.knowledge import KnowledgeBase
from index.spreadsheet import to_csv
from index.store import Where

from .access import Caller
from .accounts import Accounts
from .audit import Audit
from .audit_check import Verification, check
from .config import Config
from .errors import NotFound
from .shared_texts import require
from .throttle import Lock, SignInThrottle

AUDIT_COLUMNS = ("n", "at", "user", "office", "via", "ip", "action")


@dataclass
class SignIn:
    """The outcome of a sign-in: the caller and a new session token, or the seconds to wait first (the
    password was not looked at), or neither (a wrong password; `wait` is what it brought)."""

    caller: Caller | None = None
    session: str | None = None
    wait: float = 0.0
    throttled: bool = False


@dataclass
class NewKey:
    id: str
    key: str  # shown once: only its digest is stored
    label: str


@dataclass
class AuditPage:
    """Events newest first, the verdict on the whole trail (`checked`: what is wrong, line by line) and the
    titles of the documents the events name, so a page can say what was touched in words."""

    events: list[dict[str, Any]]
    intact: bool
    verification: str
    checked: Verification | None = None
    titles: dict[str, str] = field(default_factory=dict)


class PeopleActions:
    """The accounts and audit half of `Library` (which provides the stores and the settings)."""

    settings: Config
    kb: KnowledgeBase
    accounts: Accounts
    audit: Audit
    _throttle: SignInThrottle | None

    @property
    def throttle(self) -> SignInThrottle:
        """The sign-in throttle, opened on first use (the CLI's commands other than `users` never need it)."""
        if self._throttle is None:
            s = self.settings
            self._throttle = SignInThrottle(
                s.data_dir / "accounts.db",
                s.signin_free_attempts,
                s.signin_address_attempts,
                s.signin_backoff_seconds,
                s.signin_backoff_max_seconds,
            )
        return self._throttle

    # --- who is calling ---
    def caller_by_api_key(self, key: str) -> Caller | None:
        return self.accounts.by_api_key(key)

    def caller_by_session(self, token: str) -> Caller | None:
        return self.accounts.by_session(token)

    def first_admin(self) -> str | None:
        """On the very first start there is nobody to sign in: make the user `admin` and return its
        password (to be said once), or None when there are users already."""
        if self.accounts.count_users():
            return None
        password = secrets.token_urlsafe(12)
        self.accounts.add_user("admin", password, "Casoteca", "admin")
        return password

    def sign_in(self, name: str, password: str, address: str) -> SignIn:
        """Check a password unless the account or the address must wait; audited either way."""
        anonymous = Caller(None, via="password")
        wait = self.throttle.wait(name, address)
        if wait > 0:
            self.record(
                anonymous, "sign_in_throttled", {"name": name, "wait_seconds": math.ceil(wait)}, address
            )
            return SignIn(wait=wait, throttled=True)
        caller = self.accounts.check_password(name, password)
        if caller is None:
            wait = self.throttle.failed(name, address)
            self.record(
                anonymous,
                "sign_in_failed",
                {"name": name, **({"wait_seconds": math.ceil(wait)} if wait else {})},
                address,
            )
            return SignIn(wait=wait)
        self.throttle.succeeded(name)
        self.record(caller, "sign_in", {}, address)
        return SignIn(caller, self.accounts.open_session(caller.name or ""))

    def sign_out(self, token: str, *, caller: Caller, address: str = "") -> None:
        self.accounts.close_session(token)
        self.record(caller, "sign_out", {}, address)

    # --- the caller's own API keys ---
    def api_keys(self, *, caller: Caller) -> list[dict[str, object]]:
        return self.accounts.api_keys(caller.name) if caller.name else []

    def new_api_key(self, label: str = "", *, caller: Caller) -> NewKey:
        """A new API key for the caller; the key is in this answer only (it is stored hashed)."""
        require(caller, "reader")
        key_id, key = self.accounts.new_api_key(caller.name or "", label)
        return NewKey(key_id, key, label)

    def revoke_api_key(self, key_id: str, *, caller: Caller) -> bool:
        """Revoke one of the caller's keys (admins: anyone's); False when there is no such key for them."""
        owner = next((k["user"] for k in self.accounts.api_keys() if k["id"] == key_id), None)
        if owner is None or (owner != caller.name and not caller.may("admin")):
            return False
        self.accounts.revoke_api_key(key_id)  # an already revoked key stays revoked: still a yes
        return True

    # --- admins: users, offices, locks ---
    def users(self, *, caller: Caller) -> list[dict[str, object]]:
        require(caller, "admin")
        return self.accounts.users()

    def user(self, name: str, *, caller: Caller) -> dict[str, object]:
        found = next((u for u in self.users(caller=caller) if u["name"] == name), None)
        if found is None:
            raise NotFound(f"no user {name!r}")
        return found

    def offices(self, *, caller: Caller) -> list[dict[str, str]]:
        require(caller, "admin")
        return self.accounts.offices()

    def add_user(
        self, name: str, password: str, office: str, role: str = "reader", *, caller: Caller
    ) -> None:
        """AccountError (invalid) for a bad name, role or password, or a name in use."""
        require(caller, "admin")
        self.accounts.add_user(name, password, office, role)

    def change_user(
        self,
        name: str,
        *,
        caller: Caller,
        password: str | None = None,
        office: str | None = None,
        role: str | None = None,
        disabled: bool | None = None,
        keep_keys: bool = False,
    ) -> dict[str, int]:
        """See `Accounts.change_user`; AccountError (not_found) when there is no such user."""
        require(caller, "admin")
        return self.accounts.change_user(
            name, password=password, office=office, role=role, disabled=disabled, keep_keys=keep_keys
        )

    def add_office(self, name: str, country: str = "", *, caller: Caller) -> dict[str, str]:
        """Add an office, or set the country of an existing one; the office as stored."""
        require(caller, "admin")
        self.accounts.add_office(name, country)
        return next(o for o in self.accounts.offices() if o["name"] == name.strip())

    def sign_in_locks(self, *, caller: Caller) -> list[Lock]:
        require(caller, "admin")
        return self.throttle.locks()

    def unlock(self, name: str, *, caller: Caller) -> bool:
        """Lift the wait wrong passwords put on an account; whether there was one."""
        require(caller, "admin")
        return self.throttle.unlock(name)

    # --- the audit trail ---
    def record(
        self, caller: Caller, action: str, detail: dict[str, Any] | None = None, address: str = ""
    ) -> None:
        """One audit event; the trail keeps a bounded, escaped summary of `detail` (service/audit.py)."""
        self.audit.record(caller, action, detail, address)

    def submit_record(
        self, caller: Caller, action: str, detail: dict[str, Any] | None = None, address: str = ""
    ) -> Future[None]:
        """The same event, handed to the trail's writer: the future is done once it is on disk."""
        return self.audit.submit(caller, action, detail, address)

    def audit_page(
        self,
        limit: int = 100,
        offset: int = 0,
        user: str | None = None,
        action: str | None = None,
        *,
        caller: Caller,
    ) -> AuditPage:
        """Events newest first, with the verdict of verifying the whole trail."""
        require(caller, "admin")
        events = self.audit.read(max(1, min(limit, 100_000)), max(0, offset), user, action)
        checked = check(self.audit)
        named = {
            str(e["detail"]["document_id"])
            for e in events
            if isinstance(e.get("detail"), dict) and e["detail"].get("document_id")
        }
        documents = self.kb.documents(Where({"doc_id": sorted(named)})) if named else []
        titles = {d.id: d.title for d in documents}
        return AuditPage(events, checked.intact, checked.message, checked, titles)

    def audit_csv(
        self,
        limit: int = 100,
        offset: int = 0,
        user: str | None = None,
        action: str | None = None,
        *,
        caller: Caller,
    ) -> tuple[str, int]:
        """The events as a spreadsheet (formula-safe CSV) and how many there are."""
        require(caller, "admin")
        events = self.audit.read(max(1, min(limit, 100_000)), max(0, offset), user, action)
        rows = (
            [e.get(k) for k in AUDIT_COLUMNS] + [json.dumps(e.get("detail"), ensure_ascii=False)]
            for e in events
        )
        return to_csv([*AUDIT_COLUMNS, "detail"], rows), len(events)
