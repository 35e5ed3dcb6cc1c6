"""Saved alerts, the documents they matched, and what is still to be sent: one SQLite file in the data folder.

Three tables. `alerts`: what a user follows (a saved search, a saved draft case, an entity), how often pushes
go out, where (e-mail address, webhook URL), and what matching needs precomputed (the query's vector and
words, the draft's passage vectors) with the model they were made with. `hits`: one row per alert and
document — the primary key is the de-duplication — with the evidence that made it match and whether the
owner has read it. `outbox`: pushes (e-mail, webhook) waiting to go or to be tried again.

Several processes may use the file (the server, a CLI ingest into the same base): WAL mode and short
transactions, as the accounts database does.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

KINDS = ("search", "draft", "entity")
FREQUENCIES = ("immediate", "daily", "weekly")
CHANNELS = ("email", "webhook")
DIGEST_PERIOD = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}

SCHEMA = """
CREATE TABLE IF NOT EXISTS alerts (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL,
    query TEXT NOT NULL DEFAULT '', mode TEXT NOT NULL DEFAULT 'hybrid', filters TEXT NOT NULL DEFAULT '{}',
    entity_id TEXT NOT NULL DEFAULT '', frequency TEXT NOT NULL, email TEXT NOT NULL DEFAULT '',
    webhook TEXT NOT NULL DEFAULT '', secret TEXT NOT NULL, feed_token TEXT NOT NULL,
    model TEXT NOT NULL DEFAULT '', vectors BLOB, terms TEXT NOT NULL DEFAULT '{}', facets TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL, pushed TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1);
CREATE INDEX IF NOT EXISTS alerts_owner ON alerts(owner);
CREATE TABLE IF NOT EXISTS hits (
    alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE, document_id TEXT NOT NULL,
    title TEXT NOT NULL, evidence TEXT NOT NULL, at TEXT NOT NULL, read INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (alert_id, document_id));
