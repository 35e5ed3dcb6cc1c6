"""A search process's own copy of the embedded index, kept in step with the writer's.

`casoteca serve` with several workers runs one writer (uploads, the inbox, every other write) and
readers that only search (casoteca/supervise.py). A reader cannot open the writer's index (its WAL is
locked) and must not share its files, so it keeps a copy in its own folder (`replica`): it copies the
writer's publication of the live version, then replays the writer's journal into it (index/store/journal.py).
A new publication (a reindex or optimize switched versions, or the writer restarted) is copied whole and
switched to in one step, under the model switch, so no query embedded with one model meets an index of
another and every search sees either the old version or the new one.

After each step the reader writes `replica/applied` (publication and journal offset), which the balancer
reads to answer a write only once every reader can search what it wrote.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from index.embed import model_setting
from index.store import EdgeStore
from index.store.journal import (
    Publication,
    points_of,
    published,
    read_journal,
    replay,
    where_of,
    write_applied,
)

from .embedding import embedder_for

log = logging.getLogger("casoteca.replica")
# How often a reader looks for new journal lines: one stat of a file; a write is searchable in every
# reader about this long after it was written (plus its replay).
POLL_SECONDS = 0.05


def open_replica(index_root: Path, replica: Path, wait_seconds: float = 120.0) -> tuple[EdgeStore, str]:
    """The reader's own store, a fresh copy of the writer's current publication under `replica` (waited
    for up to `wait_seconds`: the writer publishes at its start), and the publication's name."""
    deadline = time.monotonic() + wait_seconds
    while (publication := published(index_root)) is None or not publication.journal.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the writer has not published the index at {index_root}")
        time.sleep(POLL_SECONDS)
    shutil.rmtree(replica, ignore_errors=True)
    replica.mkdir(parents=True)
    store = EdgeStore(replica)
    store.switch_to(copy_publication(publication, store))
    return store, publication.name


def copy_publication(publication: Publication, store: EdgeStore) -> Path:
    """A new version folder of `store` holding a copy of `publication` (its shard and model)."""
    version = store.new_version()
    if (publication.folder / "shard").is_dir():
        shutil.copytree(publication.folder / "shard", version / "shard")
        shutil.copy2(publication.folder / "model.json", version / "model.json")
    return version


class Follower:
    """Keeps `library`'s store (made by `open_replica`, a copy of publication `following`) in step with
    the writer, on a thread of its own."""

    def __init__(self, library: Any, index_root: Path, replica: Path, following: str) -> None:
        self.library = library
        self.index_root = index_root
        self.replica = replica
        self.following = following
        self.offset = 0
        self._halt = threading.Event()
        self._thread = threading.Thread(target=self._run, name="casoteca-follow", daemon=True)

    def start(self) -> None:
        self.step()  # caught up before the first search
        write_applied(self.replica, self.following, self.offset)
        self._thread.start()

    def stop(self) -> None:
        self._halt.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._halt.wait(POLL_SECONDS):
            try:
                self.step()
            except Exception:  # noqa: BLE001 - a publication removed under a copy: try again next poll
                log.exception("following the writer's index failed; trying again")

    def step(self) -> bool:
        """Switch to a new publication if there is one, then apply the journal lines written since the
        last step. True if anything changed."""
        publication = published(self.index_root)
        if publication is None:
            return False
        changed = False
        if publication.name != self.following:
            self._switch(publication)
            changed = True
        entries, offset = read_journal(publication.journal, self.offset)
        if entries:
            replay(self.library.kb.store, entries)
            self.library.kb.changed(touched(entries))  # what readers keep (counts, the lexicon) is read again
            changed = True
        if changed or offset != self.offset:
            self.offset = offset
            write_applied(self.replica, self.following, self.offset)
        return changed

    def _switch(self, publication: Publication) -> None:
        store: EdgeStore = self.library.kb.store
        version = copy_publication(publication, store)
        model = (
            json.loads((version / "model.json").read_text(encoding="utf-8"))["model_id"]
            if (version / "model.json").is_file()
            else None
        )
        current = self.library.kb.embedder.model_id if store.model() else None
        if model and model != current:
            embedder = embedder_for(model_setting(model))  # loaded before searches are held back
            with self.library._switch_model(embedder):
                store.switch_to(version)
        else:
            with self.library.switch.switching():
                store.switch_to(version)
        self.library.kb.changed(None)
        self.following, self.offset = publication.name, 0
        log.info("following the writer's publication %s", publication.name)


def touched(entries: list[dict[str, Any]]) -> set[str] | None:
    """The documents journal entries wrote to (None when one of them may have written to any)."""
    out: set[str] = set()
    for entry in entries:
        if entry["op"] == "upsert":
            out |= {str(point.payload.get("doc_id")) for point in points_of(entry["points"])}
        elif entry["op"] in ("delete", "set_payload"):
            doc_id = where_of(entry["where"]).must.get("doc_id")
            if doc_id is None:
                return None
            out |= {str(d) for d in doc_id} if isinstance(doc_id, (list, tuple, set)) else {str(doc_id)}
        else:
            return None
    return out
