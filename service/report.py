"""The ingest report: one line per file (and per e-mail attachment) saying what became of it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass
class ReportLine:
    path: str
    status: str  # added | updated | unchanged | duplicate | failed
    document_id: str | None = None
    passages: int = 0
    error: str | None = None
    reason: str | None = None  # failed only: too_large | unsupported | empty | unreadable
    title: str | None = None  # the document's title; for a duplicate, the one it is already in the base as
    corrected: list[str] = field(default_factory=list)  # duplicate only: told fields applied to the document
    note: str | None = None  # duplicate only: why told metadata was not applied


def report_json(report: list[ReportLine]) -> str:
    return json.dumps({"documents": [asdict(line) for line in report]}, ensure_ascii=False, indent=2)


def common_failure(report: list[ReportLine]) -> str | None:
    """When every line failed: their one reason (too_large, unsupported...), or "unreadable" when they
    failed for different reasons; None when something was ingested (or nothing was sent)."""
    if not report or any(line.status != "failed" for line in report):
        return None
    reasons = {line.reason or "unreadable" for line in report}
    return reasons.pop() if len(reasons) == 1 else "unreadable"
