"""The vocabularies case facts are read with, in Spanish, Portuguese and English.

Values are the ids the sidecars of casestudies/ and the search facets use (`forced_labour`, `debt_bondage`,
`textile`), so an inferred fact and a told one count together. Each pattern is matched on text folded to
lower case without accents (`ingest.countries.fold`), so "explotación", "EXPLOTACION" and "exploração"
need one spelling per language, not one per accent.
"""

from __future__ import annotations

import re

# Forms of exploitation (the Palermo Protocol's list and the corpus's own ids). Child trafficking and
# smuggling are decided elsewhere (from the victims' age and the form of the crime).
EXPLOITATION = {
    "sexual_exploitation": r"explotacion sexual|exploracao sexual|sexual(?:ly)? exploit\w*|prostitu\w+|"
    r"(?:explotad|explorad)\w* sexualmente|exploit\w* sexually|sex(?:ual)? trafficking|trata sexual|"
    r"trata con fines sexuales|comercio sexual|servicios sexuales|servicos sexuais|sexual services|"
    r"programas? sexuais|commercial sex|sex work|pornografi\w+|pornograph\w+|"
    # "obligadas a mantener relaciones sexuales", "obrigadas a manter relações sexuais", "forced to have sex"
    r"(?:obligad|forzad|obrigad|forcad|coagid)\w* a (?:mantener|manter|tener|ter|prestar) "
    r"(?:relaciones|relacoes) sexua\w+|forced (?:to have sex|into sex)",
    "forced_labour": r"trabajos? forzos\w*|trabajos forzados|trabalhos? forcados?|forced labou?r|"
    r"trabalho escravo|trabajo esclavo|slave labou?r|modern slavery|"
    r"trabalho analogo|analog[ao]s? as? (?:de )?escrav\w+|analog[ao]s? a la esclavitud|"
    r"reduccion a (?:la )?servidumbre|trata laboral|trafico laboral|"
    r"explotacion laboral|exploracao laboral|labou?r exploitation|labou?r trafficking|"
    r"(?:explotad|explorad)\w* laboralmente|exploited for (?:their )?labou?r|"
    r"(?:trata|trafico de pessoas) con fines laborales|"
    r"servidumbre por deudas?|servidao por dividas?|debt bondage|"
    r"jornadas? (?:extenuantes|exaustivas)|trabalho degradante",
    "domestic_servitude": r"servidumbre domestica|trabajo domestico|servidao domestica|trabalho domestico|"
    r"domestic servitude|domestic work\w*|domestic servants?|empleada domestica|empregada domestica|"
    r"trabajadora del hogar|empleada del hogar|trabajo del hogar|servicio domestico|servico domestico|"
    r"trabalhadora domestica",
    "forced_begging": r"mendicidad|mendicancia|mendicidade|forced begging|\bbegging\b|"
    r"pedir (?:dinero|limosna|esmola)|ped[ií]\w* (?:limosna|esmola)|limosnas?|esmolas?",
    "forced_criminality": r"criminalidad forzada|actividades delictivas|forced criminality|criminalidade forcada|"
    r"atividades criminosas|actividades criminales|criminal activit(?:y|ies)|"
    r"forced (?:to|into) (?:commit|sell drugs|steal)|"
    r"(?:obligad|forzad|obrigad|forcad|coagid)\w+ a (?:vender droga|cometer|robar|hurtar|furtar|"
    r"praticar (?:pequenos )?(?:furtos|roubos|crimes)|transportar droga)|"
    r"venta de drogas|narcomenudeo|extorsion",
    "forced_marriage": r"matrimonios? forzados?|matrimonios? servil\w*|casamentos? forcados?|forced marriages?|"
    r"uniones? forzadas?|unioes? forcadas?",
    "organ_removal": r"extraccion de organos|trafico de organos|remocao de orgaos|organ (?:removal|trafficking)",
    # Named as such; also inferred from counted minor victims (ingest/facts.py).
    "child_trafficking": r"trata de (?:ninas|ninos|menores|nna\b|adolescentes)|trata infantil|"
    r"trafico de (?:criancas|menores)|child trafficking|trafficking (?:of|in) (?:children|minors)|"
    r"explotacion sexual (?:comercial )?(?:infantil|de (?:ninas|ninos|menores|adolescentes))|"
    r"exploracao sexual (?:infantil|de criancas|de menores|de adolescentes)|"
    r"(?:commercial )?sexual exploitation of (?:children|minors)|child sex(?:ual)? (?:exploitation|trafficking)|"
    # a form "of children" ("mendicidade forçada de crianças", "forced begging of children")
    r"(?:mendicidad|mendicidade|begging|explotacion|exploracao|exploitation)(?: (?:forzada|forcada|laboral))? "
    r"(?:de|of) (?:las |los |as |os )?(?:ninas|ninos|menores de edad|criancas|children|minors)|"
    r"(?:adopcion|adopcao|adoption)\w* (?:irregular|ilegal|illegal)\w*|(?:irregular|illegal) adoptions?|"
    r"venta de (?:ninos|bebes|recien nacidos)|venda de (?:criancas|bebes)|sale of (?:children|infants|babies)",
    "smuggling": r"trafico (?:ilicito )?de migrantes|contrabando de migrantes|migrant smuggling|"
    r"smuggling of migrants|smuggled migrants|people smuggl\w+|human smuggl\w+|coyotes?\b|polleros?\b",
}
# A form of exploitation denied or set aside just before it is named ("no se acreditó la explotación
# laboral", "o crime é o tráfico de pessoas, não o contrabando de migrantes", "not forced labour").
NEGATION = r"no|nao|not|nor|ni|nem|never|nunca|descart\w+|sin acreditar|without"
# A document or card a victim needs to move or to be paid ("los pasaportes", "a cédula de identidade",
# "the identity cards", "las tarjetas de visitante").
_PAPERS = (
    r"(?:(?:la|el|los|las|o|a|os|as|sus|seus|suas|su|seu|sua|their|her|his|the|personal|de|dos|das|del)\s+){0,3}"
    r"(?:documentos?|pasaportes?|passaportes?|passports?|cedulas?|carteiras? de identidade|"
    r"identity (?:cards?|documents?)|id cards?|ids\b|dni\b|tarjetas? de (?:visitante|identidad)|"
    r"libretas? de embarque|documents?)"
)
MEANS = {
    "deception": r"engan\w+|prometi\w+|promesa|falsa\w* (?:oferta|promesa)|oferta\w* (?:de (?:trabajo|empleo)|"
    r"falsa)|enganad\w+|enganos\w+|promet\w+|falsas? promessas?|deceiv\w+|decept\w+|promis\w+|"
    r"fake (?:job|offer)|false (?:job|offer|promise)|lured|"
    r"falsas? (?:vagas?|ofertas?|anuncios?)|supuest[oa]s? (?:agencia|empresa|trabajo|empleo)|"
    r"supost[oa]s? (?:agencia|empresa|trabalho|emprego)|so-called (?:agency|company|job)|"
    r"(?:ofrecia|ofrecian|ofreciendo|oferecia|ofereciam|oferecendo|offering|offered) (?:\w+ )?"
    r"(?:trabajo|empleo|contratos?|vagas?|trabalho|emprego|jobs?|work|pago|salario|salary|wages?|\d)",
    "debt_bondage": r"deuda|divida|debt|descontab\w+|descontav\w+|adelantos|servidumbre por deuda|cantina",
    "document_retention": r"reten\w+ (?:de )?(?:los |sus )?(?:documentos|pasaportes?)|retuvier\w+ (?:los |sus )?"
    r"(?:documentos|pasaportes?)|retinham (?:os |seus )?(?:documentos|passaportes?)|"
    r"retencao (?:de|dos) (?:documentos|passaportes?)|documentos (?:retenidos|retidos)|"
    r"(?:confiscat|withh[oe]ld|retain|kept|took|seiz)\w* (?:their |her |his |the )?"
    r"(?:passports?|identity documents|documents)|se les retenian los documentos|"
    r"retenian (?:los )?documentos|documentos de identidad (?:guardados|retenidos)|"
    # a verb of taking or keeping with the papers ("recolhia os passaportes", "se les retuvo la cédula",
    # "el capataz recogió las tarjetas de visitante", "took their identity cards")
    r"(?:reten|retuv|retin|retid|recolh|recog|quit|confisc|apreend|guard|retir|took|take|kept|keep|"
    r"confiscat|seiz|withh[oe]ld|held on to)\w* " + _PAPERS + r"|"
    r"(?:documentos?|pasaportes?|passaportes?|passports?|cedulas?|identity cards?)(?: \w+){0,4} "
    r"(?:retenid|retid|guardad|confiscad|withheld|kept|taken|held by)\w*",
    "threat": r"amenaz\w+|ameac\w+|threat\w*|intimida\w+|"
    # a warning of what would happen ("serían entregados a migración y deportados", "would be reported")
    r"(?:serian|seriam|would be) (?:\w+ ){0,3}(?:presos|deportad\w+|denunciad\w+|detenid\w+|entregad\w+ a "
    r"migracion|arrested|deported|reported)|se les advertia|eram advertid\w+|were warned",
    "force": r"violencia fisica|golpe\w*|agred\w+|agressa\w+|violencia|violence|beat(?:en|ings?)|force[ds]? "
    r"(?:them|her|him)|fuerza fisica|forca fisica|encierro|encerrad\w+|locked",
    "coercion": r"coacci\w+|coerc\w+|coac\w+|vigilancia (?:permanente|constante)|no (?:se )?(?:les )?permit\w+ "
    r"salir|prohib\w+ salir|proibid\w+ de sair|not allowed to leave|cerrada con llave",
    "abuse_of_vulnerability": r"vulnerab\w+|pobreza|pobres|situacion irregular|situacao irregular|irregular "
    r"(?:status|migration)|sin documentos|indocumentad\w+|undocumented|poverty|"
    r"necesidad economica|necessidade|discapacidad|deficiencia|disabilit\w+|"
    r"extrema pobreza|sin papeles|sem documentos|desplazad\w+|displaced|analfabet\w+|illiterate|"
    r"(?:no|nao|did not) (?:hablaban|falavam|speak) (?:espanol|portugues|english|el idioma|a lingua)",
}
SECTOR = {
    "textile": r"textil\w*|taller(?:es)? de costura|costurer\w+|oficinas? de costura|costureir\w+|garment|"
    r"sewing|confeccion\w*|confeccao",
    "mining": r"miner\w+|\bminas?\b|garimp\w+|ouro|oro\b|\bgold\b|\bmines?\b|\bmining\b",
    "agriculture": r"agricol\w+|agricultur\w+|cosecha|colheita|fazenda|hacienda|finca|plantac\w+|cana[- ]de[- ]"
    r"acucar|cana de azucar|cafe\b|coffee|harvest\w*|farm\w*|castana|carvao|charcoal|ganad\w+",
    "fishing": r"\bpesca\b|pesquer\w+|barcos? (?:de pesca|pesqueros?)|fishing|fishermen|vessel",
    "domestic_work": r"trabajo domestico|trabalho domestico|empleada domestica|domestic work\w*|servidumbre "
    r"domestica|servidao domestica|household",
    "sex_industry": r"prostibul\w+|burdel\w*|\bbares?\b|boate|casas? de (?:citas|tolerancia|prostituicao)|"
    r"whorehouse|brothel|night ?club|club nocturno|massage parlou?r|karaoke|prostitu\w+",
    "online": r"redes sociales|redes sociais|social media|facebook|instagram|whatsapp|tiktok|internet|"
    r"en linea|online|webcam|plataformas? digita\w+",
    "construction": r"construccion|construcao|construction|obras? civil\w*|albanil\w*|pedreiro",
    "street": r"\ben la calle\b|\bna rua\b|semaforos?|\bon the street\b|via publica|venta ambulante|"
    r"vendedor\w* ambulante|street vend\w+",
    "hospitality": r"restaurante\w*|restaurant\w*|hotel\w*|hospitality",
}
OFFENDER_ROLES = {
    "recruiter": r"reclutador\w*|captador\w*|aliciador\w*|recrutador\w*|recruiter\w*|reclutaba|captaba|"
    r"aliciava|recrutava|recruited",
    "transporter": r"transportist\w+|transportador\w*|chofer\w*|conductor\w*|motorist\w+|driver\w*|coyotes?|"
    r"polleros?|barquer\w+|capitan de la|lanchero\w*|trasladaba|transportaba|transported|"
    r"guias?\b",
    "exploiter": r"duen[oa]s? del?|propietari\w+|dono\w? d[oa]|owner\w* of|encargad\w+|gerente\w*|administrad"
    r"\w+ del|regente|explotador\w*|explorador\w* |proxenet\w+|cafet\w+|madama|pimp\w*|"
    r"empleador\w*|empregador\w*|employer\w*|titular\w* del taller|patron\w*",
    "financier": r"financi\w+|testaferr\w+|lavado de (?:activos|dinero)|lavagem de dinheiro|money launder\w+|"
    r"laranjas?|frontm[ae]n|transferencias? de dinero|remesas",
}
PERSON_NOUNS = (
    r"victimas?|vitimas?|victims?|mujeres|mujer|hombres|hombre|varones|ninas?|ninos?|adolescentes?|"
    r"menores|personas|pessoas|persons|people|trabajador\w*|trabalhador\w*|workers?|ciudadan\w+|"
    r"cidadaos?|cidadas?|citizens?|migrantes?|migrants?|jovenes|jovens|costurer\w+|costureir\w+|"
    r"nacionales|nacionais|nationals?|mulheres|mulher|homens|homem|meninas?|meninos?|criancas?|"
    r"children|child|girls?|boys?|women|woman|men|man|adults?|adultos?|adultas?|teenagers?|minors?|"
    r"pescadores|fishermen|indigenas|indigenous|pareja|couple|acusad\w+|imputad\w+|procesad\w+|"
    r"condenad\w+|reus?|defendants?|accused|familia|family|empleadas?|empregadas?"
)
FEMALE = (
    r"mujer(?:es)?|ninas|nina|mulher(?:es)?|meninas?|women|woman|girls?|adolescentes mujeres|femenin\w+|"
    r"feminin\w+|female|senoras|jovenes mujeres|trabajadoras|trabalhadoras|empleadas?|empregadas?|madres|maes"
)
MALE = (
    r"hombres|hombre|varones|homens|homem|men\b|man\b|boys?|meninos|masculin\w+|\bmale\b|trabajadores "
    r"varones|pescadores|fishermen"
)
MINOR = (
    r"ninas?|ninos?|adolescentes?|menores(?: de edad)?|criancas?|meninas?|meninos?|children|child|girls?|"
    r"boys?|minors?|teenagers?|de (?:1[0-7]|[5-9]) anos|aged (?:1[0-7]|[5-9])|(?:1[0-7]|[5-9])[- ]year[- ]old"
)
ADULT = r"adult[oa]s?|adults?|mayores de edad|maiores de idade|hombres|homens|mujeres|mulheres|women|men\b"
VICTIM_NOUNS = (
    r"victimas?|vitimas?|victims?|rescatad\w+|resgatad\w+|rescued|survivors?|sobrevivientes|"
    r"damnificad\w+|explotad\w+|explorad\w+|trabajador\w*|trabalhador\w*|workers?"
)
OFFENDER_NOUNS = (
    r"acusad\w+|imputad\w+|procesad\w+|condenad\w+|\breus?\b|denunciad\w+|defendants?|accused|"
    r"perpetrators?|offenders?|traffickers?|tratantes?|aliciadores|investigad\w+"
)
# Number words up to twenty in the three languages, as cases write small counts ("dos mujeres").
NUMBER_WORDS = {
    **dict.fromkeys(("un", "uno", "una", "um", "uma", "one", "a"), 1),
    **dict.fromkeys(("dos", "dois", "duas", "two", "pareja", "couple", "both"), 2),
    **dict.fromkeys(("tres", "three"), 3),
    **dict.fromkeys(("cuatro", "quatro", "four"), 4),
    **dict.fromkeys(("cinco", "five"), 5),
    **dict.fromkeys(("seis", "six"), 6),
    **dict.fromkeys(("siete", "sete", "seven"), 7),
    **dict.fromkeys(("ocho", "oito", "eight"), 8),
    **dict.fromkeys(("nueve", "nove", "nine"), 9),
    **dict.fromkeys(("diez", "dez", "ten"), 10),
    **dict.fromkeys(("once", "onze", "eleven"), 11),
    **dict.fromkeys(("doce", "doze", "twelve"), 12),
    **dict.fromkeys(("trece", "treze", "thirteen"), 13),
    **dict.fromkeys(("catorce", "catorze", "quatorze", "fourteen"), 14),
    **dict.fromkeys(("quince", "quinze", "fifteen"), 15),
    **dict.fromkeys(("dieciseis", "dezesseis", "dezasseis", "sixteen"), 16),
    **dict.fromkeys(("diecisiete", "dezessete", "seventeen"), 17),
    **dict.fromkeys(("dieciocho", "dezoito", "eighteen"), 18),
    **dict.fromkeys(("diecinueve", "dezenove", "nineteen"), 19),
    **dict.fromkeys(("veinte", "vinte", "twenty"), 20),
    **dict.fromkeys(("treinta", "trinta", "thirty"), 30),
    **dict.fromkeys(("cuarenta", "quarenta", "forty"), 40),
    **dict.fromkeys(("cincuenta", "cinquenta", "fifty"), 50),
}
NUMBER = r"\d{1,4}|" + "|".join(
    sorted((w for w in NUMBER_WORDS if w not in ("a", "both")), key=len, reverse=True)
)

