"""Every view of /analysis at 10k documents of synthetic facts in an embedded Qdrant Edge store: p50 and
p95 (wall) and the CPU time per call, with a reader's access filter and a search filter, of the two ways
to count, run interleaved in the same process so that the machine's load weighs on both alike:

- `facet` (the baseline): `index.analysis.analyse`, a count, one facet of every case's "field=value" keys
  and the owner offices, computed by the engine;
- `table` (what the service uses on an embedded store): the ids the engine selects, counted over
  `index.fact_table.FactTable`; also cold (every row read) and right after a write (one case forgotten).

Both must give the same aggregates (checked). Then baselines of single facet queries, what the page does
besides (every view drawn as SVG, one export as PNG) and, to show why service/analysis.py keeps one tally
per filter rather than one per audience summed, the per-audience way with the facet.

    .venv/bin/python bench/analysis_speed.py [--documents 10000] [--passages 3] [--runs 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.analysis import Tally, analyse, cases_filter, summarise, tally
from index.fact_table import FactTable
from index.facts import FIELDS, KEYS_FIELD, PAYLOAD_FIELDS
from index.sparse import Sparse
from index.store import EdgeStore, Point, Where

COUNTRIES = [
    "Argentina",
    "Bolivia",
    "Brazil",
    "Chile",
    "Colombia",
    "Ecuador",
    "Guatemala",
    "Honduras",
    "Mexico",
    "Panama",
    "Paraguay",
    "Peru",
    "Venezuela",
    "Haiti",
    "Dominican Republic",
    "Spain",
    "Portugal",
    "United States",
    "Costa Rica",
    "Nicaragua",
]
FORMS = [
    "forced_labour",
    "sexual_exploitation",
    "domestic_servitude",
    "forced_begging",
    "smuggling",
    "child_trafficking",
    "forced_criminality",
]
MEANS = ["deception", "debt_bondage", "document_retention", "threat", "force", "abuse_of_vulnerability"]
SECTORS = ["textile", "mining", "agriculture", "fishing", "sex_industry", "online", "domestic_work"]
AUDIENCES = ["public", "network", "office:A", "office:B", "office:C"]
DIMENSION = 16


def facts(rng: random.Random) -> dict[str, object]:
    origin, destination = rng.sample(COUNTRIES, 2)
    transit = rng.sample([c for c in COUNTRIES if c not in (origin, destination)], rng.randint(0, 1))
    payload: dict[str, object] = {name: [] for name in PAYLOAD_FIELDS}
    payload.update(
        {
            FIELDS["origin"]: [origin],
            FIELDS["destination"]: [destination],
            FIELDS["transit"]: transit,
            FIELDS["route"]: [f"{origin}>{destination}"],
            FIELDS["leg"]: [f"{origin}>{destination}"],
            FIELDS["exploitation"]: rng.sample(FORMS, rng.randint(1, 2)),
            FIELDS["means"]: rng.sample(MEANS, 2),
            FIELDS["sector"]: rng.sample(SECTORS, 1),
            FIELDS["victim_sex"]: rng.sample(["female", "male"], 1),
            FIELDS["victim_age"]: rng.sample(["minor", "adult"], 1),
            FIELDS["victim_nationality"]: [origin],
            FIELDS["outcome"]: [rng.choice(["conviction", "acquittal", "other"])],
            FIELDS["sentence"]: [rng.choice(["0-4", "5-9", "10-14", "15-19", "20+"])],
            FIELDS["year"]: [str(rng.randint(2005, 2024))],
            FIELDS["provision"]: [f"CP art. {rng.randint(140, 160)}"],
            FIELDS["victims"]: ["2-4"],
        }
    )
    by_field = {field: name for name, field in FIELDS.items()}
    keys = [
        f"{by_field[field]}={value}"
        for field, values in payload.items()
        if field in by_field
        for value in values
    ]  # type: ignore[attr-defined]
    keys += [f"year_form={payload[FIELDS['year']][0]}|{form}" for form in payload[FIELDS["exploitation"]]]  # type: ignore[index,attr-defined]
    payload[KEYS_FIELD] = keys
    return payload


def build(store: EdgeStore, documents: int, passages: int, rng: random.Random) -> None:
    store.create("bench-random", DIMENSION)
    batch: list[Point] = []
    for n in range(documents):
        doc_id = str(uuid.uuid4())
        common = {
            "doc_id": doc_id,
            "state": "live",
            "audience": rng.choice(AUDIENCES),
            "owner_office": rng.choice("ABC"),
            "countries": rng.sample(COUNTRIES, 2),
            "kind": rng.choice(["judgment", "case_brief", "report"]),
            "year": rng.randint(2005, 2024),
        }
        for order in range(passages):
            payload = {**common, "order": order, "text": f"passage {order} of case {n}"}
            if order == 0:
                payload.update(facts(rng))
            vector = [rng.random() for _ in range(DIMENSION)]
            batch.append(Point(str(uuid.uuid4()), vector, Sparse([n % 1000], [1.0]), payload))
        if len(batch) >= 2_000:
            store.upsert(batch)
            batch = []
    if batch:
        store.upsert(batch)
    store.flush()


def timed(function: object, runs: int) -> tuple[list[float], float]:
    """Wall times (ms) of each run, and the CPU time (ms) per run of this process."""
    out = []
    cpu = time.process_time()
    for _ in range(runs):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        out.append((time.perf_counter() - started) * 1000)
    return out, (time.process_time() - cpu) * 1000 / runs


def interleaved(functions: dict[str, object], runs: int) -> dict[str, tuple[list[float], float]]:
    """Like `timed`, each function once per round in turn, so that both feel the same load."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    cpu = dict.fromkeys(functions, 0.0)
    for _ in range(runs):
        for name, function in functions.items():
            started, used = time.perf_counter(), time.process_time()
            function()  # type: ignore[operator]
            cpu[name] += time.process_time() - used
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: (times[name], cpu[name] * 1000 / runs) for name in functions}


