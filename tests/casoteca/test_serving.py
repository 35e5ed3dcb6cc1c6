"""`casoteca serve --workers 2` for real: a writer, two readers with their own copies of the embedded
index, the balancer in front (real processes, real model, real Qdrant Edge). Every wait is on a file or
on an HTTP answer, never a fixed pause. The tests share one server and run in order: an upload, then a
reader killed, then a reindex."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from casoteca.settings import Settings
from index.store.journal import published, read_applied
from service.accounts import Accounts
from tests.conftest import CASESTUDIES
from tests.server import CASOTECA, free_port

pytestmark = pytest.mark.slow
STARTED = [
    "en-dominican-republic-sea-smuggling-interdiction.md",
    "en-good-practice-mining-debt-bondage-investigations.md",
]
UPLOADED = "es-chile-equipo-conjunto-investigacion-bolivia.eml"
QUERY = "equipo conjunto de investigación con Bolivia"
READY_SECONDS = 300.0


@dataclass
class Served:
    url: str
    data: Path
    process: subprocess.Popen[bytes]
    keys: dict[str, str]  # editor (Office A), outsider (a reader of Office B), admin
    uploaded: str = ""  # the id of the document uploaded through the balancer

    def run_file(self) -> dict[str, Any]:
        return json.loads((self.data / "run" / "serving.json").read_text(encoding="utf-8"))

    def reader_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{r['port']}" for r in self.run_file()["readers"]]


def wait_for(condition: Any, what: str, log: Path, seconds: float = READY_SECONDS) -> Any:
    """Poll `condition` until it returns something true; fail with the server's log after `seconds`."""
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)
    return found


def answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    from service.library import Library

    data = tmp_path_factory.mktemp("serving") / "data"
    library = Library(Settings(data_dir=data))
    library.ingest_paths([CASESTUDIES / name for name in STARTED])
    library.close()
    accounts = Accounts(data / "accounts.db")
    keys = {}
    for name, office, role in (
        ("editor", "Office A", "editor"),
        ("outsider", "Office B", "reader"),
        ("boss", "Office A", "admin"),
    ):
        accounts.add_user(name, f"a long password for {name}", office, role)
        keys[name] = accounts.new_api_key(name)[1]
    accounts.close()
    port = free_port()
    log = data.parent / "server.log"
    env = {**os.environ, "CASOTECA_DATA_DIR": str(data)}
    with log.open("w") as out:
        process = subprocess.Popen(
            [CASOTECA, "serve", "--workers", "2", "--port", str(port)], env=env, stdout=out, stderr=out
        )
    server = Served(f"http://127.0.0.1:{port}", data, process, keys)
    try:
        wait_for(lambda: answers(server.url), "the balancer answering", log)
        wait_for(
            lambda: (data / "run" / "serving.json").exists() and all(map(answers, server.reader_urls())),
            "both readers answering",
            log,
        )
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=120)


def search(url: str, key: str, query: str = QUERY) -> httpx.Response:
    return httpx.get(
        f"{url}/api/search", params={"q": query}, headers={"Authorization": f"Bearer {key}"}, timeout=60
    )


