"""Which countries a document is about: every country's name in es/pt/en from CLDR (through Babel), found as
whole words, weighed by how often and where it is named.

Names are canonical in English as the product stores them ("Brazil", "Mexico", "United States"). A mention
counts only as a proper noun (capitalised), never as part of a street ("calle Chile", "Rua Peru") or of a
person's name ("... Juan Panamá Vera"): a country right after another capitalised word that is not a
function word or a head noun like "República" is taken for a surname or an organisation's name. A country
named once in the body is a passing mention; one named in the document's head (title, court, parties,
first page) counts three times.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

LANGUAGES = ("en", "es", "pt")
# CLDR territory codes that are not countries or territories a case happens in.
NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "AC", "CP", "DG", "EA", "IC", "TA", "CQ"}
# Abbreviations CLDR does not list, in the forms official texts print them (dotted forms only: a bare "US"
# is also the English pronoun in capitals).
# "U.S.C." is the United States Code, which only US documents cite.
ABBREVIATIONS = {
    "US": ("U.S.", "U.S.A.", "USA", "EE. UU.", "EE.UU.", "EUA", "E.U.A.", "U.S.C."),
    "GB": ("U.K.",),
}
# Country names that are also a common given name, a city or a saint's place name in these languages
# (Granada, Santa Elena and Guadalupe are places in Spain, Ecuador and Mexico; Georgia and Jersey are
# US states; Reunión is "meeting"): too ambiguous to count.
HOMOGRAPHS = {
    "chad",
    "jordan",
    "georgia",
    "jersey",
    "new jersey",
    "granada",
    "santa elena",
    "santa lucia",
    "san martin",
    "guadalupe",
    "reunion",
    "montserrat",
    "dominica",
    "navidad",
    "man",
    "niger",
    "mali",
    "turkey",
    "guernsey",
    "samoa",
    "tonga",
    "congo",
    "guinea",
}
# Words after which a capitalised country is still a country: function words and head nouns of a
# country's or its institutions' names.
HEAD_WORDS = {
    "de",
    "del",
    "da",
    "do",
    "dos",
    "das",
    "la",
    "las",
    "los",
    "el",
    "en",
    "em",
    "no",
    "na",
    "the",
    "of",
    "in",
    "to",
    "from",
    "and",
    "y",
    "e",
    "a",
    "al",
    "para",
    "por",
    "desde",
    "hacia",
    "entre",
    "con",
    "com",
    "for",
    "república",
    "republica",
    "republic",
    "reino",
    "kingdom",
    "estado",
    "estados",
    "state",
    "gobierno",
    "governo",
    "government",
    "embajada",
    "embaixada",
    "embassy",
    "consulado",
    "consulate",
    "nación",
    "nacion",
    "nação",
    "nation",
    "territorio",
    "território",
    "territory",
    "sar",
    "rae",
    "islas",
    "ilhas",
    "islands",
    "norte",
    "sur",
    "sul",
    "north",
    "south",
    "oriental",
    "occidental",
    "federal",
    "federativa",
    "plurinacional",
    "bolivariana",
    "popular",
    "democrática",
    "democratica",
    "soberano",
    "sovereign",
    "commonwealth",
}
# Street words: "calle Chile", "Av. Colombia", "Rua Peru", "Chile Street".
STREET_BEFORE = {
    "calle",
    "c.",
    "avenida",
    "av",
    "av.",
    "avda",
    "avda.",
    "pasaje",
    "jirón",
    "jiron",
    "jr.",
    "carrera",
    "cra.",
    "rua",
    "r.",
    "travessa",
    "alameda",
    "plaza",
    "praça",
    "barrio",
    "bairro",
    "colonia",
    "calzada",
    "camino",
    "ruta",
}
STREET_AFTER = {"street", "st.", "avenue", "ave.", "road", "rd.", "boulevard", "blvd."}
# A first-level subdivision ("Guayas", "Pará", "Buenos Aires", "Texas") says where a document is, a little
# less surely than its country's name: cities and people share these names more often.
SUBDIVISION_WEIGHT = 0.5
HONORIFICS = {
    "dr.",
    "dra.",
    "sr.",
    "sra.",
    "srta.",
    "ab.",
    "abg.",
    "lic.",
    "ing.",
    "mr.",
    "ms.",
    "mrs.",
    "don",
    "doña",
    "dom",
    "dona",
    "señor",
    "señora",
    "senhor",
    "senhora",
    "juez",
    "jueza",
    "fiscal",
    "perito",
}
# Subdivision names that are plain words (compass points, "Capital", "Para"): never a place on their own.
GENERIC_PLACES = {
    "norte",
    "sur",
    "sul",
    "leste",
    "oeste",
    "este",
    "centro",
    "central",
    "north",
    "south",
    "east",
    "west",
    "capital",
    "oriente",
    "occidente",
    "litoral",
    "costa",
    "sierra",
    "interior",
    "islands",
    "centre",
    "center",
    "western",
    "eastern",
    "northern",
    "southern",
    "coast",
    "para",
    "valle",
}
HEAD_WEIGHT = 3
MIN_SCORE = 3  # one mention in the head, or three in the body
# A news item or a note names its country once or twice: below this many words two points are enough.
SHORT_TEXT, MIN_SCORE_SHORT = 800, 2
SHARE_OF_TOP = 0.5  # a second country needs this share of the top country's score
MAX_COUNTRIES = 4
SCAN_CHARS = 400_000  # a 75,000-row sheet says no more about its country after its first pages
# Words, punctuation and line ends: a name on its own line is not the surname of the line before.
WORD = re.compile(r"[^\W\d_](?:[\w’'.-]*\w)?\.?|[^\s\w]|\n", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents: how names are compared, since capitals often lose their accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def _variants(name: str) -> set[str]:
    """A CLDR name and the shorter forms documents use: "Hong Kong SAR China" -> "Hong Kong",
    "Myanmar (Burma)" -> "Myanmar", "Burma"; "Congo - Kinshasa" -> itself only."""
    forms = {name}
    bare = re.sub(r"\s*\(([^)]*)\)", "", name).strip()
    forms.add(bare)
    forms.update(inner.strip() for inner in re.findall(r"\(([^)]*)\)", name) if inner.strip() != "China")
    for pattern in (r"^(.*?) SAR China$", r"^RAE de (.*?)$", r"^(.*?), RAE da China$"):
        match = re.match(pattern, bare)
        if match:
            forms.add(match.group(1))
    return {form for form in forms if len(form) > 2}


def _canonical(code: str, english: str) -> str:
    """The English name the product stores: CLDR's, with the SAR suffix and a parenthesised alias dropped."""
    name = re.sub(r"\s*\([^)]*\)", "", english).strip()
    return re.sub(r" SAR China$", "", name)


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict[tuple[str, ...], str], int]:
    """Folded name tokens -> canonical English name, and the longest name in tokens. A form two countries
    share ("Congo", "Guinea" alone) or that is a common homograph is left out."""
    from babel import Locale

    names: dict[str, dict[str, str]] = {lang: Locale(lang).territories for lang in LANGUAGES}
    owners: dict[tuple[str, ...], set[str]] = {}
    for code, english in names["en"].items():
        if len(code) != 2 or not code.isalpha() or code in NOT_COUNTRIES:
            continue
        canonical = _canonical(code, english)
        forms: set[str] = set(ABBREVIATIONS.get(code, ()))
        for lang in LANGUAGES:
            if code in names[lang]:
                forms |= _variants(names[lang][code])
        forms.add(canonical)
        for form in forms:
            key = tuple(token for token in (fold(t) for t in WORD.findall(form)) if token)
            if key and " ".join(key) not in HOMOGRAPHS:
                owners.setdefault(key, set()).add(canonical)
    table = {key: next(iter(found)) for key, found in owners.items() if len(found) == 1}
    return table, max(len(key) for key in table)


