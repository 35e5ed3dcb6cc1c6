"""What can be done to documents: ingest (files, uploads, e-mail attachments) with one document per file
content, corrections of their metadata by editors, sharing and deleting.

One content, one document. A file whose bytes (SHA-256) are already stored, from another path, an
upload or an e-mail's attachment, is not parsed (nor OCR'd) again: it is listed as one more source of the
document it duplicates, and the report says `duplicate` with that document's id and title. A document's
id derives from the key of its first source (`ingest.pipeline.document_id`); a later copy maps to that
id. Re-ingesting a source whose file has not changed is `unchanged`. A changed file at a path that is a
document's first source replaces that document whole (same id; the other sources held the old bytes and
are dropped); a changed file at a later source leaves the document and is ingested on its own. Deleting
a document, by id or by any of its paths, removes it with all its sources.

An editor's corrections are stored in the document's record and applied, above everything a file or
inference says, whenever the document is built again (a re-ingest under the same id, `reindex --reparse`).
A duplicate sent with told metadata (the upload form's title, kind, countries, year; a file's sidecar) is
the sender saying what the stored document is: the told values that differ from it (or confirm what was only
inferred) are applied to it as corrections when the sender may change it, and the report line lists them (`corrected`), or says why not
(`note`).
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.knowledge import KnowledgeBase, sources_of
from index.store import Where
from index.views import DocumentView
from ingest import metadata as meta
from ingest.pipeline import IngestError, Source, build_document, document_id, iter_files, read_source

from .access import Caller, Visibility
from .config import Config
from .corrections import Correction, CorrectionError, apply_corrections, check_corrections
from .media import original_type
from .names import safe_name
from .report import ReportLine

log = logging.getLogger("casoteca")
# What a sender may tell about a file (the upload form's fields); told on a duplicate, they correct it.
TOLD = ("title", "kind", "countries", "year")


@dataclass
class Original:
    """A document's original file as kept: where, the type it is served with, and the name it came with."""

    path: Path
    media_type: str
    name: str


@dataclass
class NearDuplicate:
    """Another document that probably holds the same text in other bytes."""

    id: str
    title: str
    resemblance: float


def source_record(source: Source, parent: tuple[str, str] | None = None) -> dict[str, Any]:
    """How a source is listed on its document: a file path, an upload, or an e-mail's attachment (`parent`:
    the id and title of the e-mail's document)."""
    if parent is not None:
        return {
            "key": source.key,
            "name": source.name,
            "path": "",
            "via": "attachment",
            "of": parent[1],
            "parent": parent[0],
        }
    if source.path:
        return {"key": source.key, "name": source.name, "path": source.path, "via": "file"}
    return {
        "key": source.key,
        "name": source.name,
        "path": "",
        "via": "upload",
        "office": str(source.sidecar.get("owner_office") or ""),
    }


