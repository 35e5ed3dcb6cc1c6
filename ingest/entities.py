"""Entities named in a passage: phones, e-mails, web and social-media addresses, bank accounts, identity and
company numbers, places, people and organisations.

Every identifier is validated before it counts: a phone is a valid number of its country (`phonenumbers`,
the document's countries as the regions a number without "+" is read in), an account or an identity number
passes its check digits (`python-stdnum`, `clabe`). A number that only looks like one is no entity: the same
false phone in two cases would be a false lead, which is worse than none. Each mention carries a `key`, the
normalised form two documents share whatever way they wrote it (E.164, the compact check-digit form, a folded
name), so cross-case links are plain equality of keys.

Identifiers are found first and win over what they overlap (a CPF is not also a phone); names come last
(`ingest.names`). Cheap regular-expression screens run before the slower validators, so a passage without
digits or "@" costs next to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from importlib import import_module
from typing import Any

import phonenumbers
from clabe import validate_clabe
from stdnum import iban
from stdnum.exceptions import ValidationError

from . import names
from .models import Mention

TYPES = ("phone", "email", "url", "social", "account", "id", "place", "person", "org")
# Overlapping mentions: the one of the earlier type in this order is kept.
PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        ("account", "id", "email", "social", "url", "phone", "org", "person", "place")
    )
}
# A passage with no run of seven digits (separators allowed) holds no phone number: the matcher is skipped.
DIGIT_RUN = re.compile(r"\+?\(?\d[\d\s().\-/]{5,}\d")
# A phone as people write it: an optional "+" and country code, an optional area code in brackets, digits
# in groups split by spaces, dots or dashes; never inside a longer run of digits, letters or a slash.
PHONE = re.compile(
    r"(?<![\w/.+-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]?\d{1,5}){1,5}(?![\w/]|[.-]\d)"
)
DATE = re.compile(r"\d{1,4}[-./]\d{1,2}[-./]\d{1,4}")
# A figure written like a phone number is one only when it says so: a "+" or a trunk "0", an area code in
# brackets, dashes between its groups, or a word for a phone just before it ("85 64 53 36 27" in a table and
# "2015 224 15.8" in a report are no phones).
PHONE_CUE = re.compile(
    r"(?i:tel|fono|fone|celular|cel\.|m[oó]vil|whats|wa\.me|phone|call|llam|ligar|lig[oa]u|"
    r"n[uú]mero|number|contact|fax|sms|text)"
)
DECIMAL_END = re.compile(r"\.\d{1,2}$")
AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+")
CURRENCY = re.compile(r"(?:\$|€|US\$|R\$|Gs\.?|S/\.?|Bs\.?|₲)\s*$")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,24}\b")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]{}«»“”]+", re.IGNORECASE)
# An address written without "www." or a scheme ("dhs.gov/bluecampaign", "CyberTipline.org"): only with one of
# these endings, which no word or abbreviation of a legal text has.
BARE_ENDINGS = (".gov", ".org", ".com", ".net", ".edu", ".gob", ".int", ".gub", ".jus")
BARE_URL = re.compile(
    r"(?<![\w@./-])(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:gov|org|com|net|edu|gob|int|gub|jus)"
    r"(?:\.[a-z]{2})?\b(?:/[^\s<>\"'()\[\]{}«»“”]*)?(?![\w@])"
)
# Hosts whose first path part names a profile, a page or a channel.
SOCIAL_HOSTS = {
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "m.facebook.com": "facebook",
    "instagram.com": "instagram",
    "tiktok.com": "tiktok",
    "t.me": "telegram",
    "wa.me": "whatsapp",
    "twitter.com": "x",
    "x.com": "x",
    "youtube.com": "youtube",
    "linkedin.com": "linkedin",
}
HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_]))\b(?!@)")
PLATFORMS = {
    "facebook": "facebook",
    "instagram": "instagram",
    "tiktok": "tiktok",
    "whatsapp": "whatsapp",
    "telegram": "telegram",
    "twitter": "x",
    "youtube": "youtube",
    "linkedin": "linkedin",
}
# "la página de Facebook «Empleos Ya»", "o perfil do Instagram "Modelos BR"", "the Facebook page 'Jobs Now'".
SOCIAL_PAGE = re.compile(
    r"(?i:p[aá]gina|perfil|cuenta|conta|grupo|canal|page|profile|account|group|channel)"
    r"\s+(?i:de|del|en|no|na|do|da|on|in)?\s*(?i:la\s+red\s+)?(?P<platform>(?i:" + "|".join(PLATFORMS) + r"))"
    r"\s+(?i:llamad[oa]|denominad[oa]|chamad[oa]|called|named)?\s*[\"“«'‘](?P<name>[^\"”»'’\n]{2,60})[\"”»'’]"
    r"|(?P<platform2>(?i:" + "|".join(PLATFORMS) + r"))\s+(?i:page|profile|group|account|channel)\s+"
    r"[\"“«'‘](?P<name2>[^\"”»'’\n]{2,60})[\"”»'’]"
)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b")
CBU = re.compile(r"\d{8}[ -]?\d{14}(?!\d)")
IBAN_START = re.compile(r"[A-Z]{2}\d{2}")
CLABE = re.compile(r"(?i:clabe)\D{0,25}?((?:\d[ ]?){17}\d)(?!\d)")
# The identity and company number schemes (python-stdnum modules) a label before a number names.
ID_LABELS: dict[str, tuple[str, ...]] = {
    "cpf": ("br.cpf",),
    "cnpj": ("br.cnpj",),
    "cuit": ("ar.cuit",),
    "cuil": ("ar.cuit",),
    "rut": ("cl.rut", "uy.rut"),
    "run": ("cl.rut",),
    "curp": ("mx.curp",),
    "rfc": ("mx.rfc",),
    "ruc": ("pe.ruc", "py.ruc", "ec.ruc"),
    "nit": ("co.nit", "gt.nit", "sv.nit"),
    "rnc": ("do.rnc",),
    "rif": ("ve.rif",),
    "nie": ("es.nie",),
    "nif": ("es.nif", "pt.nif"),
    "dni": ("es.dni", "pe.cui"),
    "cui": ("pe.cui",),
    "cedula": ("ec.ci", "do.cedula"),
    "c.i.": ("ec.ci", "do.cedula"),
    "ci": ("ec.ci", "do.cedula"),
    "cc": ("ec.ci", "pt.cc"),
    "cédula": ("ec.ci", "do.cedula"),
}
# The label words as printed (capitals; "cédula" in any case), longest first ("C.I." before "CI").
ID_LABEL_WORDS = sorted(
    [
        *(k.upper() for k in ID_LABELS if k != "cedula"),
        "cédula",
        "Cédula",
        "CÉDULA",
        "cedula",
        "Cedula",
        "CEDULA",
    ],
    key=len,
    reverse=True,
)
ID_AFTER_LABEL = re.compile(
    r"(?:\s+de\s+(?:identidad|ciudadan[ií]a))?(?![\w])[\s:.,ºª°#Nno-]{0,12}?"
    r"(?P<number>[0-9][0-9A-Za-z.\-/ ]{4,22}[0-9A-Za-z]|[A-Z&Ñ]{3,4}\d{6}[A-Z0-9]{3,8})",
    re.IGNORECASE,
)
# Numbers whose printed form alone says their scheme: a CPF, a CNPJ, a CUIT, a Chilean RUT (a CURP only
# after its label: its letters make a scan of every capital too dear for what it finds). A cheap
# expression finds the candidates, the exact forms are tried only there.
FORMATTED_CANDIDATE = re.compile(r"\d{1,3}[.-]\d{3}")
FORMATTED = (
    (re.compile(r"\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d-])"), "br.cpf"),
    (re.compile(r"\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}(?!\d)"), "br.cnpj"),
    (re.compile(r"\d{2}-\d{8}-\d(?![\d-])"), "ar.cuit"),
    (re.compile(r"\d{1,2}\.\d{3}\.\d{3}-[\dkK](?![\w-])"), "cl.rut"),
)
SCHEME_NAMES = {
    "br.cpf": "CPF",
    "br.cnpj": "CNPJ",
    "ar.cuit": "CUIT",
    "cl.rut": "RUT",
    "uy.rut": "RUT",
    "mx.curp": "CURP",
    "mx.rfc": "RFC",
    "pe.ruc": "RUC",
    "py.ruc": "RUC",
    "ec.ruc": "RUC",
    "co.nit": "NIT",
    "gt.nit": "NIT",
    "sv.nit": "NIT",
    "do.rnc": "RNC",
    "ve.rif": "RIF",
    "es.nie": "NIE",
    "es.nif": "NIF",
    "pt.nif": "NIF",
    "es.dni": "DNI",
    "pe.cui": "DNI",
    "ec.ci": "cédula",
    "do.cedula": "cédula",
    "pt.cc": "CC",
}


@lru_cache(maxsize=1)
def country_codes() -> dict[str, str]:
    """Stored English country name -> ISO 3166 alpha-2 code (the regions phone numbers are read in)."""
    from babel import Locale

    return {
        name: code for code, name in Locale("en").territories.items() if len(code) == 2 and code.isalpha()
    }


def regions_of(countries: Iterable[str]) -> list[str]:
    """The phone regions of a document: its countries' codes in its order ("ZZ" alone when it has none, so
    only numbers written with their "+" country code are read)."""
    codes = country_codes()
    found = [codes[c] for c in countries if c in codes]
    return list(dict.fromkeys(found)) or ["ZZ"]


@lru_cache(maxsize=64)
def _scheme(name: str) -> Any:
    return import_module(f"stdnum.{name}")


def extract(text: str, countries: Sequence[str] = (), people: bool = True) -> list[Mention]:
    """Every validated entity mentioned in `text`, in reading order, overlaps resolved by PRIORITY.
    `countries` are the document's (English names as stored): the regions phone numbers without a country
    code are read in. `people=False` leaves person names out (an office's setting)."""
    low = names.lower_same_length(text)
    words = names.word_set(text)
    low_words = frozenset(word.lower() for word in words)
    found: list[Mention] = []
    found += accounts(text, low)
    found += identity_numbers(text, regions_of(countries), words)
    found += emails(text)
    found += web(text, low, low_words)
    found += phones(text, regions_of(countries))
    found += names.organisations(text, words)
    if people:
        found += names.people(text, low, low_words)
    found += names.places(text, words)
    return resolve(found)


def resolve(found: list[Mention]) -> list[Mention]:
    """Keep, of overlapping mentions, the one of the higher priority (then the longer); reading order."""
    kept: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for mention in sorted(found, key=lambda m: (PRIORITY[m.type], -(m.end - m.start), m.start)):
        if all(mention.end <= start or mention.start >= end for start, end in taken):
            kept.append(mention)
            taken.append((mention.start, mention.end))
    return sorted(kept, key=lambda m: (m.start, m.end))


def phones(text: str, regions: Sequence[str]) -> list[Mention]:
    """Valid phone numbers, as E.164. A candidate (PHONE: digits with the separators phones are written
    with) is read in each region in turn until one finds it a valid number; a figure grouped in thousands
    ("2.500.000") or next to a currency is an amount. `phonenumbers`' own matcher finds the same numbers
    but costs about ten times more, which ingest cannot afford on every passage."""
    if not DIGIT_RUN.search(text):
        return []
    found: list[Mention] = []
    for match in PHONE.finditer(text):
        raw = match.group().strip()
        digits = re.sub(r"\D", "", raw)
        before = text[max(0, match.start() - 60) : match.start()]
        if (
            not 7 <= len(digits) <= 15
            or AMOUNT.fullmatch(raw)
            or DATE.fullmatch(raw)
            or DECIMAL_END.search(raw)
            or CURRENCY.search(before[-5:])
            or not (raw[0] in "+(0" or "-" in raw or PHONE_CUE.search(before))
        ):
            continue
        for region in regions if not raw.startswith("+") else ["ZZ"]:
            try:
                number = phonenumbers.parse(raw, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                label = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
                start = match.start() + match.group().index(raw)
                found.append(Mention("phone", f"phone:{e164}", e164, label, raw, start, start + len(raw)))
                break
    return found


def phone_keys(written: str, regions: Sequence[str]) -> list[str]:
    """The keys a phone number written by a user may have: read with its own "+" code, else in each of
    `regions` (a search box does not know the country: "0981 123 456" is Paraguayan)."""
    keys: list[str] = []
    for region in [*regions, "ZZ"]:
        try:
            number = phonenumbers.parse(written, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            keys.append("phone:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return list(dict.fromkeys(keys))


def emails(text: str) -> list[Mention]:
    if "@" not in text:
        return []
    return [
        Mention(
            "email",
            f"email:{m.group().casefold()}",
            m.group().casefold(),
            m.group(),
            m.group(),
            m.start(),
            m.end(),
        )
        for m in EMAIL.finditer(text)
    ]


def _social_pages(text: str, low: str | None, low_words: frozenset[str] | None) -> Iterator[re.Match[str]]:
    """SOCIAL_PAGE's matches, looked for only around the places a platform is named."""
    low = names.lower_same_length(text, low)
    seen = -1
    for position, _ in sorted(names.occurrences(low, PLATFORMS, low_words)):
        for match in SOCIAL_PAGE.finditer(text, max(0, position - 40), min(len(text), position + 120)):
            if match.start() > seen:
                seen = match.end()
                yield match


def web(text: str, low: str | None = None, low_words: frozenset[str] | None = None) -> list[Mention]:
    """Web addresses, social-media profiles (by address, by "@handle" or by a named page on a platform)."""
    found: list[Mention] = []
    matches = list(URL.finditer(text)) if ("://" in text or "www." in text) else []
    if any(ending in text for ending in BARE_ENDINGS):
        matches += [
            m for m in BARE_URL.finditer(text) if not any(u.start() <= m.start() < u.end() for u in matches)
        ]
    for match in matches:
        raw = match.group().rstrip(".,;:!?")
        address = re.sub(r"^(?:https?://)?(?:www\.)?", "", raw, flags=re.IGNORECASE)
        host, _, path = address.partition("/")
        host = host.casefold()
        if "." not in host:
            continue
        path = path.split("?")[0].split("#")[0].strip("/")
        platform = SOCIAL_HOSTS.get(host)
        if platform and path:
            account = path.split("/")[0].lstrip("@").casefold()
            if platform == "facebook" and account in ("groups", "pages", "people") and "/" in path:
                account = path.split("/")[1].casefold()
            value = f"{platform}:{account}"
            found.append(
                Mention("social", f"social:{value}", value, raw, raw, match.start(), match.start() + len(raw))
            )
        else:
            value = f"{host}/{path}".rstrip("/")
            found.append(
                Mention(
                    "url", f"url:{value.casefold()}", value, raw, raw, match.start(), match.start() + len(raw)
                )
            )
    if "@" in text:
        for match in HANDLE.finditer(text):
            handle = match.group(1).casefold()
            found.append(
                Mention(
                    "social",
                    f"social:@{handle}",
                    f"@{handle}",
                    match.group(),
                    match.group(),
                    match.start(),
                    match.end(),
                )
            )
    for match in _social_pages(text, low, low_words):
        platform = PLATFORMS[(match.group("platform") or match.group("platform2")).casefold()]
        name = (match.group("name") or match.group("name2")).strip()
        value = f"{platform}:{names.fold_name(name, sort=False)}"
        start, end = match.span("name") if match.group("name") else match.span("name2")
        found.append(Mention("social", f"social:{value}", value, f"{name} ({platform})", name, start, end))
    return found


def accounts(text: str, low: str | None = None) -> list[Mention]:
    """Bank accounts that pass their check digits: IBAN (any country), Argentine CBU, Mexican CLABE."""
    found: list[Mention] = []
    if IBAN_START.search(text):
        for match in IBAN.finditer(text):
            raw = match.group().rstrip()
            compact = iban.compact(raw)
            if iban.is_valid(compact):
                found.append(
                    Mention(
                        "account",
                        f"account:iban:{compact}",
                        compact,
                        iban.format(compact),
                        raw,
                        match.start(),
                        match.start() + len(raw),
                        "iban",
                    )
                )
    cbu = _scheme("ar.cbu")
    for match in CBU.finditer(text):
        if match.start() and text[match.start() - 1].isdigit():
            continue
        compact = cbu.compact(match.group())
        if cbu.is_valid(compact):
            found.append(
                Mention(
                    "account",
                    f"account:cbu:{compact}",
                    compact,
                    f"CBU {cbu.format(compact)}",
                    match.group(),
                    match.start(),
                    match.end(),
                    "cbu",
                )
            )
    if "clabe" in names.lower_same_length(text, low):
        for match in CLABE.finditer(text):
            compact = match.group(1).replace(" ", "")
            if validate_clabe(compact):
                found.append(
                    Mention(
                        "account",
                        f"account:clabe:{compact}",
                        compact,
                        f"CLABE {compact}",
                        match.group(1),
                        match.start(1),
                        match.end(1),
                        "clabe",
                    )
                )
    return found


def identity_numbers(
    text: str, regions: Sequence[str] = (), words: frozenset[str] | None = None
) -> list[Mention]:
    """Identity and company numbers that pass their check digits: after a label that names their scheme
    ("CPF", "RUC n.º", "cédula de identidad"), or alone in a printed form only that scheme uses. A label
    several countries use ("RUC", "NIT") tries the schemes of the document's countries (`regions`) first."""
    if not re.search(r"\d{3}", text):
        return []
    preferred = {code.casefold() for code in regions}
    found: list[Mention] = []
    for position, label in names.occurrences(text, ID_LABEL_WORDS, words):
        match = ID_AFTER_LABEL.match(text, position + len(label))
        if match is None:
            continue
        folded = names.fold_name(label, sort=False).replace(" ", ".") + ("." if label.endswith(".") else "")
        schemes = sorted(ID_LABELS.get(folded) or ID_LABELS["cedula"], key=lambda n: n[:2] not in preferred)
        mention = _validated(match.group("number"), match.start("number"), schemes)
        if mention:
            found.append(mention)
    for candidate in FORMATTED_CANDIDATE.finditer(text):
        start = candidate.start()
        if (start and text[start - 1] in ".-/") or (start and text[start - 1].isdigit()):
            continue
        for pattern, scheme in FORMATTED:
            match = pattern.match(text, start)
            if match:
                mention = _validated(match.group(), start, (scheme,))
                if mention:
                    found.append(mention)
                break
    return found


def _validated(written: str, start: int, schemes: Sequence[str]) -> Mention | None:
    """The first scheme the number passes, trying the whole token and then its first word (a number runs
    into the next word when a space follows it)."""
    for candidate in dict.fromkeys((written, written.split(" ")[0])):
        candidate = candidate.rstrip(".-/")
        for name in schemes:
            module = _scheme(name)
            compact = _valid(module, candidate)
            if compact is None:
                continue
            formatted = module.format(compact) if hasattr(module, "format") else compact
            return Mention(
                "id",
                f"id:{name}:{compact}",
                compact,
                f"{SCHEME_NAMES[name]} {formatted}",
                candidate,
                start,
                start + len(candidate),
                name,
            )
    return None


def _valid(module: Any, written: str) -> str | None:
    """The compact form of a number that passes a stdnum scheme's checks, None when it does not."""
    try:
        return str(module.validate(written))
    except ValidationError:
        return None


def search_keys(written: str, regions: Sequence[str] = ()) -> list[str]:
    """Every key a value typed into a search box may stand for: a phone in any of `regions`, an e-mail, an
    account or identity number in any form, a social handle, a name folded."""
    written = written.strip()
    keys = phone_keys(written, regions) if re.search(r"\d{6}", re.sub(r"\D", "", written)) else []
    for mention in extract(written, (), people=True):
        keys.append(mention.key)
    compact = re.sub(r"[\s.\-/]", "", written).upper()
    if compact:
        if iban.is_valid(compact):
            keys.append(f"account:iban:{compact}")
        for name in SCHEME_NAMES:
            valid = _valid(_scheme(name), compact)
            if valid is not None:
                keys.append(f"id:{name}:{valid}")
    if "@" in written and not written.startswith("@"):
        keys.append(f"email:{written.casefold()}")
    elif written.startswith("@"):
        keys.append(f"social:{written.casefold()}")
    folded = names.fold_name(written)
    if folded:
        keys += [f"person:{folded}", f"org:{folded}"]
    return list(dict.fromkeys(keys))
