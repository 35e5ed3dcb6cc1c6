"""Where a sentence names a place: countries (CLDR names), first-level subdivisions (ISO 3166-2), the
cities CLDR names time zones after, and a country's land named by its adjective ("en territorio
panameño", "a fronteira brasileira", "Mexican soil"), each with the country it is in and its position in
the text, so the words just before it can give it a role in a route."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from . import countries, fact_cues
from .countries import fold

# The land, border, coast or waters of a country, named by its adjective: the noun before it in Spanish and
# Portuguese, after it in English.
LAND = (
    r"territorios?|suelo|solo|frontera|fronteira|lado|costas?|aguas|aguas territoriales|selva|"
    r"espacio aereo|espaco aereo|interior"
)
LAND_EN = r"territory|soil|border|side of the border|coast|waters|territorial waters|jungle|airspace"


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


@lru_cache(maxsize=1)
def _lands() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for country, demonym in fact_cues.DEMONYMS.items():
        # The adjective agrees with its noun ("territorio panameño", "tierras panameñas"), but a plural
        # person noun is no land ("los panameños"): only the forms right after a land noun count.
        out.append((re.compile(rf"\b(?:{LAND})\s+(?:{demonym})\b"), country))
        out.append((re.compile(rf"\b(?:{demonym})\s+(?:{LAND_EN})\b"), country))
    return out


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` folded (`countries.fold`) and, for each folded character, where it stands in `text`."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for folded in fold(ch):
            chars.append(folded)
            where.append(i)
    return "".join(chars), where


def lands(text: str) -> list[tuple[int, int, str]]:
    """(start, end, country) of every country's land `text` names by its adjective ("hasta la comunidad de
    Bajo Chiquito, en territorio panameño", "cruzaron a território brasileiro", "on Mexican soil")."""
    folded, where = _folded(text)
    found = []
    for pattern, country in _lands():
        for match in pattern.finditer(folded):
            found.append((where[match.start()], where[match.end() - 1] + 1, country))
    return found


def places(text: str) -> list[tuple[int, int, str]]:
    """(start, end, country) of every country, first-level subdivision, city or land by its adjective
    named in `text` as a place, in the order the text names them."""
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
    named = [span for span in lands(text) if not any(s < span[1] and span[0] < e for s, e, _ in out)]
    return sorted(out + named)
