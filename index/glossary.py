"""The shared glossary: the field's terms in Spanish, Portuguese and English, each country's own legal term
and provision, and the false friends between them, so that a working group speaks one language across
three ("trata de personas" = "tráfico de pessoas" = "trafficking in persons", while Spanish "tráfico de
migrantes" is smuggling).

Seeded from the terms of the UN Trafficking and Smuggling Protocols (glossary_seed.yaml), edited by the
working group like the criteria and kept the same way (index/records.py). `equivalents` finds the glossary's
terms in a text and gives their equivalents in the other languages: what search expands a BM25 query with,
so that a Spanish query also finds the Portuguese and English passages that use the other languages' words.
"""

from __future__ import annotations

import copy
import re
import uuid
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .criteria import slug
from .highlight import fold
from .records import JsonRecords

SEED_FILE = Path(__file__).with_name("glossary_seed.yaml")
LANGUAGES = ("es", "pt", "en")
TERM_CHARS, DEFINITION_CHARS, NOTE_CHARS, FIELD_CHARS = 200, 2_000, 1_000, 300
MOST_VARIANTS, MOST_LEGAL, MOST_FALSE_FRIENDS = 20, 60, 20


class GlossaryError(ValueError):
    """An entry that cannot be saved; the message says which field and why."""


@dataclass
class TermText:
    """An entry in one language: its preferred term, other forms in use, and a short definition."""

    term: str
    variants: list[str] = field(default_factory=list)
    definition: str = ""

    def forms(self) -> list[str]:
        return [self.term, *self.variants]


@dataclass
class LegalTerm:
    """A country's own name for the offence or notion, in its language, and where its law defines it."""

    country: str
    language: str
    term: str
    provision: str


@dataclass
class FalseFriend:
    """A term that looks like an equivalent and is not, with a note per language saying why."""

    language: str
    term: str
    note: dict[str, str]

    def note_in(self, language: str) -> str:
        return next(
            (self.note[k] for k in (language, "en", "es", "pt") if k in self.note),
            next(iter(self.note.values()), ""),
        )


@dataclass
class Entry:
    id: str
    texts: dict[str, TermText]
    legal: list[LegalTerm] = field(default_factory=list)
    false_friends: list[FalseFriend] = field(default_factory=list)
    source: str = ""

    def term(self, language: str) -> str:
        """The preferred term in `language`, else in the first language the entry has."""
        return next((self.texts[k].term for k in (language, "en", "es", "pt") if k in self.texts), self.id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "texts": {
                lang: {"term": t.term, "variants": t.variants, "definition": t.definition}
                for lang, t in self.texts.items()
            },
            "legal": [dict(vars(legal)) for legal in self.legal],
            "false_friends": [
                {"language": f.language, "term": f.term, "note": dict(f.note)} for f in self.false_friends
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], entry_id: str | None = None) -> Entry:
        """An entry from a dict (the seed, the JSON file, an API body), checked and cleaned: GlossaryError
        names the first field that is wrong."""
        if not isinstance(data, dict):
            raise GlossaryError("an entry is an object")
        raw_texts = data.get("texts") or {}
        if not isinstance(raw_texts, dict):
            raise GlossaryError("texts: an object of language -> {term, variants, definition}")
        texts = {}
        for language, text in raw_texts.items():
            if language not in LANGUAGES:
                raise GlossaryError(f"texts: language {language!r} is not one of {', '.join(LANGUAGES)}")
            if not isinstance(text, dict):
                raise GlossaryError(f"texts.{language}: an object with term, variants and definition")
            texts[language] = TermText(
                clean(text.get("term"), TERM_CHARS, f"texts.{language}.term"),
                clean_list(
                    text.get("variants") or [], TERM_CHARS, MOST_VARIANTS, f"texts.{language}.variants"
                ),
                clean(
                    text.get("definition") or "", DEFINITION_CHARS, f"texts.{language}.definition", empty=True
                ),
            )
        if not texts:
            raise GlossaryError("an entry needs its term in at least one of es, pt, en")
        legal = [
            LegalTerm(
                clean(item.get("country"), FIELD_CHARS, "legal.country"),
                language_of(item.get("language"), "legal.language"),
                clean(item.get("term"), TERM_CHARS, "legal.term"),
                clean(item.get("provision") or "", FIELD_CHARS, "legal.provision", empty=True),
            )
            for item in items_of(data.get("legal"), MOST_LEGAL, "legal")
        ]
        friends = []
        for item in items_of(data.get("false_friends"), MOST_FALSE_FRIENDS, "false_friends"):
            note = item.get("note") or {}
            if isinstance(note, str):
                note = {"en": note}
            if not isinstance(note, dict) or not note:
                raise GlossaryError("false_friends.note: a note per language, at least one")
            friends.append(
                FalseFriend(
                    language_of(item.get("language"), "false_friends.language"),
                    clean(item.get("term"), TERM_CHARS, "false_friends.term"),
                    {
                        language_of(k, "false_friends.note"): clean(v, NOTE_CHARS, "false_friends.note")
                        for k, v in note.items()
                    },
                )
            )
        identifier = (
            entry_id
            or str(data.get("id") or "")
            or f"{slug(next(iter(texts.values())).term)}-{uuid.uuid4().hex[:6]}"
        )
        return cls(
            identifier,
            texts,
            legal,
            friends,
            clean(data.get("source") or "", FIELD_CHARS, "source", empty=True),
        )


