"""The audit trail as a tamper-evident log: every kind of tampering of a copy of a real log is found and
named, long or odd input stays bounded and escaped, and a log in the old unkeyed format is continued."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service.accounts import Caller
from service.audit import MAX_LINE, Audit, AuditError
from service.audit_check import check

WHO = Caller("rosa", "Fiscalía A", "editor", via="api_key")


def written(folder: Path, events: int = 8) -> Audit:
    log = Audit(folder / "audit.log")
    for n in range(events):
        log.record(WHO, "search", {"q": f"trata laboral {n}", "country": ["Peru"]}, ip="203.0.113.7")
    return log


def tampered(original: Audit, folder: Path, change: Callable[[list[bytes], Path], list[bytes]]) -> Audit:
    """A copy of the log, its checkpoint and key in `folder`, with `change` applied to the log's lines."""
    folder.mkdir()
    for path in (original.path, original.checkpoint_path, original.key_file):
        shutil.copy2(path, folder / path.name)
    copy = Audit(folder / original.path.name)
    lines = copy.path.read_bytes().splitlines()
    copy.path.write_bytes(b"".join(line + b"\n" for line in change(lines, folder)))
    return copy


def forge(lines: list[bytes], start: int, drop: int = 0) -> list[bytes]:
    """What someone without the key does to hide a deletion: drop `drop` lines at `start` and rebuild the
    chain from there with an unkeyed hash, renumbering the events."""
    kept = lines[:start] + lines[start + drop :]
    previous = json.loads(kept[start - 1])["mac"]
    out = kept[:start]
    for raw in kept[start:]:
        event = json.loads(raw)
        event.pop("mac")
        event["n"], event["prev"] = len(out) + 1, previous
        body = json.dumps(event, ensure_ascii=False).encode()
        previous = hashlib.sha256(body).hexdigest()
        out.append(body[:-1] + f', "mac": "{previous}"}}'.encode())
    return out


def edit(lines: list[bytes], folder: Path) -> list[bytes]:
    lines[2] = lines[2].replace(b"trata laboral 2", b"otra cosa")
    return lines


def insert(lines: list[bytes], folder: Path) -> list[bytes]:
    fake = json.loads(lines[3])
    fake["action"] = "delete"
    return lines[:4] + [json.dumps(fake).encode()] + lines[4:]


def delete_middle(lines: list[bytes], folder: Path) -> list[bytes]:
    return lines[:3] + lines[5:]


def truncate(lines: list[bytes], folder: Path) -> list[bytes]:
    return lines[:-2]


def recompute(lines: list[bytes], folder: Path) -> list[bytes]:
    return forge(lines, 3, drop=1)


def swap(lines: list[bytes], folder: Path) -> list[bytes]:
    lines[3], lines[4] = lines[4], lines[3]
    return lines


def garble(lines: list[bytes], folder: Path) -> list[bytes]:
    lines[1] = b"{not an event"
    return lines


def drop_checkpoint(lines: list[bytes], folder: Path) -> list[bytes]:
    (folder / "audit.checkpoint").unlink()
    return lines


def forge_checkpoint(lines: list[bytes], folder: Path) -> list[bytes]:
    point = json.loads((folder / "audit.checkpoint").read_text())
    point["count"] = 6
    (folder / "audit.checkpoint").write_text(json.dumps(point))
    return lines[:6]


def drop_key(lines: list[bytes], folder: Path) -> list[bytes]:
    (folder / "audit.key").unlink()
    return lines


def replace_whole_log(lines: list[bytes], folder: Path) -> list[bytes]:
    """The log rewritten in the old unkeyed format, every seal gone."""
    out, previous = [], "0" * 64
    for raw in lines:
        event = json.loads(raw)
        for field in ("mac", "n"):
            event.pop(field)
        event["prev"] = previous
        out.append(json.dumps(event, ensure_ascii=False).encode())
        previous = hashlib.sha256(out[-1]).hexdigest()
    return out