def canonical_name(name: str) -> str | None:
    """The stored English name of a country written in any of the three languages, with or without its
    accents or capitals ("peru", "Perú", "Brasil" -> "Peru", "Brazil"); None for a name it does not know."""
    table, _ = gazetteer()
    return table.get(tuple(token for token in (fold(t) for t in WORD.findall(name)) if token))


@lru_cache(maxsize=1)
def subdivisions() -> tuple[dict[tuple[str, ...], str], int]:
    """First-level subdivision names (ISO 3166-2 through pycountry), as written (accents matter: "Pará" is a
    state, "Para" a preposition) -> canonical country. A name two countries share, or a country's own
    name, is left out."""
    import pycountry

    from .text import STOPWORDS

    countries, _ = gazetteer()
    common = {
        word for words in STOPWORDS.values() for word in words.split()
    }  # accents kept: Pará is no "para"
    english = {country.alpha_2: country.name for country in pycountry.countries}
    from babel import Locale

    cldr = Locale("en").territories
    owners: dict[tuple[str, ...], set[str]] = {}
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) or sub.country_code in NOT_COUNTRIES:
            continue
        name = re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", sub.name).strip()
        key = tuple(t.casefold() for t in WORD.findall(name))
        if (
            len(name) < 4
            or not key
            or tuple(fold(t) for t in key) in countries
            or " ".join(key) in HOMOGRAPHS
            or (len(key) == 1 and (key[0] in GENERIC_PLACES or key[0] in common))
        ):
            continue
        country = _canonical(sub.country_code, cldr.get(sub.country_code, english.get(sub.country_code, "")))
        if country:
            owners.setdefault(key, set()).add(country)
    table = {key: next(iter(found)) for key, found in owners.items() if len(found) == 1}
    return table, max(len(key) for key in table)


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def mentions(text: str) -> Counter[str]:
    """How much each country is named in `text` as a country (see the module's rules): 1 a name,
    SUBDIVISION_WEIGHT a subdivision."""
    table, longest = gazetteer()
    regions, longest_region = subdivisions()
    tokens = WORD.findall(text[:SCAN_CHARS])
    folded = [fold(t) for t in tokens]
    cased = [t.casefold() for t in tokens]
    # A name this text also writes in lower case is one of its plain words here ("loja", "peru", "china").
    lowered = Counter(f for t, f in zip(tokens, folded, strict=True) if t.islower())
    lowered_cased = Counter(c for t, c in zip(tokens, cased, strict=True) if t.islower())
    found: Counter[str] = Counter()
    i = 0
    while i < len(tokens):
        if not _capitalised(tokens[i]):
            i += 1
            continue
        size, country = _longest(table, folded, i, longest)
        weight = 1.0
        if country is None:
            size, country = _longest(regions, cased, i, longest_region)
            weight = SUBDIVISION_WEIGHT
        if size == 1 and (lowered_cased[cased[i]] if weight < 1 else lowered[folded[i]] > 2):
            country = None
        if country is not None and _counts(tokens, folded, i, size):
            found[country] += weight
        i += max(size, 1)
    return found


