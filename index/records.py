"""Small lists a working group edits (shared criteria, the glossary), each kept in one JSON file.

Every API worker of a server shares the data folder, so an edit takes a lock shared by every process on the
machine (and one for the threads of this one), reads the file again, changes it and writes it whole to a
temporary file renamed over the old one: a reader never sees half a file, and two editors never lose each
other's change. Until the first edit, the list is the starting set shipped with Casoteca (`seed`).
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock shared by every process on this machine (API workers share the data folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


class JsonRecords:
    """The records (plain dicts) under `key` of one JSON file, or `seed()` while the file does not exist."""

    def __init__(self, path: Path, key: str, seed: Callable[[], list[dict[str, Any]]]) -> None:
        self.path = path
        self.key = key
        self.seed = seed
        self._lock = threading.Lock()

    def read(self) -> list[dict[str, Any]]:
        if not self.path.is_file():
            return self.seed()
        return list(json.loads(self.path.read_text(encoding="utf-8"))[self.key])

    @contextmanager
    def editing(self) -> Iterator[list[dict[str, Any]]]:
        """The current records, locked; what the block leaves in the list is written when it ends without
        an exception and changed something (an exception, or no change, writes nothing)."""
        with self._lock, file_lock(self.path.with_suffix(".lock")):
            records = self.read()
            before = json.dumps(records, sort_keys=True)
            yield records
            if json.dumps(records, sort_keys=True) == before:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps({self.key: records}, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)
