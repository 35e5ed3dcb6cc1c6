"""The words of the entity work's newer pages in Spanish, Portuguese and English (merged into
web.i18n.MESSAGES): the pseudonymised casebook, the proposed merges of names, the FollowTheMoney export."""

ENTITY_MESSAGES: dict[str, dict[str, str]] = {
    "pseudonymised": {"es": "seudonimizado", "pt": "pseudonimizado", "en": "pseudonymised"},
    "training_view": {
        "es": "Versión para formación (seudonimizada)",
        "pt": "Versão para formação (pseudonimizada)",
        "en": "Training version (pseudonymised)",
    },
    "training_back": {"es": "Volver al cuaderno", "pt": "Voltar ao caderno", "en": "Back to the casebook"},
    "merges": {
        "es": "Nombres que pueden ser la misma persona",
        "pt": "Nomes que podem ser a mesma pessoa",
        "en": "Names that may be the same person",
    },
    "merges_hint": {
        "es": "Nombres parecidos en los documentos que usted puede ver. Unirlos hace de ellos una sola "
        "entidad en su página, en la API y en la red; rechazar los deja separados y no se vuelven a proponer.",
        "pt": "Nomes parecidos nos documentos que você pode ver. Uni-los faz deles uma só entidade na sua "
        "página, na API e na rede; rejeitar os deixa separados e não voltam a ser propostos.",
        "en": "Similar names in the documents you may see. Merging makes them one entity on its page, in "
        "the API and in the network; rejecting keeps them apart and they are not proposed again.",
    },
    "merges_alike": {"es": "Parecido", "pt": "Semelhança", "en": "Alike"},
    "merges_decision": {"es": "Decisión", "pt": "Decisão", "en": "Decision"},
    "merges_keep_a": {"es": "Unir como «{name}»", "pt": "Unir como «{name}»", "en": "Merge as “{name}”"},
    "merges_keep_b": {"es": "Unir como «{name}»", "pt": "Unir como «{name}»", "en": "Merge as “{name}”"},
    "merges_reject": {"es": "No es la misma", "pt": "Não é a mesma", "en": "Not the same"},
    "merges_none": {
        "es": "No hay nombres parecidos por decidir.",
        "pt": "Não há nomes parecidos por decidir.",
        "en": "No similar names left to decide.",
    },
    "merges_done_merge": {"es": "Nombres unidos.", "pt": "Nomes unidos.", "en": "Names merged."},
    "merges_done_reject": {
        "es": "Propuesta rechazada.",
        "pt": "Proposta rejeitada.",
        "en": "Proposal rejected.",
    },
    "entity_merged": {"es": "Unido con", "pt": "Unido com", "en": "Merged with"},
    "network_ftm": {
        "es": "Exportar para Aleph (FollowTheMoney)",
        "pt": "Exportar para o Aleph (FollowTheMoney)",
        "en": "Export for Aleph (FollowTheMoney)",
    },
}

# The audit trail's sentences for the actions of these pages (merged into web.audit_view.ACTIONS).
ENTITY_ACTIONS: dict[str, dict[str, str]] = {
    "merge_names": {"es": "unió dos nombres", "pt": "uniu dois nomes", "en": "merged two names"},
    "reject_names": {
        "es": "rechazó unir dos nombres",
        "pt": "rejeitou unir dois nomes",
        "en": "rejected merging two names",
    },
    "view_training_casebook": {
        "es": "abrió un cuaderno seudonimizado",
        "pt": "abriu um caderno pseudonimizado",
        "en": "opened a pseudonymised casebook",
    },
}
