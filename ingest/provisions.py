"""Legal provisions a document cites, normalised to one spelling: "COIP art. 91", "CP art. 149-A",
"CP art. 145 bis", "Ley 26.364", "Lei 13.344", "18 U.S.C. § 1589", "Cap. 134 s. 4".

A provision counts only with its code named: right after the article numbers ("art. 144 del COIP",
"artículo 149-A do Código Penal"), before them ("el COIP, en su artículo 91"), or by a back reference to
the code named last ("ibídem", "del mismo cuerpo legal"). A bare "art. 5" names no provision (it may be a
procedure code's, a constitution's or a contract's).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

# Codes by their names and abbreviations, folded (lower case, no accents), to the abbreviation stored.
CODES = (
    ("COIP", r"coip|codigo organico integral penal"),
    (
        "CPP",
        r"cpp|codigo (?:organico )?procesal penal|codigo de processo penal|codigo de procedimiento penal",
    ),
    ("CP", r"c\.?p\.?(?![a-z])|codigo penal(?: (?:federal|nacional|de la nacion|brasileiro|argentino))?"),
    ("CT", r"codigo (?:do|del) trabajo|codigo del trabajo|clt|consolidacao das leis do trabalho"),
    ("CN", r"constitucion(?: politica)?(?: de la republica| nacional)?|constituicao(?: federal)?"),
)
BACK_REFERENCE = (
    r"ibidem|ibid|ejusdem|eiusdem|del mismo (?:cuerpo legal|codigo)|do mesmo (?:diploma|codigo)|"
    r"de dicho (?:cuerpo legal|codigo)|de ese (?:cuerpo legal|codigo)|of the same (?:code|act)"
)
# One article: "91", "149-A", "145 bis", "411 quater", "188-A", "20.1".
ARTICLE = r"\d{1,4}(?:\s?[-.]\s?[a-z](?![a-z])|\s(?:bis|ter|quater|quinquies)\b)?"
ARTICLES = (
    rf"(?:{ARTICLE})(?:(?:\s*(?:,|;|y|e|and|al|a|to|-)\s*|\s+)(?:(?:num\w*|inc\w*|lit\w*|par\w*|"
    rf"n|no)\.?\s*)?(?:{ARTICLE}))*"
)
ARTICLE_LIST = re.compile(
    rf"\b(?:arts?|articulos?|artigos?|articles?)\.?\s*(?:n[o°º]\.?\s*)?(?P<list>{ARTICLES})"
)
CODE_AFTER = re.compile(
    rf"^[.°\s]*[^.;\n]{{0,70}}?\b(?:del?|do|da|of the|of|,)?\s*(?P<code>{'|'.join(p for _, p in CODES)}"
    rf"|{BACK_REFERENCE})"
)
LAW = re.compile(
    r"\b(?P<word>ley|lei|law|decreto(?: ley)?|decreto-lei)\s+(?:organica\s+|federal\s+|complementar\s+)?"
    r"(?:n[°ºo]?\.?\s*|no\.\s*|numero\s+)?(?P<number>\d{1,2}\.\d{3}|\d{3,5}(?:-\d{2}(?!\d))?)(?:/(?P<year>\d{2,4}))?"
)
USC = re.compile(
    r"\b(?P<title>\d{1,2})\s*u\.?\s?s\.?\s?c\.?\s*(?:a\s*)?(?:§|sec(?:tion)?\.?|ss?\.)?\s*§?\s*"
    r"(?P<section>\d{3,5}[a-z]?)"
)
ORDINANCE = re.compile(
    r"\b(?:s|section|sec)\.?\s*(?P<section>\d{1,3})(?:\(\d+\))*(?:\([a-z]\))?[^.;]{0,60}?"
    r"\bcap\.?\s*(?P<cap>\d{1,4})"
)
NUMBER_IN_LIST = re.compile(ARTICLE)
BARE_REACH = 1_500  # characters after a named code within which a bare "art. N" is taken as that code's
ORDINAL_WORDS = ("num", "inc", "lit", "par", "n", "no")


@dataclass(frozen=True)
class Citation:
    """A provision as stored ("COIP art. 91") and where in the text it was cited (character offsets)."""

    provision: str
    start: int
    end: int


def fold(text: str) -> str:
    """Lower case without accents, keeping every character's position (accents are dropped one for one)."""
    return "".join(map(_fold_char, text))


