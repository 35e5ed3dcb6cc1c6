"""What every request passes through before any route (plain ASGI middleware, outermost first):

- `SecurityHeaders`: a strict Content-Security-Policy (scripts and styles from this site only, no inline
  script, no framing), X-Frame-Options, nosniff, Referrer-Policy and a same-origin opener policy on every
  answer that does not set its own (an original file keeps its sandbox).
- `ClientAddress`: the client's address is the peer's, unless the peer is one of CASOTECA_TRUSTED_PROXIES:
  then it is the last address in X-Forwarded-For that is not a trusted proxy. Nothing else is believed, so
  a client cannot put another address into the audit trail.
- `RequestLimits`: the query string, the body and the nesting of a JSON body are bounded before anything
  reads them: 414, 413 or 422 with a JSON error, and nothing past the limit is kept.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    b"content-security-policy": CSP.encode(),
    b"x-frame-options": b"DENY",
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"same-origin",
    b"cross-origin-opener-policy": b"same-origin",
}
STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")


class SecurityHeaders:
    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in HEADERS.items() if k not in present),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def forwarded_client(peer: str, forwarded_for: str, trusted: list[Any]) -> str:
    """The client's address: from the right of X-Forwarded-For, the first that is not a trusted proxy
    (each proxy appends the address it saw), provided the peer itself is trusted."""

    def is_trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in trusted)

    if not is_trusted(peer):
        return peer
    for item in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        try:
            ipaddress.ip_address(item)
        except ValueError:
            return peer  # garbage in the header: believe only the proxy
        if not is_trusted(item):
            return item
    return peer


class ClientAddress:
    def __init__(self, app: App, trusted: list[Any]) -> None:
        self.app, self.trusted = app, trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.trusted and scope.get("client"):
            peer, port = scope["client"]
            client = forwarded_client(peer, header(scope, b"x-forwarded-for"), self.trusted)
            if client != peer:
                scope = dict(scope, client=(client, port))
                proto = header(scope, b"x-forwarded-proto").strip().lower()
                if proto in ("http", "https"):
                    scope["scheme"] = proto
        await self.app(scope, receive, send)


class BodyTooLarge(HTTPException):
    """Raised while a route reads a streamed (multipart) body past its limit: FastAPI lets an
    HTTPException through from body parsing, so the answer is a 413."""


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """Whether a JSON text nests arrays and objects deeper than `limit` (strings are skipped)."""
    brackets = STRING.sub(b"", body).translate(None, NOT_BRACKETS)
    if len(brackets) <= 2 * limit:
        return False
    depth = 0
    for byte in brackets:
        depth += 1 if byte in (91, 123) else -1
        if depth > limit:
            return True
    return False


def has_lone_surrogate(body: bytes) -> bool:
    """Whether a JSON text escapes half of a UTF-16 pair (`"\\ud800"`): valid JSON, but no text, and no
    part of the service (tokenizer, index, log) can encode it. Parsed only when such an escape is there."""
    if not SURROGATE.search(body):
        return False
    try:
        json.dumps(json.loads(body), ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    except (ValueError, RecursionError):
        return False  # not JSON: the route's parser says so
    return False


async def json_error(send: Send, status: int, detail: Any) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestLimits:
    def __init__(self, app: App, max_url: int, max_body: int, max_upload: int, max_depth: int) -> None:
        self.app, self.max_url, self.max_body, self.max_upload, self.max_depth = (
            app,
            max_url,
            max_body,
            max_upload,
            max_depth,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > self.max_url:
            await json_error(
                send,
                414,
                f"the query string is longer than {self.max_url // 1024} KB "
                "(CASOTECA_MAX_URL_KB): send a long query as a JSON body (POST /api/search)",
            )
            return
        content_type = header(scope, b"content-type").lower()
        multipart = content_type.startswith("multipart/")
        limit, setting = (
            (self.max_upload, "CASOTECA_MAX_UPLOAD_MB")
            if multipart
            else (self.max_body, "CASOTECA_MAX_BODY_KB")
        )
        size_text = f"{limit // 2**20} MB" if multipart else f"{limit // 1024} KB"
        too_large = f"the request body is larger than {size_text} ({setting})"
        length = header(scope, b"content-length")
        if length.strip().isdigit() and int(length) > limit:
            await json_error(send, 413, too_large)
            return
        if not length and not header(scope, b"transfer-encoding"):
            await self.app(scope, receive, send)  # no body
            return
        if multipart:  # streamed to the route: count as it goes
            received = 0

            async def counted() -> Message:
                nonlocal received
                message = await receive()
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(413, too_large)
                return message

            await self.app(scope, counted, send)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)  # the client went away: let the route see it
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > limit:
                await json_error(send, 413, too_large)
                return
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        if "json" in content_type and json_depth_exceeds(body, self.max_depth):
            await json_error(
                send,
                422,
                [
                    {
                        "type": "json_too_deep",
                        "loc": ["body"],
                        "msg": f"JSON nested deeper than {self.max_depth} levels",
                    }
                ],
            )
            return
        if "json" in content_type and has_lone_surrogate(body):
            await json_error(
                send,
                422,
                [
                    {
                        "type": "json_invalid_text",
                        "loc": ["body"],
                        "msg": "JSON text holds half of a UTF-16 surrogate pair",
                    }
                ],
            )
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
