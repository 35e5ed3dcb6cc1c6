"""The interface in Spanish, Portuguese and English: one message table, the locale chosen per request,
numbers and dates formatted by Babel in that locale.

The language comes from, in order: `?lang=` (which also sets a cookie, so the choice is remembered), the
`lang` cookie, the browser's Accept-Language, English.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from fastapi import Request

from service import labels
from service.field_errors import FieldError, from_accept_language, message

from .i18n_alerts import ALERT_MESSAGES
from .i18n_entities import ENTITY_MESSAGES

LANGUAGES = {"es": "Español", "pt": "Português", "en": "English"}
DEFAULT = "en"
COOKIE = "lang"

MESSAGES: dict[str, dict[str, str]] = {
    "search": {"es": "Buscar", "pt": "Pesquisar", "en": "Search"},
    "analysis": {"es": "Análisis", "pt": "Análise", "en": "Analysis"},
    "search_label": {"es": "Buscar en los casos", "pt": "Pesquisar nos casos", "en": "Search the cases"},
    "search_hint": {
        "es": 'Describa lo que busca en cualquier idioma. Entre comillas: "frase exacta".',
        "pt": 'Descreva o que procura em qualquer idioma. Entre aspas: "frase exata".',
        "en": 'Describe what you are looking for in any language. In quotes: "exact phrase".',
    },
    "documents": {"es": "Documentos", "pt": "Documentos", "en": "Documents"},
    "upload": {"es": "Subir archivos", "pt": "Enviar arquivos", "en": "Upload files"},
    "results": {"es": "resultados", "pt": "resultados", "en": "results"},
    "no_results": {
        "es": "Ningún pasaje coincide con la búsqueda.",
        "pt": "Nenhum trecho corresponde à pesquisa.",
        "en": "No passage matches your search.",
    },
    "no_results_try": {
        "es": "Pruebe con otras palabras o una frase que describa el caso, quite filtros o "
        "comillas, o busque en otro idioma.",
        "pt": "Tente outras palavras ou uma frase que descreva o caso, retire filtros ou aspas, "
        "ou pesquise em outro idioma.",
        "en": "Try other words or a sentence describing the case, remove filters or quotes, or "
        "search in another language.",
    },
    "documents_found": {
        "es": "documentos encontrados",
        "pt": "documentos encontrados",
        "en": "documents found",
    },
    "from_result": {"es": "desde el", "pt": "a partir do", "en": "from number"},
    "more_passages": {
        "es": "pasajes más en este documento",
        "pt": "trechos a mais neste documento",
        "en": "more passages in this document",
    },
    "whole_document": {
        "es": "Ver todos en el documento",
        "pt": "Ver todos no documento",
        "en": "See them all in the document",
    },
    "previous_page": {"es": "Anteriores", "pt": "Anteriores", "en": "Previous"},
    "next_page": {"es": "Siguientes", "pt": "Próximos", "en": "Next"},
    "pages_of_results": {"es": "Páginas de resultados", "pt": "Páginas de resultados", "en": "Result pages"},
    "query_truncated": {
        "es": "El texto es muy largo: solo se buscó su comienzo (unos 16 000 caracteres).",
        "pt": "O texto é muito longo: só o início foi pesquisado (cerca de 16 000 caracteres).",
        "en": "The text is very long: only its beginning was searched (about 16,000 characters).",
    },
    "unmatched_phrases": {
        "es": "Ningún pasaje contiene {phrases} tal cual: se muestran los resultados sin ese requisito.",
        "pt": "Nenhum trecho contém {phrases} tal qual: são mostrados os resultados sem esse requisito.",
        "en": "No passage holds {phrases} word for word: these are the results without that requirement.",
    },
    "filters": {"es": "Filtros", "pt": "Filtros", "en": "Filters"},
    "apply": {"es": "Aplicar", "pt": "Aplicar", "en": "Apply"},
    "clear": {"es": "Quitar filtros", "pt": "Limpar filtros", "en": "Clear filters"},
    "country": {"es": "País", "pt": "País", "en": "Country"},
    "year": {"es": "Año", "pt": "Ano", "en": "Year"},
    "period": {"es": "Periodo", "pt": "Período", "en": "Period"},
    "year_from": {"es": "Desde el año", "pt": "Desde o ano", "en": "From year"},
    "year_to": {"es": "Hasta el año", "pt": "Até o ano", "en": "To year"},
    "kind": {"es": "Tipo", "pt": "Tipo", "en": "Kind"},
    "language": {"es": "Idioma", "pt": "Idioma", "en": "Language"},
    "exploitation": {"es": "Forma de explotación", "pt": "Forma de exploração", "en": "Form of exploitation"},
    "page": {"es": "p.", "pt": "p.", "en": "p."},
    "pages": {"es": "pp.", "pt": "pp.", "en": "pp."},
    "section": {"es": "Sección", "pt": "Seção", "en": "Section"},
    "open_original": {
        "es": "Abrir el original en esta página",
        "pt": "Abrir o original nesta página",
        "en": "Open the original at this page",
    },
    "open_passage": {
        "es": "Ver el pasaje en el documento",
        "pt": "Ver o trecho no documento",
        "en": "See the passage in the document",
    },
    "original_file": {"es": "Archivo original", "pt": "Arquivo original", "en": "Original file"},
    "passages": {"es": "pasajes", "pt": "trechos", "en": "passages"},
    "score": {"es": "relevancia", "pt": "relevância", "en": "relevance"},
    "metadata": {"es": "Ficha", "pt": "Ficha", "en": "Case card"},
    "court": {"es": "Tribunal", "pt": "Tribunal", "en": "Court"},
    "outcome": {"es": "Resultado", "pt": "Resultado", "en": "Outcome"},
    "offence": {"es": "Delito", "pt": "Crime", "en": "Offence"},
    "verdict": {"es": "Resultado", "pt": "Resultado", "en": "Outcome"},
    "victims": {"es": "Víctimas", "pt": "Vítimas", "en": "Victims"},
    "defendants": {"es": "Imputados", "pt": "Réus", "en": "Defendants"},
    "sector": {"es": "Sector", "pt": "Setor", "en": "Sector"},
    "means": {"es": "Medios", "pt": "Meios", "en": "Means"},
    "owner": {"es": "Oficina titular", "pt": "Órgão titular", "en": "Owner office"},
    "ingested": {"es": "Incorporado", "pt": "Incorporado", "en": "Added"},
    "upload_help": {
        "es": "PDF, DOCX, PPTX, XLSX, HTML, Markdown, texto, correo o imagen. Máximo {mb} MB por archivo.",
        "pt": "PDF, DOCX, PPTX, XLSX, HTML, Markdown, texto, e-mail ou imagem. Máximo {mb} MB por arquivo.",
        "en": "PDF, DOCX, PPTX, XLSX, HTML, Markdown, text, e-mail or image. At most {mb} MB a file.",
    },
    "files": {"es": "Archivos", "pt": "Arquivos", "en": "Files"},
    "send": {"es": "Subir e incorporar", "pt": "Enviar e incorporar", "en": "Upload and ingest"},
    "report": {"es": "Informe de incorporación", "pt": "Relatório de incorporação", "en": "Ingest report"},
    "status_added": {"es": "incorporado", "pt": "incorporado", "en": "added"},
    "status_updated": {"es": "actualizado", "pt": "atualizado", "en": "updated"},
    "status_unchanged": {"es": "sin cambios", "pt": "sem alterações", "en": "unchanged"},
    "status_failed": {"es": "rechazado", "pt": "rejeitado", "en": "failed"},
    "status_duplicate": {"es": "duplicado", "pt": "duplicado", "en": "duplicate"},
    "already_as": {
        "es": "ya está en la base como",
        "pt": "já está na base como",
        "en": "already in the base as",
    },
    "told_applied": {
        "es": "se corrigió con lo indicado",
        "pt": "corrigido com o indicado",
        "en": "corrected with what you told",
    },
    "told_legend": {
        "es": "Sobre el documento (opcional)",
        "pt": "Sobre o documento (opcional)",
        "en": "About the document (optional)",
    },
    "told_help": {
        "es": "Lo que indique aquí se usa tal cual; lo que deje vacío se deduce del documento.",
        "pt": "O que indicar aqui é usado tal como está; o que deixar vazio é deduzido do documento.",
        "en": "What you fill in is used as told; what you leave empty is inferred from the document.",
    },
    "not_told": {
        "es": "deducir del documento",
        "pt": "deduzir do documento",
        "en": "infer from the document",
    },
    "commas_help": {"es": "Separados por comas.", "pt": "Separados por vírgulas.", "en": "Comma-separated."},
    "lines_help": {"es": "Uno por línea.", "pt": "Um por linha.", "en": "One a line."},
    "sources": {"es": "Fuentes", "pt": "Fontes", "en": "Sources"},
    "source_attachment": {
        "es": "{name}, adjunto de «{of}»",
        "pt": "{name}, anexo de «{of}»",
        "en": "{name}, attachment of “{of}”",
    },
    "source_upload": {
        "es": "{name}, subido por {office}",
        "pt": "{name}, enviado por {office}",
        "en": "{name}, uploaded by {office}",
    },
    "same_case_file": {"es": "Mismo expediente", "pt": "Mesmo processo", "en": "Same case file"},
    "case_file_attached_to": {"es": "Llegó adjunto a", "pt": "Chegou anexado a", "en": "Came attached to"},
    "case_file_attachment": {"es": "Adjunto:", "pt": "Anexo:", "en": "Attachment:"},
    "near_duplicate": {
        "es": "Probablemente el mismo documento que",
        "pt": "Provavelmente o mesmo documento que",
        "en": "Probably the same document as",
    },
    "resemblance": {"es": "texto en común", "pt": "texto em comum", "en": "text in common"},
    "inferred": {"es": "deducido", "pt": "deduzido", "en": "inferred"},
    "correct_metadata": {"es": "Corregir la ficha", "pt": "Corrigir a ficha", "en": "Correct the case card"},
    "correct_help": {
        "es": "Lo que cambie aquí queda como indicado por usted y se conserva al volver a "
        "incorporar el archivo.",
        "pt": "O que mudar aqui fica como informado por você e é mantido ao incorporar o arquivo de novo.",
        "en": "What you change here is kept as told, also when the file is ingested again.",
    },
    "case_number": {"es": "Número de causa", "pt": "Número do processo", "en": "Case number"},
    "decision_date": {"es": "Fecha de la decisión", "pt": "Data da decisão", "en": "Decision date"},
    "offences": {"es": "Delitos", "pt": "Crimes", "en": "Offences"},
    "interface_language": {
        "es": "Idioma de la interfaz",
        "pt": "Idioma da interface",
        "en": "Interface language",
    },
    "all": {"es": "todos", "pt": "todos", "en": "all"},
    "skip": {"es": "Saltar al contenido", "pt": "Pular para o conteúdo", "en": "Skip to content"},
    "not_found": {
        "es": "Documento no encontrado",
        "pt": "Documento não encontrado",
        "en": "Document not found",
    },
    "comparable": {"es": "Casos comparables", "pt": "Casos comparáveis", "en": "Comparable cases"},
    "describe": {"es": "Describa su caso", "pt": "Descreva seu caso", "en": "Describe your case"},
    "describe_help": {
        "es": "Escriba o pegue los hechos (en cualquier idioma), o adjunte un archivo. No se guarda.",
        "pt": "Escreva ou cole os fatos (em qualquer idioma), ou anexe um arquivo. Nada é guardado.",
        "en": "Write or paste the facts (in any language), or attach a file. Nothing is stored.",
    },
    "case_text": {"es": "Hechos del caso", "pt": "Fatos do caso", "en": "Facts of the case"},
    "case_file": {"es": "O un archivo", "pt": "Ou um arquivo", "en": "Or a file"},
    "find_comparable": {
        "es": "Buscar casos comparables",
        "pt": "Buscar casos comparáveis",
        "en": "Find comparable cases",
    },
    "no_comparable": {
        "es": "No se encontraron casos comparables.",
        "pt": "Nenhum caso comparável encontrado.",
        "en": "No comparable cases found.",
    },
    "need_case": {
        "es": "Escriba los hechos o adjunte un archivo.",
        "pt": "Escreva os fatos ou anexe um arquivo.",
        "en": "Write the facts or attach a file.",
    },
    "shared": {"es": "En común", "pt": "Em comum", "en": "In common"},
    "this_case": {"es": "Este caso", "pt": "Este caso", "en": "This case"},
    "that_case": {"es": "Caso comparable", "pt": "Caso comparável", "en": "Comparable case"},
    "aspect_recruitment": {"es": "captación", "pt": "aliciamento", "en": "recruitment"},
    "aspect_transport": {"es": "traslado", "pt": "transporte", "en": "transport"},
    "aspect_exploitation": {"es": "explotación", "pt": "exploração", "en": "exploitation"},
    "aspect_control": {"es": "control y coerción", "pt": "controle e coação", "en": "control and coercion"},
    "aspect_financial": {"es": "flujos financieros", "pt": "fluxos financeiros", "en": "financial flows"},
    "aspect_investigation": {
        "es": "investigación y prueba",
        "pt": "investigação e prova",
        "en": "investigation and evidence",
    },
    "aspect_outcome": {"es": "resultado", "pt": "resultado", "en": "outcome"},
    "aspect_none": {"es": "general", "pt": "geral", "en": "general"},
    "criteria": {"es": "Criterios comunes", "pt": "Critérios comuns", "en": "Shared criteria"},
    "criteria_help": {
        "es": "Cada caso frente a cada criterio: ✓ enlaza el pasaje que lo muestra. Se recalcula al "
        "editar un criterio.",
        "pt": "Cada caso diante de cada critério: ✓ leva ao trecho que o mostra. É recalculado ao "
        "editar um critério.",
        "en": "Every case against every criterion: ✓ links the passage that shows it. Recomputed "
        "when a criterion is edited.",
    },
    "export_csv": {"es": "Exportar CSV", "pt": "Exportar CSV", "en": "Export CSV"},
    "cases": {"es": "casos", "pt": "casos", "en": "cases"},
    "case": {"es": "Caso", "pt": "Caso", "en": "Case"},
    "meets": {"es": "cumple", "pt": "atende", "en": "meets"},
    "does_not_meet": {"es": "no cumple", "pt": "não atende", "en": "does not meet"},
    "by_country": {"es": "Por país", "pt": "Por país", "en": "By country"},
    "edit_criteria": {"es": "Editar criterios", "pt": "Editar critérios", "en": "Edit criteria"},
    "name": {"es": "Nombre", "pt": "Nome", "en": "Name"},
    "description": {"es": "Descripción", "pt": "Descrição", "en": "Description"},
    "keywords": {"es": "Palabras clave", "pt": "Palavras-chave", "en": "Keywords"},
    "keywords_help": {
        "es": "Separadas por comas, en cualquier idioma; varias palabras juntas forman una frase exacta.",
        "pt": "Separadas por vírgulas, em qualquer idioma; várias palavras juntas formam uma frase exata.",
        "en": "Comma-separated, any language; several words together form an exact phrase.",
    },
    "save": {"es": "Guardar", "pt": "Salvar", "en": "Save"},
    "delete": {"es": "Eliminar", "pt": "Excluir", "en": "Delete"},
    "add": {"es": "Añadir criterio", "pt": "Adicionar critério", "en": "Add criterion"},
    "new_criterion": {"es": "Nuevo criterio", "pt": "Novo critério", "en": "New criterion"},
    "glossary": {"es": "Glosario común", "pt": "Glossário comum", "en": "Shared glossary"},
    "glossary_help": {
        "es": "Los términos del campo en español, portugués e inglés, con el nombre y el artículo de "
        "cada ley nacional. ⚠ señala los falsos amigos.",
        "pt": "Os termos da área em espanhol, português e inglês, com o nome e o artigo de cada lei "
        "nacional. ⚠ assinala os falsos amigos.",
        "en": "The field's terms in Spanish, Portuguese and English, with each country's legal name "
        "and provision. ⚠ marks false friends.",
    },
    "glossary_filter": {
        "es": "Término en cualquier idioma",
        "pt": "Termo em qualquer idioma",
        "en": "Term in any language",
    },
    "glossary_lookup": {
        "es": "Encontrar los términos de un texto",
        "pt": "Encontrar os termos de um texto",
        "en": "Find the terms in a text",
    },
    "glossary_lookup_help": {
        "es": "Pegue un texto en el idioma de esta página: se muestran sus términos del "
        "glosario y sus equivalentes.",
        "pt": "Cole um texto no idioma desta página: aparecem os seus termos do glossário e os equivalentes.",
        "en": "Paste a text in this page's language: its glossary terms and their equivalents are shown.",
    },
    "glossary_find": {"es": "Encontrar", "pt": "Encontrar", "en": "Find"},
    "glossary_found": {"es": "Términos encontrados", "pt": "Termos encontrados", "en": "Terms found"},
    "glossary_none_found": {
        "es": "Ningún término del glosario en este texto.",
        "pt": "Nenhum termo do glossário neste texto.",
        "en": "No glossary term in this text.",
    },
    "glossary_entries": {"es": "entradas", "pt": "entradas", "en": "entries"},
    "glossary_legal": {
        "es": "Término legal por país",
        "pt": "Termo legal por país",
        "en": "Legal term by country",
    },
    "glossary_source": {"es": "Fuente", "pt": "Fonte", "en": "Source"},
    "false_friend": {"es": "Falso amigo", "pt": "Falso amigo", "en": "False friend"},
    "false_friends": {"es": "Falsos amigos", "pt": "Falsos amigos", "en": "False friends"},
    "edit_glossary": {"es": "Editar el glosario", "pt": "Editar o glossário", "en": "Edit the glossary"},
    "glossary_form_help": {
        "es": "Las notas de los falsos amigos se escriben en el idioma de esta página.",
        "pt": "As notas dos falsos amigos são escritas no idioma desta página.",
        "en": "False-friend notes are written in this page's language.",
    },
    "glossary_term": {"es": "Término", "pt": "Termo", "en": "Term"},
    "glossary_variants": {
        "es": "Otras formas (separadas por comas)",
        "pt": "Outras formas (separadas por vírgulas)",
        "en": "Other forms (comma-separated)",
    },
    "glossary_legal_help": {
        "es": "Una por línea: país | idioma (es, pt, en) | término | artículo.",
        "pt": "Uma por linha: país | idioma (es, pt, en) | termo | artigo.",
        "en": "One a line: country | language (es, pt, en) | term | provision.",
    },
    "glossary_friends_help": {
        "es": "Uno por línea: idioma (es, pt, en) | término | nota.",
        "pt": "Um por linha: idioma (es, pt, en) | termo | nota.",
        "en": "One a line: language (es, pt, en) | term | note.",
    },
    "new_glossary_entry": {"es": "Nueva entrada", "pt": "Nova entrada", "en": "New entry"},
    "glossary_add": {"es": "Añadir entrada", "pt": "Adicionar entrada", "en": "Add entry"},
    "casebooks": {"es": "Cuadernos de casos", "pt": "Cadernos de casos", "en": "Casebooks"},
    "casebook": {"es": "Cuaderno", "pt": "Caderno", "en": "Casebook"},
    "add_to_casebook": {
        "es": "Añadir a un cuaderno",
        "pt": "Adicionar a um caderno",
        "en": "Add to a casebook",
    },
    "new_casebook": {"es": "Cuaderno nuevo", "pt": "Caderno novo", "en": "New casebook"},
    "new_casebook_title": {
        "es": "Título del cuaderno nuevo",
        "pt": "Título do caderno novo",
        "en": "Title of the new casebook",
    },
    "sign_in": {"es": "Iniciar sesión", "pt": "Entrar", "en": "Sign in"},
    "sign_out": {"es": "Cerrar sesión", "pt": "Sair", "en": "Sign out"},
    "user_name": {"es": "Usuario", "pt": "Usuário", "en": "User name"},
    "password": {"es": "Contraseña", "pt": "Senha", "en": "Password"},
    "wrong_password": {
        "es": "Usuario o contraseña incorrectos.",
        "pt": "Usuário ou senha incorretos.",
        "en": "Wrong user name or password.",
    },
    "sign_in_wait": {
        "es": "Demasiados intentos fallidos: espere {seconds} s antes de volver a intentarlo.",
        "pt": "Tentativas falhadas demais: aguarde {seconds} s antes de tentar de novo.",
        "en": "Too many failed attempts: wait {seconds} s before trying again.",
    },
    "sign_in_reload": {
        "es": "El formulario caducó: vuelva a cargar la página e inténtelo de nuevo.",
        "pt": "O formulário expirou: recarregue a página e tente de novo.",
        "en": "The form has expired: reload the page and try again.",
    },
    "account": {"es": "Mi cuenta", "pt": "Minha conta", "en": "My account"},
    "admin": {"es": "Administración", "pt": "Administração", "en": "Administration"},
    "api_keys": {"es": "Claves de API", "pt": "Chaves de API", "en": "API keys"},
    "new_key": {"es": "Crear una clave", "pt": "Criar uma chave", "en": "Create a key"},
    "key_label": {"es": "Para qué es", "pt": "Para que serve", "en": "What it is for"},
    "new_key_once": {
        "es": "Copie la clave ahora: no se volverá a mostrar.",
        "pt": "Copie a chave agora: ela não será mostrada de novo.",
        "en": "Copy the key now: it will not be shown again.",
    },
    "revoke": {"es": "Revocar", "pt": "Revogar", "en": "Revoke"},
    "revoked": {"es": "revocada", "pt": "revogada", "en": "revoked"},
    "users": {"es": "Usuarios", "pt": "Usuários", "en": "Users"},
    "new_user": {"es": "Nuevo usuario", "pt": "Novo usuário", "en": "New user"},
    "office": {"es": "Fiscalía u oficina", "pt": "Órgão", "en": "Office"},
    "offices": {"es": "Fiscalías y oficinas", "pt": "Órgãos", "en": "Offices"},
    "role": {"es": "Rol", "pt": "Papel", "en": "Role"},
    "role_reader": {"es": "lector", "pt": "leitor", "en": "reader"},
    "role_editor": {"es": "editor", "pt": "editor", "en": "editor"},
    "role_admin": {"es": "administrador", "pt": "administrador", "en": "admin"},
    "disabled": {"es": "desactivado", "pt": "desativado", "en": "disabled"},
    "disable": {"es": "Desactivar", "pt": "Desativar", "en": "Disable"},
    "sign_in_waits": {"es": "Esperas de inicio de sesión", "pt": "Esperas de acesso", "en": "Sign-in waits"},
    "failed_attempts": {"es": "Intentos fallidos", "pt": "Tentativas falhadas", "en": "Failed attempts"},
    "wait_seconds": {"es": "Espera (s)", "pt": "Espera (s)", "en": "Wait (s)"},
    "unlock": {"es": "Desbloquear", "pt": "Desbloquear", "en": "Unlock"},
    "no_sign_in_waits": {
        "es": "Nadie espera para iniciar sesión.",
        "pt": "Ninguém está à espera para entrar.",
        "en": "Nobody is waiting to sign in.",
    },
    "enable": {"es": "Activar", "pt": "Ativar", "en": "Enable"},
    "audit": {"es": "Registro de auditoría", "pt": "Registro de auditoria", "en": "Audit trail"},
    "when": {"es": "Cuándo", "pt": "Quando", "en": "When"},
    "action": {"es": "Acción", "pt": "Ação", "en": "Action"},
    "detail": {"es": "Detalle", "pt": "Detalhe", "en": "Detail"},
    "visibility": {"es": "Quién puede verlo", "pt": "Quem pode ver", "en": "Who may see it"},
    "visibility_office": {"es": "solo mi oficina", "pt": "só meu órgão", "en": "my office only"},
    "visibility_network": {"es": "toda la red", "pt": "toda a rede", "en": "the whole network"},
    "visibility_public": {"es": "público", "pt": "público", "en": "public"},
    "add_item": {"es": "Añadir", "pt": "Adicionar", "en": "Add"},
    "create": {"es": "Crear", "pt": "Criar", "en": "Create"},
    "title": {"es": "Título", "pt": "Título", "en": "Title"},
    "items": {"es": "elementos", "pt": "itens", "en": "items"},
    "note": {"es": "Nota", "pt": "Nota", "en": "Note"},
    "move_up": {"es": "Subir", "pt": "Subir", "en": "Move up"},
    "move_down": {"es": "Bajar", "pt": "Descer", "en": "Move down"},
    "remove": {"es": "Quitar", "pt": "Remover", "en": "Remove"},
    "export": {"es": "Exportar", "pt": "Exportar", "en": "Export"},
    "whole_case": {"es": "Caso completo", "pt": "Caso completo", "en": "Whole case"},
    "empty_casebook": {
        "es": "Este cuaderno está vacío: añada pasajes desde la búsqueda o los documentos.",
        "pt": "Este caderno está vazio: adicione trechos a partir da pesquisa ou dos documentos.",
        "en": "This casebook is empty: add passages from search results or documents.",
    },
    "delete_casebook": {"es": "Eliminar el cuaderno", "pt": "Excluir o caderno", "en": "Delete the casebook"},
    "results_heading": {
        "es": "Resultados de la búsqueda",
        "pt": "Resultados da pesquisa",
        "en": "Search results",
    },
    "invalid_request": {
        "es": "No se puede usar lo que se envió",
        "pt": "Não é possível usar o que foi enviado",
        "en": "What was sent cannot be used",
    },
    "form_errors_page": {
        "es": "Corrija lo siguiente y vuelva a intentarlo:",
        "pt": "Corrija o seguinte e tente de novo:",
        "en": "Please correct the following and try again:",
    },
    "form_errors": {
        "es": "Corrija lo siguiente y vuelva a buscar:",
        "pt": "Corrija o seguinte e pesquise de novo:",
        "en": "Please correct the following and search again:",
    },
    "crime_form": {"es": "Tipo de delito", "pt": "Tipo de crime", "en": "Type of crime"},
    "acts": {"es": "Conductas", "pt": "Condutas", "en": "Acts"},
    "job_title": {
        "es": "Incorporación en curso",
        "pt": "Incorporação em andamento",
        "en": "Ingest in progress",
    },
    "job_queued": {"es": "En espera", "pt": "Na fila", "en": "Waiting"},
    "job_running": {"es": "Leyendo", "pt": "Lendo", "en": "Reading"},
    "job_done": {"es": "Terminado", "pt": "Concluído", "en": "Done"},
    "job_failed": {
        "es": "No se pudo incorporar",
        "pt": "Não foi possível incorporar",
        "en": "Could not be ingested",
    },
    "job_pages": {
        "es": "Página {done} de {total}",
        "pt": "Página {done} de {total}",
        "en": "Page {done} of {total}",
    },
    "job_waiting": {"es": "Esperando su turno…", "pt": "Aguardando a vez…", "en": "Waiting for its turn…"},
    "job_progress": {"es": "Progreso", "pt": "Progresso", "en": "Progress"},
    "job_help": {
        "es": "Los documentos escaneados se leen con OCR, alrededor de una página por segundo. Puede "
        "dejar esta página: la incorporación sigue.",
        "pt": "Os documentos digitalizados são lidos com OCR, cerca de uma página por segundo. Pode sair "
        "desta página: a incorporação continua.",
        "en": "Scanned documents are read with OCR, about a page a second. You may leave this page: "
        "the ingest goes on.",
    },
    "added_to": {"es": "Añadido a «{title}».", "pt": "Adicionado a «{title}».", "en": "Added to “{title}”."},
    "back_to_where": {
        "es": "Volver a donde estaba",
        "pt": "Voltar para onde estava",
        "en": "Back to where you were",
    },
    "audit_empty": {"es": "Todavía no hay eventos.", "pt": "Ainda não há eventos.", "en": "No events yet."},
    "audit_intact": {
        "es": "cadena de sellos intacta",
        "pt": "cadeia de selos intacta",
        "en": "chain of seals intact",
    },
    "audit_broken": {
        "es": "El registro fue alterado",
        "pt": "O registro foi alterado",
        "en": "The log was tampered with",
    },
    "audit_line": {"es": "línea", "pt": "linha", "en": "line"},
    "who": {"es": "Quién", "pt": "Quem", "en": "Who"},
    "what": {"es": "Qué hizo", "pt": "O que fez", "en": "What"},
    "from_where": {"es": "Desde dónde (IP)", "pt": "De onde (IP)", "en": "From where (IP)"},
}

MESSAGES.update(ALERT_MESSAGES)
MESSAGES.update(ENTITY_MESSAGES)

# Counted nouns: CLDR's plural category of the number ("one", "other") picks the form.
PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "passages": {
        "es": {"one": "{n} pasaje", "other": "{n} pasajes"},
        "pt": {"one": "{n} trecho", "other": "{n} trechos"},
        "en": {"one": "{n} passage", "other": "{n} passages"},
    },
    "pages": {
        "es": {"one": "{n} página", "other": "{n} páginas"},
        "pt": {"one": "{n} página", "other": "{n} páginas"},
        "en": {"one": "{n} page", "other": "{n} pages"},
    },
    "documents_found": {
        "es": {"one": "{n} documento encontrado", "other": "{n} documentos encontrados"},
        "pt": {"one": "{n} documento encontrado", "other": "{n} documentos encontrados"},
        "en": {"one": "{n} document found", "other": "{n} documents found"},
    },
    "documents": {
        "es": {"one": "{n} documento", "other": "{n} documentos"},
        "pt": {"one": "{n} documento", "other": "{n} documentos"},
        "en": {"one": "{n} document", "other": "{n} documents"},
    },
    "more_passages": {
        "es": {"one": "{n} pasaje más en este documento", "other": "{n} pasajes más en este documento"},
        "pt": {"one": "mais {n} trecho neste documento", "other": "mais {n} trechos neste documento"},
        "en": {"one": "{n} more passage in this document", "other": "{n} more passages in this document"},
    },
    "cases": {
        "es": {"one": "{n} caso", "other": "{n} casos"},
        "pt": {"one": "{n} caso", "other": "{n} casos"},
        "en": {"one": "{n} case", "other": "{n} cases"},
    },
    "criteria": {
        "es": {"one": "{n} criterio", "other": "{n} criterios"},
        "pt": {"one": "{n} critério", "other": "{n} critérios"},
        "en": {"one": "{n} criterion", "other": "{n} criteria"},
    },
    "items": {
        "es": {"one": "{n} elemento", "other": "{n} elementos"},
        "pt": {"one": "{n} item", "other": "{n} itens"},
        "en": {"one": "{n} item", "other": "{n} items"},
    },
    "entries": {
        "es": {"one": "{n} entrada", "other": "{n} entradas"},
        "pt": {"one": "{n} entrada", "other": "{n} entradas"},
        "en": {"one": "{n} entry", "other": "{n} entries"},
    },
    "events": {
        "es": {"one": "{n} evento", "other": "{n} eventos"},
        "pt": {"one": "{n} evento", "other": "{n} eventos"},
        "en": {"one": "{n} event", "other": "{n} events"},
    },
}

# Entities (web/entity_pages.py, _entity_links.html).
MESSAGES.update(
    {
        "entities": {"es": "Entidades", "pt": "Entidades", "en": "Entities"},
        "entity": {"es": "Entidad", "pt": "Entidade", "en": "Entity"},
        "entities_search": {
            "es": "Teléfono, cuenta, documento, correo, perfil o nombre",
            "pt": "Telefone, conta, documento, e-mail, perfil ou nome",
            "en": "Phone, account, ID number, e-mail, profile or name",
        },
        "entities_hint": {
            "es": "Escríbalo como quiera: «0981 123 456» encuentra +595 981 123456.",
            "pt": "Escreva como quiser: «0981 123 456» encontra +595 981 123456.",
            "en": 'Write it any way: "0981 123 456" finds +595 981 123456.',
        },
        "entity_type": {"es": "Tipo", "pt": "Tipo", "en": "Type"},
        "entity_all_types": {"es": "todos los tipos", "pt": "todos os tipos", "en": "every type"},
        "entity_value": {"es": "Forma normalizada", "pt": "Forma normalizada", "en": "Normalised form"},
        "entity_forms": {"es": "Escrito como", "pt": "Escrito como", "en": "Written as"},
        "entity_in_documents": {
            "es": "En {n} documento(s)",
            "pt": "Em {n} documento(s)",
            "en": "In {n} document(s)",
        },
        "entity_links": {
            "es": "Entidades y vínculos con otros casos",
            "pt": "Entidades e vínculos com outros casos",
            "en": "Entities and links to other cases",
        },
        "entity_also_in": {
            "es": "también en {n} otros casos",
            "pt": "também em {n} outros casos",
            "en": "also in {n} other cases",
        },
        "entity_also_in_one": {
            "es": "también en otro caso",
            "pt": "também em outro caso",
            "en": "also in 1 other case",
        },
        "entity_countries": {"es": "de {m} países", "pt": "de {m} países", "en": "in {m} countries"},
        "entity_countries_one": {"es": "de 1 país", "pt": "de 1 país", "en": "in 1 country"},
        "network": {"es": "Red de vínculos", "pt": "Rede de vínculos", "en": "Network of links"},
        "network_hint": {
            "es": "Casos unidos por un mismo teléfono, cuenta, documento, perfil, persona u organización.",
            "pt": "Casos unidos por um mesmo telefone, conta, documento, perfil, pessoa ou organização.",
            "en": "Cases joined by the same phone, account, ID number, profile, person or organisation.",
        },
        "network_table": {
            "es": "Vínculos entre casos",
            "pt": "Vínculos entre casos",
            "en": "Links between cases",
        },
        "no_links": {
            "es": "Ningún vínculo entre casos.",
            "pt": "Nenhum vínculo entre casos.",
            "en": "No links between cases.",
        },
        "no_entities": {
            "es": "Ninguna entidad coincide.",
            "pt": "Nenhuma entidade corresponde.",
            "en": "No entity matches.",
        },
        "entity_phone": {"es": "teléfono", "pt": "telefone", "en": "phone"},
        "entity_email": {"es": "correo", "pt": "e-mail", "en": "e-mail"},
        "entity_url": {"es": "sitio web", "pt": "site", "en": "web address"},
        "entity_social": {"es": "red social", "pt": "rede social", "en": "social media"},
        "entity_account": {"es": "cuenta bancaria", "pt": "conta bancária", "en": "bank account"},
        "entity_id": {"es": "documento de identidad", "pt": "documento de identidade", "en": "ID number"},
        "entity_place": {"es": "lugar", "pt": "lugar", "en": "place"},
        "entity_person": {"es": "persona", "pt": "pessoa", "en": "person"},
        "entity_org": {"es": "organización", "pt": "organização", "en": "organisation"},
    }
)


def negotiate(request: Request) -> str:
    """The interface language for this request."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return from_accept_language(request.headers.get("accept-language", ""))