@pytest.mark.parametrize(
    ("change", "kinds", "line"),
    [
        (edit, ["edited"], 3),
        (insert, ["inserted"], 5),
        (delete_middle, ["deleted"], 4),
        (truncate, ["truncated"], None),
        (recompute, ["recomputed", "truncated"], 4),
        (swap, ["reordered"], 4),
        (garble, ["unreadable"], 2),
        (drop_checkpoint, ["checkpoint_missing"], None),
        (forge_checkpoint, ["checkpoint_forged"], None),
        (drop_key, ["no_key"], None),
        (replace_whole_log, ["truncated"], None),
    ],
)
def test_each_kind_of_tampering_is_found_and_named(
    tmp_path: Path,
    change: Callable,
    kinds: list[str],  # type: ignore[type-arg]
    line: int | None,
) -> None:
    original = written(tmp_path / "real")
    assert original.verify() == (True, "8 events, chain intact")
    result = check(tampered(original, tmp_path / "copy", change))
    assert not result.intact
    assert result.kinds == kinds, result.message
    assert line is None or any(p.kind == kinds[0] and p.line == line for p in result.problems), result.message
    assert original.verify()[0]  # the real log is untouched


def test_a_recomputed_chain_hiding_a_deletion_is_not_taken_for_one_edit(tmp_path: Path) -> None:
    original = written(tmp_path / "real")
    result = check(tampered(original, tmp_path / "copy", recompute))
    recomputed = [p for p in result.problems if p.kind == "recomputed"]
    assert recomputed and "lines 4-7" in recomputed[0].text
    assert "truncated" in result.kinds  # the checkpoint still counts 8 events