def _longest(
    table: dict[tuple[str, ...], str], words: list[str], start: int, longest: int
) -> tuple[int, str | None]:
    """The longest name in `table` starting at `start`, as (its length in tokens, its country)."""
    for size in range(min(longest, len(words) - start), 0, -1):
        key = tuple(words[start : start + size])
        country = table.get(key)
        if country is None and key[-1].endswith("."):
            country = table.get((*key[:-1], key[-1].rstrip(".")))
        if country is not None:
            return size, country
    return 0, None


def _counts(tokens: list[str], folded: list[str], start: int, size: int) -> bool:
    """False for a street name or a country inside a person's or an organisation's name."""
    before = folded[start - 1] if start else ""
    after = folded[start + size] if start + size < len(tokens) else ""
    if before in STREET_BEFORE or after in STREET_AFTER or before in HONORIFICS:
        return False
    following = tokens[start + size] if start + size < len(tokens) else ""
    last = tokens[start + size - 1]
    if following.istitle() and last.istitle() and after not in HEAD_WORDS and len(following) > 2:
        return False  # "Mauricio Villarroel", "Panamá Vera": a given name or surname before another
    if not start:
        return True
    # A capitalised word right before, other than a function or head word, makes it a surname or part of
    # an organisation's name ("Juan Panamá", "Agência Brasil").
    return (
        not _capitalised(tokens[start - 1]) or before in HEAD_WORDS or before.endswith((".", ":", ";", ","))
    )


def infer_countries(head: str, body: str, issuer: Counter[str] | None = None) -> list[str]:
    """The countries a document is about, most weighty first. `head` is the title, court and first page;
    `body` the whole text (the head included or not: it is counted again at its own weight); `issuer` the
    weight of the countries whose courts or legislature issued it (see jurisdictions.py)."""
    needed = MIN_SCORE if len(body.split()) >= SHORT_TEXT else MIN_SCORE_SHORT
    score: Counter[str] = Counter(issuer or {})
    for country, n in mentions(body).items():
        score[country] += n
    for country, n in mentions(head).items():
        score[country] += HEAD_WEIGHT * n
    if not score:
        return []
    top = score.most_common(1)[0][1]
    kept = [c for c, s in score.most_common() if s >= needed and s >= SHARE_OF_TOP * top]
    return kept[:MAX_COUNTRIES]
