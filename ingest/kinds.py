"""What kind of document a text is: judgment, law, report, guide, case_brief, news, data or other.

Read from cues in es/pt/en, counted where they carry weight: the parts and formulas of a judgment (VISTOS,
RESUELVE; RELATÓRIO, DISPOSITIVO; "Date of Judgment") in its head, a law's run of numbered articles, a
report's or a guide's name for itself on its title page, a table's rows. A cue must be clear; a text that
shows none is `other`.
"""

from __future__ import annotations

import re

KINDS = ("judgment", "law", "report", "guide", "case_brief", "news", "data", "other")
# Older names, still in sidecars and the sample corpus.
ALIASES = {"case": "case_brief", "good_practice": "guide", "sentencia": "judgment", "ley": "law"}
# Distinct judgment cues a head must show: a report on a case cites a court and a case number, a judgment
# also has its parties, its formulas and its parts.
JUDGMENT_CUES_NEEDED = 5
DATA_MEDIA = {"xlsx", "xls", "ods", "csv", "tsv"}

JUDGMENT_CUES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bvistos\b",
        r"\bconsiderando\b",
        r"\bresuelve\b|\bresolvemos\b|\bresolvieron\b|\bdecidieron\b",
        r"\badministrando\s+justicia\b",
        r"\bjuicio\s+n",
        r"\bsentencia\b",
        r"\bauto\s+de\s+(?:apelaci|vista|calificaci)",
        r"\bjuez(?:a)?\s+ponente\b|\bjuez\s+supremo\b|\bvocal\s+supremo\b",
        r"\btribunal\s+de\s+garant",
        r"\bac[oó]rd[aã]o\b",
        r"\brelat[oó]rio\b",
        r"\bdispositivo\b",
        r"\bsenten[cç]a\b",
        r"\bvara\s+(?:criminal|federal)",
        r"\bdate\s+of\s+(?:judgment|hearing)\b",
        r"\bj\s?u\s?d\s?g\s?m\s?e\s?n\s?t\b",
        r"\bbefore\s*:\s*hon\b",
        r"\bcourt\s+of\s+(?:appeal|first\s+instance)\b",
        r"\bthe\s+(?:applicant|appellant|defendant)\b",
        r"\bprocesad[oa]\b|\bimputad[oa]\b|\bacusad[oa]\b|\br[eé]u\b",
        r"\bexpte\.?\b|\bexpediente\b",
        r"\bamparo\b",
        r"\bhksar\b|\bv\.\s+[A-Z]",
        r"\bsentenc(?:e|ing)\b",
        r"\bresulta\s*:",
        r"\b(?:actor|demandad[oa]|demandante|accionante|ofendid[oa]|autor|r[eé]us?)\s*(?:\(\w+\))?\s*[/:]",
        r"\bn(?:o|ro|º|°)\.?\s*(?:de\s+)?(?:proceso|causa|expediente)\b|\bn[uú]mero\s*:\s*(?:exp|\d)",
        r"\bfojas\b|\bautos\b",
        r"\bunidad\s+judicial\b|\bjuzgado\b|\bhigh\s+court\b|\bcorte\s+(?:suprema|superior|nacional|provincial)\b",
        r"\bementa\b|\bvoto\b|\bjulgo\b|\bdenúncia\b",
        r"\bit\s+is\s+(?:so\s+|hereby\s+)?ordered\b",
        r"\bplaintiffs?\b|\bcase\s+no\b",
        (
            r"\bdistrict\s+court\b|\bcourt\s+of\s+appeals\b|\bsupreme\s+court\b|\bsupremo\s+tribunal\b|"
            r"\bsuperior\s+tribunal\b|\btribunal\s+regional\b"
        ),
        # The parts and formulas of the other systems: Spain's and Latin America's "FALLAMOS", "ANTECEDENTES
        # DE HECHO", "RESULTANDO"; Portugal's "arguido", "Acordam"; the US's "Appellant", "PER CURIAM",
        # "AFFIRMED"; England's "Neutral Citation", "Lord Justice", "Crown Court".
        r"\bfall(?:o|a|amos)\b|\bantecedentes\s+de\s+hecho\b|\bfundamentos\s+de\s+(?:derecho|hecho)\b|"
        r"\br\s?e\s?s\s?u\s?l\s?t\s?a\s?n\s?d\s?o\b",
        r"\bponente\b|\brelator[a]?\b|\bmagistrad[oa]\b|\bdesembargador\w*\b|\bcircuit\s+judges?\b",
        r"\bac[oó]rdam\b|\barguid[oa]s?\b|\bfundamenta[cç][aã]o\b|\bprovimento\b",
        r"\btribunal\s+(?:supremo|oral|superior|da\s+rela[cç][aã]o|judicial|colegiado|penal)\b|"
        r"\baudiencia\s+(?:provincial|nacional)\b|\bju[ií]zo\b|\bcrown\s+court\b",
        r"\b(?:appellants?|appellees?|respondents?|petitioners?)\b|\bper\s+curiam\b|\bregina\b|\br\s+v\.?\s",
        r"\bneutral\s+citation\b|\broyal\s+courts\s+of\s+justice\b|\blord\s+justice\b|"
        r"\bmr\.?\s+justice\b|\bdocket\s+no\b|\bhearing\s+date\b",
        r"\b(?:affirmed|reversed|vacated|remanded)\b|\bappeal\s+(?:is\s+)?(?:dismissed|allowed)\b|"
        r"\b(?:recurso|appeal|apela[cç][aã]o|apelaci[oó]n|casaci[oó]n)\b",
        r"\b(?:radicado|causa\s+(?:penal\s+)?n|processo\s*(?:n|:)|case\s+no|rol\s+n|rit\s+\d|ruc\s+\d)",
        r"\btribunal\s+(?:\w+\s+)?de\s+sentencia\b|\borganismo\s+judicial\b",
        r"(?-i:\bPOR\s+(?:LO\s+)?TANTO\b)",
        r"\bdeliberaci[oó]n\s+y\s+votaci[oó]n\b|\benunciaci[oó]n\s+de\s+los\s+hechos\b|\bacusador\b",
        r"\bjuicio\s+oral\b|\bse\s+(?:declara|resuelve)\s*:|\bsentencing\s+remarks\b|\bpleaded\s+guilty\b",
    )
]
# A document that names itself on its first lines: "INFORME TÉCNICO", "RESPONSE GUIDE", "CASE STUDIES".
SELF_NAMED = (
    (
        "case_brief",
        re.compile(
            r"\bficha\s+de\b|\bcase\s+stud(?:y|ies)\b|\bestudios?\s+de\s+caso|"
            r"\bestudos?\s+de\s+caso",
            re.IGNORECASE,
        ),
    ),
    (
        "judgment",
        re.compile(
            r"^\W*(?:sentencia|auto\s+(?:de\s+)?\w+|ac[oó]rd[aã]o|senten[cç]a|judgment|"
            r"reasons\s+for\s+(?:judgment|sentence)|(?:memorandum\s+)?opinion(?:\s+and\s+order)?$|"
            r"decis[aã]o\s+monocr[aá]tica)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "guide",
        re.compile(
            r"\b(?:guides?|gu[ií]as?|manual|handbook|toolkit|protocol[oa]?|cartilha)\b", re.IGNORECASE
        ),
    ),
    (
        "report",
        re.compile(
            r"^\W*(?:informe|report|relat[oó]rio|estudio|estudo|study|pericia|peritaje|dictamen|"
            r"laudo)\b|\b(?:analysis|an[aá]lisis|an[aá]lise|research\s+report)\s+of\b",
            re.IGNORECASE,
        ),
    ),
)
LAW_TITLE = re.compile(
    r"^\W*(?:ley|lei|decreto(?:-lei|-ley)?|c[oó]digo|code|act|constituci[oó]n|constitui[cç][aã]o|"
    r"reglamento|regulamento|estatuto|public\s+law|decreto\s+legislativo|medida\s+provis[oó]ria)\b",
    re.IGNORECASE | re.MULTILINE,
)
# "Artículo 1o.-", "Art. 1º", "SEC. 101.", "Section 2", "§ 3": an article or section opening its paragraph.
ARTICLE = re.compile(
    r"(?:^|[.:]\s+)(?:art[ií]culo|artigo|art\.|article|section|sec\.|§)\s*(\d{1,4})\s*[°º]?",
    re.IGNORECASE | re.MULTILINE,
)
# An act named by its short title on a line of its own: "Modern Slavery Act 2015", "Trafficking Victims
# Protection Act of 2000".
ACT_NAME = re.compile(r"^[A-Z][\w ,'()-]{2,80}\bAct(?:\s+of)?\s+(?:1[89]|20)\d\d\.?$", re.MULTILINE)
# The formula a legislature enacts a text with: "Be it enacted by the Senate and House", "Faço saber que o
# Congresso Nacional decreta", "EL CONGRESO DE LA REPÚBLICA ... DECRETA:", "ha dado la Ley siguiente",
# "sanciona con fuerza de ley", "BE IT ENACTED by the King's most Excellent Majesty".
ENACTING = re.compile(
    r"\bbe\s+it\s+enacted\b|\bfa[cç]o\s+saber\s+que\b|\b(?:decreta|decretam|decreto)\s*:|"
    r"\bha\s+dado\s+la\s+ley\s+siguiente\b|\bsancionan?\s+con\s+fuerza\s+de\s+ley\b|"
    r"\bdecreta\s+e\s+eu\s+sanciono\b|\bhas\s+enacted\b|\bexpide\s+(?:el\s+siguiente|la\s+siguiente)\b",
    re.IGNORECASE,
)
# A law's own run of articles: this many in a row make a code; a text that names itself a law on its first
# lines, or enacts itself, needs fewer (a short statute has a dozen).
LONG_RUN, NAMED_RUN = 25, 8
BRIEF_CUES = re.compile(
    r"\bficha\s+de\b|\bcase\s+stud(?:y|ies)\b|\bestudios?\s+de\s+caso\b|\bestudos?\s+de\s+caso\b|"
    r"\bresumen\s+del?\s+caso\b|\bcase\s+(?:summary|brief|digest)\b|\bratio\s+decidendi\b|"
    r"\bresumo\s+do\s+caso\b|\bs[ií]ntesis\s+del\s+caso\b",
    re.IGNORECASE,
)
GUIDE_CUES = re.compile(
    r"\bguides?\b|\bgu[ií]as?\b|\bmanual\b|\bhandbook\b|\btoolkit\b|\bprotocol[oa]?\b|"
    r"\bbuenas\s+pr[aá]cticas\b|\bboas\s+pr[aá]ticas\b|\bgood\s+practices?\b|"
    r"\bcartilha\b|\bfield\s+guide\b|\blineamientos\b|\bdiretrizes\b",
    re.IGNORECASE,
)
REPORT_CUES = re.compile(
    r"\binforme\b|\breport\b|\brelat[oó]rio\b|\bstudy\b|\bestudio\b|\bestudo\b|"
    r"\banalysis\b|\ban[aá]lisis\b|\ban[aá]lise\b|\bresearch\b|\binvestigaci[oó]n\b|"
    r"\bexecutive\s+summary\b|\bresumen\s+ejecutivo\b|\bsum[aá]rio\s+executivo\b|"
    r"\bmethodology\b|\bmetodolog[ií]a\b|\bintroducci[oó]n\b|\bintrodu[cç][aã]o\b|"
    r"\bintroduction\b|\bconclusi[oó]n(?:es)?\b|\bconclus[oõ]es\b|\bfindings\b|"
    r"\btrabajo\s+pr[aá]ctico\b|\bpericia\b|\bperitaje\b",
    re.IGNORECASE,
)
NEWS_CUES = re.compile(
    r"\bnoticias?\b|\bnot[ií]cias?\b|\bnews\b|\bblog\s*post\b|\bpress\s+release\b|"
    r"\bcomunicado\s+de\s+prensa\b|\bboletim\b|\bbolet[ií]n\b",
    re.IGNORECASE,
)
REPORTED_SPEECH = re.compile(
    r"\b(?:disse|afirmou|declarou|segundo|said|according\s+to|dijo|afirm[oó]|"
    r"señal[oó]|explic[oó]|explicou|informou|inform[oó])\b",
    re.IGNORECASE,
)


def normalise_kind(value: str | None) -> str | None:
    """A kind as stored: an alias becomes its kind, an unknown value `other`, nothing stays nothing."""
    if value is None or value == "":
        return None
    value = ALIASES.get(str(value).strip().lower(), str(value).strip().lower())
    return value if value in KINDS else "other"


def judgment_score(head: str) -> int:
    """How many distinct judgment cues the head shows."""
    return sum(1 for cue in JUDGMENT_CUES if cue.search(head))


def is_law(head: str, text: str) -> bool:
    """A law is a run of its own numbered articles or sections (from 1, or from 101 as a US act's titles
    number them) and names itself a law on its first lines or enacts itself; a run twice as long needs
    neither."""
    numbers = {int(m.group(1)) for m in ARTICLE.finditer(text[:400_000])}
    run = _longest_run(numbers)
    named = bool(LAW_TITLE.search(head[:3000]))
    if run >= LONG_RUN and (named or run >= 2 * LONG_RUN):
        return True
    opening = "\n".join(head.splitlines()[:12])
    named_early = bool(LAW_TITLE.search(opening) or ACT_NAME.search(opening))
    if named_early and ENACTING.search(head):
        return True  # an act numbering its sections as bare headings ("1 Slavery, servitude and ...")
    return run >= NAMED_RUN and (named_early or bool(ENACTING.search(head)))


def _longest_run(numbers: set[int]) -> int:
    """How many of a law's first 59 article numbers it has (some are repealed or cut by the page layout),
    counted from 1, or from 101, 201... where each title of an act numbers its own sections."""
    return max(
        sum(1 for n in range(start, start + 59) if n in numbers) for start in (1, *range(101, 1001, 100))
    )


def self_named(lines: list[str]) -> str | None:
    """The kind a document's first lines (its first headings, its opening words) call it."""
    for line in lines:
        for kind, pattern in SELF_NAMED:
            if pattern.search(line):
                return kind
    return None


def infer_kind(
    head: str,
    text: str,
    media_type: str,
    tables: int = 0,
    blocks: int = 1,
    hints: str = "",
    first_lines: list[str] | None = None,
) -> str:
    """The document's kind. `head` is its title page or first ~3000 characters, `text` the whole text,
    `tables` how many of its `blocks` are tables, `hints` words the file itself gives (front matter
    categories, a template name), `first_lines` its first headings and opening words."""
    if media_type in DATA_MEDIA or _delimited(text):
        return "data"
    if NEWS_CUES.search(hints):
        return "news"
    if is_law(head, text):
        return "law"
    named = self_named(first_lines or [])
    if named:
        return named
    top = head[:1500]
    if BRIEF_CUES.search(top):
        return "case_brief"
    if judgment_score(head) >= JUDGMENT_CUES_NEEDED:
        return "judgment"
    if blocks and tables / blocks > 0.6:
        return "data"
    if GUIDE_CUES.search(top):
        return "guide"
    if REPORT_CUES.search(top) or len(REPORT_CUES.findall(text[:60_000])) >= 6:
        return "report"
    words = len(text.split())
    if hints and words < 1500 and len(REPORTED_SPEECH.findall(text)) >= 1:
        return "news"
    return "other"


def _delimited(text: str) -> bool:
    """A text whose first lines are rows of one delimiter: a CSV or a sheet read as plain text."""
    lines = [line for line in text[:20_000].splitlines() if line.strip()][:20]
    if len(lines) < 5:
        first = text[:5000]
        return any(first.count(sep) >= 60 and first.count(sep) > len(first.split()) / 3 for sep in ";,\t|")
    for sep in (";", "\t", "|", ","):
        counts = [line.count(sep) for line in lines]
        if min(counts) >= 3 and max(counts) - min(counts) <= 2:
            return True
    return False
