"""The audit trail as an administrator reads it: who did what, when and from where, in plain words in the
page's language ("Ana (Fiscalía de prueba) buscó «trabajo forzoso» · país: Perú"), never raw JSON.

Each action has a sentence per language; its detail is shown as labelled values (countries, kinds and
other vocabularies translated, documents named by their title). An action this table does not know is
shown by its name, and its detail as labelled values all the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.audit_check import Verification

from .i18n import MESSAGES, Translator
from .i18n_entities import ENTITY_ACTIONS

ACTIONS: dict[str, dict[str, str]] = {
    "search": {"es": "buscó «{q}»", "pt": "pesquisou «{q}»", "en": "searched for “{q}”"},
    "view": {"es": "abrió el documento", "pt": "abriu o documento", "en": "opened the document"},
    "download": {"es": "descargó el original", "pt": "baixou o original", "en": "downloaded the original"},
    "upload": {"es": "subió archivos", "pt": "enviou arquivos", "en": "uploaded files"},
    "delete": {"es": "eliminó un documento", "pt": "excluiu um documento", "en": "deleted a document"},
    "correct": {"es": "corrigió la ficha", "pt": "corrigiu a ficha", "en": "corrected the case card"},
    "share": {
        "es": "cambió quién puede ver un documento",
        "pt": "mudou quem pode ver um documento",
        "en": "changed who may see a document",
    },
    "similar": {
        "es": "buscó casos comparables",
        "pt": "buscou casos comparáveis",
        "en": "looked for comparable cases",
    },
    "similar_draft": {
        "es": "buscó casos comparables a un borrador",
        "pt": "buscou casos comparáveis a um rascunho",
        "en": "looked for cases comparable to a draft",
    },
    "sign_in": {"es": "inició sesión", "pt": "entrou", "en": "signed in"},
    "sign_out": {"es": "cerró sesión", "pt": "saiu", "en": "signed out"},
    "sign_in_failed": {
        "es": "intentó iniciar sesión con una contraseña incorrecta",
        "pt": "tentou entrar com uma senha errada",
        "en": "tried to sign in with a wrong password",
    },
    "sign_in_throttled": {
        "es": "intentó iniciar sesión durante una espera",
        "pt": "tentou entrar durante uma espera",
        "en": "tried to sign in while made to wait",
    },
    "sign_in_unlock": {
        "es": "levantó la espera de inicio de sesión",
        "pt": "liberou a espera de acesso",
        "en": "lifted a sign-in wait",
    },
    "api_key_create": {
        "es": "creó una clave de API",
        "pt": "criou uma chave de API",
        "en": "created an API key",
    },
    "api_key_revoke": {
        "es": "revocó una clave de API",
        "pt": "revogou uma chave de API",
        "en": "revoked an API key",
    },
    "user_add": {"es": "añadió un usuario", "pt": "adicionou um usuário", "en": "added a user"},
    "user_change": {"es": "cambió un usuario", "pt": "alterou um usuário", "en": "changed a user"},
    "office_add": {"es": "añadió una oficina", "pt": "adicionou um órgão", "en": "added an office"},
    "criterion_create": {"es": "creó un criterio", "pt": "criou um critério", "en": "created a criterion"},
    "criterion_edit": {"es": "editó un criterio", "pt": "editou um critério", "en": "edited a criterion"},
    "criterion_delete": {
        "es": "eliminó un criterio",
        "pt": "excluiu um critério",
        "en": "deleted a criterion",
    },
    "glossary_create": {
        "es": "añadió una entrada al glosario",
        "pt": "adicionou uma entrada ao glossário",
        "en": "added a glossary entry",
    },
    "glossary_edit": {
        "es": "editó una entrada del glosario",
        "pt": "editou uma entrada do glossário",
        "en": "edited a glossary entry",
    },
    "glossary_delete": {
        "es": "eliminó una entrada del glosario",
        "pt": "excluiu uma entrada do glossário",
        "en": "deleted a glossary entry",
    },
    "export_audit": {
        "es": "exportó el registro de auditoría",
        "pt": "exportou o registro de auditoria",
        "en": "exported the audit trail",
    },
    "export_casebook": {
        "es": "exportó un cuaderno",
        "pt": "exportou um caderno",
        "en": "exported a casebook",
    },
    "export_matrix": {
        "es": "exportó la matriz de criterios",
        "pt": "exportou a matriz de critérios",
        "en": "exported the criteria matrix",
    },
    "reindex": {"es": "reconstruyó el índice", "pt": "reconstruiu o índice", "en": "rebuilt the index"},
    "optimize": {"es": "optimizó el índice", "pt": "otimizou o índice", "en": "optimised the index"},
}
ACTIONS.update(ENTITY_ACTIONS)
# Detail keys with a label of their own (others take the interface's message of the same name, if any).
KEYS: dict[str, dict[str, str]] = {
    "document_id": {"es": "documento", "pt": "documento", "en": "document"},
    "fields": {"es": "campos", "pt": "campos", "en": "fields"},
    "files": {"es": "archivos", "pt": "arquivos", "en": "files"},
    "told": {"es": "indicado", "pt": "informado", "en": "told"},
    "bytes": {"es": "bytes", "pt": "bytes", "en": "bytes"},
    "count": {"es": "eventos", "pt": "eventos", "en": "events"},
    "items": {"es": "elementos", "pt": "itens", "en": "items"},
    "format": {"es": "formato", "pt": "formato", "en": "format"},
    "change": {"es": "cambio", "pt": "alteração", "en": "change"},
    "wait_seconds": {"es": "espera (s)", "pt": "espera (s)", "en": "wait (s)"},
    "was_locked": {"es": "estaba en espera", "pt": "estava em espera", "en": "was waiting"},
    "reason": {"es": "motivo", "pt": "motivo", "en": "reason"},
}
# Detail keys whose values are a vocabulary's codes (service/labels.py field names).
VALUE_FIELDS = {
    "country": "country",
    "countries": "country",
    "kind": "kind",
    "language": "language",
    "exploitation": "purpose",
    "purpose": "purpose",
    "outcome": "outcome",
    "visibility": "visibility",
    "role": "role",
}
YES_NO = {True: {"es": "sí", "pt": "sim", "en": "yes"}, False: {"es": "no", "pt": "não", "en": "no"}}


@dataclass
class AuditRow:
    when: str
    who: str
    where: str
    what: str
    details: list[tuple[str, str]] = field(default_factory=list)


def key_label(key: str, t: Translator) -> str:
    if key in KEYS:
        return KEYS[key][t.language]
    if key in MESSAGES:
        return t(key)
    return key.replace("_", " ")


def shown(key: str, value: Any, t: Translator, titles: dict[str, str]) -> str:
    """A detail's value in words: translated codes, titles for documents, yes/no, short lists."""
    if isinstance(value, bool):
        return YES_NO[value][t.language]
    if key == "document_id" and isinstance(value, str):
        return titles.get(value, value)
    if isinstance(value, list):
        return ", ".join(shown(key, item, t, titles) for item in value[:10]) + (
            " …" if len(value) > 10 else ""
        )
    if isinstance(value, dict):
        if {"name", "status"} <= set(value):  # an uploaded file's line
            status = f"status_{value['status']}"
            return f"{value['name']} ({t(status) if status in MESSAGES else value['status']})"
        return "; ".join(f"{key_label(k, t)}: {shown(k, v, t, titles)}" for k, v in list(value.items())[:10])
    if key in VALUE_FIELDS:
        return t.value(VALUE_FIELDS[key], value)
    if isinstance(value, int | float):
        return t.number(value)
    return str(value)


