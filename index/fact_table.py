"""Every case's facts in memory, so that counting a view of /analysis is a list of ids from the engine and a
sum over the table, not a facet the engine computes over every case's keys.

The engine still decides which cases are counted: `tally` asks it for the ids of the first passages that
the request's filter selects, with the caller's access inside it, and counts only those; a case the
caller cannot see never leaves the engine. The table only holds, by point id, the case's "field=value"
keys (`index.facts.KEYS_FIELD`) and its owner office, read from the engine the first time the engine
names the point. A write forgets the rows of the documents it touched (`forget`, which the knowledge
base calls after every write, in the writer and in the readers that replay its journal), so the next
tally reads them again: a write is counted as soon as it has landed.

Only for a store this process writes alone (the embedded one): with a Qdrant server, other processes
write too, and their writes would not reach `forget`; the service counts with the engine's facet there.
At 10k cases, bench/analysis_speed.py measured the facet at about 95 ms of CPU per view and this about
15 ms.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

import numpy as np

from .analysis import Tally, cases_filter
from .facts import KEYS_FIELD
from .store import EdgeStore, Where

READ = ("doc_id", KEYS_FIELD, "owner_office")
# Points read from the engine in one call when the table meets ids it does not hold.
READ_BATCH = 1_000


class FactTable:
    """The keys and owner office of every case the engine has named, by point id (see the module)."""

    def __init__(self, store: EdgeStore) -> None:
        self.store = store
        self._lock = threading.RLock()
        self._names: dict[str, int] = {}  # "field=value" -> column
        self._keys: list[str] = []  # column -> "field=value"
        self._offices: dict[str, int] = {}
        self._office_names: list[str] = []
        self._reset()

    def _reset(self) -> None:
        self._row: dict[str, int] = {}  # point id -> row
        self._of_doc: dict[str, list[str]] = {}  # document -> its point ids in the table
        self._row_keys: list[np.ndarray] = []  # row -> its columns
        self._row_office: list[int] = []
        self._packed: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def forget(self, doc_ids: Iterable[str] | None) -> None:
        """A write touched these documents (None: any of them, e.g. a switch to a new version): their rows
        are read again when the engine names them next."""
        with self._lock:
            if doc_ids is None:
                self._reset()
                return
            for doc_id in doc_ids:
                for id_ in self._of_doc.pop(doc_id, []):
                    self._row.pop(id_, None)  # the row itself stays, unreachable, until the table is packed
            self._packed = None

    def tally(self, where: Where) -> Tally:
        """The tally of the cases `where` selects (it holds the caller's access), as
        `index.analysis.tally` counts it in the engine."""
        ids = self.store.ids(cases_filter(where))
        if not ids:
            return Tally()
        with self._lock:
            self._read([id_ for id_ in ids if id_ not in self._row])
            flat, row_of, office = self._pack()
            rows = np.fromiter((self._row[id_] for id_ in ids if id_ in self._row), np.int64)
        chosen = np.zeros(len(office), dtype=bool)
        chosen[rows] = True
        counts = np.bincount(flat[chosen[row_of]], minlength=len(self._keys))
        keys = {self._keys[column]: int(counts[column]) for column in np.flatnonzero(counts)}
        offices = {self._office_names[n] for n in np.unique(office[rows])}
        return Tally(len(rows), keys, offices)

    def _read(self, missing: list[str]) -> None:
        """Rows for points the table does not hold yet (new cases, or rows a write made it forget). Under
        the lock, so that a `forget` of the same document waits until the row it must drop is in."""
        for start in range(0, len(missing), READ_BATCH):
            for hit in self.store.retrieve(missing[start : start + READ_BATCH], fields=READ):
                self._add(hit.id, hit.payload)

    def _add(self, id_: str, payload: dict[str, Any]) -> None:
        columns = [self._column(str(key)) for key in payload.get(KEYS_FIELD) or []]
        office = str(payload.get("owner_office") or "")
        if office not in self._offices:
            self._offices[office] = len(self._office_names)
            self._office_names.append(office)
        self._row[id_] = len(self._row_keys)
        self._of_doc.setdefault(str(payload.get("doc_id", "")), []).append(id_)
        self._row_keys.append(np.array(columns, dtype=np.int32))
        self._row_office.append(self._offices[office])
        self._packed = None

    def _column(self, key: str) -> int:
        found = self._names.get(key)
        if found is None:
            found = self._names[key] = len(self._keys)
            self._keys.append(key)
        return found

    def _pack(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every row's columns in one array, the row of each entry, and each row's office; rows no point
        names any more are dropped first when they have piled up."""
        if self._packed is None:
            if len(self._row_keys) > 2 * len(self._row) + 1_000:
                self._compact()
            lengths = np.fromiter((len(keys) for keys in self._row_keys), np.int64, len(self._row_keys))
            flat = np.concatenate(self._row_keys) if self._row_keys else np.zeros(0, np.int32)
            row_of = np.repeat(np.arange(len(self._row_keys)), lengths)
            self._packed = (flat, row_of, np.array(self._row_office, dtype=np.int32))
        return self._packed

    def _compact(self) -> None:
        live = sorted(self._row.items(), key=lambda item: item[1])
        self._row_keys = [self._row_keys[row] for _, row in live]
        self._row_office = [self._row_office[row] for _, row in live]
        self._row = {id_: n for n, (id_, _) in enumerate(live)}


def table_for(store: Any) -> FactTable | None:
    """A table for a store this process writes alone (the embedded one), else None (see the module)."""
    return FactTable(store) if isinstance(store, EdgeStore) else None
