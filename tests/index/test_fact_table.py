"""Counting /analysis over the fact table (index/fact_table.py) with a real Qdrant Edge store: the engine
still chooses the cases (a case the caller cannot see is never counted), a write is counted as soon as it
has landed, in the writer and in a reader that replays its journal, and the table counts what the
engine's facet counts. A fake embedder keeps these fast (vectors play no part in counting)."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

import pytest

from index.analysis import analyse, summarise, tally
from index.fact_table import FactTable
from index.knowledge import KnowledgeBase
from index.store import EdgeStore, Where
from service.replica import Follower, open_replica
from tests.index.test_knowledge import FakeEmbedder, document

MINE = Where({"audience": ["public", "network", "office:Fiscalía A"]})


def case(doc_id: str, visibility: str, office: str, purpose: str, origin: str) -> Any:
    """A one-passage case of `office` told by its sidecar: a form of exploitation and an origin."""
    told = document([f"Caso {doc_id}: trata con fines de explotación."], doc_id)
    metadata = {
        **told.metadata,
        "countries": [origin, "Argentina"],
        "visibility": visibility,
        "owner_office": office,
        "purpose": [purpose],
    }
    metadata["facts"] = {"facts": [{"field": "origin", "value": origin, "confidence": 0.9}]}
    return dataclasses.replace(told, metadata=metadata)


def base(folder: Path) -> tuple[KnowledgeBase, FactTable]:
    kb = KnowledgeBase(EdgeStore(folder), FakeEmbedder)
    table = FactTable(kb.store)  # type: ignore[arg-type]
    kb.watchers.append(table.forget)
    kb.add(case("a1", "network", "Fiscalía A", "forced_labour", "Bolivia"), "v1")
    kb.add(case("a2", "office", "Fiscalía A", "forced_labour", "Peru"), "v1")
    kb.add(case("b1", "office", "Fiscalía B", "sexual_exploitation", "Haiti"), "v1")
    kb.add(case("b2", "network", "Fiscalía B", "domestic_servitude", "Bolivia"), "v1")
    return kb, table


def test_a_case_the_caller_cannot_see_is_not_counted(tmp_path: Path) -> None:
    kb, table = base(tmp_path / "index")
    everything = table.tally(Where())  # the admin's view first: every row is in the table now
    assert everything.keys["exploitation=sexual_exploitation"] == 1 and everything.cases == 4
    mine = table.tally(MINE)
    assert mine.cases == 3 and mine.offices == {"Fiscalía A", "Fiscalía B"}
    assert "exploitation=sexual_exploitation" not in mine.keys  # B's office-only case
    assert "origin=Haiti" not in mine.keys
    assert mine.keys["origin=Bolivia"] == 2 and mine.keys["exploitation=forced_labour"] == 2
    assert summarise(mine, 1) == analyse(kb.store, MINE, 1)  # what the engine's facet counts
    kb.close()


@pytest.mark.slow  # nine writes, each flushed
def test_a_write_is_counted_right_after_it_lands(tmp_path: Path) -> None:
    kb, table = base(tmp_path / "index")
    assert table.tally(MINE).keys["origin=Bolivia"] == 2
    kb.correct("a1", {"case_facts": {"origin": ["Peru"]}})  # an editor's word on one case
    after = table.tally(MINE)
    assert after.keys["origin=Bolivia"] == 1 and after.keys["origin=Peru"] == 2
    kb.set_visibility("b1", "network", "Fiscalía B")  # B shares its case: A may count it now
    shared = table.tally(MINE)
    assert shared.cases == 4 and shared.keys["exploitation=sexual_exploitation"] == 1
    kb.add(case("a3", "network", "Fiscalía A", "forced_begging", "Ecuador"), "v1")
    kb.delete("b2")
    latest = table.tally(MINE)
    assert (
        latest.keys["exploitation=forced_begging"] == 1
        and "exploitation=domestic_servitude" not in latest.keys
    )
    assert latest == tally(kb.store, MINE)
    kb.close()


@pytest.mark.slow  # a reader's copy of the index
def test_a_reader_replaying_the_journal_counts_the_writers_writes(tmp_path: Path) -> None:
    kb, _ = base(tmp_path / "index")
    kb.store.publish()  # type: ignore[attr-defined]
    store, following = open_replica(tmp_path / "index", tmp_path / "reader", wait_seconds=5)
    reader = KnowledgeBase(store, FakeEmbedder)
    table = FactTable(store)
    reader.watchers.append(table.forget)
    follower = Follower(
        type("Library", (), {"kb": reader})(), tmp_path / "index", tmp_path / "reader", following
    )
    assert table.tally(MINE).keys["origin=Bolivia"] == 2
    kb.correct("a1", {"case_facts": {"origin": ["Peru"]}})
    kb.add(case("a3", "network", "Fiscalía A", "forced_begging", "Bolivia"), "v1")
    assert follower.step()
    counted = table.tally(MINE)
    assert counted.keys["origin=Peru"] == 2 and counted.keys["origin=Bolivia"] == 2
    assert counted.keys["exploitation=forced_begging"] == 1 and counted == tally(store, MINE)
    reader.close()
    kb.close()


@pytest.mark.slow
def test_the_table_is_filled_at_start_so_the_first_view_reads_nothing(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from casoteca.app import create_app
    from casoteca.settings import Settings
    from service import analysis
    from service.library import Library
    from tests.conftest import CASESTUDIES

    settings = Settings(data_dir=tmp_path / "data")
    library = Library(settings)
    library.ingest_paths([CASESTUDIES / "es-ecuador-mendicidad-forzada-ninos.txt"])
    library.close()
    app = create_app(settings)
    with TestClient(app):
        table = analysis._table(app.state.library.kb)
        assert table is not None
        for _ in range(200):  # the warm-up runs on its own thread
            if table._row:
                break
            time.sleep(0.05)
        assert len(table._row) == 1
        reads = []
        real = table._read
        table._read = lambda missing: (reads.append(list(missing)), real(missing))  # type: ignore[method-assign]
        assert table.tally(Where()).cases == 1
        assert reads == [[]]  # nothing left to read from the engine
