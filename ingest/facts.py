"""Case facts read from a document's passages, each with the passage that states it and a confidence:
countries by role (origin, transit, destination) and the route legs between them, forms of exploitation,
means, sectors, victims (count, sex, minors or adults, nationality), offenders (count, roles), outcome and
sentence in years, year of the facts, and the legal provisions cited.

Everything here is an inference from cue phrases in es/pt/en (`fact_cues.py`), the CLDR gazetteer of
`countries.py` and `provisions.py`; routes are read in `routes.py`, forms of exploitation, means and
sectors in `fact_terms.py`, the outcome in `outcomes.py`, and the shapes they share are `fact_types.py`. What a sidecar or an editor says about the same field wins over it:
that merge is `index.facts.case_facts`, at write time, so a correction made after ingest counts too.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import pairwise
from typing import Any

from . import fact_cues, fact_terms, fact_types, fact_year, forms, outcomes, provisions, routes
from .countries import fold
from .fact_terms import EXPLOITATION
from .fact_types import QUOTE_CHARS, CaseFacts, Fact, Sentence, quote
from .models import Passage
from .outcomes import JUDICIAL

__all__ = ["CaseFacts", "Fact", "group", "infer_facts", "legs"]
ROLES = fact_cues.compile_map(fact_cues.OFFENDER_ROLES)
DEMONYMS = {country: re.compile(rf"\b(?:{p})\b") for country, p in fact_cues.DEMONYMS.items()}
PERSON = re.compile(rf"\b(?:{fact_cues.PERSON_NOUNS})\b")
QUALIFIED_BEFORE = re.compile(
    rf"\b(?P<noun>{fact_cues.PERSON_NOUNS}|{fact_cues.NATIONALITY_CUE})"
    rf"(?:[\s,]+(?:\w+|y|e|and)){{0,3}}[\s,]+$"
)
QUALIFIED_AFTER = re.compile(rf"^\s+(?:\w+\s+)?(?P<noun>{fact_cues.PERSON_NOUNS})\b")
# A plural demonym after an article or a preposition is itself a noun for people ("según declararon los
# venezolanos", "grupos creados por venezolanos", "os haitianos", "the Venezuelans").
AS_NOUN = re.compile(
    r"\b(?P<noun>los|las|os|as|the|unos|unas|uns|umas|por|by|entre|among|para|for|con|com|with|de|of)\s+$"
)
MEMBERS = re.compile(rf"\b(?:{fact_cues.MEMBERS_OF})(?:[\s,]+\w+){{0,4}}\s*$")
# "el abogado peruano", "el abogado defensor, de nacionalidad peruana" (not "la policía rescató a mujeres")
PROFESSIONAL = re.compile(
    rf"\b(?:{fact_cues.PROFESSIONALS})(?:\s+\w+)?[\s,]*(?:(?:de|da|of|con|com|with)\s+"
    rf"(?:{fact_cues.NATIONALITY_CUE})\s*)?$"
)
NATIONALITY = re.compile(rf"\b(?:{fact_cues.NATIONALITY_CUE})\b")
INSTITUTION_AFTER = re.compile(rf"^\W*(?:\w+\W+)?(?:{fact_cues.INSTITUTION})")
OFFENDER_CONTEXT = re.compile(rf"\b(?:{fact_cues.OFFENDER_CONTEXT}|{fact_cues.OFFENDER_NOUNS})")
VICTIM_CONTEXT = re.compile(rf"\b(?:{fact_cues.VICTIM_CONTEXT})")
VICTIM_COUNT = re.compile(
    rf"\b(?P<n>{fact_cues.NUMBER})\s+(?:(?:de\s+)?(?:las|los|as|os|the)?\s*)?"
    rf"(?P<noun>(?:{fact_cues.PERSON_NOUNS}))\b"
)
OFFENDER_COUNT = re.compile(rf"\b(?P<n>{fact_cues.NUMBER})\s+(?:\w+\s+)?(?:{fact_cues.OFFENDER_NOUNS})")
VICTIM_WORDS = re.compile(rf"\b(?:{fact_cues.VICTIM_NOUNS})\b")
OFFENDER_WORDS = re.compile(rf"\b(?:{fact_cues.OFFENDER_NOUNS})")
FEMALE, MALE = re.compile(rf"\b(?:{fact_cues.FEMALE})\b"), re.compile(rf"\b(?:{fact_cues.MALE})")
IN_TRANSIT = re.compile(fact_cues.IN_TRANSIT)
MINOR, ADULT = re.compile(rf"\b(?:{fact_cues.MINOR})\b"), re.compile(rf"\b(?:{fact_cues.ADULT})\b")
SENTENCE_YEARS = re.compile(
    rf"\b(?P<years>{fact_cues.NUMBER})\s*(?:\(\d+\)\s*)?(?:anos|años|anios|years?)(?:\s*(?:,|y|e|and)?\s*"
    rf"(?P<months>{fact_cues.NUMBER})\s*(?:\(\d+\)\s*)?(?:meses|months?))?(?P<after>[^.;]{{0,80}})"
)
PENALTY_CONTEXT = re.compile(
    r"prision|privacion|privativa|reclusion|reclusao|carcel|pena|condena|condenad|"
    r"imprisonment|prison|sentenced|sentence|custod|detencao|detencion|jail"
)
NOT_PENALTY = re.compile(
    r"\b(?:de edad|de idade|old|edad|idade|anos de idade|atras|ago|antes|despues|"
    r"later|earlier|de servicio|de experiencia|hace)\b"
)
YEAR = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")
# Persons counted right after a verdict ("condenó a los cuatro adultos", "convicted two men") are
# offenders (not after an arrest: victims exploited in crime are arrested too); counted "among them"
# ("32 trabalhadores, entre eles três adolescentes") they are a part of the victims, not all of them.
OFFENDERS_BEFORE = re.compile(
    r"\b(?:condeno|condenou|condenaron|condenaram|sentenced|convicted|absolvio|absolveu|absolvieron|"
    r"acquitted)\b(?:\s+\w+){0,2}\s*$"
)
PART_BEFORE = re.compile(
    r"\b(?:entre (?:ellos|ellas|eles|elas|os quais|los cuales)|among (?:them|whom)|incluid[oa]s|incluindo|"
    r"including|dos quais|de los cuales|de las cuales)\s*$"
)


def _roles(sentences: list[Sentence]) -> list[Fact]:
    """Countries by their role in a route, sentence by sentence (`ingest.routes`), each with its sentence."""
    return [
        Fact(found.role, found.country, found.confidence, sentence.passage, quote(sentence))
        for sentence in sentences
        for found in routes.roles(sentence.text)
    ]


def _stopovers(facts: list[Fact], nationalities: set[str]) -> list[Fact]:
    """A country the route both reaches and leaves ("chegavam ao Equador de avião", "desde Quito, no
    Equador, até a fronteira brasileira"), when the route has another origin and another destination and
    the victims are no nationals of it, is a stop on the way: transit, with the evidence of its arrival."""
    origins = {f.value for f in facts if f.field == "origin"}
    destinations = {f.value for f in facts if f.field == "destination"}
    out = facts
    for country in (origins & destinations) - nationalities:
        if origins - {country} and destinations - {country}:
            arrival = next(f for f in facts if f.field == "destination" and f.value == country)
            out = [f for f in out if not (f.field in ("origin", "destination") and f.value == country)]
            out.append(Fact("transit", country, 0.6, arrival.passage, arrival.quote))
    return out


def _starts(facts: list[Fact], nationalities: set[str], ends: set[str]) -> list[Fact]:
    """Where a route or a leg of it starts ("el recorrido comenzaba en Necoclí (Colombia)") is its origin,
    unless the people on it are no nationals of that country and come from another one: then the leg
    starts at a stop on the way."""
    origins = {f.value for f in facts if f.field == "origin"} | nationalities
    out: list[Fact] = []
    for fact in facts:
        if fact.field != "start":
            out.append(fact)
        elif fact.value not in nationalities and origins - {fact.value}:
            if fact.value not in ends:
                out.append(Fact("transit", fact.value, 0.6, fact.passage, fact.quote))
        else:
            out.append(Fact("origin", fact.value, fact.confidence, fact.passage, fact.quote))
    return out


def _in_transit(
    facts: list[Fact], sentences: list[Sentence], countries: list[str], nationalities: set[str]
) -> list[Fact]:
    """People the document calls "en tránsito" / "in transit" are on their way through the countries it is
    about: each of those that is none of the route's ends, nor the people's own, is a stop on it, with the
    sentence that says so as its evidence. Nothing without a route end to pass on to."""
    said = next((s for s in sentences if IN_TRANSIT.search(s.folded)), None)
    ends = {f.value for f in facts if f.field in ("origin", "destination", "transit")}
    if said is None or not ends:
        return facts
    stops = [c for c in countries if c not in ends and c not in nationalities]
    return facts + [Fact("transit", country, 0.5, said.passage, quote(said)) for country in stops]


def _nationalities(sentences: list[Sentence], offenders: bool) -> Counter[str]:
    """Countries whose demonym qualifies a person ("costureros bolivianos", "de nacionalidad brasileña",
    "Peruvian worker", "mulheres venezuelanas"): the offenders' when that person is an offender
    ("acusados", "defendants"), else the victims'. A demonym of a thing ("pesos chilenos", "la fiscalía
    costarricense") says nothing about anyone's nationality."""
    found: Counter[str] = Counter()
    for sentence in sentences:
        text = sentence.folded
        # A sentence of offenders only ("dos ciudadanos mexicanos considerados líderes", "la mujer
        # detenida, de nacionalidad brasileña") speaks of the offenders' nationality.
        of_offenders = bool(OFFENDER_CONTEXT.search(text)) and not VICTIM_CONTEXT.search(text)
        for country, demonym in DEMONYMS.items():
            for match in demonym.finditer(text):
                before, after = (
                    text[max(0, match.start() - 40) : match.start()],
                    text[match.end() : match.end() + 30],
                )
                noun = QUALIFIED_BEFORE.search(before) or QUALIFIED_AFTER.match(after)
                if noun is None and match.group(0).endswith("s"):
                    noun = AS_NOUN.search(before)
                if noun is None or PROFESSIONAL.search(before):
                    continue  # no person, or a lawyer's, judge's or official's nationality
                rest = (
                    after[after.find(noun.group("noun")) + len(noun.group("noun")) :]
                    if noun.re is (QUALIFIED_AFTER)
                    else after
                )
                if NATIONALITY.fullmatch(noun.group("noun")) and INSTITUTION_AFTER.match(rest):
                    continue  # "chilean national prosecutor's office"
                offender = (
                    bool(OFFENDER_WORDS.match(noun.group("noun")))
                    or of_offenders
                    or bool(MEMBERS.search(text[max(0, match.start() - 60) : match.start()]))
                )
                if offender == offenders:
                    found[country] += 1
    return found


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return fact_cues.NUMBER_WORDS.get(text)


def _victims(sentences: list[Sentence]) -> tuple[int | None, list[Fact]]:
    """The number of victims (the sentence whose counted persons add up most), and their sex and age."""
    best, best_sentence = 0, None
    facts: list[Fact] = []
    for sentence in sentences:
        text = sentence.folded
        if not VICTIM_WORDS.search(text) and not MINOR.search(text):
            continue
        if OFFENDER_WORDS.search(text) and not VICTIM_WORDS.search(text):
            continue
        total = 0
        for match in VICTIM_COUNT.finditer(text):
            n = _number(match["n"])
            if n is None or n > 5000 or OFFENDER_WORDS.fullmatch(match["noun"]) or YEAR.fullmatch(match["n"]):
                continue
            before = text[max(0, match.start() - 40) : match.start()]
            if OFFENDERS_BEFORE.search(before):
                continue
            part = bool(PART_BEFORE.search(before.rstrip(", ")))
            total += n
            if FEMALE.fullmatch(match["noun"]):
                facts.append(Fact("victim_sex", "female", 0.7, sentence.passage, quote(sentence)))
            elif MALE.match(match["noun"]):
                facts.append(Fact("victim_sex", "male", 0.7, sentence.passage, quote(sentence)))
            if MINOR.fullmatch(match["noun"]):
                minor = 0.5 if part else 0.7  # minors among adult victims: no child-trafficking case
                facts.append(Fact("victim_age", "minor", minor, sentence.passage, quote(sentence)))
            elif ADULT.fullmatch(match["noun"]):
                facts.append(Fact("victim_age", "adult", 0.6, sentence.passage, quote(sentence)))
        if total > best:
            best, best_sentence = total, sentence
        if VICTIM_WORDS.search(text):
            if FEMALE.search(text) and not any(
                f.field == "victim_sex" and f.value == "female" for f in facts
            ):
                facts.append(Fact("victim_sex", "female", 0.5, sentence.passage, quote(sentence)))
            if MINOR.search(text) and not any(f.field == "victim_age" and f.value == "minor" for f in facts):
                facts.append(Fact("victim_age", "minor", 0.5, sentence.passage, quote(sentence)))
    if best_sentence is not None:
        facts.append(Fact("victim_count", str(best), 0.6, best_sentence.passage, quote(best_sentence)))
    return (best or None), facts


def _offenders(sentences: list[Sentence], short: bool) -> tuple[int | None, list[Fact]]:
    best, best_sentence = 0, None
    for sentence in sentences:
        for match in OFFENDER_COUNT.finditer(sentence.folded):
            n = _number(match["n"])
            if n is not None and n < 200 and not YEAR.fullmatch(match["n"]) and n > best:
                best, best_sentence = n, sentence
    facts = fact_terms.vocabulary(sentences, ROLES, "offender_role", short)
    if best_sentence is not None:
        facts.append(Fact("offender_count", str(best), 0.6, best_sentence.passage, quote(best_sentence)))
    return (best or None), facts


def _sentence_years(sentences: list[Sentence]) -> tuple[float | None, Fact | None]:
    """The longest prison sentence imposed, in years (months as a fraction)."""
    best: tuple[float, Sentence] | None = None
    for sentence in sentences:
        if not PENALTY_CONTEXT.search(sentence.folded):
            continue
        for match in SENTENCE_YEARS.finditer(sentence.folded):
            years, months = _number(match["years"]), _number(match["months"] or "0") or 0
            if years is None or years > 60 or YEAR.fullmatch(match["years"]):
                continue
            context = sentence.folded[max(0, match.start() - 60) : match.end()]
            if NOT_PENALTY.search(match["after"][:20]) or not PENALTY_CONTEXT.search(context):
                continue
            value = round(years + months / 12, 2)
            if best is None or value > best[0]:
                best = (value, sentence)
    if best is None:
        return None, None
    return best[0], Fact("sentence_years", str(best[0]), 0.6, best[1].passage, quote(best[1]))


def _year_of_facts(sentences: list[Sentence], latest: int | None) -> tuple[int | None, Fact | None]:
    """The earliest year the facts sections name (else the first fifth of the text) that may date the
    facts (ingest/fact_year.py: no decade, law's or birth's date, none after the document's own year or
    long before it)."""
    told = [s for s in sentences if s.in_facts] or sentences[: max(1, len(sentences) // 5)]
    found = fact_year.earliest([s.folded for s in told], latest)
    if found is None:
        return None, None
    year, n = found
    return year, Fact("year_of_facts", str(year), 0.5, told[n].passage, quote(told[n]))


def _provisions(passages: list[Passage]) -> list[Fact]:
    facts: dict[str, Fact] = {}
    counts: Counter[str] = Counter()
    for passage in passages:
        for citation in provisions.citations(passage.text):
            counts[citation.provision] += 1
            if citation.provision not in facts:
                start = max(0, passage.text.rfind(".", 0, citation.start) + 1)
                end = passage.text.find(".", citation.end)
                quote = " ".join(passage.text[start : end if end > 0 else None].split())[:QUOTE_CHARS]
                facts[citation.provision] = Fact("provision", citation.provision, 0.9, passage.order, quote)
    return [facts[p] for p, _ in counts.most_common()]


def infer_facts(passages: list[Passage], metadata: dict[str, Any]) -> CaseFacts:
    """The facts the passages state. `metadata` (kind, countries, year, form) steers them: a judgment's
    outcome is read from its operative part, the document's own country is the likely destination of
    victims of another nationality, and child trafficking and smuggling follow from the victims' age and
    the form of the crime."""
    sentences = fact_types.sentences(passages)
    text = "\n".join(p.text for p in passages)
    short = len(text.split()) < fact_terms.SHORT_WORDS
    out = CaseFacts()
    sample = text[:200_000]
    trafficking_like = metadata.get("form") in ("trafficking", "smuggling") or bool(
        forms.TRAFFICKING.search(sample)
        or forms.SMUGGLING.search(sample)
        or EXPLOITATION["forced_labour"].search(fold(sample))
        or EXPLOITATION["sexual_exploitation"].search(fold(sample))
    )
    out.facts += _roles(sentences)
    ends = {f.value for f in out.facts if f.field in ("origin", "destination") and f.confidence >= 0.75}
    # "from Lima to Santiago via Tacna": a stop inside the route's own origin or destination is no transit
    out.facts = [f for f in out.facts if not (f.field == "transit" and f.value in ends)]
    victims_from = _nationalities(sentences, offenders=False)
    home = (metadata.get("countries") or [None])[0]
    foreign = [c for c, _ in victims_from.most_common(3) if c != home]
    for country, n in victims_from.most_common(3):
        out.facts.append(Fact("victim_nationality", country, round(min(0.9, 0.5 + 0.1 * n), 2)))
        if country == home and foreign:
            continue  # nationals among foreign victims: the route is the foreigners'
        if trafficking_like and not any(f.field == "origin" and f.value == country for f in out.facts):
            out.facts.append(Fact("origin", country, 0.55))
    for country, n in _nationalities(sentences, offenders=True).most_common(2):
        out.facts.append(Fact("offender_nationality", country, round(min(0.9, 0.4 + 0.1 * n), 2)))
    out.facts = _starts(out.facts, set(victims_from), ends)
    out.facts = _stopovers(out.facts, set(victims_from))
    if trafficking_like:
        out.facts = _in_transit(out.facts, sentences, metadata.get("countries") or [], set(victims_from))
    origins = set(out.values("origin"))
    if origins and not out.values("destination") and trafficking_like:
        # Victims from elsewhere found in the one country the document is about besides their origins.
        others = [c for c in metadata.get("countries") or [] if c not in origins]
        if len(others) == 1:
            out.facts.append(Fact("destination", others[0], 0.5))
    if trafficking_like:
        exploitation = fact_terms.vocabulary(
            sentences,
            EXPLOITATION,
            "exploitation",
            short,
            stated_only=True,
            needed=fact_terms.MIN_FORM_MENTIONS,
        )
        if metadata.get("form") == "trafficking" and exploitation and exploitation[0].value != "smuggling":
            # a trafficking case that names smuggling less than its main form mentions it in passing
            exploitation = [f for f in exploitation if f.value != "smuggling"]
        out.facts += fact_terms.subsumed(exploitation, sentences)
        out.facts += fact_terms.vocabulary(sentences, fact_terms.MEANS, "means", short, stated_only=True)
        main_form = exploitation[0].value if exploitation else None
        out.facts += fact_terms.sectors(sentences, short, main_form)
    out.victims, victim_facts = _victims(sentences) if trafficking_like else (None, [])
    out.facts += victim_facts
    if metadata.get("kind") in JUDICIAL:
        out.offenders, offender_facts = _offenders(sentences, short)
        out.facts += offender_facts
        out.sentence_years, years_fact = _sentence_years(sentences)
        if years_fact:
            out.facts.append(years_fact)
    outcome = outcomes.outcome(text, metadata)
    if outcome:
        out.facts.append(outcome)
    if trafficking_like:
        counted_minors = any(
            f.field == "victim_age" and f.value == "minor" and f.confidence >= 0.7 for f in out.facts
        )  # "tres niñas", "12 adolescentes": a minor named in passing is not a child-trafficking case
        counted_adults = any(
            f.field == "victim_age" and f.value == "adult" and f.confidence >= 0.6 for f in out.facts
        )
        if counted_minors and not counted_adults and metadata.get("form") != "smuggling":
            out.facts.append(Fact("exploitation", "child_trafficking", 0.5))
        if metadata.get("form") == "smuggling" and "smuggling" not in out.values("exploitation"):
            out.facts.append(Fact("exploitation", "smuggling", 0.7))
    out.year_of_facts, year_fact = _year_of_facts(sentences, metadata.get("year"))
    if year_fact:
        out.facts.append(year_fact)
    out.facts += _provisions(passages)
    return out


def legs(origins: list[str], transits: list[str], destinations: list[str]) -> list[tuple[str, str]]:
    """The legs of a route: origin -> each transit -> destination (origin -> destination without one)."""
    out: list[tuple[str, str]] = []
    for origin in origins:
        for destination in destinations:
            stops = [origin, *[t for t in transits if t not in (origin, destination)], destination]
            out += [(a, b) for a, b in pairwise(stops) if a != b]
    return list(dict.fromkeys(out))


def group(facts: list[Fact]) -> dict[str, list[Fact]]:
    out: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        out[fact.field].append(fact)
    return out
