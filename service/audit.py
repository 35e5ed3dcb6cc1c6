"""The audit trail: an append-only, tamper-evident log of who did what, when and from where.

One JSON line per event in `data/audit.log`: sign-ins (and refused ones), searches (query and filters),
document views and downloads, uploads, deletes, exports and user changes.

- Every line is sealed: it carries its number `n`, the seal of the line before it (`prev`) and its own
  seal `mac`, an HMAC-SHA256 under a key kept outside the log (`CASOTECA_AUDIT_KEY`, or the file
  `audit.key` beside the log, made on first use and readable by its owner only). Without the key nobody can
  edit a line, delete lines or recompute the chain and still pass `verify()`.
- After every append a signed checkpoint (count and head seal) replaces `audit.checkpoint` (and, with
  `CASOTECA_AUDIT_SYSLOG`, goes to syslog, off this machine if syslog forwards), so cutting the last lines
  is found too. Events that arrive together are appended together (one writer thread per log: one lock,
  one fsync, one checkpoint for the group), and each is acknowledged only once it is on disk.
- What a caller sent is kept bounded and escaped (`bounded`): a long text becomes its length, its SHA-256
  and a short excerpt, so no request can blow up a line or the disk, and control or bidi characters never
  reach a terminal or a spreadsheet as themselves.
- A log written before the keyed format (lines with only an unkeyed `prev`) is read and continued as it is:
  its first sealed line seals the hash of the last old line, so the old part can no longer change unseen
  either; `verify()` says where the sealed part starts.

The product has no way to change the log; admins read and export it. `service.audit_check` verifies it.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import queue
import re
import secrets
import threading
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .access import Caller

if TYPE_CHECKING:
    from .config import Config

GENESIS = "0" * 64
TAIL = 64 * 1024  # an event line is far shorter than this (see MAX_LINE)
# A text up to this long is kept whole (a search query, a title); a longer one is summarised.
MAX_TEXT = 500
EXCERPT = 100  # characters of a summarised text kept, so an auditor still sees what it was about
MAX_ITEMS = 50  # items of a list or keys of a mapping kept
MAX_DEPTH = 4
# After bounding, a detail longer than this (many long items) is replaced by its length and hash.
MAX_LINE = 16 * 1024
SEAL = re.compile(rb'^(\{.*), "mac": "([0-9a-f]{64})"\}$', re.DOTALL)
MAC_CONTEXT = b"casoteca-audit-v1\n"
CHECKPOINT_CONTEXT = b"casoteca-audit-checkpoint-v1\n"
# Events written in one go at most: a burst is cut into groups, so no line waits behind too many.
MAX_GROUP = 256


class AuditError(OSError):
    """The log cannot be written safely (its key is gone while sealed lines exist)."""


def escaped(text: str) -> str:
    """`text` with every character that is not printable (controls, bidi overrides, zero-width marks,
    lone surrogates, line separators) written as a visible \\uXXXX escape."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else (f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        for c in text
    )


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def bounded(value: Any, depth: int = 0) -> Any:
    """What is kept of a value a caller sent: short texts escaped, long ones as {excerpt, length, sha256};
    at most MAX_ITEMS items per list or mapping and MAX_DEPTH levels."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        if len(value) <= MAX_TEXT:
            return escaped(value)
        return {"excerpt": escaped(value[:EXCERPT]), "length": len(value), "sha256": text_digest(value)}
    if depth >= MAX_DEPTH:
        return bounded(str(value), depth)
    if isinstance(value, dict):
        items = list(value.items())
        out = {escaped(str(k))[:100]: bounded(v, depth + 1) for k, v in items[:MAX_ITEMS]}
        if len(items) > MAX_ITEMS:
            out["more_keys"] = len(items) - MAX_ITEMS
        return out
    if isinstance(value, list | tuple | set | frozenset):
        seq = list(value)
        kept = [bounded(v, depth + 1) for v in seq[:MAX_ITEMS]]
        return kept + ([f"... {len(seq) - MAX_ITEMS} more"] if len(seq) > MAX_ITEMS else [])
    return bounded(str(value), depth)


def bounded_detail(detail: dict[str, Any]) -> dict[str, Any]:
    kept = bounded(detail)
    text = json.dumps(kept, ensure_ascii=False)
    if len(text) > MAX_LINE:
        return {"summary": {"length": len(text), "sha256": text_digest(text)}}
    return kept


def seal(key: bytes, body: bytes) -> str:
    return hmac.new(key, MAC_CONTEXT + body, hashlib.sha256).hexdigest()


def split_seal(line: bytes) -> tuple[bytes, str] | None:
    """(the line as it was sealed, its seal), or None for a line without a seal (the old format)."""
    found = SEAL.match(line)
    return (found.group(1) + b"}", found.group(2).decode()) if found else None


def checkpoint_signature(key: bytes, count: int, head: str, at: str) -> str:
    return hmac.new(key, CHECKPOINT_CONTEXT + f"{count}\n{head}\n{at}".encode(), hashlib.sha256).hexdigest()


def last_line(f: BinaryIO) -> bytes | None:
    """The last line of an open log, read from its end."""
    end = f.seek(0, os.SEEK_END)
    if end == 0:
        return None
    f.seek(max(0, end - TAIL))
    lines = [line for line in f.read().split(b"\n") if line.strip()]
    return lines[-1] if lines else None


def load_key(path: Path, given: str, log: Path) -> bytes:
    """The audit key: the setting if given, else the key file, made (mode 0600, atomically, so workers
    starting together agree on one) when there is none and the log holds no sealed line yet."""
    if given:
        return given.encode()
    if path.is_file():
        return path.read_bytes().strip()
    if has_sealed_lines(log):
        raise AuditError(
            f"the audit key {path} is missing but {log} holds sealed lines: restore the key "
            "(or set CASOTECA_AUDIT_KEY); a new key would break the chain"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as f:
        f.write(secrets.token_hex(32) + "\n")
    try:
        os.link(temporary, path)  # fails if another process made one first: then that one is the key
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return path.read_bytes().strip()


def has_sealed_lines(log: Path) -> bool:
    if not log.is_file():
        return False
    with log.open("rb") as f:
        line = last_line(f)
    return line is not None and split_seal(line) is not None


STOP: Any = object()  # put on the queue by close(): the writer ends after what is before it


class Audit:
    """Several API workers may share one log (deploy/): each append (of one event or a group) takes an
    exclusive lock on the file, chains to the line that is last in the file at that moment and replaces
    the checkpoint under the lock."""

    def __init__(self, path: Path, key: str = "", key_file: Path | None = None, syslog: bool = False) -> None:
        self.path = path
        self.key_file = key_file or path.with_name("audit.key")
        self.checkpoint_path = path.with_name(path.stem + ".checkpoint")
        self._given_key = key
        self._key: bytes | None = None
        self._syslog = syslog
        self._lock = threading.Lock()  # guards the start of the writer thread
        self._queue: queue.SimpleQueue[tuple[dict[str, Any], Future[None]]] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None

    @classmethod
    def for_settings(cls, settings: Config) -> Audit:
        return cls(settings.data_dir / "audit.log", settings.audit_key, syslog=settings.audit_syslog)

    @property
    def key(self) -> bytes:
        if self._key is None:
            self._key = load_key(self.key_file, self._given_key, self.path)
        return self._key

    def key_available(self) -> bool:
        return bool(self._given_key) or self.key_file.is_file()

    def record(self, caller: Caller, action: str, detail: dict[str, Any] | None = None, ip: str = "") -> None:
        """One event, returned once its line and the checkpoint after it are on disk."""
        self.submit(caller, action, detail, ip).result()

    def submit(
        self, caller: Caller, action: str, detail: dict[str, Any] | None = None, ip: str = ""
    ) -> Future[None]:
        """One event, handed to the trail's writer thread; the future is done once its line is on disk
        (or holds the error that kept it off). A request can await it while it does its work, so its
        answer still never leaves before its trace."""
        self.key  # noqa: B018 - a missing key is refused here, to the caller, not in the writer
        event: dict[str, Any] = {
            "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "user": escaped((caller.name or "anonymous")[:200]),
            "office": caller.office and escaped(caller.office),
            "via": caller.via,
            "ip": escaped(ip[:100]),
            "action": escaped(action[:100]),
            "detail": bounded_detail(detail or {}),
        }
        done: Future[None] = Future()
        with self._lock:
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_forever, name="audit", daemon=True)
                self._writer.start()
        self._queue.put((event, done))
        return done

    def _write_forever(self) -> None:
        """The writer thread: every event waiting is written in one go (group commit). One lock of the
        file, one fsync of the log and one checkpoint serve the whole group, where one per event (two
        fsyncs, about 4 ms each here, under a lock the search processes share) capped every process's
        searches at about 125 a second together."""
        while True:
            group = [self._queue.get()]
            while len(group) < MAX_GROUP:
                try:
                    group.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = any(item is STOP for item in group)
            group = [item for item in group if item is not STOP]
            if not group and stop:
                return
            try:
                self._append([event for event, _ in group])
            except Exception as exc:  # noqa: BLE001 - each waiting caller gets the error, as a direct write did
                for _, done in group:
                    done.set_exception(exc)
            else:
                for _, done in group:
                    done.set_result(None)
            if stop:
                return

    def close(self) -> None:
        """Write what is waiting and stop the writer thread (a later event starts a new one)."""
        with self._lock:
            writer, self._writer = self._writer, None
            if writer is not None:
                self._queue.put(STOP)
        if writer is not None:
            writer.join()

    def _append(self, events: list[dict[str, Any]]) -> None:
        key = self.key
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a+b") as f:
            fcntl.flock(f, fcntl.LOCK_EX)  # released when the file is closed
            number, previous = self._position(f)
            lines = []
            for event in events:
                body = json.dumps({"n": number, **event, "prev": previous}, ensure_ascii=False).encode(
                    "utf-8"
                )
                previous = seal(key, body)
                lines.append(body[:-1] + f', "mac": "{previous}"}}'.encode() + b"\n")
                number += 1
            f.write(b"".join(lines))
            f.flush()
            os.fsync(f.fileno())  # the lines on disk before the checkpoint that counts them
            self._checkpoint(key, number - 1, previous, events[-1]["at"])

    def _position(self, f: BinaryIO) -> tuple[int, str]:
        """(number of the next event, seal or hash of the last line)."""
        line = last_line(f)
        if line is None:
            return 1, GENESIS
        sealed = split_seal(line)
        if sealed is not None:
            return int(json.loads(sealed[0])["n"]) + 1, sealed[1]
        f.seek(0)  # the last line is in the old format: count the lines once, where the sealed part starts
        return sum(1 for raw in f if raw.strip()) + 1, hashlib.sha256(line).hexdigest()

    def _checkpoint(self, key: bytes, count: int, head: str, at: str) -> None:
        point = {"count": count, "head": head, "at": at, "sig": checkpoint_signature(key, count, head, at)}
        temporary = self.checkpoint_path.with_name(f".{self.checkpoint_path.name}.{os.getpid()}")
        with temporary.open("w", encoding="utf-8") as f:
            f.write(json.dumps(point) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, self.checkpoint_path)
        if self._syslog:
            import syslog

            syslog.syslog(
                syslog.LOG_AUTH | syslog.LOG_INFO, f"casoteca audit checkpoint count={count} head={head}"
            )

    def checkpoint(self) -> dict[str, Any] | None:
        """The last checkpoint as written (unchecked), or None when there is none."""
        if not self.checkpoint_path.is_file():
            return None
        try:
            found = json.loads(self.checkpoint_path.read_text(encoding="utf-8"))
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}

    def read(
        self, limit: int = 100, offset: int = 0, user: str | None = None, action: str | None = None
    ) -> list[dict[str, Any]]:
        """Newest first, filtered by user and action."""
        events = [
            e
            for e in self._events()
            if (user is None or e.get("user") == user) and (action is None or e.get("action") == action)
        ]
        events.reverse()
        return events[offset : offset + limit]

    def _events(self) -> list[dict[str, Any]]:
        if not self.path.is_file():
            return []
        out = []
        with self.path.open(encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    event = json.loads(line) if line.strip() else None
                except ValueError:
                    continue  # verify() reports it; reading goes on
                if isinstance(event, dict):
                    out.append(event)
        return out

    def verify(self) -> tuple[bool, str]:
        """(intact, what was found): see `service.audit_check.check`."""
        from .audit_check import check

        result = check(self)
        return result.intact, result.message
