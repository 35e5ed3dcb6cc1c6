"""What every parser shares: the error it raises and the zip-bomb guard of the zip-based formats."""

from __future__ import annotations

import io
import zipfile

# Zip documents (DOCX, PPTX, XLSX, ODS) may not expand beyond this, nor compress better than the ratio.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200


class ParseError(ValueError):
    """A file that cannot be read; the message is shown to the user as the reason."""


def check_zip_bomb(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        total = sum(info.file_size for info in zf.infolist())
        packed = sum(info.compress_size for info in zf.infolist()) or 1
    if total > MAX_UNZIPPED_BYTES or (total / packed > MAX_ZIP_RATIO and total > 10 * 1024 * 1024):
        raise ParseError(f"refused: the document expands to {total // (1024 * 1024)} MB (zip bomb?)")