def clean(value: Any, most: int, name: str, empty: bool = False) -> str:
    text = " ".join("".join(ch for ch in str(value if value is not None else "") if ch.isprintable()).split())
    if not text and not empty:
        raise GlossaryError(f"{name}: required")
    if len(text) > most:
        raise GlossaryError(f"{name}: at most {most} characters")
    return text


def clean_list(values: Any, most: int, count: int, name: str) -> list[str]:
    if not isinstance(values, list):
        raise GlossaryError(f"{name}: a list")
    if len(values) > count:
        raise GlossaryError(f"{name}: at most {count}")
    out: list[str] = []
    for value in values:
        text = clean(value, most, name, empty=True)
        if text and text not in out:
            out.append(text)
    return out


def items_of(values: Any, count: int, name: str) -> list[dict[str, Any]]:
    values = values or []
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise GlossaryError(f"{name}: a list of objects")
    if len(values) > count:
        raise GlossaryError(f"{name}: at most {count}")
    return values


def language_of(value: Any, name: str) -> str:
    if value not in LANGUAGES:
        raise GlossaryError(f"{name}: one of {', '.join(LANGUAGES)}")
    return str(value)


def seed() -> list[Entry]:
    """The starting glossary shipped with Casoteca (glossary_seed.yaml), as new objects on every call."""
    return [Entry.from_dict(item) for item in _seed_records()]


@cache
def _seed_records() -> tuple[dict[str, Any], ...]:
    """The seed file read once: parsing YAML takes far longer than a search."""
    import yaml

    return tuple(
        Entry.from_dict(item).to_dict() for item in yaml.safe_load(SEED_FILE.read_text(encoding="utf-8"))
    )


@dataclass
class Found:
    """A glossary term found in a text: as written there, the entry, and its equivalents per language."""

    text: str
    start: int
    end: int
    entry: Entry
    equivalents: dict[str, list[str]]  # language -> terms (preferred first, then variants, then legal terms)
    false_friends: list[FalseFriend]