class Translator:
    """What templates call: `t("search")`, `number(1234)`, `day(date)`, `kind("judgment")`."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        text = MESSAGES[key][self.language]
        return text.format(**values) if values else text

    def number(self, value: float, digits: int = 0) -> str:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def day(self, value: date | datetime | str | None) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                return value
        return format_date(value, format="long", locale=self.locale)

    def kind(self, value: str | None) -> str:
        return labels.label("kind", value, self.language)

    def outcome(self, value: str | None) -> str:
        return labels.label("outcome", value, self.language)

    def value(self, field: str, value: object) -> str:
        """A stored value of `field` (country, language, kind, purpose, means, sector...) in this language."""
        return labels.label(field, value, self.language)

    def values(self, field: str, values: list[str] | str | None, sep: str = ", ") -> str:
        """Several values of `field`, translated and joined."""
        if isinstance(values, str):
            values = [values]
        return sep.join(labels.labels(field, values, self.language))

    def count(self, n: int, noun: str) -> str:
        """ "1 pasaje", "3 pasajes": the noun in the plural form the number takes in this language."""
        from babel import Locale

        form = Locale.parse(self.locale).plural_form(n)
        forms = PLURALS[noun][self.language]
        return forms.get(form, forms["other"]).format(n=self.number(n))

    def moment(self, value: str | datetime | None) -> str:
        """A timestamp (ISO, UTC) as this language writes date and time."""
        if not value:
            return ""
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                return value
        shown = format_datetime(value, format="medium", locale=self.locale)
        return f"{shown} UTC" if value.utcoffset() is not None and not value.utcoffset() else shown

    def error(self, error: FieldError) -> str:
        """A field's error as a sentence in this language (service/field_errors.py)."""
        return message(error, self.language)

    def pages(self, start: int, end: int) -> str:
        return f"{self('page')} {start}" if start == end else f"{self('pages')} {start}-{end}"

    @property
    def locale(self) -> str:
        return labels.LOCALES[self.language]
