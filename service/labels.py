"""Every value a reader sees, in Spanish, Portuguese or English: one table for the web pages, the exports and
the API's optional `label` fields, so the three never disagree.

Stored values are language-neutral codes (`forced_labour`, `judgment`, `conviction`) and country names in
English as ingest stores them ("Brazil"). Countries and languages are named from CLDR through Babel; the
project's own vocabularies (kinds, forms of exploitation, means, sectors, acts, outcomes, roles, visibility)
are translated here. A value nobody translated is shown as itself, readable (`organ_trade` -> "organ trade"),
and `untranslated()` lists every such gap for the test that forbids them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ingest.countries import NOT_COUNTRIES, canonical_name
from ingest.kinds import ALIASES as KIND_ALIASES
from ingest.kinds import KINDS
from ingest.metadata import OUTCOMES

LANGUAGES = ("es", "pt", "en")
# Babel locales of the three interface languages (Brazilian Portuguese: most of the network's offices).
LOCALES = {"es": "es_ES", "pt": "pt_BR", "en": "en_GB"}

T = dict[str, dict[str, str]]

KIND: T = {
    "judgment": {"es": "sentencia", "pt": "sentença", "en": "judgment"},
    "law": {"es": "ley", "pt": "lei", "en": "law"},
    "report": {"es": "informe", "pt": "relatório", "en": "report"},
    "guide": {"es": "guía", "pt": "guia", "en": "guide"},
    "case_brief": {"es": "ficha de caso", "pt": "resumo de caso", "en": "case brief"},
    "news": {"es": "noticia", "pt": "notícia", "en": "news"},
    "data": {"es": "datos", "pt": "dados", "en": "data"},
    "other": {"es": "otro", "pt": "outro", "en": "other"},
}
OUTCOME: T = {
    "conviction": {"es": "condena", "pt": "condenação", "en": "conviction"},
    "acquittal": {"es": "absolución", "pt": "absolvição", "en": "acquittal"},
    "other": {"es": "otro", "pt": "outro", "en": "other"},
}
# A case brief's verdict (sidecars): an outcome, or why there is none yet.
VERDICT: T = {
    **OUTCOME,
    "not_applicable": {"es": "no corresponde", "pt": "não se aplica", "en": "not applicable"},
    "pending": {"es": "pendiente", "pt": "pendente", "en": "pending"},
    "partial": {"es": "condena parcial", "pt": "condenação parcial", "en": "partial conviction"},
    "dismissed": {"es": "sobreseimiento", "pt": "arquivamento", "en": "dismissed"},
}
PURPOSE: T = {
    "forced_labour": {"es": "trabajo forzoso", "pt": "trabalho forçado", "en": "forced labour"},
    "labour_exploitation": {
        "es": "explotación laboral",
        "pt": "exploração laboral",
        "en": "labour exploitation",
    },
    "sexual_exploitation": {
        "es": "explotación sexual",
        "pt": "exploração sexual",
        "en": "sexual exploitation",
    },
    "child_trafficking": {
        "es": "trata de niñas, niños y adolescentes",
        "pt": "tráfico de crianças e adolescentes",
        "en": "child trafficking",
    },
    "forced_criminality": {
        "es": "criminalidad forzada",
        "pt": "criminalidade forçada",
        "en": "forced criminality",
    },
    "domestic_servitude": {
        "es": "servidumbre doméstica",
        "pt": "servidão doméstica",
        "en": "domestic servitude",
    },
    "forced_begging": {"es": "mendicidad forzada", "pt": "mendicância forçada", "en": "forced begging"},
    "forced_marriage": {"es": "matrimonio forzado", "pt": "casamento forçado", "en": "forced marriage"},
    "organ_removal": {"es": "extracción de órganos", "pt": "remoção de órgãos", "en": "organ removal"},
    "illegal_adoption": {"es": "adopción ilegal", "pt": "adoção ilegal", "en": "illegal adoption"},
    "slavery": {"es": "esclavitud", "pt": "escravidão", "en": "slavery"},
    "smuggling": {
        "es": "tráfico ilícito de migrantes",
        "pt": "contrabando de migrantes",
        "en": "migrant smuggling",
    },
}
MEANS: T = {
    "deception": {"es": "engaño", "pt": "engano", "en": "deception"},
    "debt_bondage": {"es": "servidumbre por deudas", "pt": "servidão por dívidas", "en": "debt bondage"},
    "abuse_of_vulnerability": {
        "es": "abuso de una situación de vulnerabilidad",
        "pt": "abuso de uma situação de vulnerabilidade",
        "en": "abuse of a position of vulnerability",
    },
    "threat": {"es": "amenazas", "pt": "ameaças", "en": "threats"},
    "force": {"es": "fuerza", "pt": "força", "en": "force"},
    "coercion": {"es": "coacción", "pt": "coação", "en": "coercion"},
    "document_retention": {
        "es": "retención de documentos",
        "pt": "retenção de documentos",
        "en": "retention of documents",
    },
    "abduction": {"es": "rapto", "pt": "rapto", "en": "abduction"},
    "fraud": {"es": "fraude", "pt": "fraude", "en": "fraud"},
    "abuse_of_power": {"es": "abuso de poder", "pt": "abuso de poder", "en": "abuse of power"},
    "payments": {
        "es": "pagos a quien tiene autoridad sobre la víctima",
        "pt": "pagamentos a quem tem autoridade sobre a vítima",
        "en": "payments to a person in control of the victim",
    },
    "isolation": {"es": "aislamiento", "pt": "isolamento", "en": "isolation"},
}
SECTOR: T = {
    "agriculture": {"es": "agricultura", "pt": "agricultura", "en": "agriculture"},
    "livestock": {"es": "ganadería", "pt": "pecuária", "en": "livestock"},
    "fishing": {"es": "pesca", "pt": "pesca", "en": "fishing"},
    "mining": {"es": "minería", "pt": "mineração", "en": "mining"},
    "logging": {"es": "explotación forestal", "pt": "extração de madeira", "en": "logging"},
    "textile": {"es": "textil", "pt": "têxtil", "en": "textile"},
    "manufacturing": {"es": "industria", "pt": "indústria", "en": "manufacturing"},
    "construction": {"es": "construcción", "pt": "construção civil", "en": "construction"},
    "domestic_work": {"es": "trabajo doméstico", "pt": "trabalho doméstico", "en": "domestic work"},
    "hospitality": {"es": "hostelería", "pt": "hotelaria e restaurantes", "en": "hospitality"},
    "sex_industry": {"es": "comercio sexual", "pt": "comércio sexual", "en": "sex industry"},
    "street": {"es": "vía pública", "pt": "via pública", "en": "street"},
    "online": {"es": "internet", "pt": "internet", "en": "online"},
    "none": {"es": "ninguno", "pt": "nenhum", "en": "none"},
}
ACT: T = {
    "recruitment": {"es": "captación", "pt": "aliciamento", "en": "recruitment"},
    "transport": {"es": "transporte", "pt": "transporte", "en": "transport"},
    "transfer": {"es": "traslado", "pt": "transferência", "en": "transfer"},
    "harbouring": {"es": "acogida", "pt": "alojamento", "en": "harbouring"},
    "receipt": {"es": "recepción", "pt": "acolhimento", "en": "receipt"},
}
FORM: T = {
    "trafficking": {"es": "trata de personas", "pt": "tráfico de pessoas", "en": "trafficking in persons"},
    "smuggling": {
        "es": "tráfico ilícito de migrantes",
        "pt": "contrabando de migrantes",
        "en": "migrant smuggling",
    },
}
ROLE: T = {
    "reader": {"es": "lector", "pt": "leitor", "en": "reader"},
    "editor": {"es": "editor", "pt": "editor", "en": "editor"},
    "admin": {"es": "administrador", "pt": "administrador", "en": "admin"},
}
VISIBILITY: T = {
    "office": {"es": "solo mi oficina", "pt": "só meu órgão", "en": "my office only"},
    "network": {"es": "toda la red", "pt": "toda a rede", "en": "the whole network"},
    "public": {"es": "público", "pt": "público", "en": "public"},
}

# Field name (as stored, and as the facets and filters name it) -> its table.
TABLES: dict[str, T] = {
    "kind": KIND,
    "outcome": OUTCOME,
    "verdict": VERDICT,
    "purpose": PURPOSE,
    "exploitation": PURPOSE,
    "means": MEANS,
    "sector": SECTOR,
    "acts": ACT,
    "form": FORM,
    "role": ROLE,
    "visibility": VISIBILITY,
}


def readable(value: str) -> str:
    """A code nobody translated, as words: `organ_trade` -> "organ trade"."""
    return value.replace("_", " ")


def label(field: str, value: object, language: str) -> str:
    """`value` of `field` in `language`: a country or a language by CLDR, a vocabulary value by its table,
    anything else (a court, a year) as it is."""
    if value is None or value == "":
        return ""
    text = str(value)
    if field in ("country", "countries"):
        return country_name(text, language)
    if field == "language":
        return language_name(text, language)
    if field == "kind":
        text = KIND_ALIASES.get(text, text)
    table = TABLES.get(field)
    if table is None:
        return text
    return table.get(text, {}).get(language) or readable(text)


def labels(field: str, values: list[str] | tuple[str, ...] | None, language: str) -> list[str]:
    return [label(field, value, language) for value in values or []]


@lru_cache(maxsize=1)
def country_codes() -> dict[str, str]:
    """Stored (English) country name -> ISO 3166 code, for every CLDR territory ingest can store."""
    from babel import Locale

    out: dict[str, str] = {}
    for code, english in Locale("en").territories.items():
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES:
            out[english] = code
            stored = canonical_name(english)
            if stored:
                out.setdefault(stored, code)
    return out


def country_code(name: str) -> str | None:
    """The ISO code of a country written in es/pt/en ("Perú", "peru", "Brazil"), or None."""
    codes = country_codes()
    return codes.get(name) or codes.get(canonical_name(name) or "")


@lru_cache(maxsize=4096)
def country_name(name: str, language: str) -> str:
    """A stored country name in `language` by CLDR ("Brazil" -> "Brasil"); an unknown name as it is."""
    from babel import Locale

    code = country_code(name)
    if code is None:
        return name
    return Locale.parse(LOCALES.get(language, "en_GB")).territories.get(code, name)


@lru_cache(maxsize=1024)
def language_name(code: str, language: str) -> str:
    """An ISO 639 code in `language` by CLDR ("pt" -> "portugués"), capitalised as a list item is;
    an unknown code as it is."""
    from babel import Locale

    name = Locale.parse(LOCALES.get(language, "en_GB")).languages.get(code)
    return name[:1].upper() + name[1:] if name else code


def known_language(code: str) -> bool:
    from babel import Locale

    return code in Locale("en").languages


def vocabulary(field: str) -> tuple[str, ...]:
    """The codes a field may hold (its table's keys; kinds and outcomes as ingest defines them)."""
    if field == "kind":
        return KINDS
    if field == "outcome":
        return OUTCOMES
    return tuple(TABLES.get(field, {}))


def untranslated(values: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    """(field, value, language) for every value that has no translation of its own: a vocabulary code
    missing from its table or from one language, a country CLDR cannot name."""
    gaps: list[tuple[str, str, str]] = []
    for field, found in sorted(values.items()):
        for value in sorted(found):
            for language in LANGUAGES:
                if field in ("country", "countries"):
                    ok = country_code(value) is not None
                elif field == "language":
                    ok = known_language(value)
                else:
                    table = TABLES.get(field, {})
                    key = KIND_ALIASES.get(value, value) if field == "kind" else value
                    ok = bool(table.get(key, {}).get(language))
                if not ok:
                    gaps.append((field, value, language))
    return gaps


# The words of the exports (casebooks in Markdown, DOCX and PDF; the criteria matrix in CSV).
EXPORT_WORDS: dict[str, dict[str, str]] = {
    "es": {
        "sources": "Fuentes",
        "note": "Nota",
        "case": "Caso completo",
        "p": "p.",
        "pp": "pp.",
        "document": "documento",
        "document_id": "id del documento",
        "title": "título",
        "countries": "países",
        "year": "año",
        "kind": "tipo",
        "yes": "sí",
        "no": "no",
        "passage": "pasaje",
    },
    "pt": {
        "sources": "Fontes",
        "note": "Nota",
        "case": "Caso completo",
        "p": "p.",
        "pp": "pp.",
        "document": "documento",
        "document_id": "id do documento",
        "title": "título",
        "countries": "países",
        "year": "ano",
        "kind": "tipo",
        "yes": "sim",
        "no": "não",
        "passage": "trecho",
    },
    "en": {
        "sources": "Sources",
        "note": "Note",
        "case": "Whole case",
        "p": "p.",
        "pp": "pp.",
        "document": "document",
        "document_id": "document_id",
        "title": "title",
        "countries": "countries",
        "year": "year",
        "kind": "kind",
        "yes": "yes",
        "no": "no",
        "passage": "passage",
    },
}


def export_words(language: str) -> dict[str, str]:
    return EXPORT_WORDS.get(language, EXPORT_WORDS["en"])


# Facet names (the API's) -> the field their values belong to.
FACET_FIELDS = {
    "country": "country",
    "kind": "kind",
    "language": "language",
    "exploitation": "purpose",
    "outcome": "outcome",
}


def label_map(
    facets: dict[str, list[Any]], hits: list[dict[str, Any]], language: str
) -> dict[str, dict[str, str]]:
    """The optional `labels` of a search answer: for each facet, every value it or a hit shows -> its name in
    `language` (`{"country": {"Brazil": "Brasil"}, "kind": {"judgment": "sentencia"}}`)."""
    found: dict[str, set[str]] = {name: set() for name in FACET_FIELDS}
    for name in FACET_FIELDS:
        found[name] |= {
            str(item["value"] if isinstance(item, dict) else item[0]) for item in facets.get(name, [])
        }
    for hit in hits:
        found["country"] |= set(hit.get("countries") or [])
        found["kind"] |= {hit["kind"]} if hit.get("kind") else set()
        found["language"] |= {hit["language"]} if hit.get("language") else set()
    return {
        name: {value: label(FACET_FIELDS[name], value, language) for value in sorted(values)}
        for name, values in found.items()
        if values
    }
