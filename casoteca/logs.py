"""Logging, configured once for the process (the app factory and the CLI call `configure_logging`): one
handler on standard error for the `casoteca` loggers (the service's too: `casoteca.worker`...), at the
level of CASOTECA_LOG_LEVEL, with a filter that blanks what looks like a secret before a line is written.

The product never logs a password, an API key, a session token or the audit key on purpose; the filter
is the second line: an exception message that quotes a header or a form (`Bearer ...`, `cso_...`,
`password=...`) is written with the secret replaced by `[redacted]`.
"""

from __future__ import annotations

import logging
import re
import sys

LOGGER = "casoteca"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
SECRETS = re.compile(
    r"(?i)(\bbearer\s+)\S+"  # an Authorization header's credentials
    r"|\bcso_[A-Za-z0-9_\-]{8,}"  # an API key (service/accounts.py API_KEY_PREFIX)
    r"|(\b(?:password|passwd|api[_-]?key|token|secret|audit[_-]?key|csrf)\b\s*[=:]\s*)[^\s,;&]+"
)


def redact(text: str) -> str:
    """`text` with every credential-looking part replaced by [redacted]."""
    return SECRETS.sub(lambda m: (m.group(1) or m.group(2) or "") + "[redacted]", text)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            if redact(text) != text:
                record.exc_text, record.exc_info = redact(text), None
        return True


class StandardError(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a line is written (a test's capture, a redirected stream)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


def configure_logging(level: str = "INFO") -> logging.Logger:
    """The `casoteca` logger at `level` with its one handler; calling again changes only the level."""
    logger = logging.getLogger(LOGGER)
    logger.setLevel(level.upper())
    if not any(getattr(handler, "casoteca", False) for handler in logger.handlers):
        handler = StandardError()
        handler.casoteca = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(RedactSecrets())
        logger.addHandler(handler)
    return logger
