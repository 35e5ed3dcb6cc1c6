"""The moment a rebuilt index and its model take over, made safe for the reads running meanwhile."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ModelSwitch:
    """Reads that embed a query or compare stored vectors run side by side; the moment a reindex switches
    to its new index and model waits for them to finish and holds new ones back, so no query embedded with
    one model meets an index of another."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._readers = 0
        self._switching = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._switching)
            self._readers += 1
        try:
            yield
        finally:
            with self._changed:
                self._readers -= 1
                self._changed.notify_all()

    @contextmanager
    def switching(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._switching)
            self._switching = True
            self._changed.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._changed:
                self._switching = False
                self._changed.notify_all()