CREATE INDEX IF NOT EXISTS hits_at ON hits(alert_id, at);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    channel TEXT NOT NULL, documents TEXT NOT NULL, due TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '');
"""


class AlertError(ValueError):
    """A saved alert that cannot be: an unknown kind or frequency, an empty query, a bad address."""

    def __init__(self, message: str, reason: str = "invalid") -> None:
        super().__init__(message)
        self.reason = reason


def now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass
class Alert:
    """One thing a user follows. `vectors`: the query's vector (search) or the draft's passage vectors
    (draft), made with `model`; `terms`: what lexical matching needs (the query's words and their
    equivalents per language); `facets`: a draft's forms of exploitation, sectors and countries."""

    id: str
    owner: str
    kind: str
    label: str
    frequency: str
    created: str
    pushed: str  # the last time pushes (e-mail, webhook) were sent; digests are due a period after it
    query: str = ""
    mode: str = "hybrid"
    filters: dict[str, Any] = field(default_factory=dict)
    entity_id: str = ""
    email: str = ""
    webhook: str = ""
    secret: str = ""
    feed_token: str = ""
    model: str = ""
    vectors: np.ndarray | None = None
    terms: dict[str, Any] = field(default_factory=dict)
    facets: dict[str, Any] = field(default_factory=dict)
    active: bool = True

    def view(self) -> dict[str, Any]:
        """What the owner sees of it (never the vectors; the webhook secret and the feed token are theirs)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "query": self.query,
            "mode": self.mode,
            "filters": self.filters,
            "entity_id": self.entity_id,
            "frequency": self.frequency,
            "email": self.email,
            "webhook": self.webhook,
            "webhook_secret": self.secret,
            "feed_token": self.feed_token,
            "created": self.created,
            "active": self.active,
        }


@dataclass
class AlertHit:
    alert_id: str
    document_id: str
    title: str
    evidence: list[dict[str, Any]]
    at: str
    read: bool = False

    def view(self) -> dict[str, Any]:
        return {
            "alert_id": self.alert_id,
            "document_id": self.document_id,
            "title": self.title,
            "evidence": self.evidence,
            "read": self.read,
            "at": self.at,
        }


@dataclass
class Push:
    """An e-mail or webhook call waiting in the outbox, for the documents `documents` of one alert."""

    id: int
    alert_id: str
    channel: str
    documents: list[str]
    due: str
    attempts: int
    error: str


ALERT_COLUMNS = (
    "id",
    "owner",
    "kind",
    "label",
    "query",
    "mode",
    "filters",
    "entity_id",
    "frequency",
    "email",
    "webhook",
    "secret",
    "feed_token",
    "model",
    "vectors",
    "terms",
    "facets",
    "created",
    "pushed",
    "active",
)


class AlertBook:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)
        self._version: tuple[int, int] | None = None
        self._cache: dict[str | None, list[Alert]] = {}

    def _run(self, sql: str, *args: object) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # --- alerts ---
    def add(self, alert: Alert) -> Alert:
        alert.secret = alert.secret or secrets.token_urlsafe(24)
        alert.feed_token = alert.feed_token or secrets.token_urlsafe(24)
        self._run(
            f"INSERT INTO alerts ({', '.join(ALERT_COLUMNS)}) VALUES ({', '.join('?' * len(ALERT_COLUMNS))})",
            *self._row(alert),
        )
        return alert

    def save(self, alert: Alert) -> None:
        sets = ", ".join(f"{c} = ?" for c in ALERT_COLUMNS[1:])
        row = self._row(alert)
        self._run(f"UPDATE alerts SET {sets} WHERE id = ?", *row[1:], row[0])

    def remove(self, alert_id: str) -> bool:
        with self._lock:
            return self._db.execute("DELETE FROM alerts WHERE id = ?", (alert_id,)).rowcount > 0

    def get(self, alert_id: str) -> Alert | None:
        rows = self._run(f"SELECT {', '.join(ALERT_COLUMNS)} FROM alerts WHERE id = ?", alert_id)
        return self._alert(rows[0]) if rows else None

    def of(self, owner: str) -> list[Alert]:
        rows = self._run(
            f"SELECT {', '.join(ALERT_COLUMNS)} FROM alerts WHERE owner = ? ORDER BY created", owner
        )
        return [self._alert(row) for row in rows]

    def owners(self) -> list[str]:
        return [row[0] for row in self._run("SELECT DISTINCT owner FROM alerts ORDER BY owner")]

    def active(self, kind: str | None = None) -> list[Alert]:
        """Every active alert (of one kind), read again only when the table changed (SQLite's data_version
        tells, also for changes made by another process)."""
        with self._lock:
            version = self._db.execute("PRAGMA data_version").fetchone()[0]
            changes = self._db.total_changes
        if (version, changes) != self._version:
            rows = self._run(
                f"SELECT {', '.join(ALERT_COLUMNS)} FROM alerts WHERE active = 1 ORDER BY created, id"
            )
            alerts = [self._alert(row) for row in rows]
            self._cache = {None: alerts, **{k: [a for a in alerts if a.kind == k] for k in KINDS}}
            self._version = (version, changes)
        return self._cache[kind]

    @staticmethod
    def _row(a: Alert) -> tuple[Any, ...]:
        blob = None if a.vectors is None else np.asarray(a.vectors, dtype=np.float32).tobytes()
        dims = 0 if a.vectors is None else int(np.asarray(a.vectors).shape[-1])
        terms = {**a.terms, "_dims": dims}
        return (
            a.id,
            a.owner,
            a.kind,
            a.label,
            a.query,
            a.mode,
            json.dumps(a.filters, ensure_ascii=False),
            a.entity_id,
            a.frequency,
            a.email,
            a.webhook,
            a.secret,
            a.feed_token,
            a.model,
            blob,
            json.dumps(terms, ensure_ascii=False),
            json.dumps(a.facets, ensure_ascii=False),
            a.created,
            a.pushed,
            int(a.active),
        )

    @staticmethod
    def _alert(row: tuple[Any, ...]) -> Alert:
        values = dict(zip(ALERT_COLUMNS, row, strict=True))
        terms = json.loads(values["terms"])
        dims = int(terms.pop("_dims", 0))
        blob = values["vectors"]
        vectors = np.frombuffer(blob, dtype=np.float32).reshape(-1, dims) if blob and dims else None
        return Alert(
            **{
                **values,
                "filters": json.loads(values["filters"]),
                "terms": terms,
                "facets": json.loads(values["facets"]),
                "vectors": vectors,
                "active": bool(values["active"]),
            }
        )

    # --- hits ---
    def record(
        self,
        alert_id: str,
        document_id: str,
        title: str,
        evidence: list[dict[str, Any]],
        at: datetime,
        cap: int,
    ) -> bool:
        """Keep a match unless the alert already has it (de-duplication) or reached `cap` matches in the
        24 hours before `at`. True when it was kept."""
        since = stamp(at - timedelta(days=1))
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                recent = self._db.execute(
                    "SELECT COUNT(*) FROM hits WHERE alert_id = ? AND at > ?", (alert_id, since)
                ).fetchone()[0]
                kept = (
                    recent < cap
                    and self._db.execute(
                        "INSERT OR IGNORE INTO hits (alert_id, document_id, title, evidence, at) VALUES (?, ?, ?, ?, ?)",
                        (alert_id, document_id, title, json.dumps(evidence, ensure_ascii=False), stamp(at)),
                    ).rowcount
                    > 0
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return bool(kept)

    def hits(
        self, alert_ids: list[str], unread_only: bool = False, since: str = "", limit: int = 500
    ) -> list[AlertHit]:
        if not alert_ids:
            return []
        marks = ", ".join("?" * len(alert_ids))
        sql = (
            f"SELECT alert_id, document_id, title, evidence, at, read FROM hits WHERE alert_id IN ({marks})"
            f"{' AND read = 0' if unread_only else ''}{' AND at > ?' if since else ''} ORDER BY at DESC LIMIT ?"
        )
        rows = self._run(sql, *alert_ids, *([since] if since else []), limit)
        return [AlertHit(r[0], r[1], r[2], json.loads(r[3]), r[4], bool(r[5])) for r in rows]

    def mark_read(self, alert_ids: list[str], document_ids: list[str] | None = None) -> int:
        """Mark hits of these alerts as read (only those of `document_ids`, when given)."""
        if not alert_ids:
            return 0
        marks = ", ".join("?" * len(alert_ids))
        sql, args = f"UPDATE hits SET read = 1 WHERE read = 0 AND alert_id IN ({marks})", list(alert_ids)
        if document_ids is not None:
            sql += f" AND document_id IN ({', '.join('?' * len(document_ids))})"
            args += document_ids
        if document_ids == []:
            return 0
        with self._lock:
            return self._db.execute(sql, args).rowcount

    # --- outbox ---
    def queue(self, alert_id: str, channel: str, documents: list[str], due: datetime) -> None:
        self._run(
            "INSERT INTO outbox (alert_id, channel, documents, due) VALUES (?, ?, ?, ?)",
            alert_id,
            channel,
            json.dumps(documents),
            stamp(due),
        )

    def due(self, at: datetime) -> list[Push]:
        rows = self._run(
            "SELECT id, alert_id, channel, documents, due, attempts, error FROM outbox WHERE due <= ? "
            "ORDER BY due, id",
            stamp(at),
        )
        return [Push(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5], r[6]) for r in rows]

    def pending(self) -> int:
        return int(self._run("SELECT COUNT(*) FROM outbox")[0][0])

    def sent(self, push_id: int) -> None:
        self._run("DELETE FROM outbox WHERE id = ?", push_id)

    def retry(self, push_id: int, attempts: int, due: datetime, error: str) -> None:
        self._run(
            "UPDATE outbox SET attempts = ?, due = ?, error = ? WHERE id = ?",
            attempts,
            stamp(due),
            error[:500],
            push_id,
        )

    def close(self) -> None:
        with self._lock:
            self._db.close()
