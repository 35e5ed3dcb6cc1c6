"""All settings in one class, read from CASOTECA_* environment variables. Built by the CLI or the app
factory and passed down; never created at import time."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CASOTECA_")

    data_dir: Path = Field(
        default_factory=lambda: Path(user_data_dir("casoteca")),
        description="Where the store and the parsed documents are kept.",
    )
    max_file_mb: int = Field(default=100, description="Files larger than this are refused at ingest.")
    model: str = Field(
        default="use-multilingual-v3",
        description="Embedding model: the built-in multilingual default, or a sentence-transformers "
        "model given as a folder or an installed package name.",
    )
    qdrant_url: str = Field(
        default="", description="A Qdrant server or cluster; empty means the embedded store."
    )
    qdrant_api_key: str = Field(default="", description="API key for the Qdrant server.")
    qdrant_collection: str = Field(
        default="casoteca", description="Collection name (an alias) on the Qdrant server."
    )
    qdrant_shards: int = Field(default=1, ge=1, description="Shards of a new server collection.")
    qdrant_replication: int = Field(
        default=1, ge=1, description="Replication factor of a new server collection."
    )
    anonymous_access: bool = Field(
        default=False,
        description="Let people who are not signed in search and read documents whose visibility is public.",
    )
    extract_people: bool = Field(
        default=True,
        description="Find people's names in documents at ingest (entities);"
        " off, only identifiers, places and organisations.",
    )
    secure_cookies: bool = Field(
        default=True,
        description="Send the sign-in cookie over HTTPS only (browsers "
        "also accept it on http://127.0.0.1 and localhost).",
    )
    inbox: bool = Field(
        default=True,
        description="Whether this server picks up files from the inbox folder "
        "(with several API workers, one of them).",
    )
    workers: int = Field(
        default=0,
        ge=0,
        description="Search processes on the embedded index (`casoteca serve`): 0 means one per core; "
        "1 serves everything from a single process.",
    )
    inbox_poll_seconds: float = Field(
        default=5.0,
        gt=0,
        description="How often the serving process looks for new files in the inbox folder.",
    )
    per_document: int = Field(
        default=2, ge=1, description="At most this many passages of one document per page of search results."
    )
    analysis_min_count: int = Field(
        default=3,
        ge=1,
        description="Context analysis views that count cases of "
        "more than one office hide every count below this (small-count suppression).",
    )
    # --- the edges: what a request may be, who it comes from ---
    trusted_proxies: str = Field(
        default="",
        description="Addresses or networks (comma-separated) of the reverse "
        "proxies whose X-Forwarded-For names the client; empty: none, the peer is the client.",
    )
    max_body_kb: int = Field(
        default=2048,
        ge=1,
        description="Largest JSON or form body (a pasted draft of "
        "200,000 characters fits); larger ones get 413.",
    )
    max_upload_mb: int = Field(default=500, ge=1, description="Largest multipart body (one or more files).")
    max_url_kb: int = Field(default=16, ge=1, description="Longest query string; longer ones get 414.")
    max_json_depth: int = Field(
        default=32, ge=2, description="Deepest nesting of a JSON body; deeper gets 422."
    )
    # --- the audit trail ---
    audit_key: str = Field(
        default="",
        description="Key of the audit trail's seals; empty: the file audit.key in "
        "the data folder, made on first use (mode 0600).",
    )
    audit_syslog: bool = Field(default=False, description="Also send every audit checkpoint to syslog.")
    # --- sign-in ---
    signin_free_attempts: int = Field(
        default=5, ge=1, description="Wrong passwords for one account before it must wait."
    )
    signin_address_attempts: int = Field(
        default=20, ge=1, description="Wrong passwords from one address before it must wait."
    )
    signin_backoff_seconds: float = Field(
        default=1.0, gt=0, description="The first wait; it doubles with every further wrong password."
    )
    signin_backoff_max_seconds: float = Field(
        default=900.0, gt=0, description="The longest wait (an admin can lift it: casoteca users unlock)."
    )
    # --- alerts ---
    alerts_daily_cap: int = Field(
        default=20,
        ge=1,
        description="At most this many matches per alert in 24 hours "
        "(the rest are not kept: a flood means the alert is too broad).",
    )
    alerts_poll_seconds: float = Field(
        default=10.0,
        gt=0,
        description="How often the server sends the alert pushes (e-mail, webhooks) that are due.",
    )
    alerts_retry_seconds: float = Field(
        default=30.0,
        gt=0,
        description="The first wait before a failed push is tried again; it doubles each time.",
    )
    public_url: str = Field(
        default="",
        description="This server's address as users reach it (https://...), for "
        "the links in alert e-mails and webhooks; empty: relative links.",
    )
    smtp_host: str = Field(
        default="", description="The office's SMTP server for alert e-mails; empty: no e-mail."
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="Its port.")
    smtp_security: str = Field(
        default="starttls",
        pattern="^(starttls|ssl|none)$",
        description="starttls, ssl (implicit TLS, usually port 465) or none.",
    )
    smtp_user: str = Field(default="", description="User for SMTP authentication; empty: none.")
    smtp_password: str = Field(default="", description="Its password.")
    smtp_sender: str = Field(default="casoteca@localhost", description="The From: address of alert e-mails.")
    log_level: str = Field(
        default="INFO",
        description="Least severe log messages written (DEBUG, INFO, WARNING, ERROR); to standard error.",
    )
    metrics_token: str = Field(
        default="",
        description="Bearer token /metrics asks for; empty: /metrics answers loopback clients only.",
    )
    # --- cited answers (service/answers.py), off by default ---
    answer_url: str = Field(
        default="",
        description="OpenAI-compatible endpoint (its /v1 address) of a language "
        "model the office runs, for cited answers; empty: they are off.",
    )
    answer_model: str = Field(default="", description="The model name that endpoint serves.")
    answer_api_key: str = Field(default="", description="Bearer key of that endpoint, if it asks for one.")

    @field_validator("log_level")
    @classmethod
    def known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError(f"CASOTECA_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {value!r}")
        return level

    @field_validator("trusted_proxies")
    @classmethod
    def no_wildcard_proxies(cls, value: str) -> str:
        """Trusting every address would let any client write any address into the audit trail."""
        for item in filter(None, (part.strip() for part in value.split(","))):
            if item == "*" or ipaddress.ip_network(item, strict=False).prefixlen == 0:
                raise ValueError(f"CASOTECA_TRUSTED_PROXIES must name the proxies, not {item!r}")
        return value

    @property
    def proxy_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [
            ipaddress.ip_network(part.strip(), strict=False)
            for part in self.trusted_proxies.split(",")
            if part.strip()
        ]

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def inbox_dir(self) -> Path:
        """Files dropped here are ingested by the running server (see service/worker.py)."""
        return self.data_dir / "inbox"

    @property
    def files_dir(self) -> Path:
        """Copies of the original files, named by their sha256."""
        return self.data_dir / "files"
