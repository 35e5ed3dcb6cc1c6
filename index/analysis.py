"""The base as patterns across countries: cases counted by year and form of exploitation, countries by role,
routes, sectors, victims, outcomes, sentence lengths and provisions cited.

Every count is over the first passages of live documents that the engine selects with the filter of the
request and the caller's access inside it (`index.facts` writes the `fact_*` fields there), so a case the
caller cannot see is never counted: `tally` is three engine queries (a count, a facet of every case's
"field=value" keys, the owner offices); `index.fact_table.FactTable` sums the same keys from memory over
the ids the engine selects (what the service uses on the embedded store: about 6x less CPU). A view
whose cases belong to more than one office hides every count below `min_count` and says so
(`suppressed`), as the CTDC dashboards do, so a small count cannot point at one office's case.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .facts import KEYS_FIELD
from .knowledge import LIVE
from .store import Store, Where

LIMIT = 60  # values per view (countries, routes, provisions...)
CROSSED = 8  # forms of exploitation shown by year
MAX_KEYS = 20_000  # distinct "field=value" keys counted in one facet (far more than a base holds)
VIEWS = (
    "by_year",
    "countries",
    "routes",
    "exploitation",
    "sectors",
    "means",
    "victims",
    "offenders",
    "outcomes",
    "sentences",
    "provisions",
)


@dataclass
class Analysis:
    """The aggregates of one view; every list is of {"value"/named keys, "cases"} rows, largest first."""

    cases: int | None
    by_year: list[dict[str, Any]] = field(default_factory=list)
    countries: list[dict[str, Any]] = field(default_factory=list)
    routes: list[dict[str, Any]] = field(default_factory=list)
    legs: list[dict[str, Any]] = field(default_factory=list)
    exploitation: list[dict[str, Any]] = field(default_factory=list)
    sectors: list[dict[str, Any]] = field(default_factory=list)
    means: list[dict[str, Any]] = field(default_factory=list)
    victims: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    offenders: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)
    provisions: list[dict[str, Any]] = field(default_factory=list)
    suppressed: bool = False
    min_count: int = 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def cases_filter(where: Where) -> Where:
    """One point per live case: the first passage carries the case's facts."""
    return where.also(order=0, state=LIVE)


@dataclass
class Tally:
    """The raw counts of one set of cases: how many, each "field=value" key's cases, their owner offices.
    Tallies of disjoint sets (one per audience: a case has one) add up to the tally of their union."""

    cases: int = 0
    keys: dict[str, int] = field(default_factory=dict)
    offices: set[str] = field(default_factory=set)

    def __add__(self, other: Tally) -> Tally:
        keys = dict(self.keys)
        for key, n in other.keys.items():
            keys[key] = keys.get(key, 0) + n
        return Tally(self.cases + other.cases, keys, self.offices | other.offices)


def tally(store: Store, where: Where) -> Tally:
    """Three engine queries over the cases `where` selects (it holds the caller's access): a count, one
    facet of every case's "field=value" keys, and the owner offices."""
    cases = cases_filter(where)
    total = store.count(cases)
    if not total:
        return Tally()
    keys = {str(key): n for key, n in store.facet(KEYS_FIELD, cases, limit=MAX_KEYS)}
    offices = {str(value) for value, _ in store.facet("owner_office", cases, limit=1_000)}
    return Tally(total, keys, offices)


def analyse(store: Store, where: Where, min_count: int = 1, shared: bool = False) -> Analysis:
    """The aggregates of the cases `where` selects (it holds the caller's access). With `shared` (a view
    across offices) counts below `min_count` are left out and `suppressed` says so."""
    return summarise(tally(store, where), min_count, shared)


def summarise(found: Tally, min_count: int = 1, shared: bool = False) -> Analysis:
    """Every view of a tally, largest first, with small counts left out of a shared view."""
    floor = min_count if shared else 1
    total = found.cases
    if total < floor:
        return Analysis(cases=None, suppressed=total > 0, min_count=floor)
    counted: dict[str, list[tuple[str, int]]] = {}
    dropped = False
    for key, n in found.keys.items():
        name, _, value = key.partition("=")
        if n < floor:
            dropped = True
            continue
        counted.setdefault(name, []).append((value, n))

    def rows(name: str, limit: int = LIMIT) -> list[tuple[str, int]]:
        return sorted(counted.get(name, []), key=lambda item: (-item[1], item[0]))[:limit]

    out = Analysis(cases=total, min_count=floor)
    crossed: dict[str, dict[str, int]] = {}
    for pair, n in counted.get("year_form", []):
        year, _, form = pair.partition("|")
        crossed.setdefault(year, {})[form] = n
    forms = {form for form, _ in rows("exploitation", CROSSED)}
    out.by_year = sorted(
        (
            {
                "year": int(year),
                "cases": n,
                "exploitation": {f: c for f, c in crossed.get(year, {}).items() if f in forms},
            }
            for year, n in rows("year", 200)
            if year.isdigit()
        ),
        key=lambda row: row["year"],
    )
    roles: dict[str, dict[str, int]] = {}
    for role in ("origin", "transit", "destination"):
        for country, n in rows(role):
            roles.setdefault(country, {"origin": 0, "transit": 0, "destination": 0})[role] = n
    out.countries = sorted(
        ({"country": c, **r} for c, r in roles.items()),
        key=lambda row: (-(row["origin"] + row["transit"] + row["destination"]), row["country"]),
    )
    out.routes = [{"origin": a, "destination": b, "cases": n} for a, b, n in _pairs(rows("route"))]
    out.legs = [{"from": a, "to": b, "cases": n} for a, b, n in _pairs(rows("leg"))]
    out.exploitation = _named(rows("exploitation"))
    out.sectors = _named(rows("sector"))
    out.means = _named(rows("means"))
    out.victims = {
        "sex": _named(rows("victim_sex")),
        "age": _named(rows("victim_age")),
        "nationality": _named(rows("victim_nationality")),
        "count": _named(rows("victims")),
    }
    out.offenders = {"roles": _named(rows("offender_role")), "count": _named(rows("offenders"))}
    out.outcomes = _named(rows("outcome"))
    out.sentences = sorted(_named(rows("sentence")), key=lambda row: _band_start(row["value"]))
    out.provisions = _named(rows("provision", limit=40))
    out.suppressed = dropped
    return out


def _named(found: list[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"value": value, "cases": n} for value, n in found]


def _pairs(found: list[tuple[str, int]]) -> list[tuple[str, str, int]]:
    return [(*value.split(">", 1), n) for value, n in found if ">" in value]  # type: ignore[misc]


def _band_start(label: str) -> int:
    digits = label.split("-")[0].rstrip("+")
    return int(digits) if digits.isdigit() else 0


def offices(store: Store, where: Where) -> list[str]:
    """The owner offices of the cases `where` selects (to tell a view of one office from a shared one)."""
    return [str(value) for value, _ in store.facet("owner_office", cases_filter(where), limit=1_000)]


def matching(store: Store, where: Where, limit: int = 200) -> list[dict[str, Any]]:
    """The cases `where` selects, with their record (title, countries, year and the facts with evidence)."""
    hits, _ = store.scroll(cases_filter(where), limit=limit)
    return [h.payload for h in hits]
