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
}
