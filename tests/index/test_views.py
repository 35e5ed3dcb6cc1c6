"""The stored document as the index gives it back (index/views.py): built from passage payloads, typed."""

from __future__ import annotations

from typing import Any

from index.views import DocumentSource, DocumentSummary, PassageView, document_view


def first_payload(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "doc_id": "d-1",
        "order": 0,
        "text": "Primer pasaje.",
        "page_start": 1,
        "page_end": 2,
        "section": ["Hechos"],
        "language": "es",
        "passage_kind": "narrative",
        "title": "Un caso",
        "doc_language": "es",
        "source_name": "caso.pdf",
        "sha256": "ab" * 32,
        "passage_count": 2,
        "kind": "judgment",
        "countries": ["Peru"],
        "year": 2019,
        "visibility": "office",
        "owner_office": "Fiscalía A",
        "document": {
            "media_type": "pdf",
            "pages": 7,
            "metadata": {"visibility": "public", "owner_office": "Fiscalía A", "corrections": {"year": 2019}},
            "inferred": ["countries"],
            "signature": [1, 2, 3],
        },
    }
    payload.update(changes)
    return payload


def test_a_document_takes_who_may_see_it_from_its_passages_and_finds_a_passage_by_order() -> None:
    first = first_payload()
    second = {**first, "order": 1, "text": "Segundo.", "section": None, "passage_kind": None, "page_start": 3}
    sources = [{"key": "k", "name": "caso.pdf", "path": "/x/caso.pdf", "via": "file"}]
    doc = document_view("d-1", first, sources, [PassageView.of(first), PassageView.of(second)])
    # shared after ingest: the passages say office, the record still says public
    assert (doc.visibility, doc.owner_office) == ("office", "Fiscalía A")
    assert doc.corrections == {"year": 2019} and doc.inferred == ("countries",)
    assert (doc.media_type, doc.pages) == ("pdf", 7) and "signature" not in doc.metadata
    assert doc.passage(1) == PassageView(1, "Segundo.", 3, 2, (), "es", None, "d-1")
    assert doc.passage(5) is None
    assert doc.sources == (DocumentSource("k", "caso.pdf", "/x/caso.pdf", "file"),)


def test_a_document_stored_before_its_record_had_every_field_still_reads() -> None:
    first = first_payload(document={"metadata": {}})
    doc = document_view("d-1", first, [], [])
    assert (doc.media_type, doc.pages, doc.inferred, doc.passages) == (None, None, (), ())
    assert doc.corrections == {} and doc.visibility == "office"


def test_a_summary_is_read_from_the_first_passage() -> None:
    summary = DocumentSummary.of(first_payload())
    assert summary == DocumentSummary(
        "d-1", "Un caso", "es", "judgment", ("Peru",), 2019, 7, 2, "caso.pdf", "pdf"
    )


def test_a_source_names_the_e_mail_it_came_with_or_the_office_that_sent_it() -> None:
    attachment = DocumentSource.of_record(
        {"key": "m#a.pdf", "name": "a.pdf", "via": "attachment", "of": "Acta"}
    )
    upload = DocumentSource.of_record(
        {"key": "u", "name": "b.pdf", "path": "", "via": "upload", "office": "B"}
    )
    assert (attachment.path, attachment.of, attachment.office) == ("", "Acta", None)
    assert (upload.of, upload.office) == (None, "B")
