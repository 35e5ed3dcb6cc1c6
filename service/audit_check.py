"""Verifying the audit trail (`casoteca audit --verify`): which kind of tampering, and where.

Kinds of problem found:
- `unreadable`: a line that is not an event.
- `edited`: a line changed after it was written (its seal fails, the next line still follows it).
- `inserted`: a line that was added (its seal fails, the next line follows the line before it).
- `deleted`: sealed lines that follow each other but skip numbers (lines removed in between).
- `reordered`: sealed lines out of order or repeated.
- `recomputed`: every line from one on fails its seal though each links to the one before: the chain was
  rebuilt without the key (after an edit or a deletion that someone wanted to hide).
- `unsealed`: a line in the old unkeyed format after the sealed part began.
- `truncated`: the log ends before the event the last checkpoint counts (lines cut at the end, or the
  whole log replaced by a shorter one).
- `rewritten`: the event the checkpoint names is in the log but is not the one it sealed.
- `checkpoint_missing`, `checkpoint_forged`: the checkpoint file is gone, or its signature fails.
- `no_key`: sealed lines but no key to check them with.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .audit import GENESIS, checkpoint_signature, seal, split_seal

if TYPE_CHECKING:
    from .audit import Audit

MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Problem:
    kind: str
    line: int | None  # 1-based line of the log, None for the checkpoint
    text: str


@dataclass
class Verification:
    events: int = 0
    legacy: int = 0  # lines in the old unkeyed format before the sealed part
    sealed_from: int | None = None  # line where the sealed part starts
    problems: list[Problem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def kinds(self) -> list[str]:
        return sorted({p.kind for p in self.problems})

    @property
    def message(self) -> str:
        if self.events == 0 and not self.problems:
            return "no events yet"
        if self.intact:
            text = f"{self.events} events, chain intact"
            if self.legacy:
                text += (
                    f"; lines 1-{self.legacy} are in the old unkeyed format, sealed from line "
                    f"{self.sealed_from} on"
                    if self.sealed_from
                    else f"; all {self.legacy} lines are in the old unkeyed format (not sealed yet)"
                )
            return text
        return "; ".join(f"{p.kind}: {p.text}" for p in self.problems[:MAX_PROBLEMS])


@dataclass
class Line:
    number: int
    raw: bytes
    event: dict[str, Any] | None
    body: bytes | None = None  # the sealed part, for a sealed line
    mac: str | None = None


def parse(raw: bytes, number: int) -> Line:
    try:
        event = json.loads(raw)
    except ValueError:
        return Line(number, raw, None)
    if not isinstance(event, dict):
        return Line(number, raw, None)
    sealed = split_seal(raw)
    return Line(number, raw, event, *(sealed or (None, None)))


def check(audit: Audit) -> Verification:
    result = Verification()
    lines = []
    if audit.path.is_file():
        with audit.path.open("rb") as f:
            lines = [parse(raw.rstrip(b"\n"), n) for n, raw in enumerate(f, 1) if raw.strip()]
    result.events = len(lines)
    problems = result.problems
    key = audit.key if audit.key_available() else None
    if key is None and any(line.mac for line in lines):
        problems.append(
            Problem(
                "no_key",
                None,
                f"no audit key at {audit.key_file} (nor CASOTECA_AUDIT_KEY): the seals cannot be checked",
            )
        )
        return result
    sealed_ok = [
        line.body is not None
        and line.mac is not None
        and key is not None
        and hmac.compare_digest(seal(key, line.body), line.mac)
        for line in lines
    ]
    # rebuilt[i]: every line from i on has a failing seal yet links to the one before (a recomputed chain).
    rebuilt = [False] * (len(lines) + 1)
    rebuilt[len(lines)] = True
    for i in range(len(lines) - 1, -1, -1):
        follows = i + 1 == len(lines) or (lines[i + 1].event or {}).get("prev") == lines[i].mac
        rebuilt[i] = lines[i].mac is not None and not sealed_ok[i] and follows and rebuilt[i + 1]
    # Events by number, as their seals vouch for them: where each one is and what it sealed.
    heads: dict[int, str] = {}
    for ok, line in zip(sealed_ok, lines, strict=True):
        number = (line.event or {}).get("n")
        if ok and isinstance(number, int) and line.mac:
            heads.setdefault(number, line.mac)
    expected_prev: str | None = GENESIS
    expected_n: int | None = 1
    last_n = 0  # the highest event number met so far
    base: tuple[int, str | None] = (
        0,
        GENESIS,
    )  # (events before the sealed part, the hash its first line seals)
    seen: set[int] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        event = line.event
        if event is None:
            problems.append(Problem("unreadable", line.number, f"line {line.number} is not an event"))
            expected_prev, expected_n = None, None if expected_n is None else expected_n + 1
            last_n += 1  # it held the next event: no gap is reported for it
            index += 1
            continue
        if line.mac is None:  # the old unkeyed format
            if result.sealed_from is not None:
                problems.append(
                    Problem(
                        "unsealed",
                        line.number,
                        f"line {line.number} has no seal, though the "
                        f"log is sealed from line {result.sealed_from}: it was edited or added",
                    )
                )
            elif expected_prev is not None and event.get("prev") != expected_prev:
                problems.append(
                    Problem(
                        "edited",
                        line.number,
                        f"line {line.number} does not follow line "
                        f"{line.number - 1}: the old part of the log was edited there",
                    )
                )
            else:
                result.legacy += 1
            expected_prev = hashlib.sha256(line.raw).hexdigest()
            expected_n = None if expected_n is None else expected_n + 1
            index += 1
            continue
        if result.sealed_from is None:
            result.sealed_from = line.number
            base = (index, expected_prev)
            last_n = index
        number = event.get("n")
        if sealed_ok[index] and isinstance(number, int):
            problem = placed(line, number, last_n, seen, heads, base)
            if problem is not None:
                problems.append(problem)
            seen.add(number)
            last_n = max(last_n, number)
            expected_prev = line.mac
            index += 1
            continue
        # The seal fails: an edit, an insertion, or the chain rebuilt from here without the key.
        if len(lines) - index >= 2 and rebuilt[index]:
            problems.append(
                Problem(
                    "recomputed",
                    line.number,
                    f"lines {line.number}-{lines[-1].number} fail "
                    "their seals though each links to the one before: the chain was rebuilt "
                    "without the key",
                )
            )
            break
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            following is not None
            and following.event is not None
            and expected_prev is not None
            and following.event.get("prev") == expected_prev
        ):
            problems.append(
                Problem(
                    "inserted",
                    line.number,
                    f"line {line.number} was added: line {following.number} follows the line before it",
                )
            )
            index += 1
            continue
        problems.append(
            Problem(
                "edited", line.number, f"line {line.number} was changed after it was written (its seal fails)"
            )
        )
        expected_prev = line.mac
        if isinstance(number, int) and number <= last_n + 1:
            seen.add(number)
            last_n = max(last_n, number)
        index += 1
    if key is not None:
        check_checkpoint(audit, key, result, last_n, heads)
    return result


def placed(
    line: Line, number: int, last_n: int, seen: set[int], heads: dict[int, str], base: tuple[int, str | None]
) -> Problem | None:
    """What is wrong with where a line whose seal holds stands: a repeat, a gap (events deleted), an event
    out of order, or a predecessor that is not the one it sealed (lines before it rebuilt)."""
    if number in seen:
        return Problem("reordered", line.number, f"line {line.number} repeats event {number}")
    if number != last_n + 1:
        gap = range(last_n + 1, number)
        if number > last_n + 1 and not any(n in heads for n in gap[:1000]):
            missing = f"event {gap[0]}" if len(gap) == 1 else f"events {gap[0]}-{gap[-1]}"
            return Problem("deleted", line.number, f"{missing} missing before line {line.number}")
        return Problem("reordered", line.number, f"line {line.number} (event {number}) is out of order")
    before = heads.get(number - 1) if number - 1 > base[0] else base[1] if number - 1 == base[0] else None
    if before is not None and (line.event or {}).get("prev") != before:
        return Problem(
            "recomputed",
            line.number - 1,
            f"line {line.number} seals another line before it: the "
            "lines before it were changed and their hashes recomputed",
        )
    return None


def check_checkpoint(
    audit: Audit, key: bytes, result: Verification, last_n: int, heads: dict[int, str]
) -> None:
    point = audit.checkpoint()
    if point is None:
        if result.sealed_from is not None:
            result.problems.append(
                Problem(
                    "checkpoint_missing",
                    None,
                    f"{audit.checkpoint_path.name} is gone: lines cut from the end could not be told",
                )
            )
        return
    try:
        count, head, at, signature = (
            int(point["count"]),
            str(point["head"]),
            str(point["at"]),
            str(point["sig"]),
        )
    except (KeyError, TypeError, ValueError):
        result.problems.append(
            Problem("checkpoint_forged", None, f"{audit.checkpoint_path.name} is not a checkpoint")
        )
        return
    if not hmac.compare_digest(checkpoint_signature(key, count, head, at), signature):
        result.problems.append(
            Problem(
                "checkpoint_forged",
                None,
                f"the signature of {audit.checkpoint_path.name} fails: it was edited",
            )
        )
    elif count > last_n:
        result.problems.append(
            Problem(
                "truncated",
                None,
                f"the checkpoint of {at} counts {count} events but the log "
                f"ends at event {last_n}: {count - last_n} events were cut",
            )
        )
    elif heads.get(count) != head:
        result.problems.append(
            Problem(
                "rewritten", None, f"event {count} in the log is not the one the checkpoint of {at} sealed"
            )
        )
