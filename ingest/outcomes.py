"""How a case ended, read from a document: a judgment's operative part, or what a case brief, a news item
or a report telling one case says ("condenó", "were convicted", "absolvió", "fueron formalizados")."""

from __future__ import annotations

import re
from typing import Any

from . import judgments
from .countries import fold
from .fact_types import Fact

JUDICIAL = ("judgment", "case_brief")
PENDING = re.compile(
    r"pendiente|en curso|en tramite|em andamento|aguarda\w*|pending|awaiting|ongoing|"
    r"formaliz\w+|prision preventiva|prisao preventiva|detenid[oa]s|denuncia oferecida|"
    r"investigacion (?:continua|abierta)|under investigation|were arrested|fueron detenid"
)
# A dot inside initials ("condenó a L.M.G. a 23 años") does not end the sentence that states a penalty.
SENTENCED = re.compile(
    r"\b(?:condeno|condenou|condenaron|condenaram|sentenced|convicted)\b(?:[^.]|\.(?=\w)){0,120}"
    r"\b(?:anos|years?|prision|reclusao|prisao|imprisonment)\b"
)
# A court deciding this case ("el tribunal de juicio condenó a siete imputados", "o juízo condenou o
# casal", "the court convicted"): a report or a guide that tells one case says how it ended.
CASE_DECIDED = re.compile(
    r"\b(?:tribunal|juzgado|juez|jueza|juizo|juiz|juiza|court|jury|judge|camara|corte|sala|vara)\b"
    r"(?:[^.]|\.(?=\w)){0,80}\b(?:condeno|condenou|condenaron|condenaram|convicted|sentenced|absolvio|"
    r"absolveu|absolvieron|acquitted)\b"
)
# This case still open: its accused charged, held or arrested ("fueron formalizados", "solicitó la prisión
# preventiva de los dos imputados", "were charged").
CASE_OPEN = re.compile(
    r"\b(?:fueron|foram|were|han sido|have been) (?:formalizad|detenid|arrestad|imputad|denunciad|acusad|"
    r"pres[oa]s|charged|arrested|indicted)\w*|prision preventiva de (?:los|las|el|la|\w+) |"
    r"prisao preventiva (?:dos|das|do|da) |(?:remains?|remain) in pre-?trial detention"
)


def outcome(text: str, metadata: dict[str, Any]) -> Fact | None:
    """How the case ended: a judgment's operative part decides; a case brief or a news item says
    "condenó", "were convicted", "absolvió"; a case still open ("formalizados", "pending trial") is
    `other`. Guides, reports, laws and data sets have no outcome."""
    kind = metadata.get("kind")
    if kind in ("law", "data"):
        return None
    folded = fold(text[:300_000])
    convicted, acquitted = len(judgments.CONVICTION.findall(folded)), len(judgments.ACQUITTAL.findall(folded))
    if kind in ("guide", "report") and not (
        SENTENCED.search(folded) or CASE_DECIDED.search(folded) or CASE_OPEN.search(folded)
    ):
        return None  # a guide speaks of convictions in general; a report of one case says who was sentenced
    if metadata.get("outcome") and metadata["outcome"] != "other":
        return Fact("outcome", str(metadata["outcome"]), 0.7)
    if kind in JUDICIAL and judgments.decided_on_appeal(text):
        return Fact("outcome", "other", 0.6)  # "declara improcedente el recurso": the conviction stands
    if kind == "judgment" and (convicted or acquitted):
        decided = judgments.outcome(text)
        if decided != "other" or not convicted or acquitted:
            return Fact("outcome", decided, 0.6)
    if convicted and convicted >= acquitted:
        return Fact("outcome", "conviction", 0.6)
    if acquitted:
        return Fact("outcome", "acquittal", 0.55)
    if PENDING.search(folded) or CASE_OPEN.search(folded):
        return Fact("outcome", "other", 0.5)
    return None
