"""Cross-case links read from a real embedded store, also one created before entities were indexed."""

from __future__ import annotations

from pathlib import Path

import pytest

import index.store
from index.entities import document_links, find_entities, visible_keys
from index.sparse import Sparse
from index.store import EdgeStore, Point, Where

PHONE = "phone:+595981123456"


def passage(n: int, doc: str, audience: str, country: str) -> Point:
    payload = {
        "doc_id": doc,
        "state": "live",
        "audience": audience,
        "countries": [country],
        "title": doc,
        "order": 0,
        "page_start": 1,
        "page_end": 1,
        "text": "llamaba al 0981 123 456",
        "entities": [PHONE],
        "entity_mentions": [
            {
                "key": PHONE,
                "type": "phone",
                "value": "+595981123456",
                "label": "+595 981 123456",
                "text": "0981 123 456",
            }
        ],
    }
    return Point(f"00000000-0000-0000-0000-00000000000{n}", [0.1, 0.2, 0.3, 0.4], Sparse([1], [1.0]), payload)


@pytest.mark.parametrize("indexed", [True, False])
def test_links_count_only_what_the_caller_may_see(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, indexed: bool
) -> None:
    if not indexed:  # a store made by a release without entities has no index on them
        monkeypatch.setattr(
            index.store, "KEYWORD_FIELDS", tuple(f for f in index.store.KEYWORD_FIELDS if f != "entities")
        )
    store = EdgeStore(tmp_path / "store")
    try:
        store.create("test", 4)
        store.upsert(
            [
                passage(1, "py", "network", "Paraguay"),
                passage(2, "ar", "network", "Argentina"),
                passage(3, "bo", "office:B", "Bolivia"),
            ]
        )
        reader = Where({"audience": ["public", "network", "office:A"]})
        assert visible_keys(store, reader) == [(PHONE, 2)]
        assert visible_keys(store, None) == [(PHONE, 3)]
        [found] = find_entities(store, "0981 123 456", None, reader)
        assert (found.documents, found.countries) == (2, ["Argentina", "Paraguay"])
        [link] = document_links(store, "py", reader)
        assert (link.other_documents, link.countries) == (1, ["Argentina"])
    finally:
        store.close()
