"""The balancer between real sockets: reads to the readers (and once more elsewhere when one is gone),
writes to the writer, the client's address as the processes should believe it."""

from __future__ import annotations

import asyncio
import ipaddress
import threading
from collections.abc import Awaitable, Callable

import httpx

from casoteca.balance import Backend, Balancer


async def backend_server(name: str, seen: list[tuple[str, str, str]]) -> asyncio.Server:
    """A tiny HTTP/1.1 process: answers every request with its name, recording method, path and the
    X-Forwarded-For it was sent."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await answer_each(reader, writer)
        except asyncio.IncompleteReadError:  # the balancer closed a kept connection
            pass
        finally:
            writer.close()

    async def answer_each(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while head := await reader.readuntil(b"\r\n\r\n"):
            lines = head.decode().split("\r\n")
            method, path, _ = lines[0].split(" ")
            headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
            length = int(headers.get("content-length", "0"))
            body = await reader.readexactly(length) if length else b""
            seen.append((method, path, headers.get("x-forwarded-for", "")))
            text = f"{name} {body.decode()}".encode()
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n%s" % (len(text), text))
            await writer.drain()
            if reader.at_eof():
                break

    return await asyncio.start_server(answer, "127.0.0.1", 0)


async def gone_server() -> asyncio.Server:
    """A process dying under every request: the connection is accepted, read, and closed unanswered."""

    async def drop(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
        finally:
            writer.close()

    return await asyncio.start_server(drop, "127.0.0.1", 0)


def port_of(server: asyncio.Server) -> int:
    return int(server.sockets[0].getsockname()[1])


def through_balancer(
    scenario: Callable[[httpx.AsyncClient, list[tuple[str, str, str]]], Awaitable[None]],
    trusted: str = "",
    dead_first: bool = False,
) -> None:
    async def main() -> None:
        seen: list[tuple[str, str, str]] = []
        writer_server = await backend_server("writer", seen)
        reader_server = await backend_server("reader-1", seen)
        gone = await gone_server()
        writer = Backend("writer", port_of(writer_server), ready=True)
        readers = [Backend("reader-1", port_of(reader_server), ready=True)]
        if dead_first:
            readers.insert(0, Backend("reader-0", port_of(gone), ready=True))
        networks = [ipaddress.ip_network(trusted)] if trusted else []
        settled: list[bool] = []

        async def settle() -> None:
            settled.append(True)

        balancer = Balancer(writer, readers, networks, settle=settle)
        front = await asyncio.start_server(balancer.handle, "127.0.0.1", 0)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port_of(front)}") as client:
            await scenario(client, seen)
        if any(method == "POST" and not path.startswith("/api/search") for method, path, _ in seen):
            assert settled, "a write was answered before the readers were waited for"
        for backend in (writer, *readers):
            backend.drop()  # its kept connections closed
        for server in (front, writer_server, reader_server, gone):
            server.close()
            await server.wait_closed()
        await asyncio.sleep(0)  # the closed transports let go of their sockets

    # On a thread of its own: a browser test's Playwright (one per test process, tests/web/conftest.py)
    # keeps an event loop running on the main thread, where asyncio.run() refuses to start another.
    failed: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(main())
        except BaseException as exc:  # noqa: BLE001 - raised again on the test's thread
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def test_reads_go_to_readers_and_writes_to_the_writer() -> None:
    async def scenario(client: httpx.AsyncClient, seen: list[tuple[str, str, str]]) -> None:
        read = await client.get("/api/search", params={"q": "trata"})
        write = await client.post("/api/documents", content=b"a file")
        assert (read.status_code, read.text, read.headers["x-casoteca-worker"]) == (
            200,
            "reader-1 ",
            "reader-1",
        )
        assert (write.status_code, write.text, write.headers["x-casoteca-worker"]) == (
            200,
            "writer a file",
            "writer",
        )
        assert [(m, p) for m, p, _ in seen] == [("GET", "/api/search?q=trata"), ("POST", "/api/documents")]
        assert "x-casoteca-settled-ms" in write.headers and "x-casoteca-settled-ms" not in read.headers

    through_balancer(scenario)


def test_a_search_sent_as_post_is_a_read() -> None:
    async def scenario(client: httpx.AsyncClient, seen: list[tuple[str, str, str]]) -> None:
        answer = await client.post("/api/search", json={"q": "trata"})
        assert answer.headers["x-casoteca-worker"] == "reader-1"
        assert answer.text == 'reader-1 {"q":"trata"}'

    through_balancer(scenario)


def test_a_read_to_a_process_that_is_gone_is_sent_again_elsewhere() -> None:
    async def scenario(client: httpx.AsyncClient, seen: list[tuple[str, str, str]]) -> None:
        answers = [await client.get("/api/search", params={"q": str(n)}) for n in range(4)]
        assert [a.status_code for a in answers] == [200] * 4
        assert {a.headers["x-casoteca-worker"] for a in answers} == {"reader-1"}
        assert sorted(p for _, p, _ in seen) == [f"/api/search?q={n}" for n in range(4)]

    through_balancer(scenario, dead_first=True)


def test_a_forged_forwarded_address_is_replaced_by_the_clients_own() -> None:
    async def scenario(client: httpx.AsyncClient, seen: list[tuple[str, str, str]]) -> None:
        await client.get("/", headers={"X-Forwarded-For": "203.0.113.9"})
        assert seen[-1][2] == "127.0.0.1"

    through_balancer(scenario)


def test_a_trusted_proxys_forwarded_address_is_kept() -> None:
    async def scenario(client: httpx.AsyncClient, seen: list[tuple[str, str, str]]) -> None:
        await client.get("/", headers={"X-Forwarded-For": "203.0.113.9"})
        assert seen[-1][2] == "203.0.113.9, 127.0.0.1"

    through_balancer(scenario, trusted="127.0.0.1/32")
