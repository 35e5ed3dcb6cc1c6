"""Offices, users, roles, API keys and web sessions, in one SQLite file (`data/accounts.db`).

- Passwords are hashed with Argon2id (argon2-cffi's defaults); API keys and session tokens are random
  and stored only as SHA-256 digests (they carry 256 bits of entropy, so a fast hash is enough), shown
  once when made.
- A user belongs to one office (a prosecutor's office of a country) and has one role: `reader` (search,
  read, download, casebooks), `editor` (also uploads, deletes, edits shared criteria) or `admin` (also
  manages users and offices and reads the audit trail).
- `Caller` (who is asking, with the store filter of their rights) is in service/access.py.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .access import ANONYMOUS, CLI, ROLES, VISIBILITIES, Caller
from .errors import ServiceError

__all__ = ["ANONYMOUS", "CLI", "ROLES", "VISIBILITIES", "AccountError", "Accounts", "Caller"]

SESSION_DAYS = 7
API_KEY_PREFIX = "cso_"

SCHEMA = """
CREATE TABLE IF NOT EXISTS offices (name TEXT PRIMARY KEY, country TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, password TEXT NOT NULL, office TEXT NOT NULL REFERENCES offices(name),
    role TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY, digest TEXT UNIQUE NOT NULL, user TEXT NOT NULL REFERENCES users(name),
    label TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, revoked TEXT);
CREATE TABLE IF NOT EXISTS sessions (
    digest TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name), csrf TEXT NOT NULL,
    expires TEXT NOT NULL);
"""


class AccountError(ServiceError):
    """An account that cannot be made or changed; `reason` is `invalid` or `not_found`."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


