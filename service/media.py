"""Media types, in one place: of the originals a document keeps (by the type ingest sniffed) and of the
files a casebook exports to."""

from __future__ import annotations

# The type an original is served with. HTML, Markdown and plain text are served as plain text, so nothing
# a document contains can run in the browser as this site.
ORIGINAL_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "tiff": "image/tiff",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "eml": "message/rfc822",
    "html": "text/plain",
    "md": "text/plain",
    "txt": "text/plain",
}
UNKNOWN = "application/octet-stream"
EXPORT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
CSV = "text/csv; charset=utf-8"


def original_type(kind: str | None) -> str:
    """The media type an original of this sniffed kind is served with."""
    return ORIGINAL_TYPES.get(kind or "", UNKNOWN)


def opens_inline(media_type: str) -> bool:
    """PDFs and images open in the browser (a PDF link can add #page=N); everything else downloads."""
    return media_type == "application/pdf" or media_type.startswith("image/")