def found(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [hit["document_id"] for hit in response.json()["hits"]]


def test_both_readers_answer_searches_in_turn(served: Served) -> None:
    answered = [search(served.url, served.keys["editor"], "smuggling by sea") for _ in range(4)]
    assert {a.headers["x-casoteca-worker"] for a in answered} == {"reader-0", "reader-1"}
    assert len({tuple(found(a)) for a in answered}) == 1  # the same answer from either copy
    assert found(answered[0])


def test_an_upload_is_searchable_through_every_reader_at_once(served: Served) -> None:
    sent = httpx.post(
        f"{served.url}/api/documents",
        files={"files": (UPLOADED, (CASESTUDIES / UPLOADED).read_bytes())},
        headers={"Authorization": f"Bearer {served.keys['editor']}"},
        timeout=300,
    )
    assert sent.status_code == 201, sent.text
    assert sent.headers["x-casoteca-worker"] == "writer"
    served.uploaded = sent.json()["documents"][0]["document_id"]
    for reader in served.reader_urls():  # the answer came once every reader had applied the upload
        assert served.uploaded in found(search(reader, served.keys["editor"]))


def test_rights_apply_in_every_reader(served: Served) -> None:
    assert served.uploaded
    for reader in served.reader_urls():  # an office-only document, asked by a reader of another office
        assert served.uploaded not in found(search(reader, served.keys["outsider"]))
        assert (
            httpx.get(
                f"{reader}/api/documents/{served.uploaded}",
                headers={"Authorization": f"Bearer {served.keys['outsider']}"},
                timeout=60,
            ).status_code
            == 404
        )


def test_a_killed_reader_is_restarted_and_searches_go_on(served: Served) -> None:
    before = served.run_file()["readers"][0]
    os.kill(before["pid"], signal.SIGKILL)
    answered = [search(served.url, served.keys["editor"]) for _ in range(6)]
    assert [a.status_code for a in answered] == [200] * 6  # a search sent to the dead one went elsewhere
    log = served.data.parent / "server.log"
    again = wait_for(
        lambda: (r := served.run_file()["readers"][0])["pid"] != before["pid"] and r,
        "reader-0 restarted",
        log,
    )
    url = f"http://127.0.0.1:{again['port']}"
    wait_for(lambda: answers(url), "the restarted reader answering", log)
    assert served.uploaded in found(search(url, served.keys["editor"]))  # its fresh copy has the upload


def searches_counted(url: str) -> float:
    """The searches answered with 200 that `url`'s /metrics counts (loopback: no token needed)."""
    from prometheus_client.parser import text_string_to_metric_families

    text = httpx.get(f"{url}/metrics", timeout=30).text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "casoteca_requests_total"
        and sample.labels.get("route") == "/api/search"
        and sample.labels.get("status") == "200"
    )


def test_metrics_count_the_searches_of_every_process(served: Served) -> None:
    before = searches_counted(served.url)
    for _ in range(6):  # balanced over both readers, so no one process answered them all
        assert search(served.url, served.keys["editor"]).status_code == 200
    log = served.data.parent / "server.log"
    for url in [served.url, *served.reader_urls()]:  # whichever process answers the scrape
        counted = lambda url=url: searches_counted(url) == before + 6  # noqa: E731
        wait_for(counted, f"{url}/metrics counting 6 more", log, 30)


def test_a_reindex_switch_is_seen_by_every_reader(served: Served) -> None:
    index = served.data / "index"
    before = published(index)
    done = httpx.post(
        f"{served.url}/api/admin/reindex",
        headers={"Authorization": f"Bearer {served.keys['boss']}"},
        timeout=600,
    )
    assert done.status_code == 200, done.text
    after = published(index)
    assert before is not None and after is not None and after.name != before.name
    for reader in served.run_file()["readers"]:  # answered once each reader had switched to it
        assert read_applied(Path(reader["replica"])) == (after.name, after.journal.stat().st_size)
    for url in served.reader_urls():
        assert served.uploaded in found(search(url, served.keys["editor"]))


def test_stopping_stops_every_process(served: Served) -> None:
    pids = [served.run_file()["writer"]["pid"], *(r["pid"] for r in served.run_file()["readers"])]
    served.process.terminate()
    assert served.process.wait(timeout=120) == 0
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_writer_that_cannot_start_stops_serve_with_an_error(tmp_path: Path) -> None:
    from index.store import EdgeStore

    data = tmp_path / "data"
    holder = EdgeStore(data / "index")  # this process holds the index, as a running command would
    holder.create("test-model", 4)
    try:
        done = subprocess.run(
            [CASOTECA, "serve", "--workers", "2", "--port", str(free_port())],
            env={**os.environ, "CASOTECA_DATA_DIR": str(data)},
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        holder.close()
    assert done.returncode != 0
    assert "open in another process" in done.stderr and "the writer could not start" in done.stderr
    assert not (data / "replicas").exists()  # no reader was started
