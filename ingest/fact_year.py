"""The year of a case's facts among the years its text names.

A text names many years that are not when the facts happened: a decade it sets them against ("desde o
final dos anos 1990", "the 1990s"), the date of a law or treaty it cites ("Lei nº 13.344/2016", "Ley
26.364 de 2008", "the Palermo Protocol of 2000"), a person's birth ("nacida en 1990", "born in 1990").
Those are left out. A year long before the document's own is doubtful too (a trafficking case comes to
court or to a report within years, not decades): it is left out when the document's year is known.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Texts are folded (lower case, no accents) before they get here.
YEAR = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")
# A decade, not a year: "anos 1990", "decada de 1990", "los 2000", "the 1990s", "1990's".
DECADE = re.compile(r"\b(?:anos|decadas?\s+de|los|las|os|as)\s+(?:19|20)\d0\b|\b(?:19|20)\d0'?s\b")
# A law, decree, code or treaty (up to two more words of its name, its number) and the year that dates it:
# "lei no 13.344/2016", "ley 26.364 de 2008", "ley 26.364 del 29 de abril de 2008", "law no. 20.507 of
# 2011", "codigo penal de 1940", "protocolo de palermo (2000)".
INSTRUMENT = (
    r"ley|lei|law|act|acto|decreto(?:-lei| ley)?|decree|codigo|code|protocolo|protocol|convencion|convencao|"
    r"convention|tratado|treaty|resolucion|resolucao|resolution|portaria|reglamento|regulation|"
    r"constitucion|constituicao|constitution|estatuto|statute"
)
DATED_INSTRUMENT = re.compile(
    rf"\b(?:{INSTRUMENT})\b(?:\s+(?:(?:de|del|da|do|of)\s+)?[a-z]+){{0,2}}"
    r"(?:\s+(?:no\.?|n\.o|numero|nr\.?))?(?:\s*\d[\d.\-]*)?"
    r"\s*(?:/|\(|\bde\b|\bdel\b|\bof\b|\bfrom\b)\s*(?:\d{1,2}\s+(?:de\s+)?[a-z]+\s+(?:de\s+)?)?$"
)
# "nacida en 1990", "nascido em 12 de maio de 1990", "born in 1990", "fecha de nacimiento: 1990".
BIRTH = re.compile(r"\b(?:nacid[oa]s?|nascid[oa]s?|born|nacimiento|nascimento|birth)\b[^.;\n]{0,30}$")
# How many years before the document's own a year of the facts is still believable.
FAR = 15


def candidates(folded: str, latest: int | None = None) -> list[tuple[int, int]]:
    """(year, offset) of each year in a folded sentence that may date the facts: no decade, no date of
    a law or of a birth, not after the document's own year `latest` nor more than FAR years before it."""
    out = []
    for match in YEAR.finditer(folded):
        year, start = int(match.group(1)), match.start()
        around = folded[max(0, start - 30) : match.end() + 2]
        if any(d.start() <= start - max(0, start - 30) < d.end() for d in DECADE.finditer(around)):
            continue
        before = folded[max(0, start - 80) : start]
        if DATED_INSTRUMENT.search(before) or BIRTH.search(before):
            continue
        if latest is not None and not latest - FAR <= year <= latest:
            continue
        out.append((year, start))
    return out


def earliest(sentences: Sequence[str], latest: int | None = None) -> tuple[int, int] | None:
    """The earliest year that may date the facts in these folded sentences, and the index of the sentence
    that names it; None when none does."""
    best: tuple[int, int] | None = None
    for n, folded in enumerate(sentences):
        for year, _ in candidates(folded, latest):
            if best is None or year < best[0]:
                best = (year, n)
    return best
