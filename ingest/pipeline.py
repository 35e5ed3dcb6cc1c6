"""The ingest pipeline: an explicit ordered list of steps from a file to a `Document`.

read -> sniff -> parse -> metadata -> language -> chunk. Each step is a plain function, testable alone.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import infer, titles
from . import metadata as meta
from .chunk import chunk_blocks
from .entities import extract as extract_entities
from .facts import infer_facts
from .firstpage import first_page_text
from .models import Document, Parsed, Passage
from .parse import ParseError, parse
from .sniff import UnsupportedType, sniff
from .text import EncodingError, detect_language

# uuid5 namespace for document and passage ids: ids are derived, so a re-run never duplicates.
NAMESPACE = uuid.UUID("6f1c2b1e-3f0e-4c59-9d8a-2d1b7f0e5a10")
SKIPPED_NAMES = {"README.md", ".DS_Store", "Thumbs.db"}


class IngestError(ValueError):
    """A file that cannot be ingested; the message is the one-line reason in the report, `reason` a code
    a program can act on (the service maps "too_large" to 413 and "unsupported" to 415)."""

    def __init__(self, message: str, reason: str = "unreadable") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class Source:
    """A file to ingest: its bytes, its name for display and the key its id is derived from."""

    key: str
    name: str
    data: bytes
    sidecar: dict[str, Any] = field(default_factory=dict)
    path: str = ""  # the resolved file path, when the source is a file on disk

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def fingerprint(self) -> str:
        """Changes when the file or its sidecar changes: what decides whether a re-ingest has work to do."""
        sidecar = json.dumps(self.sidecar, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(f"{self.sha256}\n{sidecar}".encode()).hexdigest()[:32]


def document_id(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, key))


def iter_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Yield (file, error) for every file under the paths; loops and unreadable entries yield an error."""
    for path in paths:
        try:
            if path.is_dir():
                seen: set[tuple[int, int]] = set()
                for root, dirs, files in os.walk(path, followlinks=True):
                    st = os.stat(root)
                    if (st.st_dev, st.st_ino) in seen:
                        yield Path(root), "symlink loop: folder already visited"
                        dirs.clear()
                        continue
                    seen.add((st.st_dev, st.st_ino))
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for name in sorted(files):
                        if name.startswith(".") or name in SKIPPED_NAMES or name.endswith(".meta.yaml"):
                            continue
                        yield Path(root) / name, None
            elif path.exists():
                yield path, None
            else:
                yield path, "no such file"
        except OSError as exc:
            yield path, f"cannot read: {exc.strerror or exc}"


