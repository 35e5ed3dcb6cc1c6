"""The security test of issue 15, measured against a live `casoteca serve` (tests/server.py starts it).

Run from the project root:  .venv/bin/python bench/security.py [--wrong 200]

Sends, with a normal request as the baseline of each part:
1. an oversized search (20 MB JSON body) and a long URL: the answers, how much the log grew, and whether
   `casoteca audit --verify` still finds the chain intact;
2. `--wrong` wrong passwords in a row for one account (defaults: 5 free attempts, a wait of 1 s doubling),
   then the right one at once and again until accepted: how many were answered 401, how many 429, and how
   long the right password stayed refused;
3. a forged X-Forwarded-For (the server runs with FORWARDED_ALLOW_IPS=* and no trusted proxy): which address
   the audit trail recorded;
4. each kind of tampering of a copy of the log: what `casoteca audit --verify` says (exit code, kinds);
5. a framing check: the security headers on pages, the API, static files, /docs and a refused request;
   and what /health tells anonymous callers and admins.
Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.server import running_server

CASOTECA = str(Path(sys.executable).with_name("casoteca"))
PASSWORD = "una contraseña larga de prueba"


def cli(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CASOTECA, *args], env=env, input=stdin, text=True, capture_output=True, check=False
    )


def verify(data: Path) -> tuple[int, str]:
    out = cli({"CASOTECA_DATA_DIR": str(data), "PATH": "/usr/bin:/bin"}, "audit", "--verify")
    return out.returncode, out.stdout.strip().splitlines()[0] if out.stdout.strip() else out.stderr.strip()


def part_sizes(url: str, key: str, data: Path) -> None:
    print("\n1. Oversized query")
    headers = {"Authorization": f"Bearer {key}"}
    log = data / "audit.log"
    for label, body in (
        ("normal query (baseline)", {"q": "trabajo forzoso en barcos pesqueros"}),
        ("1.5 MB query (under the 2 MB limit)", {"q": "trata de personas " * 87_000}),
        ("20 MB query", {"q": "trata de personas " * 1_170_000}),
    ):
        before = log.stat().st_size if log.is_file() else 0
        started = time.perf_counter()
        response = httpx.post(f"{url}/api/search", json=body, headers=headers, timeout=120)
        took = time.perf_counter() - started
        grown = log.stat().st_size - before
        print(
            f"   {label:38} {len(json.dumps(body)) / 2**20:6.2f} MB sent -> {response.status_code} in {took:5.2f} s; "
            f"log grew {grown} bytes"
        )
    long_url = httpx.get(f"{url}/api/search", params={"q": "z" * 20_000}, headers=headers, timeout=60)
    deep = httpx.post(
        f"{url}/api/search",
        content=b"[" * 200_000 + b"]" * 200_000,
        timeout=60,
        headers={**headers, "Content-Type": "application/json"},
    )
    draft = httpx.post(f"{url}/api/similar", json={"text": "x" * 250_000}, headers=headers, timeout=60)
    print(
        f"   20,000-character URL -> {long_url.status_code}; JSON nested 200,000 deep -> {deep.status_code}; "
        f"250,000-character draft -> {draft.status_code} with a {len(draft.content)}-byte error body"
    )
    code, message = verify(data)
    print(f"   audit --verify after them: exit {code}: {message}")


def part_sign_in(url: str, wrong: int) -> None:
    print(f"\n2. {wrong} wrong passwords for one account, then the right one")
    with httpx.Client(base_url=url, timeout=30) as browser:
        token = re.search(r'name="csrf" value="([^"]+)"', browser.get("/login").text).group(1)  # type: ignore[union-attr]

        def attempt(password: str) -> httpx.Response:
            return browser.post("/login", data={"name": "rosa", "password": password, "csrf": token})

        no_token = browser.post("/login", data={"name": "rosa", "password": PASSWORD}).status_code
        print(f"   without the form token: {no_token}")
        started = time.perf_counter()
        answers = Counter(attempt(f"guess {n}").status_code for n in range(wrong))
        took = time.perf_counter() - started
        print(
            f"   {wrong} wrong passwords in {took:.1f} s: "
            + ", ".join(f"{n} x {s}" for s, n in sorted(answers.items()))
            + " (401: the password was checked; 429: refused unchecked while the account waits)"
        )
        refused_at = time.perf_counter()
        tries: Counter[int] = Counter()
        while True:
            answer = attempt(PASSWORD)
            tries[answer.status_code] += 1
            if answer.status_code != 429:
                break
            time.sleep(min(float(answer.headers.get("retry-after", "1")), 5) / 4)
        print(
            f"   the right password: refused {tries[429]} times for {time.perf_counter() - refused_at:.1f} s, then "
            f"{answer.status_code} ({'signed in' if answer.status_code == 303 else answer.text[:80]})"
        )


def part_forwarded(url: str, key: str, data: Path) -> None:
    print("\n3. Forged X-Forwarded-For (server env FORWARDED_ALLOW_IPS=*, no CASOTECA_TRUSTED_PROXIES)")
    headers = {"Authorization": f"Bearer {key}"}
    httpx.get(f"{url}/api/search", params={"q": "sin cabecera"}, headers=headers, timeout=60)
    httpx.get(
        f"{url}/api/search",
        params={"q": "con cabecera falsa"},
        timeout=60,
        headers={**headers, "X-Forwarded-For": "203.0.113.66", "X-Real-IP": "203.0.113.66"},
    )
    seen = {}
    for line in (data / "audit.log").read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        if event["action"] == "search" and event["detail"].get("q") in ("sin cabecera", "con cabecera falsa"):
            seen[event["detail"]["q"]] = event["ip"]
    print(
        f"   recorded address without the header (baseline): {seen.get('sin cabecera')}; "
        f"with X-Forwarded-For 203.0.113.66: {seen.get('con cabecera falsa')}"
    )


def tamperings() -> dict[str, Callable[[list[bytes], Path], list[bytes]]]:
    def edit(lines: list[bytes], folder: Path) -> list[bytes]:
        lines[2] = lines[2].replace(b'"ip": "', b'"ip": "10.9.9.9, ', 1)
        return lines

    def insert(lines: list[bytes], folder: Path) -> list[bytes]:
        return lines[:4] + [lines[3].replace(b'"ip": "', b'"ip": "10.9.9.9, ', 1)] + lines[4:]

    def recompute(lines: list[bytes], folder: Path) -> list[bytes]:
        kept = lines[:3] + lines[4:]
        previous = json.loads(kept[2])["mac"]
        out = kept[:3]
        for raw in kept[3:]:
            event = json.loads(raw)
            event.pop("mac")
            event["n"], event["prev"] = len(out) + 1, previous
            body = json.dumps(event, ensure_ascii=False).encode()
            previous = hashlib.sha256(body).hexdigest()
            out.append(body[:-1] + f', "mac": "{previous}"}}'.encode())
        return out

    def swap(lines: list[bytes], folder: Path) -> list[bytes]:
        lines[3], lines[4] = lines[4], lines[3]
        return lines

    def drop_checkpoint(lines: list[bytes], folder: Path) -> list[bytes]:
        (folder / "audit.checkpoint").unlink()
        return lines

    def forge_checkpoint(lines: list[bytes], folder: Path) -> list[bytes]:
        point = json.loads((folder / "audit.checkpoint").read_text())
        point["count"] = len(lines) - 3
        (folder / "audit.checkpoint").write_text(json.dumps(point))
        return lines[:-3]

    return {
        "none (baseline)": lambda lines, folder: lines,
        "edit a line": edit,
        "insert a line": insert,
        "delete lines 4-5": lambda lines, folder: lines[:3] + lines[5:],
        "cut the last 3 lines": lambda lines, folder: lines[:-3],
        "delete line 4, recompute the hashes": recompute,
        "swap lines 4 and 5": swap,
        "garble line 2": lambda lines, folder: [lines[0], b"{garbage", *lines[2:]],
        "delete the checkpoint": drop_checkpoint,
        "cut 3 lines, edit the checkpoint": forge_checkpoint,
    }


def part_tampering(data: Path) -> None:
    lines = (data / "audit.log").read_bytes().splitlines()
    print(f"\n4. Tampering with a copy of the log ({len(lines)} lines): casoteca audit --verify says")
    found = 0
    with tempfile.TemporaryDirectory() as scratch:
        for n, (label, change) in enumerate(tamperings().items()):
            copy = Path(scratch) / str(n)
            copy.mkdir()
            for name in ("audit.log", "audit.checkpoint", "audit.key"):
                shutil.copy2(data / name, copy / name)
            (copy / "audit.log").write_bytes(b"".join(line + b"\n" for line in change(list(lines), copy)))
            code, message = verify(copy)
            found += code != 0 and n > 0
            print(f"   {label:38} exit {code}: {message[:110]}")
    print(f"   detected {found} of {len(tamperings()) - 1} tamperings")


def part_headers(url: str, key: str) -> None:
    print("\n5. Framing check and /health")
    names = ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy")
    for path, options in (
        ("/", {}),
        ("/login", {}),
        ("/docs", {}),
        ("/static/casoteca.css", {}),
        ("/api/search?q=x", {}),
        ("/api/search", {"method": "POST", "content": b"x" * 3_000_000}),
    ):
        method = options.pop("method", "GET")
        response = httpx.request(method, url + path, timeout=30, **options)  # type: ignore[arg-type]
        present = [n for n in names if n in response.headers]
        framing = "frame-ancestors 'none'" in response.headers.get("content-security-policy", "")
        print(
            f"   {method:4} {path[:22]:22} {response.status_code}: {len(present)}/4 headers, frame-ancestors 'none': "
            f"{framing}, X-Frame-Options: {response.headers.get('x-frame-options')}"
        )
    anonymous = httpx.get(f"{url}/health", timeout=10).json()
    admin = httpx.get(f"{url}/health", headers={"Authorization": f"Bearer {key}"}, timeout=10).json()
    metrics = httpx.get(f"{url}/metrics", timeout=10).status_code
    print(f"   /health anonymous: {anonymous}; admin: {sorted(admin)}; /metrics from loopback: {metrics}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wrong", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        env = {
            "CASOTECA_DATA_DIR": str(data),
            "PATH": "/usr/bin:/bin",
            "CASOTECA_SECURE_COOKIES": "false",
            "FORWARDED_ALLOW_IPS": "*",
        }
        cli(env, "users", "add", "rosa", "--office", "Fiscalía A", "--role", "admin", stdin=PASSWORD + "\n")
        key = cli(env, "users", "key", "rosa").stdout.strip().splitlines()[-1]
        with running_server(env, Path(folder) / "server.log") as url:
            part_sizes(url, key, data)
            part_sign_in(url, args.wrong)
            part_forwarded(url, key, data)
            part_headers(url, key)
            part_tampering(data)


if __name__ == "__main__":
    main()
