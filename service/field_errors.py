"""Errors in plain words, in the caller's language: what the API's 422 answers and the pages' forms say.

An error is a `FieldError` (which field, a code, what was sent and the limits that matter); `message()`
writes it as a sentence in es/pt/en and `summary()` writes the one sentence that heads a list of them.
The codes are pydantic's error types where those fit (`missing`, `extra_forbidden`, `int_parsing`...) and
the project's own for values the service does not know (`unknown_country`, `inverted_years`...).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import ServiceError

LANGUAGES = ("es", "pt", "en")
DEFAULT = "en"

MESSAGES: dict[str, dict[str, str]] = {
    "missing": {"es": "Falta «{field}».", "pt": "Falta «{field}».", "en": "“{field}” is missing."},
    "extra_forbidden": {
        "es": "«{field}» no es un parámetro que el servicio conozca.",
        "pt": "«{field}» não é um parâmetro que o serviço conheça.",
        "en": "“{field}” is not a parameter the service knows.",
    },
    "not_a_number": {
        "es": "«{field}» debe ser un número entero, no «{value}».",
        "pt": "«{field}» deve ser um número inteiro, não «{value}».",
        "en": "“{field}” must be a whole number, not “{value}”.",
    },
    "too_small": {
        "es": "«{field}» debe ser al menos {limit}.",
        "pt": "«{field}» deve ser pelo menos {limit}.",
        "en": "“{field}” must be at least {limit}.",
    },
    "too_large": {
        "es": "«{field}» debe ser como mucho {limit}.",
        "pt": "«{field}» deve ser no máximo {limit}.",
        "en": "“{field}” must be at most {limit}.",
    },
    "not_one_of": {
        "es": "«{field}» debe ser uno de: {expected}.",
        "pt": "«{field}» deve ser um de: {expected}.",
        "en": "“{field}” must be one of: {expected}.",
    },
    "too_long": {
        "es": "«{field}» es demasiado largo ({length} caracteres; máximo {limit}).",
        "pt": "«{field}» é longo demais ({length} caracteres; máximo {limit}).",
        "en": "“{field}” is too long ({length} characters; at most {limit}).",
    },
    "too_many": {
        "es": "«{field}» tiene demasiados elementos (máximo {limit}).",
        "pt": "«{field}» tem itens demais (máximo {limit}).",
        "en": "“{field}” has too many items (at most {limit}).",
    },
    "too_short": {
        "es": "«{field}» está vacío o es demasiado corto.",
        "pt": "«{field}» está vazio ou é curto demais.",
        "en": "“{field}” is empty or too short.",
    },
    "wrong_type": {
        "es": "«{field}» no tiene la forma esperada.",
        "pt": "«{field}» não tem a forma esperada.",
        "en": "“{field}” does not have the expected form.",
    },
    "not_yes_no": {
        "es": "«{field}» debe ser true o false.",
        "pt": "«{field}» deve ser true ou false.",
        "en": "“{field}” must be true or false.",
    },
    "not_a_date": {
        "es": "«{field}» debe ser una fecha AAAA-MM-DD.",
        "pt": "«{field}» deve ser uma data AAAA-MM-DD.",
        "en": "“{field}” must be a date, YYYY-MM-DD.",
    },
    "invalid_json": {
        "es": "El cuerpo no es JSON válido.",
        "pt": "O corpo não é JSON válido.",
        "en": "The body is not valid JSON.",
    },
    "unknown_country": {
        "es": "No se conoce el país «{value}».",
        "pt": "O país «{value}» não é conhecido.",
        "en": "“{value}” is not a country the service knows.",
    },
    "unknown_kind": {
        "es": "«{value}» no es un tipo de documento; los tipos son: {expected}.",
        "pt": "«{value}» não é um tipo de documento; os tipos são: {expected}.",
        "en": "“{value}” is not a kind of document; the kinds are: {expected}.",
    },
    "unknown_language": {
        "es": "«{value}» no es un código de idioma (es, pt, en...).",
        "pt": "«{value}» não é um código de idioma (es, pt, en...).",
        "en": "“{value}” is not a language code (es, pt, en...).",
    },
    "unknown_exploitation": {
        "es": "«{value}» no es una forma de explotación; las formas son: {expected}.",
        "pt": "«{value}» não é uma forma de exploração; as formas são: {expected}.",
        "en": "“{value}” is not a form of exploitation; the forms are: {expected}.",
    },
    "unknown_outcome": {
        "es": "«{value}» no es un resultado; los resultados son: {expected}.",
        "pt": "«{value}» não é um resultado; os resultados são: {expected}.",
        "en": "“{value}” is not an outcome; the outcomes are: {expected}.",
    },
    "not_a_fact": {
        "es": "«{value}» no es un hecho que se pueda corregir; los hechos son: {expected}.",
        "pt": "«{value}» não é um fato que se possa corrigir; os fatos são: {expected}.",
        "en": "“{value}” is not a fact that can be corrected; the facts are: {expected}.",
    },
    "not_a_value_of": {
        "es": "«{value}» no es un valor de «{fact}»; los valores son: {expected}.",
        "pt": "«{value}» não é um valor de «{fact}»; os valores são: {expected}.",
        "en": "“{value}” is not a value of “{fact}”; the values are: {expected}.",
    },
    "one_value": {
        "es": "«{fact}» admite un solo valor, no {n}.",
        "pt": "«{fact}» admite um só valor, não {n}.",
        "en": "“{fact}” takes one value at most, not {n}.",
    },
    "not_a_year": {
        "es": "«{value}» no es un año (cuatro cifras).",
        "pt": "«{value}» não é um ano (quatro dígitos).",
        "en": "“{value}” is not a year (four digits).",
    },
    "inverted_years": {
        "es": "El año inicial ({first}) es posterior al año final ({last}).",
        "pt": "O ano inicial ({first}) é posterior ao ano final ({last}).",
        "en": "The first year ({first}) is after the last year ({last}).",
    },
    "invalid": {
        "es": "«{field}» no es válido: {reason}",
        "pt": "«{field}» não é válido: {reason}",
        "en": "“{field}” is not valid: {reason}",
    },
}
SUMMARY: dict[str, dict[str, str]] = {
    "one": {
        "es": "La petición tiene un error: {message}",
        "pt": "O pedido tem um erro: {message}",
        "en": "The request has an error: {message}",
    },
    "many": {
        "es": "La petición tiene {n} errores, en: {fields}.",
        "pt": "O pedido tem {n} erros, em: {fields}.",
        "en": "The request has {n} errors, in: {fields}.",
    },
}


@dataclass
class FieldError:
    """What is wrong with one field: `code` names the rule, `value` is an excerpt of what was sent and
    `context` the limits the message quotes (`limit`, `expected`, `first`, `last`, `reason`)."""

    field: str
    code: str
    value: str = ""
    context: dict[str, str] = field(default_factory=dict)


def message(error: FieldError, language: str) -> str:
    """The error as one sentence in `language` (es, pt, en; anything else: English)."""
    table = MESSAGES.get(error.code, MESSAGES["invalid"])
    values = {
        "field": error.field or "body",
        "value": error.value,
        "limit": "",
        "expected": "",
        "first": "",
        "last": "",
        "length": "",
        "reason": error.context.get("reason", error.code),
        **error.context,
    }
    return table.get(language, table[DEFAULT]).format(**values)


def summary(errors: list[FieldError], language: str) -> str:
    """The one sentence that heads the list: the message itself for one error, the fields for several."""
    language = language if language in LANGUAGES else DEFAULT
    if len(errors) == 1:
        return SUMMARY["one"][language].format(message=message(errors[0], language))
    fields = ", ".join(dict.fromkeys(error.field or "body" for error in errors))
    return SUMMARY["many"][language].format(n=len(errors), fields=fields)


def as_json(errors: list[FieldError], language: str) -> dict[str, object]:
    """The 422 body: `{"detail": "<one sentence>", "errors": [{"field", "message"}]}`."""
    return {
        "detail": summary(errors, language),
        "errors": [{"field": error.field, "message": message(error, language)} for error in errors],
    }


def from_accept_language(header: str, default: str = DEFAULT) -> str:
    """Best of es/pt/en by the header's q-values ("pt-BR,pt;q=0.9,en;q=0.8" -> "pt")."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = tag.strip().lower().split("-")[0]
        if language in LANGUAGES and quality > 0:
            ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else default


class InvalidRequest(ServiceError, ValueError):
    """What a caller sent cannot be used: the API answers 422 with `as_json(errors)` (api/invalid.py), a
    page shows the messages on its form. A ValueError too, so a pydantic validator may raise it and keep
    its field errors."""

    reason = "bad_value"

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(message(error, DEFAULT) for error in errors))
        self.errors = errors
