"""The words of the context-analysis pages in Spanish, Portuguese and English (the shared table in
web/i18n.py holds the rest of the interface). `label(view, value, language)` names a fact's value."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "analysis": {"es": "Análisis de contexto", "pt": "Análise de contexto", "en": "Context analysis"},
    "analysis_help": {
        "es": "Los casos de la base como patrones entre países: de dónde vienen las víctimas, por dónde pasan y "
        "dónde son explotadas, con qué fines y medios, y cómo terminan los casos. Cada marca abre los "
        "casos que cuenta, con el pasaje que lo dice.",
        "pt": "Os casos da base como padrões entre países: de onde vêm as vítimas, por onde passam e onde são "
        "exploradas, com que finalidades e meios, e como terminam os casos. Cada marca abre os casos que "
        "conta, com o trecho que o diz.",
        "en": "The cases of the base as patterns across countries: where victims come from, where they pass "
        "and where they are exploited, for what and by what means, and how cases end. Every mark opens "
        "the cases it counts, with the passage that says so.",
    },
    "cases_counted": {"es": "casos", "pt": "casos", "en": "cases"},
    "case_counted": {"es": "caso", "pt": "caso", "en": "case"},
    "suppressed": {
        "es": "Esta vista reúne casos de varias oficinas: se ocultan los recuentos menores que {k}.",
        "pt": "Esta visão reúne casos de vários órgãos: contagens menores que {k} são ocultadas.",
        "en": "This view counts cases of several offices: counts below {k} are hidden.",
    },
    "too_few": {
        "es": "Muy pocos casos para mostrar en esta vista compartida.",
        "pt": "Casos demais poucos para mostrar nesta visão compartilhada.",
        "en": "Too few cases to show in this shared view.",
    },
    "by_year": {
        "es": "Casos por año de los hechos y forma de explotación",
        "pt": "Casos por ano dos fatos e forma de exploração",
        "en": "Cases by year of the facts and form of exploitation",
    },
    "map_americas": {
        "es": "Rutas en las Américas (origen → destino)",
        "pt": "Rotas nas Américas (origem → destino)",
        "en": "Routes in the Americas (origin → destination)",
    },
    "map_world": {
        "es": "Rutas en el mundo (origen → destino)",
        "pt": "Rotas no mundo (origem → destino)",
        "en": "Routes in the world (origin → destination)",
    },
    "countries": {"es": "Países por función", "pt": "Países por papel", "en": "Countries by role"},
    "routes": {"es": "Rutas", "pt": "Rotas", "en": "Routes"},
    "exploitation": {
        "es": "Formas de explotación",
        "pt": "Formas de exploração",
        "en": "Forms of exploitation",
    },
    "sectors": {"es": "Sectores", "pt": "Setores", "en": "Sectors"},
    "means": {"es": "Medios", "pt": "Meios", "en": "Means"},
    "victims": {"es": "Víctimas", "pt": "Vítimas", "en": "Victims"},
    "offenders": {"es": "Imputados", "pt": "Réus", "en": "Offenders"},
    "outcomes": {"es": "Resultado", "pt": "Resultado", "en": "Outcome"},
    "sentences": {"es": "Penas impuestas (años)", "pt": "Penas impostas (anos)", "en": "Sentences (years)"},
    "provisions": {"es": "Disposiciones citadas", "pt": "Dispositivos citados", "en": "Provisions cited"},
    "origin": {"es": "Origen", "pt": "Origem", "en": "Origin"},
    "transit": {"es": "Tránsito", "pt": "Trânsito", "en": "Transit"},
    "destination": {"es": "Destino", "pt": "Destino", "en": "Destination"},
    "country": {"es": "País", "pt": "País", "en": "Country"},
    "cases": {"es": "Casos", "pt": "Casos", "en": "Cases"},
    "sex": {"es": "Sexo", "pt": "Sexo", "en": "Sex"},
    "age": {"es": "Edad", "pt": "Idade", "en": "Age"},
    "nationality": {"es": "Nacionalidad", "pt": "Nacionalidade", "en": "Nationality"},
    "count": {"es": "Número", "pt": "Número", "en": "Number"},
    "roles": {"es": "Funciones", "pt": "Papéis", "en": "Roles"},
    "export": {"es": "Exportar", "pt": "Exportar", "en": "Export"},
    "filters": {"es": "Filtros", "pt": "Filtros", "en": "Filters"},
    "criterion": {"es": "Criterio compartido", "pt": "Critério compartilhado", "en": "Shared criterion"},
    "any": {"es": "Cualquiera", "pt": "Qualquer", "en": "Any"},
    "apply": {"es": "Aplicar", "pt": "Aplicar", "en": "Apply"},
    "no_facts": {
        "es": "Sin datos en esta vista.",
        "pt": "Sem dados nesta visão.",
        "en": "No data in this view.",
    },
    "cases_for": {"es": "Casos de esta marca", "pt": "Casos desta marca", "en": "Cases of this mark"},
    "told_by": {
        "es": "indicado en la ficha ({source})",
        "pt": "informado na ficha ({source})",
        "en": "told in the case card ({source})",
    },
    "passage": {"es": "Pasaje", "pt": "Trecho", "en": "Passage"},
    "back": {"es": "Volver al análisis", "pt": "Voltar à análise", "en": "Back to the analysis"},
    "route_label": {
        "es": "{origin} → {destination}: {n} casos",
        "pt": "{origin} → {destination}: {n} casos",
        "en": "{origin} → {destination}: {n} cases",
    },
    "route_label_one": {
        "es": "{origin} → {destination}: 1 caso",
        "pt": "{origin} → {destination}: 1 caso",
        "en": "{origin} → {destination}: 1 case",
    },
    "case_facts": {"es": "Hechos del caso", "pt": "Fatos do caso", "en": "Case facts"},
    "confirm": {"es": "Confirmar o corregir", "pt": "Confirmar ou corrigir", "en": "Confirm or correct"},
    "year_from": {"es": "Desde", "pt": "Desde", "en": "From"},
    # The case facts on a document's page.
    "facts_help": {
        "es": "Lo que el documento dice del caso, cada hecho con el pasaje que lo dice o con quién lo indicó. "
        "Un editor confirma o corrige cada hecho; su palabra se conserva al volver a ingresar el documento y "
        "cuenta en el análisis de contexto.",
        "pt": "O que o documento diz do caso, cada fato com o trecho que o diz ou com quem o informou. Um "
        "editor confirma ou corrige cada fato; sua palavra é mantida ao reingerir o documento e conta na "
        "análise de contexto.",
        "en": "What the document says about the case, each fact with the passage that states it or who told "
        "it. An editor confirms or corrects each fact; their word is kept when the document is ingested "
        "again and counts in the context analysis.",
    },
    "fact_origin": {"es": "Origen", "pt": "Origem", "en": "Origin"},
    "fact_transit": {"es": "Tránsito", "pt": "Trânsito", "en": "Transit"},
    "fact_destination": {"es": "Destino", "pt": "Destino", "en": "Destination"},
    "fact_exploitation": {
        "es": "Forma de explotación",
        "pt": "Forma de exploração",
        "en": "Form of exploitation",
    },
    "fact_means": {"es": "Medios", "pt": "Meios", "en": "Means"},
    "fact_sector": {"es": "Sector", "pt": "Setor", "en": "Sector"},
    "fact_victim_sex": {"es": "Sexo de las víctimas", "pt": "Sexo das vítimas", "en": "Victims' sex"},
    "fact_victim_age": {"es": "Edad de las víctimas", "pt": "Idade das vítimas", "en": "Victims' age"},
    "fact_victim_nationality": {
        "es": "Nacionalidad de las víctimas",
        "pt": "Nacionalidade das vítimas",
        "en": "Victims' nationality",
    },
    "fact_offender_role": {
        "es": "Funciones de los imputados",
        "pt": "Papéis dos réus",
        "en": "Offenders' roles",
    },
    "fact_outcome": {"es": "Resultado", "pt": "Resultado", "en": "Outcome"},
    "fact_provision": {"es": "Disposiciones citadas", "pt": "Dispositivos citados", "en": "Provisions cited"},
    "fact_year": {"es": "Año de los hechos", "pt": "Ano dos fatos", "en": "Year of the facts"},
    "fact_sentence": {"es": "Pena (años)", "pt": "Pena (anos)", "en": "Sentence (years)"},
    "fact_victims": {"es": "Número de víctimas", "pt": "Número de vítimas", "en": "Number of victims"},
    "fact_offenders": {"es": "Número de imputados", "pt": "Número de réus", "en": "Number of offenders"},
    "source_inferred": {
        "es": "inferido del texto, confianza {p} %",
        "pt": "inferido do texto, confiança {p} %",
        "en": "inferred from the text, confidence {p} %",
    },
    "source_sidecar": {
        "es": "indicado en la ficha",
        "pt": "informado na ficha",
        "en": "told in the case card",
    },
    "source_editor": {
        "es": "confirmado por un editor",
        "pt": "confirmado por um editor",
        "en": "confirmed by an editor",
    },
    "save_fact": {"es": "Guardar este hecho", "pt": "Salvar este fato", "en": "Save this fact"},
    "passage_n": {"es": "pasaje {n}", "pt": "trecho {n}", "en": "passage {n}"},
    "none_told": {"es": "ninguno", "pt": "nenhum", "en": "none"},
    "countries_help": {
        "es": "Países separados por comas, en español, portugués o inglés; vacío para ninguno.",
        "pt": "Países separados por vírgulas, em espanhol, português ou inglês; vazio para nenhum.",
        "en": "Countries separated by commas, in Spanish, Portuguese or English; empty for none.",
    },
    "provisions_help": {
        "es": "Disposiciones separadas por comas, como «COIP art. 91» o «CP art. 149-A».",
        "pt": "Dispositivos separados por vírgulas, como «CP art. 149-A» ou «Ley 26.364».",
        "en": "Provisions separated by commas, such as “COIP art. 91” or “18 U.S.C. § 1589”.",
    },
    "year_to": {"es": "Hasta", "pt": "Até", "en": "To"},
}
VALUES: dict[str, dict[str, str]] = {
    "sexual_exploitation": {
        "es": "explotación sexual",
        "pt": "exploração sexual",
        "en": "sexual exploitation",
    },
    "forced_labour": {"es": "trabajo forzoso", "pt": "trabalho forçado", "en": "forced labour"},
    "domestic_servitude": {
        "es": "servidumbre doméstica",
        "pt": "servidão doméstica",
        "en": "domestic servitude",
    },
    "forced_begging": {"es": "mendicidad forzada", "pt": "mendicância forçada", "en": "forced begging"},
    "forced_criminality": {
        "es": "criminalidad forzada",
        "pt": "criminalidade forçada",
        "en": "forced criminality",
    },
    "forced_marriage": {"es": "matrimonio forzado", "pt": "casamento forçado", "en": "forced marriage"},
    "organ_removal": {"es": "extracción de órganos", "pt": "remoção de órgãos", "en": "organ removal"},
    "child_trafficking": {"es": "trata de niños", "pt": "tráfico de crianças", "en": "child trafficking"},
    "smuggling": {"es": "tráfico de migrantes", "pt": "contrabando de migrantes", "en": "migrant smuggling"},
    "deception": {"es": "engaño", "pt": "engano", "en": "deception"},
    "debt_bondage": {"es": "servidumbre por deudas", "pt": "servidão por dívidas", "en": "debt bondage"},
    "document_retention": {
        "es": "retención de documentos",
        "pt": "retenção de documentos",
        "en": "document retention",
    },
    "threat": {"es": "amenazas", "pt": "ameaças", "en": "threats"},
    "force": {"es": "violencia", "pt": "violência", "en": "violence"},
    "coercion": {"es": "coacción", "pt": "coação", "en": "coercion"},
    "abuse_of_vulnerability": {
        "es": "abuso de vulnerabilidad",
        "pt": "abuso de vulnerabilidade",
        "en": "abuse of vulnerability",
    },
    "textile": {"es": "textil", "pt": "têxtil", "en": "textile"},
    "mining": {"es": "minería", "pt": "mineração", "en": "mining"},
    "agriculture": {"es": "agricultura", "pt": "agricultura", "en": "agriculture"},
    "fishing": {"es": "pesca", "pt": "pesca", "en": "fishing"},
    "domestic_work": {"es": "trabajo doméstico", "pt": "trabalho doméstico", "en": "domestic work"},
    "sex_industry": {"es": "comercio sexual", "pt": "comércio sexual", "en": "sex industry"},
    "online": {"es": "en línea", "pt": "on-line", "en": "online"},
    "construction": {"es": "construcción", "pt": "construção", "en": "construction"},
    "street": {"es": "calle", "pt": "rua", "en": "street"},
    "hospitality": {"es": "hotelería", "pt": "hotelaria", "en": "hospitality"},
    "female": {"es": "mujeres", "pt": "mulheres", "en": "female"},
    "male": {"es": "hombres", "pt": "homens", "en": "male"},
    "minor": {"es": "menores de edad", "pt": "menores de idade", "en": "minors"},
    "adult": {"es": "adultos", "pt": "adultos", "en": "adults"},
    "conviction": {"es": "condena", "pt": "condenação", "en": "conviction"},
    "acquittal": {"es": "absolución", "pt": "absolvição", "en": "acquittal"},
    "other": {"es": "otro", "pt": "outro", "en": "other"},
    "recruiter": {"es": "captador", "pt": "aliciador", "en": "recruiter"},
    "transporter": {"es": "transportista", "pt": "transportador", "en": "transporter"},
    "exploiter": {"es": "explotador", "pt": "explorador", "en": "exploiter"},
    "financier": {"es": "financista", "pt": "financiador", "en": "financier"},
    "sidecar": {"es": "ficha", "pt": "ficha", "en": "case card"},
    "editor": {"es": "editor", "pt": "editor", "en": "editor"},
}


def message(key: str, language: str, **values: object) -> str:
    text = MESSAGES[key][language]
    return text.format(**values) if values else text


def label(value: str, language: str) -> str:
    """A fact's value in the interface language (a country or a provision is shown as stored)."""
    return VALUES.get(value, {}).get(language, value)
