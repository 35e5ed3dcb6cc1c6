"""The balancer in front of the serving processes: HTTP/1.1 in, the right process out (asyncio and h11).

- A read (GET, HEAD, and the searches sent as POST: READ_POSTS) goes to the ready reader with the fewest requests in flight (least connections);
  with no reader ready, to the writer. A read that fails before any byte of its answer was sent (the
  reader died under it, its connection was reset) is sent once more, to another process.
- Every other request (uploads, edits, sign-in, admin actions) goes to the writer, the one process that
  writes. Its answer is held until every ready reader has applied what it wrote (`settle`, bounded), so
  the page a client opens after an upload or an edit already shows it; `X-Casoteca-Settled-Ms` says how
  long that wait was.
- The client's address reaches the processes in `X-Forwarded-For`, which the processes trust from
  loopback only; a header the client sent is kept only when the client is itself a trusted proxy
  (CASOTECA_TRUSTED_PROXIES), as the processes would otherwise believe a forged one.

Each process answers on its own loopback port; connections to it are kept open and reused.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import itertools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import h11

log = logging.getLogger("casoteca.balance")
READS = (b"GET", b"HEAD")
# Searches asked with a body (a long query as JSON, a draft or a file to compare): reads too.
READ_POSTS = (b"/api/search", b"/api/similar", b"/similar")
HOP_BY_HOP = {b"connection", b"keep-alive", b"proxy-connection", b"te", b"trailer", b"upgrade", b"expect"}
FORWARDED = (b"x-forwarded-for", b"x-forwarded-proto")
CHUNK = 65536
# A client connection that sends nothing for this long is closed (browsers reopen as needed).
IDLE_SECONDS = 75.0
# Idle connections kept open to each process (about one per concurrent client is enough).
POOL = 32


class BackendGone(Exception):
    """The process closed or reset the connection before its answer began."""


@dataclass(eq=False)
class Backend:
    """One serving process: its name (shown in `X-Casoteca-Worker`), its port, whether it is ready, how
    many requests it has in flight, and its idle kept-open connections."""

    name: str
    port: int
    ready: bool = False
    active: int = 0
    idle: list[Connection] = field(default_factory=list)

    async def connection(self) -> Connection:
        while self.idle:
            kept = self.idle.pop()
            if not kept.reader.at_eof() and not kept.writer.is_closing():
                return kept
            kept.close()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        except OSError as exc:
            raise BackendGone(str(exc)) from exc
        return Connection(reader, writer, h11.Connection(h11.CLIENT))

    def release(self, kept: Connection) -> None:
        """Keep a connection whose exchange ended cleanly; close any other."""
        if kept.h11.our_state is h11.DONE and kept.h11.their_state is h11.DONE and len(self.idle) < POOL:
            kept.h11.start_next_cycle()
            self.idle.append(kept)
        else:
            kept.close()

    def drop(self) -> None:
        """The process stopped: its connections are dead."""
        self.ready = False
        for kept in self.idle:
            kept.close()
        self.idle.clear()


@dataclass(eq=False)
class Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    h11: h11.Connection

    async def next_event(self) -> Any:
        return await next_event(self.h11, self.reader)

    async def send(self, event: Any) -> None:
        data = self.h11.send(event)
        if data:
            self.writer.write(data)
            await self.writer.drain()

    def close(self) -> None:
        self.writer.close()


def path_of(request: h11.Request) -> bytes:
    return request.target.split(b"?", 1)[0]


async def next_event(conn: h11.Connection, reader: asyncio.StreamReader) -> Any:
    while True:
        event = conn.next_event()
        if event is not h11.NEED_DATA:
            return event
        data = await reader.read(CHUNK)
        conn.receive_data(data)  # b"" tells h11 the peer closed


class Balancer:
    """Routes each request on a client connection (see the module docstring). `settle` is awaited before
    the answer to a write is sent: it returns once the readers have applied the writer's journal."""

    def __init__(
        self,
        writer: Backend,
        readers: list[Backend],
        trusted: list[ipaddress.IPv4Network | ipaddress.IPv6Network],
        settle: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.writer = writer
        self.readers = readers
        self.trusted = trusted
        self.settle = settle
        self._turn = itertools.count()

    def pick(self, avoid: Backend | None = None) -> Backend:
        """The ready reader with the fewest requests in flight (ties in turn), else the writer."""
        ready = [b for b in self.readers if b.ready and b is not avoid] or [
            b for b in self.readers if b.ready
        ]
        if not ready:
            return self.writer
        turn = next(self._turn)
        return min(ready, key=lambda b: (b.active, (self.readers.index(b) - turn) % len(self.readers)))

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Serve one client connection: its requests one after the other (HTTP/1.1 keep-alive)."""
        client = Connection(reader, writer, h11.Connection(h11.SERVER))
        peer = (writer.get_extra_info("peername") or ("127.0.0.1", 0))[0]
        try:
            while True:
                try:
                    event = await asyncio.wait_for(client.next_event(), IDLE_SECONDS)
                except (TimeoutError, h11.RemoteProtocolError, ConnectionError):
                    return
                if not isinstance(event, h11.Request):
                    return  # the client closed, or sent what is not a request
                await self._request(client, event, peer)
                if client.h11.our_state is not h11.DONE or client.h11.their_state is not h11.DONE:
                    return
                client.h11.start_next_cycle()
        except (BackendGone, ConnectionError, h11.LocalProtocolError, h11.RemoteProtocolError):
            return
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    def _headers(self, request: h11.Request, peer: str) -> list[tuple[bytes, bytes]]:
        headers = [
            (k, v)
            for k, v in request.headers
            if k not in HOP_BY_HOP and (k not in FORWARDED or self._trusts(peer))
        ]
        chain = [v for k, v in headers if k == b"x-forwarded-for"]
        headers = [(k, v) for k, v in headers if k != b"x-forwarded-for"]
        headers.append((b"x-forwarded-for", b", ".join([*chain, peer.encode()])))
        if not any(k == b"host" for k, _ in headers):  # an HTTP/1.0 client may send none; 1.1 needs it
            headers.append((b"host", b"127.0.0.1"))
        return headers

    def _trusts(self, peer: str) -> bool:
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in network for network in self.trusted)

    async def _request(self, client: Connection, request: h11.Request, peer: str) -> None:
        if client.h11.client_is_waiting_for_100_continue:
            await client.send(h11.InformationalResponse(status_code=100, headers=[]))
        forward = h11.Request(
            method=request.method, target=request.target, headers=self._headers(request, peer)
        )
        if request.method in READS or (request.method == b"POST" and path_of(request) in READ_POSTS):
            body = []  # kept whole, to be sent again
            while isinstance(event := await client.next_event(), h11.Data):
                body.append(event.data)
            backend = self.pick()
            try:
                await self._exchange(backend, forward, body, client)
            except BackendGone:  # a dead process, or a kept connection it had closed
                log.warning("%s went away under a %s; sent again", backend.name, request.method.decode())
                await self._exchange(self.pick(avoid=backend), forward, body, client)
            return
        await self._write(client, forward)

    async def _exchange(
        self, backend: Backend, request: h11.Request, body: list[bytes], client: Connection
    ) -> None:
        """Send a buffered request to `backend` and stream its answer to the client."""
        backend.active += 1
        kept = None
        try:
            kept = await backend.connection()
            try:
                await kept.send(request)
                for part in body:
                    if part:
                        await kept.send(h11.Data(data=part))
                await kept.send(h11.EndOfMessage())
                response = await self._response_head(kept)
            except (ConnectionError, h11.RemoteProtocolError, h11.LocalProtocolError, OSError) as exc:
                raise BackendGone(str(exc)) from exc
            await client.send(self._client_response(response, backend))
            while not isinstance(event := await kept.next_event(), h11.EndOfMessage):
                if isinstance(event, h11.ConnectionClosed):
                    raise ConnectionError(f"{backend.name} closed in the middle of an answer")
                await client.send(event)
            await client.send(h11.EndOfMessage())
            backend.release(kept)
            kept = None
        finally:
            backend.active -= 1
            if kept is not None:
                kept.close()

    async def _write(self, client: Connection, request: h11.Request) -> None:
        """A write: streamed to the writer, its whole answer held until the readers have applied it."""
        backend = self.writer
        backend.active += 1
        kept = None
        try:
            kept = await backend.connection()
            await kept.send(request)
            while isinstance(event := await client.next_event(), h11.Data):
                await kept.send(event)
            await kept.send(h11.EndOfMessage())
            response = await self._response_head(kept)
            parts = []
            while not isinstance(event := await kept.next_event(), h11.EndOfMessage):
                if isinstance(event, h11.ConnectionClosed):
                    raise ConnectionError("the writer closed in the middle of an answer")
                parts.append(event)
            backend.release(kept)
            kept = None
        except (BackendGone, ConnectionError, h11.RemoteProtocolError, OSError) as exc:
            log.warning("the writer did not answer a %s: %s", request.method.decode(), exc)
            if client.h11.our_state is not h11.SEND_RESPONSE:
                raise ConnectionError("the writer is gone") from exc
            while client.h11.their_state is h11.SEND_BODY:  # the rest of what was sent, unread: dropped
                if not isinstance(await client.next_event(), h11.Data):
                    break
            await self._unavailable(client)
            return
        finally:
            backend.active -= 1
            if kept is not None:
                kept.close()
        settled: list[tuple[bytes, bytes]] = []
        if self.settle is not None:
            started = asyncio.get_running_loop().time()
            await self.settle()
            waited = round((asyncio.get_running_loop().time() - started) * 1000)
            settled.append((b"x-casoteca-settled-ms", str(waited).encode()))
        await client.send(self._client_response(response, backend, settled))
        for part in parts:
            await client.send(part)
        await client.send(h11.EndOfMessage())

    async def _response_head(self, kept: Connection) -> h11.Response:
        while True:
            event = await kept.next_event()
            if isinstance(event, h11.Response):
                return event
            if isinstance(event, h11.ConnectionClosed):
                raise BackendGone("closed before answering")
            # an InformationalResponse (100 Continue): the client was already told to go on

    def _client_response(
        self, response: h11.Response, backend: Backend, extra: list[tuple[bytes, bytes]] | None = None
    ) -> h11.Response:
        headers = [(k, v) for k, v in response.headers if k not in HOP_BY_HOP]
        headers += [(b"x-casoteca-worker", backend.name.encode()), *(extra or [])]
        return h11.Response(status_code=response.status_code, headers=headers, reason=response.reason)

    async def _unavailable(self, client: Connection) -> None:
        body = b'{"detail":"the server is restarting; try again in a moment"}'
        await client.send(
            h11.Response(
                status_code=503,
                headers=[
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", b"5"),
                ],
            )
        )
        await client.send(h11.Data(data=body))
        await client.send(h11.EndOfMessage())
