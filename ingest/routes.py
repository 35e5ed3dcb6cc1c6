"""Countries by their role in a route (origin, transit, destination), read sentence by sentence from the
cue before each place a sentence names ("desde Bolivia", "passando por Lima", "towards Puerto Rico",
"de La Paz a Buenos Aires"). `ingest.facts` turns what this finds into facts with their evidence and
weighs the roles a whole document gives a country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import fact_cues
from .countries import fold
from .places import places

ROUTE_CUE = {
    role: re.compile(rf"\b(?:{cues}){fact_cues.FILLER}\s*$")
    for role, cues in (
        ("origin", fact_cues.ORIGIN_CUES),
        ("transit", fact_cues.TRANSIT_CUES),
        ("destination", fact_cues.DESTINATION_CUES),
        ("start", fact_cues.START_CUES),
    )
}
# "start": where a route or one of its legs begins; ingest.facts makes it the origin or a stop on the way.
CUE_CONFIDENCE = {"origin": 0.75, "transit": 0.7, "destination": 0.75, "start": 0.7}
PLAIN_TO = re.compile(rf"\b(?:{fact_cues.PLAIN_TO}){fact_cues.FILLER}\s*$")
MOVING = re.compile(rf"\b(?:{fact_cues.MOVE_VERBS})\b")
# "desde San Pedro Sula hasta la frontera norte de México": a route's start, even one the gazetteer does
# not know, makes the plain preposition after it a destination.
ROUTE_FROM = re.compile(
    rf"\b(?:desde|from)\b(?:\s+\S+){{1,4}}\s+(?:hasta|ate|to|a|al|para){fact_cues.FILLER}\s*$"
)
FROM_TO = re.compile(r"\b(?:de|desde|from|da|do)\s*$")
TO_AFTER = re.compile(r"^\W{0,3}\s*(?:a|al|hasta|para|to|hacia|rumbo a|ate)\s*$")
# "de La Paz a Santa Cruz de la Sierra": the route's start is named even when its end is a place the
# gazetteer does not know (a capitalised name right after "a", "to", "até").
TO_UNKNOWN = re.compile(r"^\s*(?:a|al|hasta|para|to|ate|até)\s+(?:[a-z]{1,3}\s+)?[A-ZÁÉÍÓÚÑ]")
# The names a cue and its place may have between them: another place in a list ("aliciados em El Alto e
# em La Paz", "hasta Tapachula y Veracruz") or a town followed by its country in brackets ("reclutados en
# Paita (Perú)", "comenzaba en Necoclí (Colombia)"), or a town and then its country ("desde Quito, no
# Equador", "from Quito, in Ecuador"). Matched on the text as written, capitals and all.
NAME = r"[A-ZÁÉÍÓÚÑ][\w’'\-]*"
LIST_TAIL = re.compile(
    rf"(?:{NAME}\s+){{0,3}}{NAME}(?:\s*\([^()]{{2,40}}\))?\s*(?:,|\by\b|\be\b|\band\b|\bor\b|\bo\b)\s*"
    r"(?:(?:en|em|in|no|na|a|al|ao|to|de|desde|from|por|para|hasta|ate)\s+)?$"
)
BRACKET_TAIL = re.compile(rf"(?:{NAME}\s+){{0,3}}{NAME}\s*\(\s*$")
# A sentence about money sent between countries ("remesas desde Estados Unidos hacia cobradores en
# Colombia", "envios de Madri para contas da aliciadora") tells the money's route, not the people's.
MONEY = re.compile(
    r"\b(?:remesas?|remessas?|remittances?|transferencias?|giros?|envios de dinero|"
    r"envios|depositos|money transfers?|wire transfers?|transfers of money|dinero enviado|"
    r"dinheiro enviado)\b"
)
# "cruzaban a Guatemala, y luego ... hasta Veracruz": a country reached before "then" and a further
# destination is a stop on the way.
THEN = re.compile(
    r"\b(?:luego|despues|depois|then|onward|de alli|de ahi|desde alli|dali|de la|from there|"
    r"em seguida|a seguir|posteriormente|later)\b"
)

ONWARD = re.compile(rf"\b(?:hasta|hacia|to|para|até|ate|a|into)\s+(?:the\s+)?{NAME}")


@dataclass
class Role:
    role: str  # origin | transit | destination | start
    country: str
    confidence: float
    start: int  # where the place is named in the sentence


def roles(sentence: str) -> list[Role]:
    """The countries `sentence` gives a role in a route, in the order it names them."""
    folded = fold(sentence)
    if MONEY.search(folded):
        return []
    named = places(sentence)
    found: list[Role] = []
    for k, (start, end, country) in enumerate(named):
        before = fold(_strip_names(sentence[max(0, start - 90) : start]))
        role = next((r for r, cue in ROUTE_CUE.items() if cue.search(before)), None)
        plain_to = PLAIN_TO.search(before)
        # "de Lima" starts a route; "a la frontera norte de México" does not
        from_here = FROM_TO.search(before) and not plain_to
        if role is not None:
            found.append(Role(role, country, CUE_CONFIDENCE[role], start))
        elif plain_to and (MOVING.search(before[-60:]) or ROUTE_FROM.search(before)) and not from_here:
            found.append(Role("destination", country, 0.6, start))
        if not from_here:
            continue
        after = sentence[end : named[k + 1][0]] if k + 1 < len(named) else sentence[end : end + 40]
        if k + 1 < len(named) and TO_AFTER.match(fold(after)) and named[k + 1][2] != country:
            found.append(Role("origin", country, 0.85, start))
            found.append(Role("destination", named[k + 1][2], 0.85, named[k + 1][0]))
        elif TO_UNKNOWN.match(after) and MOVING.search(fold(sentence[:start])):
            found.append(Role("origin", country, 0.75, start))
    return _stops(found, sentence)


def _strip_names(before: str) -> str:
    """The words before a place without the names that stand between it and its cue."""
    for _ in range(3):
        stripped = BRACKET_TAIL.sub("", before)
        stripped = LIST_TAIL.sub("", stripped) if stripped == before else stripped
        if stripped == before:
            break
        before = stripped
    return before


def _stops(found: list[Role], sentence: str) -> list[Role]:
    """A destination followed, after "then", by another country's destination or by a move on to another
    named place ("cruzaban a Guatemala, y luego ... hasta Tapachula") is a transit stop."""
    out = list(found)
    destinations = [r for r in found if r.role == "destination"]
    for first in destinations:
        later = [r for r in destinations if r.start > first.start and r.country != first.country]
        rest = sentence[first.start : later[0].start] if later else sentence[first.start :]
        then = THEN.search(fold(rest))
        if then and (later or ONWARD.search(rest[then.end() :])):
            out[out.index(first)] = Role("transit", first.country, 0.65, first.start)
    return out