def read_source(path: Path, max_bytes: int) -> Source:
    """Read a file for ingest. Its id derives from its resolved path: the same file reached through
    `..`, a symlink or a parent folder argument is the same document."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise IngestError(
            f"too large: {size // (1024 * 1024)} MB, the limit is {max_bytes // (1024 * 1024)} MB",
            "too_large",
        )
    if not path.is_file():
        raise IngestError("not a regular file")
    try:
        sidecar = meta.read_sidecar(path)
    except meta.MetadataError as exc:
        raise IngestError(str(exc)) from exc
    try:
        resolved = path.resolve().as_posix()
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from exc
    return Source(key=resolved, name=path.name, data=data, sidecar=sidecar, path=resolved)


def build_document(source: Source, people: bool = True) -> tuple[Document, list[tuple[str, bytes]]]:
    """Run every step on one source; return the document and any attachments to ingest on their own.
    `people=False` leaves person names out of the passages' entities (an office's setting)."""
    if not source.data:
        raise IngestError("empty file", "empty")
    kind = "unknown"
    try:
        kind = sniff(source.data)
    except UnsupportedType as exc:
        raise IngestError(str(exc), "unsupported") from exc
    try:
        parsed = parse(kind, source.data)
    except (ParseError, EncodingError) as exc:
        raise IngestError(str(exc)) from exc
    except Exception as exc:  # a library's own error on a damaged file: report it, never crash the batch
        first_line = str(exc).splitlines()[0][:200] if str(exc) else ""
        raise IngestError(f"cannot parse as {kind}: {type(exc).__name__}: {first_line}") from exc
    full_text = "\n".join(block.text for block in parsed.blocks)
    if len(full_text.split()) < 3:
        raise IngestError("no extractable text (scanned without readable text, or empty document)", "empty")
    doc_id = document_id(source.key)
    metadata, inferred = collect_metadata(source, parsed, full_text, kind)
    language = metadata["language"]
    countries = metadata.get("countries") or []
    passages = [
        Passage(
            doc_id,
            order,
            chunk.text,
            chunk.page_start,
            chunk.page_end,
            chunk.section,
            chunk.kind,
            detect_language(chunk.text, default=language),
            extract_entities(chunk.text, countries, people),
        )
        for order, chunk in enumerate(chunk_blocks(parsed.blocks))
    ]
    metadata["facts"] = infer_facts(passages, metadata).to_dict()  # case facts with their evidence
    inferred = [*inferred, "facts"]
    document = Document(
        id=doc_id,
        title=metadata["title"],
        source_name=source.name,
        sha256=source.sha256,
        media_type=kind,
        pages=parsed.pages,
        language=language,
        metadata={
            **metadata,
            "ocr_pages": parsed.ocr_pages,
            "source_key": source.key,
            "source_path": source.path,
            **({"attachments": [name for name, _ in parsed.attachments]} if parsed.attachments else {}),
        },
        inferred=inferred,
        passages=passages,
    )
    return document, parsed.attachments


def collect_metadata(
    source: Source, parsed: Parsed, full_text: str, media_type: str = ""
) -> tuple[dict[str, Any], list[str]]:
    """Merge metadata by trust (sidecar > front matter > file properties > inference); list inferred keys.
    A file property counts only when meaningful: a title that is no generator line, id or sheet name and
    shares a word with the first page; a date that is no placeholder. For a judgment or a law the date in
    its text is its date (a printout's or a PDF's date is not)."""
    try:
        from_front = meta.normalise(parsed.properties.get("front_matter") or {})
        from_sidecar = meta.normalise(source.sidecar)
    except meta.MetadataError as exc:
        raise IngestError(str(exc)) from exc
    props = parsed.properties
    head = full_text[: infer.HEAD_CHARS]
    title = props.get("title") if titles.is_meaningful(props.get("title"), head) else None
    stamped = infer.file_date(props)
    from_file = meta.normalise(
        {"title": title, "owner_office": props.get("author"), "year": stamped.year if stamped else None}
    )
    trusted = {**from_front, **from_sidecar}
    merged = {**from_file, **trusted}
    inferred: list[str] = []
    if "language" not in merged:
        merged["language"] = detect_language(full_text, default="und")
        inferred.append("language")
    first_page = first_page_text(source.data) if media_type == "pdf" else ""
    evidence = infer.Evidence(
        html.unescape(full_text),
        parsed.blocks,
        media_type,
        source.name,
        merged["language"],
        props,
        html.unescape(first_page),
    )
    # The year is inferred even when the file has a date: for some kinds the text's date wins, below.
    found = infer.infer_metadata(evidence, {k: v for k, v in merged.items() if k != "year" or k in trusted})
    kind = merged.get("kind") or found.get("kind")
    if "year" in found and "year" in from_file and "year" not in trusted and kind not in infer.TEXT_DATED:
        del found["year"]
    for key, value in found.items():
        if key not in merged or (key == "year" and key not in trusted):
            merged[key] = value
            inferred.append(key)
    merged.setdefault("title", source.name)
    merged.setdefault("kind", "other")
    merged.setdefault("visibility", "network")
    merged.setdefault("owner_office", "")
    return merged, inferred
