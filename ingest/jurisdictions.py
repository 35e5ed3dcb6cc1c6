"""The country whose courts or legislature issued a judgment or a law, from the names only that country's
system uses.

A judgment seldom names its own country: an Argentine federal court prints "Poder Judicial de la Nación",
a Spanish one "Audiencia Provincial", a Brazilian one "Vara Criminal" and a CNJ number, an English one a
neutral citation. These names and shapes are read in the document's head (accents and case ignored) and
weigh for the country as its name in the head would. A name two countries' systems share ("Corte Suprema
de Justicia", "Sala de lo Penal", "Tribunal Superior") is not here.
"""

from __future__ import annotations

import re
from collections import Counter

from .countries import HEAD_WEIGHT, fold

# (country, pattern on the folded head). One pattern per institution or shape, so that a caption naming
# the same court twice does not count twice.
MARKERS: tuple[tuple[str, str], ...] = (
    ("Argentina", r"\bpoder judicial de la nacion\b"),
    ("Argentina", r"\btribunal oral en lo (?:criminal|penal)\b"),
    ("Argentina", r"\bcamara (?:nacional|federal) de (?:casacion|apelaciones)\b"),
    ("Argentina", r"\bjuzgado (?:nacional|federal) en lo (?:criminal|penal)\b"),
    ("Argentina", r"\bcorte suprema de justicia de la nacion\b"),
    ("Brazil", r"\b\d{7}-\d{2}\.\d{4}\.\d\.\d{2}\.\d{4}\b"),  # the CNJ's unified case number
    ("Brazil", r"\b\d{1,2}\s?[ao]? vara (?:criminal|federal|civel|do juri)|\bvara (?:criminal|federal)\b"),
    ("Brazil", r"\btribunal de justica do estado\b|\btribunal regional (?:federal|do trabalho)\b"),
    ("Brazil", r"\bsuperior tribunal de justica\b|\bsupremo tribunal federal\b"),
    ("Brazil", r"\bministerio publico federal\b|\bjustica publica\b"),
    ("Brazil", r"\bdecreto-lei n|\bcasa civil\b.{0,80}\bsubchefia\b"),
    ("Chile", r"\btribunal de juicio oral en lo penal\b|\bjuzgado de garantia\b"),
    ("Chile", r"\bruc:? \d{8,10}-[\dk]\b"),
    ("Colombia", r"\bpenal (?:municipal|del circuito)\b|\btribunal superior del distrito judicial\b"),
    ("Colombia", r"\brama judicial del poder publico\b|\bfiscalia general de la nacion\b"),
    ("Ecuador", r"\bunidad judicial\b|\btribunal de garantias penales\b"),
    ("Ecuador", r"\bcodigo organico integral penal\b|\bcoip\b"),
    ("Mexico", r"\bjuzgado \w+ de distrito\b|\btribunal colegiado de circuito\b"),
    ("Mexico", r"\bpoder judicial de la federacion\b|\bsuprema corte de justicia de la nacion\b"),
    ("Mexico", r"\bdiario oficial de la federacion\b|\bestados unidos mexicanos\b"),
    ("Mexico", r"\bcongreso de la union\b|\bministerio publico de la federacion\b"),
    ("Peru", r"\bcorte superior de justicia de\b|\bjuzgado penal colegiado\b"),
    ("Peru", r"\bsala penal de apelaciones\b|\bjuzgado de investigacion preparatoria\b"),
    ("Peru", r"\b\d{5}-\d{4}-\d{1,3}-\d{4}-jr-pe-\d{2}\b"),  # the judiciary's file number
    ("Portugal", r"\btribunal da relacao\b|\bjuizo (?:central|local) criminal\b"),
    ("Portugal", r"\btribunal judicial da comarca\b|\bsupremo tribunal de justica\b"),
    ("Portugal", r"\b\d{1,6}/\d{2}\.\d[a-z]{3,7}\b"),  # the process number (NUIPC)
    ("Portugal", r"\barguid[oa]s?\b"),
    ("Spain", r"\baudiencia (?:provincial|nacional)\b|\btribunal supremo\W+sala de lo penal\b"),
    ("Spain", r"\becli:es:|\bid cendoj\b|\broj: "),
    ("Spain", r"\bjuzgado de lo penal\b|\ben nombre del rey\b"),
    ("United Kingdom", r"\[(?:19|20)\d\d\] (?:ewca|ewhc|uksc|ukhl|ewcrim)\b"),
    ("United Kingdom", r"\bcrown court\b|\broyal courts of justice\b|\bmagistrates'? court\b"),
    ("United Kingdom", r"\bcourt of appeal \(criminal division\)|\bmodern slavery act 2015\b"),
    ("United States", r"\bunited states (?:district court|court of appeals|bankruptcy court)\b"),
    ("United States", r"\bfederal bureau of prisons\b|\bin congress assembled\b"),
)
COMPILED = tuple((country, re.compile(pattern)) for country, pattern in MARKERS)


def court_countries(head: str) -> Counter[str]:
    """Each country whose court or legislature names appear in `head`, weighed as that many mentions of
    its name in a head."""
    folded = fold(head)
    found: Counter[str] = Counter()
    for country, pattern in COMPILED:
        if pattern.search(folded):
            found[country] += HEAD_WEIGHT
    return found
