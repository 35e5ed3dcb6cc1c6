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
    model: str = Field(default="use-multilingual-v3",
                       description="Embedding model: the built-in multilingual default, or a sentence-transformers "
                                   "model given as a folder or an installed package name.")
    qdrant_url: str = Field(default="", description="A Qdrant server or cluster; empty means the embedded store.")
    qdrant_api_key: str = Field(default="", description="API key for the Qdrant server.")
    qdrant_collection: str = Field(default="casoteca", description="Collection name (an alias) on the Qdrant server.")
    qdrant_shards: int = Field(default=1, ge=1, description="Shards of a new server collection.")
    qdrant_replication: int = Field(default=1, ge=1, description="Replication factor of a new server collection.")
    anonymous_access: bool = Field(default=False, description="Let people who are not signed in search and "
                                                             "read documents whose visibility is public.")
    secure_cookies: bool = Field(default=True, description="Send the sign-in cookie over HTTPS only (browsers "
                                                           "also accept it on http://127.0.0.1 and localhost).")
    inbox: bool = Field(default=True, description="Whether this server picks up files from the inbox folder "
                                                  "(with several API workers, one of them).")
    inbox_poll_seconds: float = Field(default=5.0, gt=0, description="How often the serving process looks for "
                                                                     "new files in the inbox folder.")
    per_document: int = Field(default=2, ge=1, description="At most this many passages of one document per "
                                                            "page of search results.")

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def inbox_dir(self) -> Path:
        """Files dropped here are ingested by the running server (see casoteca/worker.py)."""
        return self.data_dir / "inbox"

    @property
    def files_dir(self) -> Path:
        """Copies of the original files, named by their sha256."""
        return self.data_dir / "files"