@cache
def _fold_char(ch: str) -> str:
    """One character folded to one character (a text holds few distinct ones: each is worked out once)."""
    if ch in "º°ª":  # ordinal marks: "160.º" is article 160, not 160-O
        return "°"
    base = unicodedata.normalize("NFKD", ch.lower())
    kept = "".join(c for c in base if not unicodedata.combining(c))
    return kept[:1] if kept else ch.lower()[:1] or " "


def _code(name: str) -> str | None:
    for short, pattern in CODES:
        if re.fullmatch(pattern, name.strip()):
            return short
    return None


def _numbers(listed: str) -> list[str]:
    """The article numbers of "144 y 39", "317 num. 1, 4 y 5" (numerals and letters after num./lit. are
    parts of one article, not articles), "149-A", "145 bis"."""
    out: list[str] = []
    skip = False
    for token in re.finditer(rf"(?P<word>num\w*|inc\w*|lit\w*|par\w*|n\.?|no\.?)|(?P<n>{ARTICLE})", listed):
        if token["word"]:
            skip = True
            continue
        if token["n"]:
            if skip:
                continue
            out.append(_article(token["n"]))
        if re.search(r"[,;]|\by\b|\be\b|\band\b", listed[token.end() : token.end() + 4]) is None:
            skip = False
    return out


def _article(raw: str) -> str:
    """ "149 - a" -> "149-A"; "145 bis" -> "145 bis"."""
    raw = re.sub(r"\s+", " ", raw.strip())
    letter = re.fullmatch(r"(\d+)\s?[-.]\s?([a-z])", raw)
    if letter:
        return f"{letter.group(1)}-{letter.group(2).upper()}"
    return raw


def citations(text: str) -> list[Citation]:
    """Every provision cited in `text`, in order, normalised."""
    folded = fold(text)
    found: list[Citation] = []
    last_code: str | None = None
    last_at = 0
    code_positions = sorted(
        (m.start(), _code(m.group(0))) for m in re.finditer(rf"\b(?:{'|'.join(p for _, p in CODES)})", folded)
    )
    for match in ARTICLE_LIST.finditer(folded):
        after = CODE_AFTER.match(folded[match.end() :])
        code: str | None = None
        if after:
            named = after["code"]
            code = last_code if re.fullmatch(BACK_REFERENCE, named) else _code(named)
        if code is None:
            # "el COIP, en su artículo 91": a code named just before, in the same sentence
            before = [c for pos, c in code_positions if match.start() - 60 <= pos < match.start()]
            if before and "." not in folded[match.start() - 60 : match.start()].rstrip(". ")[-40:]:
                code = before[-1]
        if code is None and last_code is not None and match.start() - last_at < BARE_REACH:
            code = last_code  # "art. 149 do Código Penal ... (art. 149-A, V)": the code just named
        if code is None:
            continue
        last_code, last_at = code, match.start()
        for number in _numbers(match["list"]):
            found.append(Citation(f"{code} art. {number}", match.start(), match.end()))
    for match in LAW.finditer(folded):
        word = {"ley": "Ley", "lei": "Lei", "law": "Law"}.get(match["word"], match["word"].title())
        found.append(Citation(f"{word} {match['number']}", match.start(), match.end()))
    for match in USC.finditer(folded):
        found.append(Citation(f"{match['title']} U.S.C. § {match['section']}", match.start(), match.end()))
    for match in ORDINANCE.finditer(folded):
        found.append(Citation(f"Cap. {match['cap']} s. {match['section']}", match.start(), match.end()))
    return sorted(found, key=lambda c: c.start)


def provisions(text: str) -> list[tuple[str, int]]:
    """The provisions cited, most cited first, with how often."""
    counts = Counter(c.provision for c in citations(text))
    return counts.most_common()
