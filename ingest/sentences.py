"""Sentence splitting that knows the abbreviations of legal writing in Spanish, Portuguese and English.

A full stop after "Art.", "No.", "inc.", "Dr.", "S.A." or "U.S.C." does not end a sentence, nor does the
number of a numbered list ("2. La víctima ..."): a passage cut there would end in "Art." and start with
"303", and a search for "Art. 303" would find neither half.
"""

from __future__ import annotations

import re

# Abbreviations (lower case, without their final stop) after which a sentence never ends.
ABBREVIATIONS = frozenset(
    [
        "art",
        "arts",
        "artº",
        "art°",
        "núm",
        "num",
        "nro",
        "nros",
        "nº",
        "n.º",
        "no",
        "nos",
        "inc",
        "incs",
        "lit",
        "lits",
        "dr",
        "dra",
        "dres",
        "dras",
        "sr",
        "sra",
        "sres",
        "sras",
        "srs",
        "srta",
        "srta",
        "ud",
        "uds",
        "lic",
        "lcdo",
        "lcda",
        "abg",
        "ab",
        "ing",
        "arq",
        "econ",
        "mgs",
        "msc",
        "mg",
        "prof",
        "profa",
        "exmo",
        "exma",
        "excmo",
        "excma",
        "ilmo",
        "ilma",
        "sto",
        "sta",
        "gral",
        "cnel",
        "sgto",
        "sgos",
        "cap",
        "tte",
        "cbo",
        "pág",
        "págs",
        "pag",
        "pags",
        "pp",
        "fs",
        "fjs",
        "fls",
        "fl",
        "cf",
        "cfr",
        "v.gr",
        "vgr",
        "e.g",
        "i.e",
        "ie",
        "eg",
        "s.a",
        "ltda",
        "cía",
        "cia",
        "u.s.c",
        "u.s",
        "usc",
        "sec",
        "secs",
        "ss",
        "par",
        "paras",
        "vol",
        "vols",
        "ed",
        "eds",
        "op",
        "cit",
        "ob",
        "loc",
        "ibid",
        "id",
        "v",
        "vs",
        "mr",
        "mrs",
        "ms",
        "jr",
        "st",
        "co",
        "corp",
        "ltd",
        "av",
        "avda",
        "apdo",
        "tít",
        "tit",
        "expte",
        "exp",
        "res",
        "dec",
        "ord",
        "r.o",
        "d.o",
        "reg",
        "ap",
        "c.c",
        "c.p",
        "c.p.p",
        "nro°",
        "aprox",
        "tel",
        "ej",
        "etc",
    ]
)
# These introduce a number ("Art. 92", "No. 44097", "pág. 12"): only before a number, letter or numeral do
# they bind the next word, so "dijo que no. El testigo" still ends a sentence after "no".
NUMBER_INTRODUCERS = frozenset(["no", "nos", "n", "nº"])
# "etc." ends a sentence when an upper-case word follows; it is listed above only for lower-case followers.
SENTENCE_CAN_END = frozenset(["etc"])

# Company suffixes and country abbreviations may close a sentence ("... contra Minera S.A.", "in the U.S."):
# a passage may end in them.
CAN_CLOSE = frozenset(["s.a", "ltda", "co", "corp", "ltd", "cía", "cia", "inc", "u.s", "ee.uu"])

# A candidate boundary: a stop (or ! ? …, with closing quotes/brackets) followed by space and the start of
# a sentence (capital, digit, opening quote or bracket, inverted marks).
BOUNDARY = re.compile(r"([.!?…]+[\"'”’»)\]]*)(\s+)(?=[\"'“‘«(\[¿¡A-ZÁÉÍÓÚÑÇÂÊÔÃÕÀÜ0-9•\-–])")
LAST_WORD = re.compile(r"([\w.º°]+?)[.!?…]+[\"'”’»)\]]*$")
# The enumerator of a list item: "2.", "IV.", "b.", "2.1." standing alone before the item's text.
ENUMERATOR = re.compile(r"^(?:\(?\d{1,3}(?:\.\d{1,3})*|[ivxlcdm]{1,6}|[a-z])[.)]$", re.IGNORECASE)
INITIAL = re.compile(r"^[A-ZÁÉÍÓÚÑ]$")
DOTTED = re.compile(r"^(?:[A-Za-zÁÉÍÓÚáéíóú]{1,3}\.)+[A-Za-zÁÉÍÓÚáéíóú]{0,3}$")
NUMBER_START = re.compile(r"^[\"'“‘«(\[]?(?:\S*\d|[IVXLC]+\b|[a-z]\))")


def split_sentences(text: str) -> list[str]:
    """Split `text` into sentences, keeping every character except the spaces at the cuts."""
    sentences: list[str] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        head = text[start : match.end(1)]
        tail = text[match.end(2) : match.end(2) + 12]
        if _is_boundary(head, tail):
            sentences.append(head.strip())
            start = match.end(2)
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return [s for s in sentences if s]


def _is_boundary(head: str, tail: str) -> bool:
    """Whether a sentence may end at the end of `head`, given the first characters after the space."""
    stripped = head.rstrip("\"'”’»)]")
    if not stripped.endswith("."):
        return True  # ! ? … always end a sentence
    match = LAST_WORD.search(stripped)
    word = match.group(1) if match else ""
    bare = word.lstrip("(\"'“«[").lower()
    if ENUMERATOR.match(bare + ".") and len(head.split()) <= 1:
        return False  # "2." alone is a list number: it belongs to the item that follows
    if bare in NUMBER_INTRODUCERS:
        return not NUMBER_START.match(tail)
    if bare in SENTENCE_CAN_END:
        return True
    if bare in ABBREVIATIONS:
        return False
    if INITIAL.match(word.lstrip("(\"'“«[")):
        return False  # an initial of a name: "J. Pérez"
    # "S.A.", "U.S.C.", "R.O." and other dotted abbreviations
    return not (DOTTED.match(word) and "." in word)


def ends_in_abbreviation(text: str, following: str = "") -> bool:
    """True when the last word of `text` is an abbreviation that cannot end a sentence ("Art.", "Dr.").
    "No."/"no." is one only before a number: judged on `following` when given, else on its capital."""
    stripped = text.rstrip()
    if stripped.endswith("§"):
        return True
    match = LAST_WORD.search(stripped)
    if not match or not stripped.endswith("."):
        return False
    word = match.group(1)
    bare = word.lower()
    if bare in NUMBER_INTRODUCERS:
        return bool(NUMBER_START.match(following.lstrip())) if following else word[:1].isupper()
    return bare in ABBREVIATIONS and bare not in SENTENCE_CAN_END and bare not in CAN_CLOSE
