"""The fields read as terms from a vocabulary: forms of exploitation, means and sectors. A value counts
when it is named often enough, and not when it is denied, named in a note on terminology, or (for a
sector) only a name or a lure."""

from __future__ import annotations

import re
from collections import Counter

from . import fact_cues
from .fact_types import Fact, Sentence, quote

MIN_MENTIONS = 2  # a means or a sector named once is a passing mention
# A form of exploitation is a term of art ("explotación laboral", "servidão doméstica", "forced begging"):
# named once, and neither denied nor in a note on terminology, it is said of the case.
MIN_FORM_MENTIONS = 1
SHORT_WORDS = 600  # below this many words (a news item, a note) one mention is enough
# A sentence telling a job offer or an advertisement: the work it names may be the lure.
LURE = re.compile(
    r"\b(?:ofrec\w*|ofert\w*|oferec\w*|offer\w*|vagas?|anunci\w*|advert\w*|hiring|promet\w*|promis\w*|"
    r"job as|trabajo como|emprego como|trabalho como|showing|mostraba|mostrava)"
)
# The work a lure offers to someone to be sexually exploited ("recepcionista em hotéis", "camarera").
LURE_SECTORS = frozenset({"hospitality"})
# Sectors whose cues are names themselves (Facebook, WhatsApp, TikTok): capitalised, and still cues.
BRANDS = frozenset({"online"})
SHARE_OF_TOP = 0.25  # a sector needs this share of the most named sector's mentions
EXPLOITATION = fact_cues.compile_map(fact_cues.EXPLOITATION)
MEANS = fact_cues.compile_map(fact_cues.MEANS)
SECTORS = fact_cues.compile_map(fact_cues.SECTOR)
NEGATED = re.compile(rf"\b(?:{fact_cues.NEGATION})\b(?:\s+\w+){{0,3}}\s*$")
FORCED_LABOUR_NAMED = re.compile(
    r"\b(?:trabajos? forzos|trabajos forzados|trabalhos? forcad|forced labou?r|explotacion laboral|"
    r"exploracao laboral|labou?r exploitation|trata laboral|labou?r trafficking)"
)


def vocabulary(
    sentences: list[Sentence],
    table: dict[str, re.Pattern[str]],
    name: str,
    short: bool,
    share: float = 0.0,
    stated_only: bool = False,
    needed: int = MIN_MENTIONS,
    common_words: bool = False,
) -> list[Fact]:
    """A value of `table` named at least `needed` times (once in a short text), with its first mention
    as evidence; confidence grows with the mentions. With `stated_only`, a mention that is denied ("no se
    acreditó explotación laboral") or that sits in a sentence on terminology does not count; with
    `common_words`, nor does one capitalised inside a sentence, a name ("Minas Gerais", "Los Mina")."""
    counts: Counter[str] = Counter()
    first: dict[str, Sentence] = {}
    for sentence in sentences:
        if stated_only and sentence.about_words:
            continue
        for value, pattern in table.items():
            n = sum(
                1
                for match in pattern.finditer(sentence.folded)
                if not (stated_only and _negated(sentence.folded, match.start()))
                and not (common_words and value not in BRANDS and _a_name(sentence, match.start()))
            )
            if n:
                counts[value] += n
                first.setdefault(value, sentence)
    needed = 1 if short else needed
    top = max(counts.values(), default=0)
    return [
        Fact(name, value, round(min(0.95, 0.4 + 0.1 * n), 2), first[value].passage, quote(first[value]))
        for value, n in counts.most_common()
        if n >= needed and n >= share * top
    ]


def sectors(sentences: list[Sentence], short: bool, main_form: str | None) -> list[Fact]:
    """The sectors named; but in a case mainly of sexual exploitation the job offered as a lure
    ("vagas de recepcionista em hotéis", "a busy restaurant ... we are hiring") is no sector, and the sex
    trade is the sector however the text names the place."""
    sexual = main_form == "sexual_exploitation"
    sectors = vocabulary(sentences, SECTORS, "sector", short, SHARE_OF_TOP, common_words=True)
    if sexual:
        told = [s for s in sentences if not LURE.search(s.folded)]
        lures = {f.value for f in sectors} - {
            f.value for f in vocabulary(told, SECTORS, "sector", short, SHARE_OF_TOP, common_words=True)
        }
        sectors = [f for f in sectors if f.value not in lures & LURE_SECTORS]
    if sexual and "sex_industry" not in {f.value for f in sectors}:
        first = next((s for s in sentences if EXPLOITATION["sexual_exploitation"].search(s.folded)), None)
        if first is not None:
            sectors.append(Fact("sector", "sex_industry", 0.5, first.passage, quote(first)))
    return sectors


def _a_name(sentence: Sentence, start: int) -> bool:
    """Whether the word at `start` is capitalised inside its sentence (a name, not a common word)."""
    text = sentence.text
    if len(text) != len(sentence.folded) or not text[start : start + 1].isupper():
        return False
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in ".:;•-–—\"'“«(\n"


def _negated(text: str, start: int) -> bool:
    """Whether a negation comes within three words before `start`, in the same clause."""
    clause = re.split(r"[,;:()]", text[max(0, start - 60) : start])[-1]
    return bool(NEGATED.search(clause))


def subsumed(exploitation: list[Fact], sentences: list[Sentence]) -> list[Fact]:
    """Domestic servitude is the case's form when forced labour is never named as such: the offence a
    domestic case is charged as ("reducción a servidumbre", "condição análoga à de escravo") is one of
    the forced-labour cues, but the case is one of domestic work."""
    values = {f.value for f in exploitation}
    if {"domestic_servitude", "forced_labour"} <= values and not any(
        FORCED_LABOUR_NAMED.search(s.folded) for s in sentences
    ):
        return [f for f in exploitation if f.value != "forced_labour"]
    return exploitation