def describe(event: dict[str, Any], t: Translator, titles: dict[str, str]) -> AuditRow:
    detail = dict(event.get("detail") or {})
    action = str(event.get("action", ""))
    phrase = ACTIONS.get(action, {}).get(t.language)
    query = detail.pop("q", "") if action == "search" else ""
    if isinstance(query, dict):  # a long query kept as its excerpt and digest
        query = f"{query.get('excerpt', '')}…"
    what = phrase.format(q=query) if phrase else action.replace("_", " ")
    who = str(event.get("user") or "")
    if event.get("office"):
        who += f" ({event['office']})"
    details = [
        (key_label(k, t), shown(k, v, t, titles)) for k, v in detail.items() if v not in (None, "", [], {})
    ]
    return AuditRow(t.moment(event.get("at")), who, str(event.get("ip") or ""), what, details)


PROBLEMS: dict[str, dict[str, str]] = {
    "edited": {"es": "una línea fue modificada", "pt": "uma linha foi alterada", "en": "a line was edited"},
    "deleted": {"es": "faltan líneas", "pt": "faltam linhas", "en": "lines are missing"},
    "inserted": {"es": "se insertó una línea", "pt": "uma linha foi inserida", "en": "a line was inserted"},
    "reordered": {
        "es": "las líneas cambiaron de orden",
        "pt": "as linhas mudaram de ordem",
        "en": "lines were reordered",
    },
    "truncated": {
        "es": "se cortó el final del registro",
        "pt": "o final do registro foi cortado",
        "en": "the end of the log was cut",
    },
}


def verification_text(verification: Verification, t: Translator) -> str:
    """ "12 eventos · cadena intacta", or what is wrong, in the page's language."""
    if verification.events == 0 and verification.intact:
        return t("audit_empty")
    if verification.intact:
        return f"{t.count(verification.events, 'events')} · {t('audit_intact')}"
    found = []
    for problem in verification.problems[:5]:
        words = PROBLEMS.get(problem.kind, {}).get(t.language, problem.kind.replace("_", " "))
        found.append(f"{t('audit_line')} {problem.line}: {words}" if problem.line else words)
    return f"{t('audit_broken')}: " + "; ".join(found)
