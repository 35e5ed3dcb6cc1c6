"""Whether a document is about human trafficking or migrant smuggling, from the names of the crimes it uses.

The two are told apart by their full names: "trata de personas", "tráfico de pessoas", "trafficking in
persons" against "tráfico ilícito de migrantes", "contrabando de migrantes", "smuggling of migrants". A bare
"tráfico ilícito" or "trafficking" is neither: in most judgments it is drug or arms trafficking ("tráfico
ilícito de sustancias catalogadas", "trafficking in dangerous drugs").
"""

from __future__ import annotations

import re

TRAFFICKING = re.compile(
    r"\btrata\s+de\s+(?:personas|seres\s+humanos|mujeres|niñ[oa]s|blancas)\b|\btr[aá]fico\s+de\s+(?:pessoas|seres\s+"
    r"humanos|órgãos)\b|\b(?:human|sex|labou?r)\s+trafficking\b|\btrafficking\s+in\s+(?:persons|human\s+beings)\b|"
    r"\btrabalho\s+escravo\b|\bcondi[cç][õo]es\s+an[aá]logas\s+[àa]\s+de\s+escravo\b|\bservidumbre\b|"
    r"\bforced\s+labou?r\b|\btrabajo\s+forzoso\b|\bexplota(?:ción|ção)\s+(?:sexual|laboral)\b",
    re.IGNORECASE,
)
SMUGGLING = re.compile(
    r"\btr[aá]fico\s+(?:il[ií]cito\s+)?de\s+migrantes\b|\bcontrabando\s+de\s+migrantes\b|"
    r"\b(?:migrant|people|human)\s+smuggling\b|\bsmuggling\s+of\s+(?:migrants|persons)\b|"
    r"\bpromo[cç][aã]o\s+de\s+migra[cç][aã]o\s+ilegal\b|\bcoyotes?\b|\bpolleros?\b",
    re.IGNORECASE,
)
MIN_MENTIONS = 2  # a single mention is a passing one ("unlike trafficking in persons, ...")


def infer_form(text: str) -> str | None:
    """`trafficking`, `smuggling` or None when the text names neither crime clearly (or both as much)."""
    sample = text[:400_000]
    trafficking = len(TRAFFICKING.findall(sample))
    smuggling = len(SMUGGLING.findall(sample))
    if max(trafficking, smuggling) < MIN_MENTIONS:
        return None
    if trafficking >= 2 * smuggling:
        return "trafficking"
    if smuggling >= 2 * trafficking:
        return "smuggling"
    return None
