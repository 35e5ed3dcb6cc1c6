"""`casoteca ingest` that kills itself with SIGKILL right after a chosen write to the store.

Usage: python -m tests.casoteca.crash_ingest OP:N PATH...   (OP is upsert, delete or set_payload)

The process runs the real command line (`casoteca.cli.main`) and counts the store's writes (after the
store is opened and recovered); right after the N-th call of OP returns, it sends itself SIGKILL: no
flush, no cleanup, no atexit, as a power cut or the OOM killer would. Where the crash lands is so chosen
by the test, not by a timer: the same arguments crash at the same point on a fast or a loaded machine.
Each write is reported on stderr ("write 3: upsert") for the test's failure message.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections import Counter
from typing import Any

WRITES = ("upsert", "delete", "set_payload")


def arm(op: str, n: int) -> None:
    """Make every store the knowledge base opens die right after its n-th `op` call."""
    from index.knowledge import KnowledgeBase

    counts: Counter[str] = Counter()
    opened = KnowledgeBase.__init__
    patched: set[type] = set()

    def counted(name: str, method: Any) -> Any:
        @functools.wraps(method)
        def write(self: Any, *args: Any, **kwargs: Any) -> Any:
            result = method(self, *args, **kwargs)
            counts[name] += 1
            print(f"write {sum(counts.values())}: {name}", file=sys.stderr, flush=True)
            if name == op and counts[name] == n:
                os.kill(os.getpid(), signal.SIGKILL)
            return result

        return write

    def open_and_count(self: KnowledgeBase, *args: Any, **kwargs: Any) -> None:
        opened(self, *args, **kwargs)  # recovery writes at open are not counted: the crash is in ingest
        cls = type(self.store)
        if cls not in patched:
            patched.add(cls)
            for name in WRITES:
                setattr(cls, name, counted(name, getattr(cls, name)))

    KnowledgeBase.__init__ = open_and_count  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    op, _, n = argv[0].partition(":")
    if op not in WRITES or not n.isdigit():
        raise SystemExit(f"usage: crash_ingest {{{'|'.join(WRITES)}}}:N PATH...; got {argv[0]!r}")
    arm(op, int(n))
    from casoteca.cli import main as cli

    return cli(["ingest", *argv[1:]])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
