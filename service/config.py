"""What the service reads of the settings, as a protocol: `casoteca.settings.Settings` provides it, and
the service never imports the glue that builds it (imports run casoteca -> service, never back)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class Config(Protocol):
    data_dir: Path
    max_file_mb: int
    model: str
    qdrant_url: str
    qdrant_api_key: str
    qdrant_collection: str
    qdrant_shards: int
    qdrant_replication: int
    per_document: int
    audit_key: str
    audit_syslog: bool
    signin_free_attempts: int
    signin_address_attempts: int
    signin_backoff_seconds: float
    signin_backoff_max_seconds: float

    @property
    def index_dir(self) -> Path: ...

    @property
    def files_dir(self) -> Path: ...
