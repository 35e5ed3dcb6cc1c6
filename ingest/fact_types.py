"""The shapes case facts travel in: a `Fact` (one value of one field, with its evidence), the `CaseFacts`
of a document, and the sentences facts are read from, each with its passage and whether it tells the
facts or only talks about words."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .countries import fold
from .models import Passage
from .sentences import split_sentences

QUOTE_CHARS = 300  # the evidence shown for a fact: its sentence, cut to this length
# A sentence about words, not facts ("Nota terminológica", "'tráfico de pessoas' corresponde ao espanhol
# 'trata de personas'", "is called smuggling of migrants"): the forms it names are no case's.
ABOUT_WORDS = re.compile(
    r"terminolog\w*|\btradu[cz]\w*|\btranslat\w*|\bcorrespond\w* (?:a|al|ao|to)\b|"
    r"\bse (?:chama|llama|denomina)\b|\b(?:is|are) called\b|\bglosario|\bglossar\w*|\bdefinic\w*|\bdefinitions?\b"
)
FACTS_HEADINGS = re.compile(
    r"hechos|fatos|factos|facts|antecedentes|background|relato|the case|el caso|o caso"
)


@dataclass
class Fact:
    """One value of one field, with the passage (order) and sentence that state it."""

    field: str
    value: str
    confidence: float
    passage: int | None = None
    quote: str = ""
    source: str = "inferred"  # inferred | sidecar | editor


@dataclass
class CaseFacts:
    facts: list[Fact] = field(default_factory=list)
    victims: int | None = None
    offenders: int | None = None
    sentence_years: float | None = None
    year_of_facts: int | None = None

    def values(self, name: str) -> list[str]:
        """The values of one field, most confident first, each once."""
        ranked = sorted((f for f in self.facts if f.field == name), key=lambda f: -f.confidence)
        return list(dict.fromkeys(f.value for f in ranked))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> CaseFacts:
        data = data or {}
        return cls(
            [Fact(**f) for f in data.get("facts", [])],
            data.get("victims"),
            data.get("offenders"),
            data.get("sentence_years"),
            data.get("year_of_facts"),
        )


@dataclass
class Sentence:
    text: str
    folded: str
    passage: int
    in_facts: bool  # under a heading that tells the facts ("Hechos", "Fatos", "Facts")
    about_words: bool = False  # a sentence or section on terminology, not on the case


def sentences(passages: list[Passage]) -> list[Sentence]:
    out = []
    for passage in passages:
        in_facts = any(FACTS_HEADINGS.search(fold(h)) for h in passage.section)
        glossary = any(ABOUT_WORDS.search(fold(h)) for h in passage.section)
        for sentence in split_sentences(passage.text):
            folded = fold(sentence)
            about = glossary or bool(ABOUT_WORDS.search(folded))
            out.append(Sentence(sentence, folded, passage.order, in_facts, about))
    return out


def quote(sentence: Sentence) -> str:
    text = " ".join(sentence.text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
