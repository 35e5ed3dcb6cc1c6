"""The request dependencies of the JSON API: those of gateway/deps.py, which the web pages share."""

from gateway.deps import (
    SESSION_COOKIE,
    AdminDep,
    CallerDep,
    EditorDep,
    LibraryDep,
    NotSignedIn,
    OptionalCallerDep,
    SignedInDep,
    audit,
    audit_soon,
    client_address,
    current_caller,
    in_search_lane,
    in_writer,
    ingest_uploads,
    read_uploads,
)

__all__ = [
    "SESSION_COOKIE",
    "AdminDep",
    "CallerDep",
    "EditorDep",
    "LibraryDep",
    "NotSignedIn",
    "OptionalCallerDep",
    "SignedInDep",
    "audit",
    "audit_soon",
    "client_address",
    "current_caller",
    "in_search_lane",
    "in_writer",
    "ingest_uploads",
    "read_uploads",
]
