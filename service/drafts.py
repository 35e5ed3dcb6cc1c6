"""A draft case described in words (pasted or typed), made into the bytes of a text file that the ingest
pipeline reads like any other file, for comparable cases that are never stored."""

from __future__ import annotations

# Longer pastes are cut here (about a 60-page judgment); a JSON body this long still fits under the
# default CASOTECA_MAX_BODY_KB.
MAX_DRAFT_CHARS = 200_000


def draft_bytes(text: str) -> bytes:
    """A pasted description as the bytes of a text file: control characters (a NUL would make it look
    binary) are dropped, and it is cut at MAX_DRAFT_CHARS."""
    return "".join(ch for ch in text[:MAX_DRAFT_CHARS] if ch.isprintable() or ch in "\n\t").encode("utf-8")
