"""All settings in one class, read from CASOTECA_* environment variables. Built by the CLI or the app
factory and passed down; never created at import time."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CASOTECA_")

    data_dir: Path = Field(default_factory=lambda: Path(user_data_dir("casoteca")),
                           description="Where the store and the parsed documents are kept.")
    max_file_mb: int = Field(default=100, description="Files larger than this are refused at ingest.")

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"