class Accounts:
    def __init__(self, path: Path) -> None:
        from argon2 import PasswordHasher

        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._hasher = PasswordHasher()
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)
        # Verifying a wrong password costs as much as a right one, so a missing user cannot be told apart.
        self._dummy = self._hasher.hash(secrets.token_hex(16))

    def _run(self, sql: str, *args: object) -> list[tuple]:  # type: ignore[type-arg]
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # --- offices and users ---
    def add_office(self, name: str, country: str = "") -> None:
        name = name.strip()
        if not name or len(name) > 200:
            raise AccountError("an office needs a name of at most 200 characters")
        self._run("INSERT OR IGNORE INTO offices(name, country) VALUES (?, ?)", name, country.strip())
        if country.strip():
            self._run("UPDATE offices SET country = ? WHERE name = ?", country.strip(), name)

    def offices(self) -> list[dict[str, str]]:
        return [
            {"name": n, "country": c} for n, c in self._run("SELECT name, country FROM offices ORDER BY name")
        ]

    def add_user(self, name: str, password: str, office: str, role: str = "reader") -> None:
        name = name.strip()
        if not name or len(name) > 100 or not name.isprintable():
            raise AccountError("a user name is 1 to 100 printable characters")
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}")
        if len(password) < 10:
            raise AccountError("a password has at least 10 characters")
        self.add_office(office)
        try:
            self._run(
                "INSERT INTO users(name, password, office, role, created) VALUES (?, ?, ?, ?, ?)",
                name,
                self._hasher.hash(password),
                office.strip(),
                role,
                now().isoformat(),
            )
        except sqlite3.IntegrityError as exc:
            raise AccountError(f"user {name!r} exists") from exc

    def change_user(
        self,
        name: str,
        *,
        password: str | None = None,
        office: str | None = None,
        role: str | None = None,
        disabled: bool | None = None,
        keep_keys: bool = False,
    ) -> dict[str, int]:
        """Change what is given. A new password closes every session of the user and, unless `keep_keys`,
        revokes their API keys: whoever knew the old password may have made either. Returns how many
        sessions were closed and keys revoked."""
        if not self._run("SELECT 1 FROM users WHERE name = ?", name):
            raise AccountError(f"no user {name!r}", "not_found")
        if role is not None and role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}")
        revoked = {"sessions_closed": 0, "keys_revoked": 0}
        if password is not None:
            if len(password) < 10:
                raise AccountError("a password has at least 10 characters")
            self._run("UPDATE users SET password = ? WHERE name = ?", self._hasher.hash(password), name)
            revoked["sessions_closed"] = len(
                self._run("DELETE FROM sessions WHERE user = ? RETURNING 1", name)
            )
            if not keep_keys:
                revoked["keys_revoked"] = len(
                    self._run(
                        "UPDATE api_keys SET revoked = ? WHERE user = ? AND revoked IS NULL RETURNING 1",
                        now().isoformat(),
                        name,
                    )
                )
        if office is not None:
            self.add_office(office)
            self._run("UPDATE users SET office = ? WHERE name = ?", office.strip(), name)
        if role is not None:
            self._run("UPDATE users SET role = ? WHERE name = ?", role, name)
        if disabled is not None:
            self._run("UPDATE users SET disabled = ? WHERE name = ?", int(disabled), name)
            if disabled:  # signed out everywhere
                self._run("DELETE FROM sessions WHERE user = ?", name)
        return revoked

    def users(self) -> list[dict[str, object]]:
        rows = self._run("SELECT name, office, role, disabled, created FROM users ORDER BY name")
        return [
            {"name": n, "office": o, "role": r, "disabled": bool(d), "created": c} for n, o, r, d, c in rows
        ]

    def count_users(self) -> int:
        return int(self._run("SELECT COUNT(*) FROM users")[0][0])

    def _caller(self, name: str, via: str, csrf: str | None = None) -> Caller | None:
        rows = self._run("SELECT office, role, disabled FROM users WHERE name = ?", name)
        if not rows or rows[0][2]:
            return None
        return Caller(name, rows[0][0], rows[0][1], csrf, via)

    def caller_for(self, name: str, via: str = "alert") -> Caller | None:
        """The user `name` with their rights of this moment (None when disabled or gone): for work done on
        their behalf later, such as an alert sent to them."""
        return self._caller(name, via)

    def check_password(self, name: str, password: str) -> Caller | None:
        from argon2.exceptions import VerificationError

        rows = self._run("SELECT password FROM users WHERE name = ? AND disabled = 0", name)
        try:
            self._hasher.verify(rows[0][0] if rows else self._dummy, password)
        except VerificationError:
            return None
        return self._caller(name, "password") if rows else None

    # --- API keys ---
    def new_api_key(self, user: str, label: str = "") -> tuple[str, str]:
        """(key id, the key itself). The key is shown once; only its digest is kept."""
        if not self._run("SELECT 1 FROM users WHERE name = ?", user):
            raise AccountError(f"no user {user!r}", "not_found")
        key = API_KEY_PREFIX + secrets.token_urlsafe(32)
        key_id = secrets.token_hex(4)
        self._run(
            "INSERT INTO api_keys(id, digest, user, label, created) VALUES (?, ?, ?, ?, ?)",
            key_id,
            digest(key),
            user,
            label[:100],
            now().isoformat(),
        )
        return key_id, key

    def revoke_api_key(self, key_id: str) -> bool:
        found = self._run("SELECT 1 FROM api_keys WHERE id = ? AND revoked IS NULL", key_id)
        self._run("UPDATE api_keys SET revoked = ? WHERE id = ?", now().isoformat(), key_id)
        return bool(found)

    def api_keys(self, user: str | None = None) -> list[dict[str, object]]:
        rows = self._run(
            "SELECT id, user, label, created, revoked FROM api_keys "
            "WHERE (? IS NULL OR user = ?) ORDER BY created",
            user,
            user,
        )
        return [{"id": i, "user": u, "label": la, "created": c, "revoked": r} for i, u, la, c, r in rows]

    def by_api_key(self, key: str) -> Caller | None:
        rows = self._run("SELECT user FROM api_keys WHERE digest = ? AND revoked IS NULL", digest(key))
        return self._caller(rows[0][0], "api_key") if rows else None

    # --- web sessions ---
    def open_session(self, user: str) -> str:
        token = secrets.token_urlsafe(32)
        self._run("DELETE FROM sessions WHERE expires < ?", now().isoformat())
        self._run(
            "INSERT INTO sessions(digest, user, csrf, expires) VALUES (?, ?, ?, ?)",
            digest(token),
            user,
            secrets.token_urlsafe(24),
            (now() + timedelta(days=SESSION_DAYS)).isoformat(),
        )
        return token

    def by_session(self, token: str) -> Caller | None:
        rows = self._run(
            "SELECT user, csrf FROM sessions WHERE digest = ? AND expires > ?",
            digest(token),
            now().isoformat(),
        )
        return self._caller(rows[0][0], "session", rows[0][1]) if rows else None

    def close_session(self, token: str) -> None:
        self._run("DELETE FROM sessions WHERE digest = ?", digest(token))

    def close(self) -> None:
        with self._lock:
            self._db.close()