# Demonyms (folded stems) of the countries cases in this region name most, with the country they mean.
# A demonym counts as a nationality only next to a person noun or "nacionalidad" (the adjective "español"
# is also a language).
DEMONYMS = {
    "Argentina": r"argentin[oa]s?|argentines?|argentinians?",
    "Bolivia": r"bolivian[oa]s?|bolivians?",
    "Brazil": r"brasilen[oa]s?|brasileir[oa]s?|brazilians?",
    "Chile": r"chilen[oa]s?|chileans?",
    "Colombia": r"colombian[oa]s?|colombians?",
    "Costa Rica": r"costarricenses?|costa ricans?",
    "Cuba": r"cuban[oa]s?|cubans?",
    "Dominican Republic": r"dominican[oa]s?|dominicans?",
    "Ecuador": r"ecuatorian[oa]s?|equatorian[oa]s?|ecuadorians?",
    "El Salvador": r"salvadoren[oa]s?|salvadorans?",
    "Guatemala": r"guatemaltec[oa]s?|guatemalans?",
    "Haiti": r"haitian[oa]s?|haitians?",
    "Honduras": r"hondure[nñ]h?[oa]s?|hondurans?",
    "Mexico": r"mexican[oa]s?|mexicans?",
    "Nicaragua": r"nicaraguenses?|nicaraguans?",
    "Panama": r"panamen[oa]s?|panamenh[oa]s?|panamanians?",
    "Paraguay": r"paraguay[oa]s?|paraguai[oa]s?|paraguayans?",
    "Peru": r"peruan[oa]s?|peruvians?",
    "Uruguay": r"uruguay[oa]s?|uruguai[oa]s?|uruguayans?",
    "Venezuela": r"venezolan[oa]s?|venezuelan[oa]s?|"
    r"venezuelans?",
    "Spain": r"espanol(?:a|es|as)?|espanh[oó]is|espanhol(?:a|as)?|spaniards?",
    "Portugal": r"portugues(?:a|es|as)?",
    "China": r"chin[oa]s|chines(?:a|es|as)?|chinese",
    "Nigeria": r"nigerian[oa]s?|nigerians?",
    "India": r"indian[oa]s?\b|indians\b",
    "Philippines": r"filipin[oa]s?",
    "Indonesia": r"indonesi[oa]s?|indonesians?",
    "Vietnam": r"vietnamitas?|vietnamese",
    "Cameroon": r"camerunes(?:a|es|as)?|cameroonians?",
    "Angola": r"angolan[oa]s?|angolans?",
    "United States": r"estadounidenses?",
    "Guyana": r"guyanes(?:a|es|as)?|guyanese",
    "Jamaica": r"jamaican[oa]s?|"
    r"jamaicans?",
    "Senegal": r"senegales(?:a|es|as)?|senegalese",
    "Bangladesh": r"bangladesh[ií]es|bengal[ií]es",
}
# An institution after "<demonym> national" or "nacional" ("the Chilean national prosecutor's office"):
# the demonym qualifies the institution, not a person.
INSTITUTION = (
    r"prosecutor|police|office|authorit\w+|government|court|ministry|army|navy|guard|service|"
    r"fiscal\w*|policia|ministerio|gobierno|autoridad\w*|justicia|corte|tribunal|servicio|ejercito|"
    r"armada|marinha|governo|policia|procuradoria|defensoria"
)
# A sentence that tells of offenders (held, leading, forming the network, employing): the nationalities it
# names are the offenders', unless it also tells of victims.
OFFENDER_CONTEXT = (
    r"detenid\w+|arrestad\w+|\bpres[oa]s?\b|lider\w*|cabecilla\w*|estructura|integrad[oa] por|"
    r"banda\b|organizacion criminal|organizacao criminosa|quadrilha|arrested|detained|leaders?|"
    r"ringleaders?|\bgang\b|employer|empleador\w*|empregador\w*|duen[oa]s?|donos?\b|owners?\b|"
    r"extradi\w+|recruiters?|reclutador\w*|captador\w*|aliciador\w*"
)
VICTIM_CONTEXT = (
    r"victimas?|vitimas?|victims?|rescatad\w+|resgatad\w+|rescued|survivors?|captad[oa]s|"
    r"aliciad[oa]s|recruited|explotad[oa]s|explorad[oa]s|exploited|trasladad[oa]s|levad[oa]s|"
    r"migrantes|migrants"
)
# Persons a group is made of ("una estructura integrada por ciudadanos colombianos", "a ring made up of
# Mexican nationals") are offenders.
MEMBERS_OF = (
    r"integrad[oa]s? por|formad[oa]s? por|compuest[oa]s? por|compost[oa]s? por|liderad[oa]s? por|"
    r"chefiad[oa]s? por|encabezad[oa]s? por|composed of|made up of|led by|formed by"
)
# The people of a case's proceedings, not of its facts: their nationality is no victim's or offender's
# ("el abogado defensor, de nacionalidad peruana", "the Chilean prosecutor").
PROFESSIONALS = (
    r"abogad\w*|defensor\w*|fiscal(?:es)?|jue(?:z|za|ces)|perit[oa]s?|interpretes?|traductor\w*|"
    r"lawyers?|attorneys?|counsel|prosecutors?|judges?|experts?|interpreters?|advogad\w*|procurador\w*|"
    r"promotor\w*|juiz\w*|juiza|consul\w*|diplomat\w*|funcionari\w*|officials?|officers?|agentes?|"
    r"policias?|policiais?"
)
NATIONALITY_CUE = (
    r"nacionalidad|nacionalidade|nationality|nationals?|nacionales|nacionais|ciudadan\w+|"
    r"cidadaos?|citizens?|origen|origem|origin"
)

