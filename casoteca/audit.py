"""The audit trail: an append-only log of who did what, when and from where.

One JSON line per event in `data/audit.log`: sign-ins, searches (query and filters), document views and
downloads, uploads, deletes, exports and user changes. Each line carries the SHA-256 of the line before
it, so an edit or a deletion anywhere breaks the chain and `verify()` (`casoteca audit --verify`) says
where. The product has no way to change the log; admins read and export it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from .accounts import Caller

GENESIS = "0" * 64
TAIL = 64 * 1024  # an event line is far shorter than this


def last_hash(f: BinaryIO) -> str:
    """SHA-256 of the last line of an open log, read from its end."""
    end = f.seek(0, os.SEEK_END)
    if end == 0:
        return GENESIS
    f.seek(max(0, end - TAIL))
    lines = [line for line in f.read().split(b"\n") if line.strip()]
    return hashlib.sha256(lines[-1]).hexdigest() if lines else GENESIS


class Audit:
    """Several API workers may share one log (deploy/): each append takes an exclusive lock on the file
    and chains to the line that is last in the file at that moment."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def record(self, caller: Caller, action: str, detail: dict[str, Any] | None = None, ip: str = "") -> None:
        event = {"at": datetime.now(UTC).isoformat(timespec="milliseconds"), "user": caller.name or "anonymous",
                 "office": caller.office, "via": caller.via, "ip": ip, "action": action, "detail": detail or {}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("a+b") as f:
            fcntl.flock(f, fcntl.LOCK_EX)  # released when the file is closed
            event["prev"] = last_hash(f)
            f.write(json.dumps(event, ensure_ascii=False, default=str).encode("utf-8") + b"\n")
            f.flush()
            os.fsync(f.fileno())

    def read(self, limit: int = 100, offset: int = 0, user: str | None = None,
             action: str | None = None) -> list[dict[str, Any]]:
        """Newest first, filtered by user and action."""
        events = [e for e in self._events() if (user is None or e["user"] == user)
                  and (action is None or e["action"] == action)]
        events.reverse()
        return events[offset : offset + limit]

    def _events(self) -> list[dict[str, Any]]:
        if not self.path.is_file():
            return []
        with self.path.open(encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def verify(self) -> tuple[bool, str]:
        """(intact, what was found). Recomputes the chain from the first line."""
        previous = GENESIS
        if not self.path.is_file():
            return True, "no events yet"
        count = 0
        with self.path.open("rb") as f:
            for number, raw in enumerate(f, 1):
                line = raw.rstrip(b"\n")
                if not line:
                    continue
                try:
                    event = json.loads(line)
                except ValueError:
                    return False, f"line {number} is not an event"
                if event.get("prev") != previous:
                    return False, f"line {number} does not follow line {number - 1}: the log was edited there"
                previous = hashlib.sha256(line).hexdigest()
                count += 1
        return True, f"{count} events, chain intact"
