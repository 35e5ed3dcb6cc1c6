"""Sign-in throttling, per account and per address, with exponential backoff.

After `free` wrong passwords for an account (or `address_free` from one address), each further one makes
the next attempt wait `base * 2**k` seconds (k = wrong passwords past the free ones), at most `longest`.
While it waits, every attempt is refused without looking at the password, so the right password is
refused too: guessing gains nothing by speed. A right password clears the account's count; an address's
count fades once it has made no wrong attempt for `longest` seconds. `casoteca users unlock NAME` clears
an account at once.

The counts live in the accounts database (its own table), so every API worker sharing it counts together.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS sign_in_failures (
    key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last REAL NOT NULL, until REAL NOT NULL);
"""
# Counts untouched for this long are dropped, so made-up names cannot fill the table.
FORGET_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Lock:
    key: str
    failures: int
    wait: float  # seconds left


def account_key(name: str) -> str:
    return "user:" + name.strip().casefold()[:100]


def address_key(address: str) -> str:
    return "addr:" + address[:100]


class SignInThrottle:
    def __init__(
        self,
        path: Path,
        free: int = 5,
        address_free: int = 20,
        base: float = 1.0,
        longest: float = 900.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.free, self.address_free, self.base, self.longest, self.clock = (
            free,
            address_free,
            base,
            longest,
            clock,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)

    def _run(self, sql: str, *args: object) -> list[tuple]:  # type: ignore[type-arg]
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def wait(self, name: str, address: str) -> float:
        """Seconds before a sign-in to `name` from `address` may be tried; 0 when it may be now."""
        now = self.clock()
        rows = self._run(
            "SELECT MAX(until) FROM sign_in_failures WHERE key IN (?, ?)",
            account_key(name),
            address_key(address),
        )
        until = rows[0][0] if rows and rows[0][0] is not None else 0.0
        return max(0.0, float(until) - now)

    def failed(self, name: str, address: str) -> float:
        """Count a wrong password; the wait it brings (0 while within the free attempts)."""
        now = self.clock()
        self._run("DELETE FROM sign_in_failures WHERE last < ?", now - FORGET_SECONDS)
        waits = [
            self._count(account_key(name), self.free, now, fade=False),
            self._count(address_key(address), self.address_free, now, fade=True),
        ]
        return max(waits)

    def _count(self, key: str, free: int, now: float, fade: bool) -> float:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute(
                    "SELECT failures, last FROM sign_in_failures WHERE key = ?", (key,)
                ).fetchone()
                failures = 0 if row is None or (fade and now - row[1] > self.longest) else int(row[0])
                failures += 1
                wait = 0.0 if failures < free else min(self.base * 2 ** (failures - free), self.longest)
                self._db.execute(
                    "INSERT OR REPLACE INTO sign_in_failures(key, failures, last, until) VALUES (?, ?, ?, ?)",
                    (key, failures, now, now + wait),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return wait

    def succeeded(self, name: str) -> None:
        self._run("DELETE FROM sign_in_failures WHERE key = ?", account_key(name))

    def unlock(self, name: str) -> bool:
        """Clear an account's count (an admin's decision); whether there was one."""
        found = self._run("SELECT 1 FROM sign_in_failures WHERE key = ?", account_key(name))
        self.succeeded(name)
        return bool(found)

    def locks(self) -> list[Lock]:
        """Accounts and addresses that must wait now."""
        now = self.clock()
        rows = self._run(
            "SELECT key, failures, until FROM sign_in_failures WHERE until > ? ORDER BY key", now
        )
        return [Lock(k, int(f), float(u) - now) for k, f, u in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