def test_the_cli_says_which_kind_and_exits_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from casoteca.cli import main

    original = written(tmp_path / "real")
    copy = tampered(original, tmp_path / "data", truncate)
    monkeypatch.setenv("CASOTECA_DATA_DIR", str(copy.path.parent))
    assert main(["audit", "--verify"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("TAMPERED (truncated)") and "2 events were cut" in out
    shutil.copy2(original.path, copy.path)
    assert main(["audit", "--verify"]) == 0
    assert capsys.readouterr().out.strip() == "8 events, chain intact"


def test_a_huge_or_odd_query_stays_bounded_and_keeps_the_chain(tmp_path: Path) -> None:
    log = Audit(tmp_path / "audit.log")
    huge = "trata de personas " * 1_200_000  # about 21 MB, as in the security test that broke the old chain
    log.record(WHO, "search", {"q": huge, "country": ["Peru"] * 5000})
    log.record(WHO, "search", {"q": "\u202eevil\u0000\ud800 \x1b[31mred", "lines": "a\nb"})
    log.record(WHO, "view", {"document_id": "x"})
    lines = log.path.read_bytes().splitlines()
    assert all(len(line) < MAX_LINE + 1024 for line in lines)
    first = log.read(10)[-1]["detail"]
    assert (
        first["q"]["length"] == len(huge)
        and first["q"]["sha256"] == hashlib.sha256(huge.encode()).hexdigest()
    )
    assert len(first["q"]["excerpt"]) == 100 and len(first["country"]) == 51  # 50 kept, then how many more
    odd = log.read(10)[1]["detail"]
    assert odd["q"] == "\\u202eevil\\u0000\\ud800 \\u001b[31mred" and odd["lines"] == "a\\u000ab"
    assert log.verify() == (True, "3 events, chain intact")


def test_the_key_stays_outside_the_log_and_a_lost_key_is_never_replaced(tmp_path: Path) -> None:
    log = written(tmp_path, 2)
    assert log.key_file.stat().st_mode & 0o777 == 0o600
    assert log.key.decode() not in log.path.read_text() + log.checkpoint_path.read_text()
    log.key_file.unlink()
    with pytest.raises(AuditError, match="missing"):
        Audit(log.path).record(WHO, "search", {"q": "x"})
    assert [p.kind for p in check(Audit(log.path)).problems] == ["no_key"]
    given = Audit(tmp_path / "other.log", key="a key from a secret store")
    given.record(WHO, "search", {})
    assert given.verify()[0] and not given.key_file.exists()
    assert not Audit(tmp_path / "other.log", key="a different key").verify()[0]


def test_a_log_in_the_old_unkeyed_format_is_continued_and_then_protected(tmp_path: Path) -> None:
    path = tmp_path / "audit.log"
    previous, old = "0" * 64, []
    for n in range(3):  # what the unkeyed version wrote
        event = {
            "at": "2026-11-01T10:00:00.000+00:00",
            "user": "ana",
            "office": "F",
            "via": "session",
            "ip": "1.2.3.4",
            "action": "search",
            "detail": {"q": f"caso {n}"},
            "prev": previous,
        }
        old.append(json.dumps(event, ensure_ascii=False).encode())
        previous = hashlib.sha256(old[-1]).hexdigest()
    path.write_bytes(b"".join(line + b"\n" for line in old))
    log = Audit(path)
    assert log.verify() == (
        True,
        "3 events, chain intact; all 3 lines are in the old unkeyed format (not sealed yet)",
    )
    log.record(WHO, "search", {"q": "nuevo"})
    log.record(WHO, "view", {})
    assert log.verify() == (
        True,
        ("5 events, chain intact; lines 1-3 are in the old unkeyed format, sealed from line 4 on"),
    )
    assert [e.get("n") for e in log.read(10)] == [5, 4, None, None, None]
    assert [e["action"] for e in log.read(10)][2:] == ["search"] * 3  # the old events are read as before
    # Rebuilding the old part (an edit and its hashes recomputed) no longer passes: the first seal holds it.
    lines = path.read_bytes().splitlines()
    event = json.loads(lines[0])
    event["detail"]["q"] = "otra cosa"
    rebuilt = [json.dumps(event, ensure_ascii=False).encode()]
    for raw in lines[1:3]:
        following = json.loads(raw)
        following["prev"] = hashlib.sha256(rebuilt[-1]).hexdigest()
        rebuilt.append(json.dumps(following, ensure_ascii=False).encode())
    path.write_bytes(b"".join(line + b"\n" for line in rebuilt + lines[3:]))
    result = check(log)
    assert [(p.kind, p.line) for p in result.problems] == [("recomputed", 3)], result.message


def test_checkpoints_go_to_syslog_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import syslog

    sent: list[str] = []
    monkeypatch.setattr(syslog, "syslog", lambda priority, message: sent.append(message))
    log = Audit(tmp_path / "audit.log", syslog=True)
    log.record(WHO, "search", {"q": "x"})
    log.record(WHO, "view", {})
    head = json.loads(log.path.read_bytes().splitlines()[-1])["mac"]
    assert sent[-1] == f"casoteca audit checkpoint count=2 head={head}" and len(sent) == 2


def test_the_server_refuses_to_start_over_sealed_lines_without_their_key(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from casoteca.app import create_app
    from casoteca.settings import Settings

    log = written(tmp_path / "data", 2)
    log.key_file.unlink()
    with (
        pytest.raises(AuditError, match="restore the key"),
        TestClient(create_app(Settings(data_dir=tmp_path / "data"))),
    ):
        pass


def test_events_sent_together_are_all_sealed_in_one_unbroken_chain(tmp_path: Path) -> None:
    """Searches from many threads at once: the writer appends them in groups, and not one event is lost,
    doubled or chained out of order."""
    log = Audit(tmp_path / "audit.log")
    pending = [log.submit(WHO, "search", {"q": f"consulta {n}"}) for n in range(300)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: log.record(WHO, "view", {"document_id": str(n)}), range(40)))
    for done in pending:
        done.result(timeout=30)
    events = log.read(limit=1000)
    assert sorted(e["n"] for e in events) == list(range(1, 341))
    assert {e["detail"]["q"] for e in events if e["action"] == "search"} == {
        f"consulta {n}" for n in range(300)
    }
    assert log.verify()[0]
    assert log.checkpoint()["count"] == 340


def test_closing_writes_what_waits_and_ends_the_writer_thread(tmp_path: Path) -> None:
    log = Audit(tmp_path / "audit.log")
    pending = [log.submit(WHO, "search", {"q": f"consulta {n}"}) for n in range(50)]
    (writer,) = [thread for thread in threading.enumerate() if thread is log._writer]
    log.close()
    assert all(done.done() and done.exception() is None for done in pending)
    assert not writer.is_alive()
    log.record(WHO, "view", {"document_id": "1"})  # a later event starts a writer again
    log.close()
    assert len(log.read(limit=100)) == 51 and log.verify()[0]
