"""Which words of a passage a result marks: the query's words, stemmed in the passage's own language.

A passage word is marked when its stem, in the passage's language, is the stem of a query word in that
language (or of an extra term given for that language, such as a glossary's equivalent). Stems must be
equal: a word that only shares letters with a query word of another language ("extract" for "extracción",
"track" for "trata") is never marked. Words of a passage in an unknown language are compared unstemmed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache

from .fusion import is_stopword
from .sparse import LANGUAGES, encode_query

_WORD = re.compile(r"\w+", re.UNICODE)


def _build_fold_table() -> dict[int, str]:
    """Latin letters with diacritics -> their base letter, one character for one (offsets stay aligned)."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if len(base) == 1 and base != chr(code):
            table[code] = base
    return table


_FOLD = _build_fold_table()


def fold(text: str) -> str:
    """Lower case without accents, same length as `text`: "Explotación" -> "explotacion"."""
    lowered = text.lower()
    if len(lowered) != len(text):  # rare letters whose lower case is longer ("İ"): keep those as they are
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_FOLD)


def query_terms(text: str) -> list[str]:
    """The query's content words (no stopword of es/pt/en; digits kept whatever their length)."""
    return list(
        dict.fromkeys(
            w for w in _WORD.findall(text) if not is_stopword(w.lower()) and (len(w) > 2 or w.isdigit())
        )
    )


# Stems kept per language (word -> its key, () for a stopword of es/pt/en, which is never marked): a
# passage's few hundred words are mostly words seen before.
STEMS_KEPT = 100_000
_MARKABLE: dict[str, dict[str, tuple[int, ...]]] = {}
# Passages whose words are kept by stem (text -> stem key -> its distinct words): a popular passage is
# shown for many queries, and finding and stemming its words is most of what marking it costs. A few KB each.
PASSAGES_KEPT = 2048
_WORD_CHAR = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=STEMS_KEPT)
def stem_key(word: str, language: str) -> tuple[int, ...]:
    """The word's term(s) as the BM25 encoder of `language` stems and hashes them (unstemmed, folded, for a
    language without a stemmer)."""
    if language not in LANGUAGES:
        return (hash(fold(word)),)
    return tuple(sorted(encode_query(word, language).indices))


def _markable(word: str, language: str) -> tuple[int, ...]:
    key = () if is_stopword(word.lower()) else stem_key(word, language)
    keys = _MARKABLE.setdefault(language, {})
    if len(keys) >= STEMS_KEPT:
        keys.clear()
    keys[word] = key
    return key


@lru_cache(maxsize=PASSAGES_KEPT)
def words_by_stem(text: str, language: str) -> dict[tuple[int, ...], list[str]]:
    """The distinct words of `text` (a passage in `language`) by stem key, stopwords left out: each stemmed
    once, then a query's words are looked up. Read only."""
    known = _MARKABLE.get(language, {})
    by_key: dict[tuple[int, ...], list[str]] = {}
    for word in set(_WORD.findall(text)):
        key = known.get(word)
        if key is None:
            key = _markable(word, language)
        if key:
            found = by_key.get(key)
            if found is None:
                by_key[key] = [word]
            else:
                found.append(word)
    return by_key


def whole_word_spans(text: str, word: str) -> list[tuple[int, int]]:
    """Where `word` stands in `text` as a whole word (no word character just before or after it)."""
    spans = []
    size = len(word)
    start = text.find(word)
    while start >= 0:
        end = start + size
        if not (start and _WORD_CHAR.match(text, start - 1)) and not _WORD_CHAR.match(text, end):
            spans.append((start, end))
        start = text.find(word, end)
    return spans


def highlight(
    text: str,
    terms: Sequence[str],
    phrases: tuple[str, ...] = (),
    language: str = "und",
    extra: Mapping[str, Sequence[str]] | None = None,
) -> list[tuple[int, int]]:
    """Character spans of `text` (a passage in `language`) that match the query's `terms` or `extra` terms
    of that language, stemmed in it, or its quoted phrases; in order, merged. An extra term of several
    words (a glossary's "trata de personas") is marked where the passage holds it whole, without case or
    accents, never word by word ("personas" alone is no equivalent of "trafficking in persons").

    A passage's words are found and stemmed once (words_by_stem, kept for the passages shown most often);
    a query's words are then looked up by their stem, and found in the text by plain search."""
    extra_terms = (extra or {}).get(language, ())
    several = [term for term in extra_terms if len(_WORD.findall(term)) > 1]
    wanted = {stem_key(term, language) for term in (*terms, *(t for t in extra_terms if t not in several))}
    wanted.discard(())
    spans: list[tuple[int, int]] = []
    if wanted:
        by_key = words_by_stem(text, language)
        for key in wanted:
            for word in by_key.get(key, ()):
                spans.extend(whole_word_spans(text, word))
    if phrases or several:
        folded = fold(text)
        for phrase in phrases:
            spans.extend((m.start(), m.end()) for m in re.finditer(re.escape(fold(phrase)), folded))
        for term in several:
            spans.extend(
                (m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(fold(term))}(?!\w)", folded)
            )
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
