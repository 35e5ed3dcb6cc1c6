"""Names made safe for the places they go: a sent file's name (no folders, no control characters) and a
file name for a download header or a checkpoint file (ASCII only)."""

from __future__ import annotations

import re
import unicodedata


def safe_name(name: str) -> str:
    """A file name with no folder part, no control characters, and at most 200 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".")
    return name[:200] or "upload"


def file_stem(text: str, default: str, most: int = 60) -> str:
    """`text` as lower-case ASCII words joined by hyphens, at most `most` characters, or `default` when
    nothing is left: a Content-Disposition header (and some file systems) cannot carry other characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:most].strip("-") or default