def compare(store: EdgeStore, table: FactTable, name: str, where: Where, runs: int) -> None:
    """The facet and the table on one filter, interleaved; their aggregates must agree."""
    before, after = analyse(store, where, 3, shared=True), summarise(table.tally(where), 3, shared=True)
    assert before == after, f"{name}: the table counts otherwise than the facet"
    measured = interleaved(
        {
            "facet": lambda: analyse(store, where, 3, shared=True),
            "table": lambda: summarise(table.tally(where), 3, shared=True),
        },
        runs,
    )
    for way, numbers in measured.items():
        print(line(f"every view, {name} [{way}]", numbers))


def line(name: str, measured: tuple[list[float], float]) -> str:
    times, cpu = measured
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{name:<56} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   CPU {cpu:6.1f} ms"


def page_flow(store: EdgeStore, offices: str, runs: int) -> None:
    """What /analysis costs beyond the counts (the drawing, a PNG export), and per-audience tallies kept
    between requests and summed per reader (the alternative service/analysis.py does not take)."""
    from web.analysis_pages import views
    from web.png import to_png

    kept: dict[str, Tally] = {}

    def view_of(office: str, draw: bool = True) -> None:
        parts = [f"office:{office}", "public", "network"]
        found = Tally()
        for audience in parts:
            if audience not in kept:
                kept[audience] = tally(store, Where({"audience": audience}))
            found = found + kept[audience]
        result = summarise(found, 3, shared=True)
        if draw:
            views(result, [], "es")

    result = analyse(store, Where({"audience": ["public", "network", "office:A"]}), 3, shared=True)
    views(result, [], "es")  # the country shapes read and projected once per process
    print(
        line("page: every view drawn as SVG (aggregates given)", timed(lambda: views(result, [], "es"), runs))
    )
    svg = views(result, [], "es")["map-world"]
    print(line("export: the world map as PNG (resvg)", timed(lambda: to_png(svg), max(3, runs // 5))))

    def first_then_others() -> None:
        kept.clear()
        for office in offices:
            view_of(office)

    measured = timed(first_then_others, max(3, runs // 5))
    print(line(f"per audience: cold, then readers of {len(offices) - 1} other offices", measured))
    print(
        line(
            "per audience: another office's reader (public, network kept)",
            timed(lambda: (kept.pop("office:C", None), view_of("C")), runs),
        )
    )
    print(line("page: the same view again (tallies kept), drawn", timed(lambda: view_of("A"), runs)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument(
        "--passages", type=int, default=3, help="passages per document (only the first has facts)"
    )
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        store = EdgeStore(Path(folder) / "index")
        started = time.perf_counter()
        build(store, args.documents, args.passages, rng)
        print(
            f"{args.documents} documents, {args.documents * args.passages} points, built in "
            f"{time.perf_counter() - started:.1f} s"
        )
        reader = Where({"audience": ["public", "network", "office:A"]})
        narrowed = reader.also(kind=["judgment", "case_brief"])
        analyse(store, reader, 3, shared=True)  # warm up
        table = FactTable(store)
        print(line("table: first tally (every case read)", timed(lambda: table.tally(reader), 1)))
        compare(store, table, "admin, no filter", Where(), args.runs)
        compare(store, table, "reader's access, shared (k=3)", reader, args.runs)
        compare(store, table, "reader + kind filter", narrowed, args.runs)
        compare(
            store, table, "another office's reader", Where({"audience": ["public", "office:B"]}), args.runs
        )
        some = [h.payload["doc_id"] for h in store.scroll(cases_filter(reader), limit=args.runs)[0]]

        def after_a_write() -> None:
            table.forget({some.pop()})
            summarise(table.tally(reader), 3, shared=True)

        print(line("every view, reader, right after a write [table]", timed(after_a_write, len(some))))
        print(
            line(
                "baseline: one facet (origin), reader's access",
                timed(lambda: store.facet(FIELDS["origin"], cases_filter(reader)), args.runs),
            )
        )
        print(
            line(
                "baseline: one facet per field (27 queries), reader",
                timed(
                    lambda: [
                        store.facet(field, cases_filter(reader), limit=60)
                        for field in FIELDS.values()
                        for _ in range(1 + (field == FIELDS["year"]) * 8)
                    ],
                    args.runs,
                ),
            )
        )
        result = analyse(store, reader, 3, shared=True)
        print(f"cases counted for the reader: {result.cases}; routes: {len(result.routes)}")
        page_flow(store, "ABC", args.runs)
        store.close()


if __name__ == "__main__":
    main()
