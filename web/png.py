"""The server-drawn SVG views as PNG, offline: resvg (Rust) through the `resvg-py` wheel, which needs no
system library (about 3 MB installed), with the DejaVu fonts Debian's fonts-dejavu-core ships
(scripts/bootstrap installs it) so that accents and arrows ("Perú → Brasil") have glyphs; the system's
fonts when that folder is missing."""

from __future__ import annotations

from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
ZOOM = 2.0  # twice the drawing's own size: legible when pasted into a report


def to_png(svg: str, zoom: float = ZOOM) -> bytes:
    """`svg` (a complete <svg> element) as PNG bytes on a white ground. Raises ValueError for markup resvg
    cannot read."""
    import resvg_py

    fonts = {"skip_system_fonts": True, "font_dirs": [str(DEJAVU)]} if DEJAVU.is_dir() else {}
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg, background="#ffffff", zoom=zoom, font_family="DejaVu Sans", **fonts
        )
    )
