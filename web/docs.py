"""The OpenAPI page (/docs) from packaged files: Swagger UI's bundle and style sheet come from the
`swagger-ui-py` distribution (Swagger UI, Apache-2.0, its LICENSE shipped beside the files), and the few
lines that start it from web/static/docs.js. No CDN (an offline deployment reaches none) and no inline
script, so the page lives under the same Content-Security-Policy as every other."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

router = APIRouter(include_in_schema=False)
# Only these files of the distribution are served.
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
    "LICENSE": "text/plain",
}
PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Casoteca API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/static/docs.js"></script>
</body>
</html>
"""


def assets_dir() -> Path | None:
    """The distribution's static folder, found without importing it."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "static"


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    return HTMLResponse(PAGE)


@router.get("/docs/assets/{name}")
def asset(name: str) -> FileResponse:
    folder = assets_dir()
    if name not in ASSETS or folder is None or not (folder / name).is_file():
        raise HTTPException(status_code=404, detail="no such file (is swagger-ui-py installed?)")
    return FileResponse(
        folder / name, media_type=ASSETS[name], headers={"Cache-Control": "public, max-age=86400"}
    )
