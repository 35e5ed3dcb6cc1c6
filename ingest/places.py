"""Where a sentence names a place: countries (CLDR names), first-level subdivisions (ISO 3166-2) and the
cities CLDR names time zones after, each with the country it is in and its position in the text, so the
words just before it can give it a role in a route."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from . import countries
from .countries import fold


@lru_cache(maxsize=1)
def cities() -> tuple[dict[tuple[str, ...], str], int]:
    """Cities a route names ("de Lima a Santiago", "Bogotá-Cancún") -> their country: CLDR's exemplar city
    of each time zone, in es/pt/en and as the zone names it. A name that is also a country's or that two
    countries share is left out."""
    from babel import Locale
    from babel.core import get_global

    table, _ = countries.gazetteer()
    english = Locale("en").territories
    locales = [Locale(lang).time_zones for lang in countries.LANGUAGES]
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for zone, code in get_global("zone_territories").items():
        if code in countries.NOT_COUNTRIES or code not in english or "/" not in zone:
            continue
        country = countries._canonical(code, english[code])
        names = {zone.rsplit("/", 1)[1].replace("_", " ")} | {
            names[zone]["city"] for names in locales if zone in names and names[zone].get("city")
        }
        for name in names:
            key = tuple(fold(t) for t in countries.WORD.findall(name))
            if key and len(name) > 3 and key not in table:
                owners[key].add(country)
    found = {key: next(iter(c)) for key, c in owners.items() if len(c) == 1}
    return found, max(len(key) for key in found)


def places(text: str) -> list[tuple[int, int, str]]:
    """(start, end, country) of every country, first-level subdivision or city named in `text` as a place."""
    table, longest = countries.gazetteer()
    regions, longest_region = countries.subdivisions()
    towns, longest_town = cities()
    matches = list(countries.WORD.finditer(text))
    tokens = [m.group(0) for m in matches]
    folded = [fold(t) for t in tokens]
    cased = [t.casefold() for t in tokens]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        if not tokens[i][:1].isupper():
            i += 1
            continue
        size, country = countries._longest(table, folded, i, longest)
        if country is None:
            size, country = countries._longest(regions, cased, i, longest_region)
        if country is None:
            size, country = countries._longest(towns, folded, i, longest_town)
        if country is not None and countries._counts(tokens, folded, i, size):
            out.append((matches[i].start(), matches[i + size - 1].end(), country))
        i += max(size, 1)
    return out
