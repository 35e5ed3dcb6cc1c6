"""Pages read so far, told to whoever asked: a job's progress view shows "page 12 of 300" while a long or
scanned document is parsed and OCR'd.

The listener is a context variable, so a parser just calls `page_read(done, total)` and knows nothing of
jobs; nothing listens unless the caller set one with `listening()` (then the cost is one call per page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Listener = Callable[[int, int], None]
_listener: ContextVar[Listener | None] = ContextVar("casoteca_page_listener", default=None)


def page_read(done: int, total: int) -> None:
    listener = _listener.get()
    if listener is not None:
        listener(done, total)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Within the block (in this thread), every page a parser reads is told to `listener(done, total)`."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
