"""The one base class of the errors a caller is told about, with the reason code each one carries.

`ServiceError.reason` says what went wrong in a word the edges translate: the API answers the HTTP status
of the reason (api/errors.py, the one map), the web pages show the message on the form, the CLI prints it
as one line and exits non-zero. The message is for people: it names the field or the thing and why, and
never holds a secret (a password, a key, a token).

The reasons an ingest error carries (`ingest.pipeline.IngestError.reason`: too_large, unsupported, empty,
unreadable) are reasons of the same vocabulary: the service raises `Unreadable` with the same reason for a
draft it cannot read. `StoreError` (index/store.py) is what any read raises when the store does not answer:
the reason `unavailable`.
"""

from __future__ import annotations

from index.store import StoreError

__all__ = ["REASONS", "Forbidden", "NotFound", "ServiceError", "StoreError", "Unavailable", "Unreadable"]

# The reason codes, with what each means to a caller.
REASONS = {
    "invalid": "the request names or sends something that cannot be used",
    "bad_value": "a field's value is of the wrong type or outside its vocabulary",
    "not_found": "no such thing, or not one the caller may see",
    "forbidden": "the caller may not do this",
    "too_large": "a file or text over its limit",
    "unsupported": "a file of a type that cannot be read",
    "empty": "a file or text with nothing to read",
    "unreadable": "a file that cannot be parsed",
    "unavailable": "the index or another part does not answer now",
}


class ServiceError(Exception):
    """Something a caller asked that cannot be done; `reason` is one of REASONS."""

    reason = "invalid"

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason


class NotFound(ServiceError):
    """No such document, casebook, item, criterion, entry, user or key for this caller (a thing the
    caller may not see is not found either: its existence is not told)."""

    reason = "not_found"


class Forbidden(ServiceError):
    """The caller is known but their role does not allow this."""

    reason = "forbidden"


class Unavailable(ServiceError):
    """The store or another part does not answer now; trying again later may work."""

    reason = "unavailable"


class Unreadable(ServiceError):
    """A file or text that cannot be read; `reason` is the ingest pipeline's (too_large, unsupported, empty,
    unreadable)."""

    reason = "unreadable"