class DocumentActions:
    """The document half of `Library` (which provides the knowledge base and the settings)."""

    kb: KnowledgeBase
    settings: Config
    get: Callable[..., DocumentView | None]

    @property
    def max_file_bytes(self) -> int:
        """Files (uploads, drafts) larger than this are refused; a reader reads at most one byte more."""
        return self.settings.max_file_mb * 1024 * 1024

    def ingest_paths(
        self, paths: Iterable[Path], progress: Callable[[ReportLine], None] | None = None
    ) -> list[ReportLine]:
        report: list[ReportLine] = []
        max_bytes = self.settings.max_file_mb * 1024 * 1024
        for arg in paths:
            for path, error in iter_files([arg]):
                if error is not None:
                    lines = [ReportLine(str(path), "failed", error=error, reason="unreadable")]
                else:
                    try:
                        lines = self.ingest_source(read_source(path, max_bytes), str(path))
                    except IngestError as exc:
                        lines = [ReportLine(str(path), "failed", error=str(exc), reason=exc.reason)]
                for line in lines:
                    report.append(line)
                    if progress:
                        progress(line)
        self.kb.flush()
        self.promoted(report)
        return report

    def ingest_source(
        self,
        source: Source,
        display: str,
        access: Where | None = None,
        parent: tuple[str, str] | None = None,
    ) -> list[ReportLine]:
        """Ingest one source and, as documents of their own, the attachments it carries (e-mail); see the
        module's docstring for when it is unchanged, a duplicate, added or updated. `access` limits the
        documents a duplicate may be found in (an upload: those its sender may see)."""
        doc_id = document_id(source.key)
        known = self.kb.fingerprint(doc_id)
        if known == source.fingerprint:
            return [self._line(display, "unchanged", doc_id)]
        if known is None and (holder := self.kb.find(source.key)) is not None:
            first = self.kb.first(holder)
            if first is not None and first.payload.get("sha256") == source.sha256:
                return [self._line(display, "unchanged", holder)]
            self.kb.remove_source(holder, source.key)  # that copy changed: it is not that document any more
        same = self.kb.with_bytes(source.sha256, merge_access(access, exclude=doc_id))
        if same is not None:
            if known is not None:  # its file now holds bytes stored as another document
                self.kb.delete(doc_id)
            self.kb.add_source(same.payload["doc_id"], source_record(source, parent))
            return [self._duplicate(display, same.payload["doc_id"], source.sidecar, None)]
        previous = self.kb.first(doc_id) if known is not None else None
        try:
            document, attachments = build_document(source, people=self.settings.extract_people)
        except IngestError as exc:
            return [ReportLine(display, "failed", error=str(exc), reason=exc.reason)]
        sources = [source_record(source, parent)]
        corrections: dict[str, Any] = {}
        if previous is not None:
            if previous.payload.get("sha256") == source.sha256:  # only the sidecar changed: same copies
                sources += [s for s in sources_of(previous.payload) if s["key"] != source.key]
            corrections = previous.payload["document"].get("metadata", {}).get("corrections", {})
        document.metadata["sources"] = sources
        self.kb.add(apply_corrections(document, corrections), source.fingerprint)
        self.keep_original(source)
        lines = [
            ReportLine(
                display,
                "added" if known is None else "updated",
                document.id,
                len(document.passages),
                title=document.title,
            )
        ]
        for name, data in attachments:
            child = Source(
                key=f"{source.key}#{name}",
                name=name,
                data=data,
                sidecar={k: v for k, v in source.sidecar.items() if k in ("owner_office", "visibility")},
            )
            lines.extend(
                self.ingest_source(child, f"{display} > {name}", access, (document.id, document.title))
            )
        return lines

    def promoted(self, lines: list[ReportLine]) -> None:
        """Documents just added and searchable are matched against the saved alerts (service.alerts); a
        failure there is logged and never fails the ingest that was already done."""
        added = [line.document_id for line in lines if line.status == "added" and line.document_id]
        alerts = getattr(self, "alerts", None)
        if not added or alerts is None:
            return
        try:
            alerts.promoted(added)
        except Exception:
            log.exception("matching alerts against %d new documents failed", len(added))

    def _duplicate(
        self, display: str, doc_id: str, sidecar: dict[str, Any], caller: Caller | None
    ) -> ReportLine:
        """The report line of a duplicate, after applying what the sender told about it (see the module's
        docstring). `caller` None is the command line or the inbox, which may change any document."""
        try:
            told = check_corrections({k: v for k, v in meta.normalise(sidecar).items() if k in TOLD})
        except (CorrectionError, meta.MetadataError) as exc:
            line = self._line(display, "duplicate", doc_id)
            line.note = f"told metadata not applied: {exc}"
            return line
        first = self.kb.first(doc_id)
        record = first.payload.get("document", {}) if first is not None else {}
        current = {**record.get("metadata", {}), "title": first.payload.get("title") if first else None}
        inferred = set(record.get("inferred", []))
        changed = {key: value for key, value in told.items() if current.get(key) != value or key in inferred}
        note = None
        if changed and caller is not None and not self.may_change(doc_id, caller):
            note = (
                f"told {', '.join(changed)} not applied: only an editor of the office that owns the "
                "document (or an admin) may correct it"
            )
        elif changed:
            self.kb.correct(doc_id, changed)
        line = self._line(display, "duplicate", doc_id)
        if changed and note is None:
            line.corrected = list(changed)
        line.note = note
        return line

    def _line(self, display: str, status: str, doc_id: str) -> ReportLine:
        first = self.kb.first(doc_id)
        payload = first.payload if first is not None else {}
        return ReportLine(
            display, status, doc_id, int(payload.get("passage_count", 0)), title=payload.get("title")
        )

    def keep_original(self, source: Source) -> None:
        """A copy of the file, by content hash, so citations can open the original at its page."""
        target = self.settings.files_dir / source.sha256
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(source.data)
        os.replace(tmp, target)

    def original(self, doc_id: str, *, caller: Caller) -> Original | None:
        """A document's original file, or None (no such document for the caller, or its copy is gone)."""
        doc = self.get(doc_id, caller=caller)
        if doc is None:
            return None
        path = self.settings.files_dir / doc.sha256
        if not path.is_file():
            return None
        return Original(path, original_type(doc.media_type), doc.source_name)

    def ingest_upload(
        self,
        name: str,
        data: bytes,
        *,
        caller: Caller,
        visibility: Visibility = "office",
        sidecar: dict[str, Any] | None = None,
    ) -> list[ReportLine]:
        """Ingest a file sent to the service, owned by the caller's office and shown to `visibility`, with
        what the sender told about it (`sidecar`: title, kind, countries, year). Its id derives from the
        office and the (sanitised) name, so sending a new version of a file replaces the old one. Bytes
        already in a document the sender may see are a `duplicate` of it (sent again under any name), and
        nothing is parsed; bytes only in documents the sender may not see make a document of their own,
        so a search never tells one office what another holds."""
        name = safe_name(name)
        if len(data) > self.settings.max_file_mb * 1024 * 1024:
            return [
                ReportLine(
                    name,
                    "failed",
                    error=f"too large: the limit is {self.settings.max_file_mb} MB",
                    reason="too_large",
                )
            ]
        office = caller.office or ""
        sidecar = {**(sidecar or {}), "owner_office": office, "visibility": visibility}
        source = Source(key=f"upload:{office}:{name}", name=name, data=data, sidecar=sidecar)
        same = self.kb.with_bytes(source.sha256, caller.access)
        if same is not None:
            self._move_source(source, same.payload["doc_id"])
            lines = [self._duplicate(name, same.payload["doc_id"], sidecar, caller)]
        else:
            lines = self.ingest_source(source, name, caller.access)
        self.kb.flush()
        self.promoted(lines)
        return lines

    def _move_source(self, source: Source, doc_id: str) -> None:
        """List `source` on document `doc_id` only: a document it was the first source of (an earlier
        version of the file under this name) is replaced by that one, a document it was a copy of lets it go."""
        own = document_id(source.key)
        if own != doc_id and self.kb.fingerprint(own) is not None:
            self.kb.delete(own)
        holder = self.kb.find(source.key)
        if holder is not None and holder != doc_id:
            self.kb.remove_source(holder, source.key)
        self.kb.add_source(doc_id, source_record(source))

    def share(self, doc_id: str, visibility: Visibility, caller: Caller) -> str | None:
        """Change who may see a document; its id, or None when the caller may not change it."""
        doc = self.get(doc_id, caller=caller)
        if doc is None or not self.may_change(doc_id, caller):
            return None
        self.kb.set_visibility(doc.id, visibility, doc.owner_office)
        return doc.id

    def correct(self, doc_id: str, corrections: dict[str, Any], caller: Caller) -> Correction | None:
        """Apply an editor's corrections (checked by `check_corrections`, which raises CorrectionError) to
        a document; the corrections as stored, or None when the caller may not change the document."""
        checked = check_corrections(corrections)
        if not self.may_change(doc_id, caller):
            return None
        doc_id = str(uuid.UUID(doc_id))
        if checked:
            self.kb.correct(doc_id, checked)
        return Correction(doc_id, checked)

    def may_change(self, doc_id: str, caller: Caller) -> bool:
        """Editors change (delete, re-share, correct) their own office's documents; admins any document."""
        doc = self.get(doc_id, caller=caller)
        if doc is None or not caller.may("editor"):
            return False
        return caller.audiences is None or doc.owner_office == caller.office

    def near_duplicates(self, doc_id: str, *, caller: Caller) -> list[NearDuplicate]:
        """Other documents the caller may see that probably hold the same text in other bytes."""
        try:
            doc_id = str(uuid.UUID(doc_id))
        except ValueError:
            return []
        return [
            NearDuplicate(other, title, round(score, 2))
            for other, title, score in self.kb.near_duplicates(doc_id, caller.access)
        ]

    def remove(self, doc_id: str, *, caller: Caller) -> bool:
        """Delete a document the caller may change (editors: their office's; admins: any); whether it was."""
        return self.may_change(doc_id, caller) and self.delete(doc_id)

    def delete(self, doc_id_or_path: str) -> bool:
        """Remove one document with all its sources, named by its id or by the path of any of its files."""
        target = self.kb.find(doc_id_or_path) or self.kb.find(str(Path(doc_id_or_path).resolve()))
        if target is None:
            try:
                target = str(uuid.UUID(doc_id_or_path))
            except ValueError:
                return False
        return self.kb.delete(target)


def merge_access(access: Where | None, exclude: str) -> Where:
    """The caller's rights (None: everything), without one document (the source's own former version)."""
    return (access or Where()).excluding(doc_id=exclude)
