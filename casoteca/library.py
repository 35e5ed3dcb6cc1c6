"""The knowledge base as the CLI and the service see it: ingest files, list and delete documents.

Until index/ exists, documents are kept as JSON files under the data folder, one per document,
written atomically (temporary file then rename), so a crash never leaves half a document.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ingest.models import Document
from ingest.pipeline import IngestError, Source, build_document, document_id, iter_files, read_source

from .settings import Settings


@dataclass
class ReportLine:
    path: str
    status: str  # added | updated | unchanged | failed
    document_id: str | None = None
    passages: int = 0
    error: str | None = None


class Library:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.folder = settings.documents_dir
        self.folder.mkdir(parents=True, exist_ok=True)

    # --- reading ---
    def get(self, doc_id: str) -> dict[str, Any] | None:
        """The stored document, or None. Only a well-formed uuid names a file: no path ever comes from input."""
        try:
            doc_id = str(uuid.UUID(doc_id))
        except ValueError:
            return None
        path = self.folder / f"{doc_id}.json"
        if not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def all(self) -> list[dict[str, Any]]:
        return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(self.folder.glob("*.json"))]

    def summaries(self) -> list[dict[str, Any]]:
        """One line per document, for listings: no passages."""
        return [summary(doc) for doc in self.all()]

    # --- writing ---
    def save(self, document: Document) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(document.to_dict(), out, ensure_ascii=False, default=str)
        os.replace(tmp, self.folder / f"{document.id}.json")

    def delete(self, doc_id_or_path: str) -> bool:
        """Remove one document, named by its id or by the path of the file it was ingested from."""
        resolved = str(Path(doc_id_or_path).resolve())
        for doc in self.all():
            if doc_id_or_path in (doc["id"], doc["metadata"].get("source_key")) or \
                    doc["metadata"].get("source_path") == resolved:
                (self.folder / f"{doc['id']}.json").unlink()
                return True
        return False

    def ingest_paths(self, paths: Iterable[Path], progress: Callable[[ReportLine], None] | None = None
                     ) -> list[ReportLine]:
        report: list[ReportLine] = []
        max_bytes = self.settings.max_file_mb * 1024 * 1024
        for arg in paths:
            for path, error in iter_files([arg]):
                if error is not None:
                    lines = [ReportLine(str(path), "failed", error=error)]
                else:
                    try:
                        lines = self.ingest_source(read_source(path, max_bytes), str(path))
                    except IngestError as exc:
                        lines = [ReportLine(str(path), "failed", error=str(exc))]
                for line in lines:
                    report.append(line)
                    if progress:
                        progress(line)
        return report

    def ingest_source(self, source: Source, display: str) -> list[ReportLine]:
        """Ingest one file and, as their own documents, the attachments it carries (e-mail).
        A file whose bytes have not changed is not parsed again."""
        existing = self.get(document_id(source.key))
        if existing is not None and existing["sha256"] == source.sha256:
            return [ReportLine(display, "unchanged", existing["id"], len(existing["passages"]))]
        try:
            document, attachments = build_document(source)
        except IngestError as exc:
            return [ReportLine(display, "failed", error=str(exc))]
        self.save(document)
        lines = [ReportLine(display, "added" if existing is None else "updated", document.id, len(document.passages))]
        for name, data in attachments:
            child = Source(key=f"{source.key}#{name}", name=name, data=data,
                           sidecar={k: v for k, v in source.sidecar.items() if k in ("owner_office", "visibility")})
            lines.extend(self.ingest_source(child, f"{display} > {name}"))
        return lines


def summary(doc: dict[str, Any]) -> dict[str, Any]:
    meta = doc["metadata"]
    return {
        "id": doc["id"], "title": doc["title"], "language": doc["language"], "kind": meta.get("kind"),
        "countries": meta.get("countries", []), "year": meta.get("year"), "pages": doc["pages"],
        "passages": len(doc["passages"]), "source_name": doc["source_name"],
    }


def filter_summaries(docs: list[dict[str, Any]], language: str | None, country: str | None) -> list[dict[str, Any]]:
    return [d for d in docs if (not language or d["language"] == language)
            and (not country or country in d["countries"])]


def report_json(report: list[ReportLine]) -> str:
    return json.dumps({"documents": [asdict(line) for line in report]}, ensure_ascii=False, indent=2)
