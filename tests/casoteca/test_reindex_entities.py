"""`reindex --reparse` gives documents stored before entities existed their entities (real model, real
embedded store, a real file of casestudies/)."""

from __future__ import annotations

from casoteca.settings import Settings
from index.store import Where
from service import entities
from service.accounts import CLI
from service.library import Library
from tests.conftest import CASESTUDIES

CASE = CASESTUDIES / "es-argentina-talleres-textiles-costureros-bolivianos.pdf"


def test_reparse_finds_the_entities_of_a_document_stored_without_them(settings: Settings) -> None:
    library = Library(settings)
    try:
        [line] = library.ingest_paths([CASE])
        assert [e.value for e in entities.find(library, "0985 412 907", caller=CLI)] == ["+595985412907"]
        # as a document ingested by a release without entities is stored
        library.kb.store.set_payload(
            Where({"doc_id": line.document_id}), {"entities": [], "entity_mentions": []}
        )
        assert entities.find(library, "0985 412 907", caller=CLI) == []
        library.reindex(reparse=True)
        found = entities.find(library, "+595 985 412 907", caller=CLI)
        assert [(e.value, e.documents, e.countries) for e in found] == [
            ("+595985412907", 1, ["Argentina", "Bolivia"])
        ]
    finally:
        library.close()
