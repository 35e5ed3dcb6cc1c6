"""Which words of a passage a result marks: the query's words, up to accents and inflection."""

from __future__ import annotations

import re
import unicodedata

from ingest.text import STOPWORDS

_STOP = {word for words in STOPWORDS.values() for word in words.split()}
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


def query_terms(text: str) -> set[str]:
    return {fold(w) for w in _WORD.findall(text) if fold(w) not in _STOP and (len(w) > 2 or w.isdigit())}


def _matches(word: str, terms: set[str], heads: set[str]) -> bool:
    """Same word up to accents and inflection: equal, or sharing all but a short ending (stem-like)."""
    if word in terms:
        return True
    if len(word) < 5 or word[:3] not in heads:
        return False
    for term in terms:
        stem = min(len(word), len(term)) - 2
        if stem >= 3 and abs(len(word) - len(term)) <= 3 and word[:stem] == term[:stem]:
            return True
    return False


def highlight(text: str, terms: set[str], phrases: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Character spans of `text` that match the query's words or its quoted phrases, in order, merged."""
    folded = fold(text)
    heads = {term[:3] for term in terms}
    spans = [(m.start(), m.end()) for m in _WORD.finditer(folded) if _matches(m.group(), terms, heads)]
    for phrase in phrases:
        spans.extend((m.start(), m.end()) for m in re.finditer(re.escape(fold(phrase)), folded))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
