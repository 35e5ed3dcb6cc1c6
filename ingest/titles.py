"""A document's title as a prosecutor would write it, from the document itself.

A judgment is named by its kind, case number and court ("Sentencia, Juicio No. 17282-2020-01011, Unidad
Judicial Penal de Quito"); a law by its name ("Ley 599 de 2000, por la cual se expide el Código Penal"); a
report or guide by its title page (the first prominent lines, consecutive headings joined); a sheet by its
title row or, failing that, its file name with its country and years. Lines that only look like titles are
refused everywhere, file properties included: a generator or publisher line ("Microsoft Word - …",
"Lexis S.A."), an id ("173523418-DFE"), a sheet name, a date or month ("JANUARY 2023"), a table of
contents, a chapter heading, a year motto, a country banner ("REPÚBLICA DEL ECUADOR"), a web address.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from .countries import fold, gazetteer
from .dates import MONTHS, find_dates
from .judgments import CAPTION_NO, LABELLED, tidy_case
from .models import Block
from .tables import SEPARATOR

MAX_TITLE = 200
GENERATED = re.compile(
    r"^(?:microsoft\s+(?:word|excel|powerpoint)\b|untitled|sin\s+t[ií]tulo|sem\s+t[ií]tulo|documento?\s*\d*$|"
    r"\(?anonymous\)?$|\(?unspecified\)?$|(?:sheet|hoja|planilha|folha|tabelle|feuil)\s*\d*$|slide\s*\d*$|"
    r"diapositiva\s*\d*$|presentaci[oó]n\d*$|presentation\d*$|noname|pdf\b|scan\w*\s*\d*$|img[_ -]?\d+)",
    re.IGNORECASE,
)
FILE_NAME = re.compile(r"\.(?:docx?|pdf|xlsx?|odt|ods|pptx?|rtf|txt|html?)$", re.IGNORECASE)
PUBLISHER = re.compile(
    r"^[\w&.,' -]{0,40}\b(?:S\.\s?A\.?|Ltda\.?|S\.\s?R\.\s?L\.?|Inc\.?|LLC|GmbH|S\.L\.|Cía\.?)$",
    re.IGNORECASE,
)
STRUCTURAL = re.compile(
    r"^(?:tabla\s+de\s+contenidos?|table\s+of\s+contents|contents|contenidos?|[ií]ndice(?:\s+general)?|"
    r"sum[aá]rio|chapter|cap[ií]tulo|part|parte|section|secci[oó]n|se[cç][aã]o|t[ií]tulo|libro|livro|anexo|"
    r"annex|appendix|ap[eé]ndice|introducci[oó]n|introduction|introdu[cç][aã]o|pr[oó]logo|foreword|preface|"
    r"pref[aá]cio|resumen|resumo|abstract|executive\s+summary|acknowledge?ments|agradecimientos|about\s+this\s+\w+|"
    r"acerca\s+de\s+\w+|sobre\s+\w+|glossary|glosario|gloss[aá]rio|bibliograf[ií]a|references|referencias)"
    r"(?:\s+[\divxlc]+)?\W*$",
    re.IGNORECASE,
)
# Section names a text without a title page opens with.
OPENING = re.compile(
    r"^(?:\d+\.?\s+)?(?:introducci[oó]n|introduction|introdu[cç][aã]o|resumen|resumo|abstract|"
    r"executive\s+summary|resumen\s+ejecutivo|resumo\s+executivo)\W*$",
    re.IGNORECASE,
)
MOTTO = re.compile(
    r"^\W*(?:19|20)\d\d\s*[-–—:,]?\s*[\"“«]?\s*a[ñn]o\b|^\W*a[ñn]o\s+(?:del?|da|do)\b", re.IGNORECASE
)
BOILERPLATE = re.compile(
    r"^texto\s+(?:oficial|original|compilado|actualizado|atualizado|vigente|no\s+oficial|"
    r"consolidado)\b|^versi[oó]n\s+(?:vigente|oficial)|^official\s+text\b|^draft$|^borrador$",
    re.IGNORECASE,
)
BANNER_WORDS = {
    "republica",
    "republic",
    "reino",
    "kingdom",
    "estado",
    "estados",
    "state",
    "gobierno",
    "governo",
    "government",
    "poder",
    "judicial",
    "publico",
    "legislativo",
    "ejecutivo",
    "executivo",
    "rama",
    "funcion",
    "ministerio",
    "ministry",
    "del",
    "de",
    "la",
    "da",
    "do",
    "of",
    "the",
    "el",
    "federativa",
    "plurinacional",
    "bolivariana",
    "corte",
    "court",
    "www",
    "gob",
    "gov",
    "nacional",
    "national",
    "legislativa",
    "ejecutiva",
    "executiva",
    "judiciaria",
    "judiciario",
    "branch",
    "legislative",
    "executive",
    "judiciary",
    "federal",
    "presidencia",
    "presidency",
    "com",
    "ec",
    "br",
    "pe",
    "ar",
}
JUDGMENT_WORD = re.compile(
    r"\b(?:sentencia(?:\s+condenatoria|\s+absolutoria)?|auto\s+(?:de\s+)?(?!(?:del?|la|el|que|se)\b)[a-záéíóú]{4,}|resoluci[oó]n\s+de\s+[a-z]+|"
    r"ac[oó]rd[aã]o|senten[cç]a|decis[aã]o\s+monocr[aá]tica|"
    r"reasons\s+for\s+(?:judgment|sentence)|transcript\s+of\s+(?:the\s+)?[a-z ]{0,30}sentence|"
    r"j\s?u\s?d\s?g\s?m\s?e\s?n\s?t|ruling|ficha\s+de\s+[a-záéíóú]+|(?:memorandum\s+)?opinion|sentencing\s+remarks)\b",
    re.IGNORECASE,
)
# Words a title page uses to say what the document is; how many of its first headings are weighed.
SELF_NAME = re.compile(
    r"\b(?:report|informe|relat[oó]rio|study|estudio|estudo|guide|gu[ií]a|guia|manual|handbook|"
    r"toolkit|protocol[oa]?|analysis|an[aá]lisis|an[aá]lise|survey|encuesta|review|assessment|"
    r"diagn[oó]stico|evaluaci[oó]n|avalia[cç][aã]o|case\s+stud(?:y|ies)|plan|strategy|"
    r"estrategia|estrat[eé]gia)\b",
    re.IGNORECASE,
)
TITLE_CANDIDATES = 4
ORGANISATION = re.compile(
    r"\b(?:office|oficina|united\s+nations|naciones\s+unidas|na[cç][oõ]es\s+unidas|ministry|"
    r"ministerio|minist[eé]rio|department|departamento|secretar[ií]a|organi[sz]ation|"
    r"organizaci[oó]n|organiza[cç][aã]o|university|universidad|universidade|institute|"
    r"instituto|foundation|fundaci[oó]n|funda[cç][aã]o|agency|agencia|ag[eê]ncia|police|"
    r"polic[ií]a|fiscal[ií]a|procuradur[ií]a|procuradoria|defensor[ií]a|commission|"
    r"comisi[oó]n|comiss[aã]o|council|consejo|conselho|presidencia|presid[eê]ncia|presidency|gobierno|"
    r"governo|government)\b",
    re.IGNORECASE,
)
# A data set's column whose one value fills this share of the records describes the whole set; it is looked
# for among the first CONSTANT_SAMPLE records of a set of at least MIN_CONSTANT_RECORDS.
CONSTANT_SHARE = 0.95
CONSTANT_SAMPLE = 5_000
MIN_CONSTANT_RECORDS = 20
MAX_CONSTANTS = 2
# Answers, not subjects: a column of them says nothing of what the set is about.
ANSWERS = {
    "si",
    "no",
    "yes",
    "sim",
    "nao",
    "true",
    "false",
    "verdadero",
    "falso",
    "verdadeiro",
    "n/a",
    "na",
    "ninguno",
    "nenhum",
    "none",
    "sin dato",
    "sem informacao",
    "unknown",
    "desconocido",
    "desconhecido",
}
# A month glued to a year in a file name ("enero2017", "sept_2025").
MONTH_YEAR = re.compile(
    r"(?i)(?<![^\W_])(?:"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")[\s_.-]?(?:19|20)\d\d(?![^\W_])"
)
DEFAULT_JUDGMENT_WORD = {"es": "Sentencia", "pt": "Sentença", "en": "Judgment"}


def is_meaningful(title: str | None, text_head: str = "") -> bool:
    """False for a line that is not a title (see the module's list). With `text_head`, a title from file
    properties must also share a word with the document's first page, or it belongs to another file."""
    if not title:
        return False
    title = re.sub(r"\s+", " ", str(title)).strip()
    letters = sum(ch.isalpha() for ch in title)
    if letters < 4 or len(title) > 400:
        return False
    if not re.search(r"[^\W\d_]{3,}", title) or (
        sum(ch.isdigit() for ch in title) > 2 * letters and not re.search(r"[^\W\d_]{4,}", title)
    ):
        return False  # an id: "173523418-DFE", "202503630500121700020260623164056"
    if (
        GENERATED.search(title)
        or FILE_NAME.search(title)
        or PUBLISHER.match(title)
        or STRUCTURAL.match(title)
    ):
        return False
    if MOTTO.search(title) or BOILERPLATE.search(title) or re.search(r"\bwww\.|https?://|@\w", title):
        return False
    if _only_dates(title) or _banner(title):
        return False
    if text_head:
        words = {w for w in _content_words(title) if len(w) > 3}
        if words and not words & set(_content_words(text_head)):
            return False
    return True


def _only_dates(title: str) -> bool:
    """ "JANUARY 2023", "13 de mayo de 2022", "APRIL 201 7": nothing left once dates and numbers are gone."""
    rest = title
    for found in reversed(find_dates(title)):
        rest = rest[: found.start] + rest[found.end :]
    rest = re.sub(r"[\d\W_]+", " ", rest).strip()
    return not rest or bool(
        re.fullmatch(
            r"(?i)(?:january|february|march|april|may|june|july|august|september|"
            r"october|november|december|enero|febrero|marzo|abril|mayo|junio|julio|"
            r"agosto|septiembre|octubre|noviembre|diciembre|de|del)(?:\s+\w{1,3})?",
            rest,
        )
    )


def _banner(title: str) -> bool:
    """A country's or a state power's banner: only country names and words like República, Poder Judicial."""
    table, _ = gazetteer()
    words = list(re.findall(r"[^\W\d_]+", fold(title)))
    if not words or len(words) > 8:
        return False
    names = {w for key in table for w in key}
    return all(w in BANNER_WORDS or w in names for w in words)


def _content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W_][\w/.-]*[^\W_]|[^\W_]", fold(text)) if len(w) > 2]