# Cues before a place name, by the role they give it. "de X a Y" / "from X to Y" is read on its own.
ORIGIN_CUES = (
    r"desde|procedentes? de|provenientes? de|oriund[oa]s? de|originari[oa]s? de|natural(?:es)? de|"
    r"vind[oa]s? d[aoe]s?|trazid[oa]s? d[aoe]s?|traid[oa]s? de|reclutad[oa]s? en|captad[oa]s? en|"
    r"recrutad[oa]s? (?:em|n[oa]s?)|aliciad[oa]s? (?:em|n[oa]s?)|recruited in|from|"
    r"nacionales de|nationals of|citizens of|(?:salieron|partieron|sairam|left) (?:de|from)|"
    # victims sent home ("retornaron a Bolivia", "optaram por voltar à Bolívia", "the victims' return to
    # Paraguay", "repatriada a Colombia")
    r"(?:retorn|regres|volv|voltar|voltaram|return|repatri)\w* (?:\w+ )?(?:a|al|ao|aos|to|para)"
)
TRANSIT_CUES = (
    r"via|por via de|pasando por|passando por|atravesando|atravessando|cruzando|cruzaron|"
    r"en transito por|em transito por|in transit through|transit(?:ing|ed)? (?:through|via)|through|"
    r"por tierra por|a traves de|atraves de|across|crossed|crossing|escala en|escala em|de paso por|"
    # entering a country by a crossing on the way ("ingresaron por Desaguadero", "entravam pelo
    # aeroporto de Lisboa", "entered through Tijuana"); "ingresaron a Chile" is an arrival
    r"ingres\w+ por|entr(?:aron|aban|aram|avam|ou|ava|ando) (?:por|pel[oa])|entered (?:through|via)|"
    r"passing through|en route through|stopover in"
)
# Where a route or a leg of it starts ("el recorrido comenzaba en Necoclí (Colombia)", "a viagem começava
# em", "the journey began in"): the origin, unless the people on it come from elsewhere (ingest/facts.py).
START_CUES = (
    r"(?:recorrido|viaje|ruta|trayecto|travesia|cruce|viagem|rota|percurso|trajeto|travessia|journey|route|"
    r"trip|crossing)(?:\s+\w+){0,3}\s+(?:comenzaba|comenzo|comienza|empezaba|empezo|empieza|iniciaba|inicio|"
    r"inicia|arrancaba|partia|salia|comecava|comecou|comeca|iniciava|iniciou|began|begins|started|starts)\s+"
    r"(?:en|em|in|no|na|desde|from|de|at)"
)
# The people a document speaks of are on their way ("migrantes en tránsito", "migrants in transit"): a
# country of the document that is none of the route's ends is a stop on it (ingest/facts.py).
IN_TRANSIT = r"(?:en|em|in) transito\b(?!\s+(?:por|pel[oa]|through|via)\b)|\bin transit\b(?!\s+through)"
DESTINATION_CUES = (
    r"hacia|rumbo a|con destino a|destino final|com destino a|destinad[oa]s? a|"
    r"(?:trasladad|llevad|enviad|transportad|conducid|ingresad|levad|transferid|mandad)[oa]s? "
    r"(?:a|al|hasta|para(?: o| a)?)|explotad[oa]s? en|explorad[oa]s? (?:em|n[oa]s?)|"
    r"exploited in|(?:taken|brought|sent|transported|moved|trafficked|smuggled) (?:in)?to|"
    r"to work in|a trabajar en|para trabalhar (?:em|n[oa]s?)|llegaron a|chegaram a|arrived in|"
    r"ingreso a|ingres(?:aron|aban|ar) (?:a|al)|entrada (?:a|em)|entry into|into|"
    r"towards?|en direccion a|em direcao a|(?:el|o) destino (?:era|fue|foi)|(?:the )?destination was|"
    r"bound for|destined for|headed for|heading for"
)
# A plain preposition before a place is a destination when a verb of movement comes shortly before it
# ("took the children to Costa Rica", "viajaron en bus a Santiago", "levadas de ônibus para a Espanha").
MOVE_VERBS = (
    r"travel\w*|took|take[ns]?|taking|brought|bring\w*|sent|send\w*|transport\w*|mov(?:e|ed|ing)|"
    r"carr(?:y|ied)|smuggl\w*|traffick\w*|trasl?ad\w*|llev\w*|viaj\w*|envi\w*|conduc\w*|cruz\w*|"
    r"lev\w*|mand\w*|traz\w*|trouxe\w*|ingres\w*|entr\w*|lleg\w*|cheg\w*|arriv\w*|seguiam|"
    r"segu\w*|parti\w*|sal\w*|dirig\w*|rumbo|pasaje\w*|passage\w*|tiquetes?|bilhetes?|tickets?|"
    r"fare|bus|onibus|autocarro|vuelos?|voos?|flights?|barco|boat|lancha|yola"
)
PLAIN_TO = r"to|into|a|al|ao|aos|para|hacia|hasta|ate|for"
# Words between a cue and the name ("hacia la República de", "para o Brasil").
FILLER = (
    r"(?:\s+(?:el|la|los|las|lo|o|a|os|as|the|del|do|da|dos|das|de|al|ao|territorio|republica|estado|"
    r"state|city|ciudad|cidade|comunidad|comunidade|community|localidad|localidade|pueblo|povoado|town|"
    r"village|municipio|municipality|provincia|province|departamento|department|region|"
    # a border, a coast or a port of the country ("hasta la frontera norte de México", "towards the
    # coast of", "pelo aeroporto de Lisboa")
    r"frontera|fronteira|border|costa|coast|norte|sur|sul|este|oeste|north|south|east|west|northern|"
    r"southern|aeropuerto|aeroporto|airport|puerto|porto|port|paso|passo|con|com|with|of))*"
)


def compile_map(table: dict[str, str]) -> dict[str, re.Pattern[str]]:
    return {key: re.compile(rf"\b(?:{pattern})", re.IGNORECASE) for key, pattern in table.items()}