class TermIndex:
    """The glossary's forms per language compiled once, to find them in many texts (a query each search)."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._patterns: dict[str, list[tuple[re.Pattern[str], Entry]]] = {}
        self._ambiguous = {(f.language, fold(f.term)) for entry in entries for f in entry.false_friends}

    def patterns(self, language: str) -> list[tuple[re.Pattern[str], Entry]]:
        if language not in self._patterns:
            compiled = []
            for entry in self.entries:
                own = entry.texts.get(language)
                forms = {fold(f) for f in (own.forms() if own else [])}
                forms |= {
                    fold(legal.term)
                    for legal in entry.legal
                    if legal.language == language and (language, fold(legal.term)) not in self._ambiguous
                }
                forms.discard("")
                if forms:
                    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                    compiled.append((re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), entry))
            self._patterns[language] = compiled
        return self._patterns[language]

    def find(self, text: str, language: str) -> list[Found]:
        """See find_terms."""
        folded = fold(text)
        candidates = [
            (m.start(), m.end(), entry)
            for pattern, entry in self.patterns(language)
            for m in pattern.finditer(folded)
        ]
        found: list[Found] = []
        for start, end, entry in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):  # longest first
            if any(start < f.end and f.start < end for f in found):
                continue
            others = {
                lang: unique(
                    [
                        *entry.texts[lang].forms(),
                        *(legal.term for legal in entry.legal if legal.language == lang),
                    ]
                )
                for lang in LANGUAGES
                if lang != language and lang in entry.texts
            }
            found.append(Found(text[start:end], start, end, entry, others, list(entry.false_friends)))
        return sorted(found, key=lambda f: f.start)


def find_terms(text: str, language: str, entries: list[Entry]) -> list[Found]:
    """The glossary terms written in `text` (a text in `language`), in the order they appear, the longest
    where two overlap ("tráfico ilícito de migrantes" before "tráfico de migrantes"). Matched as whole words
    without case or accents. A term is found by an entry's forms in that language, and by a country's legal
    term unless some entry flags that term as a false friend (Spanish "tráfico de personas" is smuggling in
    Mexico's law and trafficking elsewhere: it expands to neither). Each carries its equivalents in the
    other two languages and the entry's false friends (a Spanish reader of "trata de personas" is warned
    that Portuguese "tráfico de pessoas" means it, and is not smuggling)."""
    return TermIndex(entries).find(text, language)


def unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        if fold(value) not in seen:
            seen.add(fold(value))
            out.append(value)
    return out


def equivalents(text: str, language: str, entries: list[Entry] | None = None) -> dict[str, list[str]]:
    """The glossary terms found in `text` (written in `language`: es, pt or en) -> their equivalents in the
    other languages (each language's preferred term first, then its variants and legal terms). Built for
    query expansion: `equivalents("trata de personas", "es")` gives "tráfico de pessoas" and "trafficking
    in persons" among others. `entries` defaults to the seed; a knowledge base passes its edited glossary
    (Glossary.equivalents)."""
    index = _seed_index() if entries is None else TermIndex(entries)
    return _equivalents(index.find(text, language))


@dataclass
class Expansion:
    """What the glossary adds to a query: its terms' equivalents per language they are written in, and the
    query without those terms (`rest`), whose words are left to word-by-word translation (lexicon.py)."""

    terms: dict[str, list[str]]
    rest: str
    # Per language, each found term's preferred equivalent there when it has several words ("trata de
    # personas"): a passage that holds it whole is about that term, not only about its words.
    phrases: dict[str, list[str]] = field(default_factory=dict)


def expand(text: str, language: str, entries: list[Entry] | None = None) -> Expansion:
    """The glossary's equivalents of the terms found in `text`, per language they are written in: the
    extra BM25 terms (and highlights) of a search, each stemmed in its own language. `language` is the
    text's (es, pt or en); any other value looks for the terms of all three. `entries` as in equivalents.

    Why `rest`: the working group's term beats a word-by-word translation of it. The lexicon turns
    "trafficking" into Spanish "tráfico", and "tráfico de personas" is smuggling in some codes; the
    glossary gives "trata de personas" and flags the false friend."""
    index = _seed_index() if entries is None else TermIndex(entries)
    return _expand(index, text, language)


def expansions(text: str, language: str, entries: list[Entry] | None = None) -> dict[str, list[str]]:
    """`expand(...).terms`: {language: equivalents written in it}."""
    return expand(text, language, entries).terms


def _expand(index: TermIndex, text: str, language: str) -> Expansion:
    out: dict[str, list[str]] = {}
    phrases: dict[str, list[str]] = {}
    rest = text
    for written in [language] if language in LANGUAGES else list(LANGUAGES):
        for found in index.find(text, written):
            for other, terms in found.equivalents.items():
                out[other] = unique([*out.get(other, []), *terms])
                if terms and len(terms[0].split()) > 1:
                    phrases[other] = unique([*phrases.get(other, []), terms[0]])
            rest = rest[: found.start] + " " * (found.end - found.start) + rest[found.end :]
    return Expansion(out, " ".join(rest.split()), phrases)


@cache
def _seed_index() -> TermIndex:
    return TermIndex(seed())


def _equivalents(terms: list[Found]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for found in terms:
        terms = [term for lang in LANGUAGES for term in found.equivalents.get(lang, [])]
        out[found.text] = unique([*out.get(found.text, []), *terms])
    return out


class Glossary:
    """The glossary of one knowledge base, kept in one JSON file like the criteria."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._records = JsonRecords(path, "entries", lambda: copy.deepcopy(list(_seed_records())))
        self._kept: tuple[tuple[int, int, int] | None, TermIndex] | None = None

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def _index(self) -> TermIndex:
        """The entries and their compiled forms, read again only when the file changed (an edit here or in
        another worker): a search asks for equivalents on every query."""
        stamp = self._stamp()
        if self._kept is None or self._kept[0] != stamp:
            self._kept = (stamp, TermIndex([Entry.from_dict(item) for item in self._records.read()]))
        return self._kept[1]

    def all(self) -> list[Entry]:
        return [Entry.from_dict(e.to_dict()) for e in self._index().entries]

    def get(self, entry_id: str) -> Entry | None:
        return next((e for e in self.all() if e.id == entry_id), None)

    def create(self, data: dict[str, Any]) -> Entry:
        entry = Entry.from_dict({**data, "id": None})
        with self._records.editing() as records:
            records.append(entry.to_dict())
        return entry

    def update(self, entry_id: str, data: dict[str, Any]) -> Entry | None:
        """Replace an entry whole (its id kept); None when there is none with that id."""
        entry = Entry.from_dict(data, entry_id=entry_id)
        with self._records.editing() as records:
            position = next((k for k, item in enumerate(records) if item["id"] == entry_id), None)
            if position is None:
                return None
            records[position] = entry.to_dict()
        return entry

    def delete(self, entry_id: str) -> bool:
        with self._records.editing() as records:
            kept = [item for item in records if item["id"] != entry_id]
            found = len(kept) < len(records)
            records[:] = kept
        return found

    def equivalents(self, text: str, language: str) -> dict[str, list[str]]:
        """`equivalents` over this knowledge base's glossary, as its working group edited it."""
        return _equivalents(self._index().find(text, language))

    def expand(self, text: str, language: str) -> Expansion:
        """`expand` over this knowledge base's glossary, as its working group edited it."""
        return _expand(self._index(), text, language)

    def expansions(self, text: str, language: str) -> dict[str, list[str]]:
        """`expansions` over this knowledge base's glossary: {language: equivalents written in it}."""
        return self.expand(text, language).terms

    def find(self, text: str, language: str) -> list[Found]:
        return self._index().find(text, language)