def clean(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip(" .;:-–—·•")
    return title if len(title) <= MAX_TITLE else title[:MAX_TITLE].rsplit(" ", 1)[0] + "…"


def judgment_title(
    head: str, number: str | None, court: str | None, language: str, decided: str | None = None
) -> str:
    """ "<kind>, <case number as printed>, <court>": the document's own word for what it is, its case
    number with its label, its court; without a case number, the decision date stands in for it."""
    word = _judgment_word(head) or DEFAULT_JUDGMENT_WORD.get(language, "Sentencia")
    word = re.sub(r"\s+", " ", word)
    word = "Judgment" if re.fullmatch(r"(?i)j ?u ?d ?g ?m ?e ?n ?t", word) else word
    word = word[:1].upper() + (word[1:].lower() if word.isupper() or word.istitle() else word[1:])
    parts = [word]
    if number:
        parts.append(_printed_number(head, number))
    elif decided:
        parts.append(decided)
    if court:
        parts.append(court)
    return clean(", ".join(parts))


def _judgment_word(head: str) -> str | None:
    """The document's own word for itself: one printed as a heading (in capitals or on its own line)
    first, else the first mention of a sentence/judgment word, else any."""
    matches = list(JUDGMENT_WORD.finditer(head))
    for match in matches:
        line_start = head.rfind("\n", 0, match.start()) + 1
        line_end = head.find("\n", match.end())
        line = head[line_start : line_end if line_end >= 0 else len(head)].strip()
        if (match.group(0).isupper() and len(match.group(0)) > 4) or line == match.group(0):
            return match.group(0)
    for match in matches:
        if re.match(r"(?i)senten|judgment|ac[oó]rd", match.group(0)):
            return match.group(0)
    return matches[0].group(0) if matches else None


def _printed_number(head: str, number: str) -> str:
    """The case number with the label it is printed with ("Juicio No. 09290-2021-00673", "APELAÇÃO
    CRIMINAL Nº 0004567-12.2018.4.03.6181" for a number read by its shape, "No. 20-12345"). A label in
    capitals is tidied, the number stays as printed ("Expediente N.° 00123-2019-0-1801-JR-PE-01")."""
    for match in (*LABELLED.finditer(head), *CAPTION_NO.finditer(head)):
        printed = match["number"].strip(" .-/")
        if printed and (printed == number or number.startswith(printed) or printed.startswith(number)):
            label = re.sub(r"\s+", " ", head[match.start() : match.start("number")]).strip()
            label = tidy_case(label) if label == label.upper() else label
            return f"{label} {number}".strip(" :") if label else number
    return number


def law_title(blocks: list[Block], head: str) -> str | None:
    """A law's name: its "LEY 599 DE 2000" / "Código Penal" line, with the line after it when that one
    says what the law is about ("por la cual se expide el Código Penal")."""
    from .kinds import ACT_NAME, LAW_TITLE

    lines = [b.text.strip() for b in blocks[:40] if b.text.strip()]
    for i, line in enumerate(lines):
        if (
            (LAW_TITLE.match(line) or ACT_NAME.match(line))
            and len(line.split()) <= 14
            and is_meaningful(line)
        ):
            title = tidy_case(line)
            cited = CITED_AS.search("\n".join(lines))
            if cited:
                return clean(f"{cited['name'] or cited['es']} ({title})")
            if i + 1 < len(lines):
                after = re.sub(r"^\([^)]*\)\s*", "", lines[i + 1])
                if re.match(
                    r"(?i)(?:por\s+(?:la|el)\s+cual|que\s|pela\s+qual|an\s+act|relativ|sobre\s|"
                    r"disp[oõ]e\s+sobre|dispone\s|establece\s|estabelece\s|to\s+\w+\s)",
                    after,
                ):
                    title = f"{title.rstrip('.')}, {_first_clause(after)}"
            return clean(title)
    match = re.search(r"(?i)t[ií]tulo\s*:\s*([^\n:]{4,80}?)\s+(?:tipo|fecha|versi[oó]n|inicio|url)\b", head)
    if match and is_meaningful(match.group(1)):
        return clean(tidy_case(match.group(1).strip()))
    return None


# An act's short title, which is how it is cited: "This Act may be cited as the “Modern Slavery Act 2015”".
CITED_AS = re.compile(
    r"(?i)\bmay\s+be\s+cited\s+as\s+(?:the\s+)?[\"“']+(?P<name>[^\"”']{4,120})[\"”']"
    r"|\b(?:se\s+denominar[aá]|ser[aá]\s+conocida\s+como|ser[aá]\s+denominada)\s+[\"“«]+"
    r"(?P<es>[^\"”»]{4,120})[\"”»]"
)


def _first_clause(line: str) -> str:
    """What a law is about, to its first semicolon: "Dispõe sobre prevenção e repressão ao tráfico
    interno e internacional de pessoas e sobre medidas de atenção às vítimas"."""
    return re.split(r";\s", line.rstrip("."), maxsplit=1)[0]


def title_page(blocks: list[Block]) -> str | None:
    """The title of a report or guide: a meaningful heading of its first pages, joined with the headings
    right after it on the same page ("HUMAN TRAFFICKING" + "RESPONSE GUIDE for School Resource Officers").
    An organisation's name printed above the title ("UNITED NATIONS OFFICE ON DRUGS AND CRIME") yields to
    the next heading that calls the document a report, guide, study...; no heading, the first short line."""
    first_pages = [b for b in blocks[:80] if b.page <= 3]
    first_heading = next((b.text.strip() for b in first_pages if b.kind == "heading"), "")
    if OPENING.match(first_heading):
        return None  # the text opens with its introduction: no title page, none of its headings is a title
    groups: list[str] = []
    used: set[int] = set()
    for i, block in enumerate(first_pages):
        if len(groups) == TITLE_CANDIDATES:
            break
        if i in used or block.kind != "heading" or not is_meaningful(block.text):
            continue
        parts = [block.text.strip()]
        before = first_pages[i - 1].text.strip() if i and first_pages[i - 1].page == block.page else ""
        if before.endswith(":") and len(before.split()) <= 20:
            parts.insert(0, _strip_page_furniture(before))
        organisation = bool(ORGANISATION.search(parts[0])) and not SELF_NAME.search(parts[0])
        for j in range(i + 1, min(i + 4, 0 if organisation else len(first_pages))):
            nxt = first_pages[j]
            if (
                nxt.kind != "heading"
                or nxt.page != block.page
                or not is_meaningful(nxt.text)
                or ORGANISATION.search(nxt.text)
            ):
                break
            if len(" ".join([*parts, nxt.text]).split()) > 24:
                break
            parts.append(nxt.text.strip())
            used.add(j)
        joined = " ".join(parts)
        groups.append(tidy_case(joined) if joined.isupper() else joined)
    if groups and ORGANISATION.search(groups[0]) and not SELF_NAME.search(groups[0]) and len(groups) > 1:
        return clean(next((g for g in groups[1:] if SELF_NAME.search(g)), groups[1]))
    if groups:
        return clean(groups[0])
    for block in first_pages[:10]:
        line = block.text.strip().split("\n")[0]
        if 2 <= len(line.split()) <= 16 and is_meaningful(line) and not line.endswith((".", ",", ";")):
            return clean(line)
    return None


def _strip_page_furniture(line: str) -> str:
    """A title's first line without the page number and date printed before it ("i April 2017 A Six-year
    Analysis of ...:" -> "A Six-year Analysis of ...:")."""
    line = re.sub(r"^(?:[ivxlc]+|\d+)\s+", "", line, flags=re.IGNORECASE)
    dates = find_dates(line)
    if dates and dates[0].start == 0:
        line = line[dates[0].end :]
    return line.strip()


def sheet_title(
    blocks: list[Block], source_name: str, country: str | None, years: tuple[int, int] | None, language: str
) -> str:
    """A sheet's title row (a short line above its table), else its file name in words, with the country
    (in the sheet's language) and the years its rows cover."""
    for block in blocks[:3]:
        line = block.text.strip()
        if (
            block.kind != "table"
            and 2 <= len(line.split()) <= 20
            and is_meaningful(line)
            and "\n" not in line
        ):
            return clean(line)
    stem = PurePath(source_name).name.rsplit(".", 1)[0]
    stem = MONTH_YEAR.sub(" ", stem)  # "enero2017", "sept-2025": dates, said by the years the title ends with
    words = [w for w in re.split(r"[_\s.]+|(?<=\D)-|-(?=\D)", stem) if w]
    words = [w for w in words if not re.fullmatch(r"[\d-]+|\(\d+\)", w)]
    name = " ".join(words) or stem
    name = name[:1].upper() + name[1:]
    local = _local_country(country, language)
    shared = [v for v in constant_values(blocks) if not local or fold(v) != fold(local)]
    if shared:
        name = f"{name}: {', '.join(shared)}"
    context = [
        c
        for c in (
            local,
            (
                f"{years[0]}-{years[1]}"
                if years and years[0] != years[1]
                else str(years[0])
                if years
                else None
            ),
        )
        if c
    ]
    return clean(f"{name} ({', '.join(context)})" if context else name)


def constant_values(blocks: list[Block]) -> list[str]:
    """Values a data set's column holds in (nearly) every record: what the whole set is about ("Trata", the
    hotline every report came through), read from the first CONSTANT_SAMPLE records. Dates, numbers,
    yes/no answers and long texts are left out; at most MAX_CONSTANTS values, in column order."""
    fills: dict[str, int] = {}
    values: dict[str, dict[str, int]] = {}
    records = 0
    for block in blocks:
        if block.kind != "table":
            continue
        for line in block.text.split("\n"):
            records += 1
            for part in line.split(SEPARATOR):
                column, colon, value = part.partition(": ")
                if not colon:
                    continue
                fills[column] = fills.get(column, 0) + 1
                counted = values.setdefault(column, {})
                counted[value] = counted.get(value, 0) + 1
            if records >= CONSTANT_SAMPLE:
                break
        if records >= CONSTANT_SAMPLE:
            break
    if records < MIN_CONSTANT_RECORDS:
        return []
    found: list[str] = []
    for column, filled in fills.items():
        value, n = max(values[column].items(), key=lambda item: item[1])
        if (
            filled >= CONSTANT_SHARE * records
            and n >= CONSTANT_SHARE * filled
            and len(value) <= 40
            and len(value.split()) <= 5
            and re.search(r"[^\W\d_]{3}", value)
            and not find_dates(value)
            and fold(value) not in ANSWERS
            and len(found) < MAX_CONSTANTS
        ):
            found.append(value)
    return found


def _local_country(country: str | None, language: str) -> str | None:
    """ "Brazil" as the sheet's own language writes it ("Brasil"); a sheet of unknown language (a table of
    names and numbers) in its country's official language."""
    if not country:
        return None
    from babel import Locale
    from babel.languages import get_official_languages

    english = Locale("en").territories
    code = next((c for c, name in english.items() if name == country or name.startswith(country + " ")), None)
    if code is None:
        return country
    if language not in ("es", "pt", "en"):
        language = next((lang for lang in get_official_languages(code) if lang in ("es", "pt", "en")), "en")
    return Locale(language).territories.get(code, country)
