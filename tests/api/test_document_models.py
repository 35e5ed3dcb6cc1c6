"""The API's document models read from the service's dataclasses (api/models.py), keeping the JSON shape."""

from __future__ import annotations

from api import models
from service.library import DocumentSource, DocumentView, PassageView


def test_a_document_maps_to_its_json_with_only_the_source_fields_that_apply() -> None:
    doc = DocumentView(
        id="d-1",
        title="Un caso",
        language="es",
        source_name="caso.pdf",
        sha256="ab" * 32,
        media_type="pdf",
        pages=3,
        metadata={"year": 2019},
        inferred=("countries",),
        sources=(
            DocumentSource("k", "caso.pdf", "/x/caso.pdf", "file"),
            DocumentSource("m#a.pdf", "a.pdf", "", "attachment", of="Acta"),
            DocumentSource("u", "b.pdf", "", "upload", office="B"),
        ),
        passages=(PassageView(0, "Texto.", 1, 1, ("Hechos",), "es", "narrative", "d-1"),),
    )
    out = models.DocumentOut.model_validate(doc).model_dump(mode="json")
    assert out["sources"] == [
        {"key": "k", "name": "caso.pdf", "path": "/x/caso.pdf", "via": "file"},
        {"key": "m#a.pdf", "name": "a.pdf", "path": "", "via": "attachment", "of": "Acta"},
        {"key": "u", "name": "b.pdf", "path": "", "via": "upload", "office": "B"},
    ]
    assert out["passages"] == [
        {
            "order": 0,
            "text": "Texto.",
            "page_start": 1,
            "page_end": 1,
            "section": ["Hechos"],
            "language": "es",
            "kind": "narrative",
            "document_id": "d-1",
        }
    ]
    assert (out["inferred"], out["metadata"], out["near_duplicates"]) == (["countries"], {"year": 2019}, [])
