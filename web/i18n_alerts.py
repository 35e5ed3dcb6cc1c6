"""The Alerts page's words in Spanish, Portuguese and English (merged into web.i18n.MESSAGES)."""

ALERT_MESSAGES: dict[str, dict[str, str]] = {
    "alerts": {"es": "Alertas", "pt": "Alertas", "en": "Alerts"},
    "alerts_unread": {
        "es": "Alertas ({count} sin leer)",
        "pt": "Alertas ({count} por ler)",
        "en": "Alerts ({count} unread)",
    },
    "alert_saved": {
        "es": "Alerta guardada. Le avisaremos cuando llegue un documento que coincida.",
        "pt": "Alerta salvo. Avisaremos quando chegar um documento correspondente.",
        "en": "Alert saved. You will be told when a matching document arrives.",
    },
    "alerts_help": {
        "es": "Siga una búsqueda o un caso descrito: cada documento nuevo que coincida, y que usted "
        "pueda ver, llega aquí, y por correo o webhook si lo indica.",
        "pt": "Siga uma pesquisa ou um caso descrito: cada documento novo correspondente, que você "
        "possa ver, chega aqui, e por e-mail ou webhook se indicar.",
        "en": "Follow a search or a described case: every new matching document you may see arrives "
        "here, and by e-mail or webhook if you give one.",
    },
    "alert_inbox": {"es": "Bandeja de alertas", "pt": "Caixa de alertas", "en": "Alert inbox"},
    "mark_all_read": {
        "es": "Marcar todo como leído",
        "pt": "Marcar tudo como lido",
        "en": "Mark all as read",
    },
    "mark_read": {"es": "Marcar como leído", "pt": "Marcar como lido", "en": "Mark as read"},
    "new": {"es": "nuevo", "pt": "novo", "en": "new"},
    "alert_for": {"es": "Por la alerta", "pt": "Pelo alerta", "en": "For the alert"},
    "your_draft": {"es": "Su caso", "pt": "Seu caso", "en": "Your case"},
    "inbox_empty": {
        "es": "Todavía no llegó nada.",
        "pt": "Ainda não chegou nada.",
        "en": "Nothing has arrived yet.",
    },
    "followed": {"es": "Lo que sigue", "pt": "O que você segue", "en": "What you follow"},
    "no_alerts": {
        "es": "No sigue nada todavía: guarde una búsqueda desde sus resultados o un caso desde "
        "«Describir un caso».",
        "pt": "Você ainda não segue nada: salve uma pesquisa a partir dos resultados ou um caso a "
        "partir de «Descrever um caso».",
        "en": "You follow nothing yet: save a search from its results, or a case from “Describe a case”.",
    },
    "paused": {"es": "en pausa", "pt": "em pausa", "en": "paused"},
    "pause": {"es": "Pausar", "pt": "Pausar", "en": "Pause"},
    "resume": {"es": "Reanudar", "pt": "Retomar", "en": "Resume"},
    "alert_kind_search": {"es": "Búsqueda guardada", "pt": "Pesquisa salva", "en": "Saved search"},
    "alert_kind_draft": {"es": "Caso descrito", "pt": "Caso descrito", "en": "Described case"},
    "alert_kind_entity": {"es": "Entidad", "pt": "Entidade", "en": "Entity"},
    "frequency": {"es": "Frecuencia", "pt": "Frequência", "en": "Frequency"},
    "frequency_immediate": {"es": "en el momento", "pt": "na hora", "en": "at once"},
    "frequency_daily": {"es": "resumen diario", "pt": "resumo diário", "en": "daily digest"},
    "frequency_weekly": {"es": "resumen semanal", "pt": "resumo semanal", "en": "weekly digest"},
    "since": {"es": "desde el", "pt": "desde", "en": "since"},
    "atom_feed": {"es": "canal Atom", "pt": "feed Atom", "en": "Atom feed"},
    "alert_email": {"es": "Correo", "pt": "E-mail", "en": "E-mail"},
    "alert_webhook": {"es": "Webhook (URL)", "pt": "Webhook (URL)", "en": "Webhook (URL)"},
    "webhook_secret": {
        "es": "Clave de la firma del webhook (HMAC-SHA256)",
        "pt": "Chave da assinatura do webhook (HMAC-SHA256)",
        "en": "Key of the webhook's signature (HMAC-SHA256)",
    },
    "follow_search": {
        "es": "Avisarme de nuevos documentos para esta búsqueda",
        "pt": "Avisar-me de novos documentos para esta pesquisa",
        "en": "Tell me about new documents for this search",
    },
    "follow_draft": {
        "es": "Avisarme cuando llegue un caso comparable",
        "pt": "Avisar-me quando chegar um caso comparável",
        "en": "Tell me when a comparable case arrives",
    },
    "follow_entity": {
        "es": "Avisarme cuando otro caso lo nombre",
        "pt": "Avisar-me quando outro caso o citar",
        "en": "Tell me when another case names it",
    },
    "follow": {"es": "Seguir", "pt": "Seguir", "en": "Follow"},
}
