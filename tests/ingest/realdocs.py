"""The real third-party documents of ../shared/realdocs (present in CI too), each built once per test process.

Two modules assert on the same documents: test_realdocs.py on their structure, passages and tables,
test_metadata_realdocs.py on their metadata. `build_document` is deterministic (test_formats.py checks that
a file built twice gives the same passages), so building each file once and letting both look at the one
result changes no assertion; it saves a second build of every file both read, among them the
75,000-row sheet (a minute and a half on 2 cores). The documents are shared: tests read them, never change
them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ingest.models import Document
from ingest.pipeline import build_document, read_source

ROOT = Path(__file__).resolve().parents[2]
REALDOCS = ROOT.parent / "shared" / "realdocs"
MAX_BYTES = 1 << 30  # no limit to speak of: these tests are about reading, not about the upload limit


def realdoc(name: str) -> Document:
    """The document built from the file `name` of realdocs/ (or the one file whose name starts `name_`)."""
    path = REALDOCS / name
    if not path.exists():
        (path,) = REALDOCS.glob(f"{name}_*")
    return _built(path)


@cache
def _built(path: Path) -> Document:
    return build_document(read_source(path, MAX_BYTES))[0]
