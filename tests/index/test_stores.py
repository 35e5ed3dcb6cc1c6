"""One contract, two backends: every test here runs on Qdrant Edge and on qdrant-client's in-process mode,
which stands in for a Qdrant server. Small hand-made vectors, real BM25 vectors."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.sparse import encode_document, encode_query
from index.store import (
    DENSE,
    SPARSE,
    EdgeStore,
    Leg,
    ModelMismatch,
    Point,
    Range,
    ServerStore,
    Store,
    Where,
    check_model,
)
from tests.conftest import ROOT

TEXTS = [  # id, text, language, year, countries, vector
    (
        "00000000-0000-0000-0000-000000000001",
        "Trabajadora explotada en un taller textil de La Pampa.",
        "es",
        2019,
        ["Peru"],
        [1.0, 0.0, 0.0, 0.0],
    ),
    (
        "00000000-0000-0000-0000-000000000002",
        "Trabalhadoras exploradas numa oficina de costura em São Paulo.",
        "pt",
        2020,
        ["Brazil", "Bolivia"],
        [0.9, 0.1, 0.0, 0.0],
    ),
    (
        "00000000-0000-0000-0000-000000000003",
        "Fishermen held on a vessel under debt bondage.",
        "en",
        2021,
        ["Uruguay"],
        [0.0, 1.0, 0.0, 0.0],
    ),
    (
        "00000000-0000-0000-0000-000000000004",
        "Explotación laboral en la minería: servidumbre por deudas.",
        "es",
        2022,
        ["Peru", "Bolivia"],
        [0.0, 0.0, 1.0, 0.0],
    ),
]


def points() -> list[Point]:
    return [
        Point(
            id_,
            vector,
            encode_document(text, lang),
            {
                "doc_id": f"d{n}",
                "order": n,
                "text": text,
                "language": lang,
                "year": year,
                "countries": countries,
                "state": "live",
                "owner_office": "office-a",
            },
        )
        for n, (id_, text, lang, year, countries, vector) in enumerate(TEXTS)
    ]


@pytest.fixture(params=["edge", "server"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    backend: Store = (
        EdgeStore(tmp_path / "index") if request.param == "edge" else ServerStore(":memory:", "t")
    )
    assert backend.model() is None
    backend.create("test-model", 4)
    backend.upsert(points())
    yield backend
    backend.close()


def ids(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.id for hit in hits]


def test_model_is_recorded_and_another_is_refused(store: Store) -> None:
    assert store.model() == {"model_id": "test-model", "dimension": 4}
    check_model(store, "test-model", 4)
    with pytest.raises(ModelMismatch, match="casoteca reindex"):
        check_model(store, "other-model", 4)


def test_upsert_is_idempotent_and_filters_count(store: Store) -> None:
    store.upsert(points())
    assert store.count(Where()) == 4
    assert store.count(Where({"language": "es"})) == 2
    assert store.count(Where({"countries": ["Brazil", "Uruguay"]})) == 2
    assert store.count(Where({"year": Range(gte=2020, lte=2021)})) == 2
    assert store.count(Where({"countries": "Peru"}, must_not={"year": Range(gte=2020)})) == 1


def test_delete_and_set_payload_by_filter(store: Store) -> None:
    store.set_payload(Where({"language": "es"}), {"state": "staged"})
    assert store.count(Where({"state": "staged"})) == 2
    store.delete(Where({"state": "staged"}))
    assert store.count(Where()) == 2 and store.count(Where({"language": "es"})) == 0


def test_dense_and_sparse_legs(store: Store) -> None:
    (dense,) = store.search_batch([Leg(DENSE, [1.0, 0.05, 0.0, 0.0])], Where(), 4)
    assert ids(dense)[:2] == [TEXTS[0][0], TEXTS[1][0]]
    assert dense[0].payload["doc_id"] == "d0"
    # Stemmed and accent-folded: plural and unaccented query words find the singular, accented passage.
    (sparse,) = store.search_batch([Leg(SPARSE, encode_query("trabajadoras explotacion", "es"))], Where(), 4)
    assert ids(sparse)[0] in {TEXTS[0][0], TEXTS[3][0]} and TEXTS[2][0] not in ids(sparse)
    (restricted,) = store.search_batch(
        [Leg(SPARSE, encode_query("explotación", "es"), where=Where({"year": Range(gte=2022)}))], Where(), 4
    )
    assert ids(restricted) == [TEXTS[3][0]]


def test_rights_and_liveness_hold_after_every_kind_of_write(store: Store) -> None:
    """A reader's search returns only live passages of the audiences it may see, whether every passage is
    visible (the Edge store then leaves the condition out of the engine's filter) or a write has just made
    one invisible: an upsert, a payload change, a passage without an audience."""
    reader = Where({"state": "live", "audience": ["public", "network", "office:office-a"]})
    near = [Leg(DENSE, [1.0, 0.05, 0.0, 0.0])]
    store.set_payload(Where({"state": "live"}), {"audience": "network"})
    assert ids(store.search_batch(near, reader, 4)[0])[:2] == [TEXTS[0][0], TEXTS[1][0]]
    store.set_payload(Where({"doc_id": "d0"}), {"audience": "office:office-b"})
    assert TEXTS[0][0] not in ids(store.search_batch(near, reader, 4)[0])
    assert TEXTS[0][0] not in ids(store.query(near, reader, 4))
    store.set_payload(Where({"doc_id": "d0"}), {"audience": "network", "state": "staged"})
    assert TEXTS[0][0] not in ids(store.search_batch(near, reader, 4)[0])
    stray = points()[1]
    stray.id, stray.payload = "00000000-0000-0000-0000-000000000009", {**stray.payload, "doc_id": "d9"}
    store.upsert([stray])  # no audience at all: nobody but an admin sees it
    assert stray.id not in ids(store.search_batch(near, reader, 5)[0])
    assert stray.id in ids(store.search_batch(near, Where({"state": "live"}), 5)[0])
    store.delete(Where({"doc_id": ["d0", "d9"]}))
    (hits,) = store.search_batch(near, reader, 4, fields=["doc_id"])
    assert ids(hits) == [TEXTS[1][0], TEXTS[2][0], TEXTS[3][0]] and hits[0].payload == {"doc_id": "d1"}
    (hits,) = store.search_batch(near, reader, 4, fields=["doc_id", "language"])
    assert [hit.payload["language"] for hit in hits] == ["pt", "en", "es"]
    hits[0].payload["doc_id"] = "changed by a caller"  # a caller's copy: the next search is not affected
    store.set_payload(
        Where({"doc_id": "d2"}), {"language": "und"}
    )  # the light payloads read before are stale
    (hits,) = store.search_batch(near, reader, 4, fields=["doc_id", "language"])
    assert [hit.payload for hit in hits] == [
        {"doc_id": "d1", "language": "pt"},
        {"doc_id": "d2", "language": "und"},
        {"doc_id": "d3", "language": "es"},
    ]


def test_a_leg_filter_meets_the_query_filter(store: Store) -> None:
    (hits,) = store.search_batch(
        [Leg(DENSE, [1.0, 0.0, 0.0, 0.0], where=Where({"language": "es"}))],
        Where({"language": ["pt", "en"]}),
        4,
    )
    assert hits == []  # es and (pt or en) cannot both hold


def test_in_engine_rrf_agrees_on_a_clear_case(store: Store) -> None:
    legs = [
        Leg(DENSE, [0.0, 0.0, 1.0, 0.0]),
        Leg(SPARSE, encode_query("servidumbre deudas minería", "es"), 2.0),
    ]
    assert store.query(legs, Where(), 3)[0].id == TEXTS[3][0]


def test_phrases_match_verbatim_in_any_case(store: Store) -> None:
    assert store.count(Where(phrases=("la pampa",))) == 1
    assert store.count(Where(phrases=("SÃO PAULO",))) == 1
    assert store.count(Where(phrases=("pampa la",))) == 0


def test_phrases_ignore_accents_where_the_text_index_exists(tmp_path: Path) -> None:
    """Accent folding comes from the full-text payload index, which Qdrant Edge and a Qdrant server build;
    qdrant-client's in-process stand-in ignores payload indexes, so there it matches accents as written."""
    store = EdgeStore(tmp_path / "index")
    store.create("test-model", 4)
    store.upsert(points())
    try:
        assert store.count(Where(phrases=("SAO PAULO",))) == 1
    finally:
        store.close()


def test_facets_scroll_and_order(store: Store) -> None:
    assert dict(store.facet("countries", Where())) == {"Peru": 2, "Bolivia": 2, "Brazil": 1, "Uruguay": 1}
    assert dict(store.facet("language", Where({"year": Range(gte=2020)}))) == {"es": 1, "pt": 1, "en": 1}
    ordered, _ = store.scroll(Where(), limit=10, order_by="order")
    assert [h.payload["order"] for h in ordered] == [0, 1, 2, 3]
    first, offset = store.scroll(Where(), limit=3)
    assert len(first) == 3 and offset is not None
    rest, last = store.scroll(Where(), limit=3, offset=offset)
    assert last is None and {h.id for h in first} | {h.id for h in rest} == {t[0] for t in TEXTS}


def test_scroll_returns_dense_vectors_when_asked(store: Store) -> None:
    plain, _ = store.scroll(Where({"doc_id": "d1"}), limit=10)
    assert plain[0].vector is None
    with_vectors, _ = store.scroll(Where({"doc_id": "d1"}), limit=10, vectors=True)
    assert with_vectors[0].vector == pytest.approx([0.9 / (0.82**0.5), 0.1 / (0.82**0.5), 0.0, 0.0], abs=1e-5)
    retrieved = store.retrieve([TEXTS[1][0]], vectors=True)
    assert retrieved[0].vector == pytest.approx(with_vectors[0].vector)
    assert store.retrieve([TEXTS[1][0]])[0].vector is None


def test_retrieve_reads_only_the_fields_asked_in_the_order_asked(store: Store) -> None:
    ids = [TEXTS[2][0], "00000000-0000-0000-0000-0000000000ff", TEXTS[0][0]]
    whole = store.retrieve(ids)
    light = store.retrieve(ids, fields=("doc_id", "language"))
    assert [h.id for h in light] == [h.id for h in whole] == [TEXTS[2][0], TEXTS[0][0]]
    assert [h.payload for h in light] == [
        {key: h.payload[key] for key in ("doc_id", "language")} for h in whole
    ]
    assert len(whole[0].payload) > 2


def test_the_embedded_index_survives_reopening_and_admits_one_process(tmp_path: Path) -> None:
    store = EdgeStore(tmp_path / "index")
    store.create("test-model", 4)
    store.upsert(points())
    store.close()
    reopened = EdgeStore(tmp_path / "index")
    try:
        assert reopened.count(Where()) == 4 and reopened.model() == {"model_id": "test-model", "dimension": 4}
        code = (
            "import sys; from pathlib import Path; from index.store import EdgeStore, StoreLocked\n"
            "try:\n    EdgeStore(Path(sys.argv[1]))\nexcept StoreLocked as exc:\n    print('LOCKED', exc)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / "index")],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        assert "LOCKED" in out.stdout and "another process" in out.stdout
    finally:
        reopened.close()


def test_a_fixed_legs_list_is_the_same_kept_or_asked_again_and_follows_every_write(store: Store) -> None:
    """A glossary phrase's leg (`fixed`: no text of the query in it) may be kept by the store until its
    next write: the same list as the engine's, under each filter of its own, and a write shows at once."""
    phrase = Leg(SPARSE, encode_query("servidumbre por deudas", "es"), 0.5, Where({}, {}, ("por deudas",)))
    fixed = Leg(phrase.using, phrase.vector, phrase.weight, phrase.where, fixed=True)
    for where in (Where(), Where({"countries": "Peru"}), Where({"countries": "Uruguay"})):
        assert store.search_batch([fixed], where, 4, fields=("doc_id",)) == store.search_batch(
            [phrase], where, 4, fields=("doc_id",)
        )
    assert ids(store.search_batch([fixed], Where(), 4)[0]) == [TEXTS[3][0]]
    store.set_payload(Where({"doc_id": "d3"}), {"state": "staged"})
    assert store.search_batch([fixed], Where({"state": "live"}), 4) == [[]]
    store.delete(Where({"doc_id": "d3"}))
    assert store.search_batch([fixed], Where(), 4) == [[]]
