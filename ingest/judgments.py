"""What a prosecutor files a judgment under: its case number, court, decision date, offences and outcome.

Read from the judgment's own head (caption, court line, dated place line) and its operative part, with cues
in es/pt/en. Each function returns None (or []) rather than a guess when the text does not say.
"""

from __future__ import annotations

import re
from datetime import date

from .dates import find_dates

# A case number printed with its label: "Juicio No. 09290-2021-00673", "Expte. 182908/2020-0",
# "Recurso de Apelación N.° 169-2025/Lima Este", "Processo nº 0001234-56.2020.5.01.0001", "Case No. 1:20-cr-1".
_LABEL = (
    r"(?:juicio|proceso|causa(?:\s+penal)?|expediente|expte|exp|radicado|radicaci[oó]n|rit|toca(?:\s+penal)?|"
    r"rollo(?:\s+de\s+sala)?|sumario|processo|autos|a[cç][aã]o\s+penal|recurso\s+de\s+[a-záéíóú]+|"
    r"apelaci[oó]n|casaci[oó]n|case|docket|indictment|criminal\s+(?:appeal|case|no)|n[uú]mero)"
)
_NO = (
    r"(?:\s*(?:number|n[uú]mero|nro|n[uú]m|nº|n°|n\.º|n\.°|no|n|#)(?![a-záéíóú])\.?\s*[º°]?\s*:?|"
    r"\s*:)?"
)
_NUMBER = r"(?P<number>(?-i:[A-Z]{2,5}[\s-]?|[A-Z]-)?\d(?:[\d:./-]|[A-Za-z]{1,3}(?=[-/]))*\d(?:-\d+)?(?:/[A-ZÁÉÍÓÚ][A-Za-zÁÉÍÓÚáéíóú]+(?:\s[A-ZÁÉÍÓÚ][A-Za-záéíóú]+)?)?)"
LABELLED = re.compile(rf"\b{_LABEL}\.?{_NO}\s*{_NUMBER}", re.IGNORECASE)
# Shapes that identify themselves: Ecuador's 5-4-5 (also printed without dashes), Brazil's CNJ number,
# a Commonwealth court file ("CACC 28/2025") and a neutral citation ("[2025] HKCA 943").
SHAPES = (
    re.compile(r"(?<![\d-])(\d{5})-?(\d{4})-?(\d{5})(?![\d])"),
    re.compile(r"(?<!\d)\d{7}-\d{2}\.\d{4}\.\d\.\d{2}\.\d{4}(?!\d)"),
    re.compile(r"\b[A-Z]{3,5}\s?\d{1,5}/(?:19|20)\d\d\b"),
    re.compile(r"\[(?:19|20)\d\d\]\s[A-Z]{2,6}\s\d{1,5}\b"),
)
COURT_HEAD = (
    r"(?:tribunal|unidad\s+judicial|juzgado|corte|sala|c[aâ]mara|vara|supremo|superior\s+tribunal|"
    r"audiencia\s+(?:provincial|nacional)|high\s+court|court\s+of|supreme\s+court|district\s+court|"
    r"crown\s+court|magistrates'?\s+court|court\s+of\s+appeals?)"
)
# "2ª Vara Federal Criminal": an ordinal before the court word belongs to its name.
COURT = re.compile(rf"(?:\b\d{{1,2}}\s?[ªºa°]\s+)?\b{COURT_HEAD}\b[^\n.;:]*", re.IGNORECASE)
# Where a court's name stops: a date, a judge's role, a province, a sentence of its own.
COURT_STOP = re.compile(
    r"\s(?:provincia|province|juez|jueza|judge|before|ponente|integrad[oa]|,\s*(?:lunes|martes|"
    r"mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)|\d{1,2}\s+de\s|en\s+auto|que\s|quien|"
    r"mediante|el\s+d[ií]a|a\s+las|se\s|por\s|ha\s|the\s+\w+\s+(?:is|was|has)|"
    r"(?:criminal|civil|magistracy)\s+(?:appeal|case|action)|no\.?\s*\d|n[º°]\s*\d+\s*/)|\s*\(|_{3,}"
    r"|\s(?:actor|demandad|procesad|observatorio)",
    re.IGNORECASE,
)
DATE_LABEL = re.compile(
    r"(?:fecha\s+de\s+(?:la\s+)?(?:resoluci[oó]n|sentencia|decisi[oó]n)|data\s+d[oa]\s+"
    r"(?:julgamento|decis[aã]o|senten[cç]a)|date\s+of\s+(?:judgment|decision|sentence)|"
    r"decided|date)\s*:?\s*",
    re.IGNORECASE,
)
PLACE_DATE = re.compile(
    r"\b[A-ZÁÉÍÓÚ][\w .]{2,40},\s+(?:(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|"
    r"domingo|segunda|ter[cç]a|quarta|quinta|sexta)(?:-feira)?,?\s+)?(?=\S)"
)
OPERATIVE = re.compile(
    r"\b(?:[Rr]esuelve|RESUELVE|[Rr]esolvemos|RESOLVEMOS|RESOLVIERON|DECIDIERON|[Dd]ecisi[oó]n\s*:|"
    r"DECISI[OÓ]N\s*:|[Pp]or\s+tanto|POR\s+TANTO|[Aa]dministrando\s+[Jj]usticia|ADMINISTRANDO\s+"
    r"JUSTICIA|FALLO|FALLA|DISPOSITIVO|[Aa]nte\s+o\s+exposto|JULGO|[Jj]ulgo|[Ff]or\s+these\s+reasons|"
    r"ORDER\s*:)"
)
OPERATIVE_SPAN = 12_000
# A decision that names itself both ways: one accused convicted, another acquitted.
MIXED = re.compile(
    r"condenatori[oa]\s+y\s+(?:ratificatori[oa]\s+de\s+(?:la\s+)?inocencia|absolutori[oa])|"
    r"absolutori[oa]\s+y\s+condenatori[oa]|condenat[oó]ria\s+e\s+absolut[oó]ria",
    re.IGNORECASE,
)
ACQUITTAL = re.compile(
    r"ratific\w*\s+(?:de\s+|el\s+)?(?:estado\s+de\s+|la\s+|su\s+)?inocencia|sentencia\s+absolutoria|"
    r"absuelv\w*|absuelt[oa]s?|absolv\w*|declar\w*\s+(?:la\s+)?inocencia|\binocentes?\b|"
    r"acquit\w*|found\s+not\s+guilty|verdict\s+of\s+not\s+guilty|julgo\s+improcedente|"
    r"confirm\w*\s+(?:el\s+|su\s+)?estado\s+de\s+inocencia",
    re.IGNORECASE,
)
CONVICTION = re.compile(
    r"declar\w*\s+(?:la\s+|su\s+)?(?:culpabilidad|responsabilidad)|\bculpables?\b|"
    r"impon\w*\s+la\s+pena|"
    r"sentencia\s+condenatoria|se\s+le\s+impone|imponi\w*\s+(?:la\s+)?pena|condeno|"
    r"condena\s+a|convicted|found\s+guilty|pleaded\s+guilty|i\s+sentence|sentenced\s+to|"
    r"julgo\s+procedente|condenad[oa]|guilty\s+verdict|verdict\s+of\s+guilty",
    re.IGNORECASE,
)
APPEAL = re.compile(
    r"\b(?:infundad\w*|improcedente|inadmisible|rechaz\w*\s+(?:el\s+)?recurso|desestim\w*|"
    r"no\s+casar|confirm\w*\s+(?:el\s+auto|la\s+sentencia)|nega\w*\s+provimento|"
    r"appeal\s+(?:is\s+)?(?:\w+ly\s+)?(?:dismissed|allowed)|"
    r"leave\s+to\s+appeal\s+(?:is\s+)?(?:\w+ly\s+)?(?:refused|granted)|"
    r"application\s+(?:is\s+)?(?:\w+ly\s+)?(?:dismissed|refused))",
    re.IGNORECASE,
)
APPELLATE = re.compile(
    r"apelaci[oó]n|casaci[oó]n|recurso|apela[cç][aã]o|recurso\s+especial|appeal|"
    r"corte\s+(?:suprema|nacional|provincial)|court\s+of\s+appeal",
    re.IGNORECASE,
)
OFFENCE = re.compile(
    r"\b(?:(?:por\s+)?el\s+delito\s+(?:de\s+|tipificado\s+[^.]{0,80}?\s+(?:de|como)\s+)|"
    r"(?:pelo\s+)?crime\s+de\s+|offen[cs]e\s+of\s+|offen[cs]e\s*:\s*|counts?\s+of\s+|"
    r"charged\s+with\s+|asunto\s*/?\s*delito\s*:\s*(?:\d+\s+)?|asunto\s+o\s+tema\s*:\s*)"
    r"(?P<offence>[^.;:,()\n]{4,90})",
    re.IGNORECASE,
)
OFFENCE_END = re.compile(
    r"\s(?:previsto|tipificado|sancionado|contrary|contemplado|en\s+contra|en\s+perjuicio|"
    r"en\s+agravio|contra\s+|que\s|por\s+lo|art\.?|arts?\.|artículo|under|in\s+(?:the|a)\s|"
    r"se\s|fue\s|es\s|ha\s|was\s|is\s|foi\s)",
    re.IGNORECASE,
)


def case_number(head: str, text: str) -> str | None:
    """The case's number as the judgment prints it, from its head (then its whole text): a number with a
    case label wins over a bare number of a known shape, which wins over a resolution's number."""
    for part in (head, text[:20_000]):
        for shape in SHAPES[:2]:
            match = shape.search(part)
            if match:
                return "-".join(match.groups()) if match.groups() else match.group(0)
        for match in LABELLED.finditer(part):
            found = match["number"].strip(" .-/")
            if sum(ch.isdigit() for ch in found) >= 3 and not _is_date(found):
                return found
        for shape in SHAPES[2:]:
            match = shape.search(part)
            if match:
                return match.group(0)
    return None


def _is_date(found: str) -> bool:
    return bool(re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", found))


def court(head: str) -> str | None:
    """The deciding court's name from the head, in the document's words with its capitals tidied; a
    chamber ("Sala Penal Permanente") found with its court is given with it."""
    found: list[str] = []
    # A header prints a court over several lines ("CORTE SUPREMA / DE JUSTICIA / DE LA REPÚBLICA").
    head = re.sub(r"\n\s*(?=(?:de|del|da|do|of|the|en|y|e)\s)", " ", head, flags=re.IGNORECASE)
    head = re.sub(r"\b(de|del|da|do|of|the|en|y|e)[ \t]*\n\s*", r"\1 ", head, flags=re.IGNORECASE)
    for match in COURT.finditer(head):
        name = COURT_STOP.split(match.group(0), maxsplit=1)[0]
        name = re.sub(r"\s+", " ", name).strip(" ,-–")
        words = name.split()
        if len(words) < 2 or len(words) > 20:
            continue
        if name.lower().startswith(("sala de sorteo", "corte de ")):
            continue
        folded = name.lower()
        if any(folded in seen.lower() or seen.lower() in folded for seen in found):
            continue
        found.append(name)
    if not found:
        return None
    first = found[0]
    # A chamber is named with its court, and a court with its chamber: "Corte Suprema ..., Sala Penal".
    partner = next(
        (
            other
            for other in found[1:]
            if _is_chamber(first) != _is_chamber(other)
            and not re.match(r"(?i)tribunal|unidad|juzgado", other if _is_chamber(first) else first)
            and len(_content(other) - _content(first)) >= len(_content(other)) / 2
        ),
        None,
    )
    names = [first, partner] if partner else [first]
    place = _caption_place(head)
    if place and not any(fold_words(place) <= fold_words(name) for name in names) and not _has_place(names):
        names.append(place)
    return ", ".join(tidy_case(name) for name in names)


def _content(name: str) -> set[str]:
    """A court name's own words, without the small words every name shares."""
    return fold_words(name) - SMALL_WORDS


def fold_words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _has_place(names: list[str]) -> bool:
    """Whether a court's name already says where it sits ("con sede en el cantón Loja", "de Lima")."""
    return any(
        re.search(r"(?i)\bsede\b|\bcant[oó]n\b|\bde\s+(?:la\s+)?[A-ZÁÉÍÓÚ][a-záéíóú]+|\bof\s+the\b", name)
        for name in names
    )


def _caption_place(head: str) -> str | None:
    """The place of the caption's dated line ("Ciudad Autónoma de Buenos Aires, de septiembre de 2022")."""
    for match in PLACE_DATE.finditer(head):
        after = head[match.end() : match.end() + 60]
        dates = find_dates(after)
        if dates and dates[0].start <= 3:
            place = head[match.start() : match.end()].split(",")[0].strip()
            if 1 <= len(place.split()) <= 6:
                return place
    return None


def _is_chamber(name: str) -> bool:
    return bool(re.match(r"(?i)sala\b|c[aâ]mara\b|court\s+of\s+(?:appeal|first)", name))


SMALL_WORDS = {
    "de",
    "del",
    "la",
    "las",
    "los",
    "el",
    "en",
    "lo",
    "y",
    "e",
    "con",
    "sede",
    "cantón",
    "canton",
    "da",
    "do",
    "das",
    "dos",
    "of",
    "the",
    "and",
    "in",
    "for",
    "provincia",
    "a",
}


def tidy_case(name: str) -> str:
    """ALL CAPITALS as a title ("Tribunal de Garantías Penales con sede en el cantón Guayaquil"); a name
    already in mixed case stays as written."""
    if name != name.upper():
        return name
    words = name.lower().split()
    return " ".join(w if (i and w in SMALL_WORDS) else _cap(w) for i, w in enumerate(words))


def _cap(word: str) -> str:
    if re.fullmatch(r"[ivxlc]+", word) and len(word) <= 4 and word not in {"vi", "civil"}:
        return word.upper()
    return re.sub(r"(^|[/(-])([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(), word)


def decision_date(head: str, text: str) -> date | None:
    """The date the decision bears: a labelled date ("Fecha de la resolución:", "Date of Judgment:"), the
    dated place line of its caption ("Guayaquil, viernes 13 de mayo del 2022"), else the last date of
    the head."""
    english = bool(re.search(r"\b(?:the|court|judgment)\b", head[:2000], re.IGNORECASE))
    for match in DATE_LABEL.finditer(head):
        dates = find_dates(head[match.end() : match.end() + 60], english_month_first=english)
        if dates and dates[0].start == 0 and dates[0].precision == "day":
            return dates[0].value
    # A case file's docket lists "16/04/2024 15:47 SENTENCIA ...": the first sentence entry is the decision.
    docket = [
        d.value
        for m in re.finditer(r"(\d{2}/\d{2}/\d{4})\s+\d{2}:\d{2}\s+SENTENCIA", text[:400_000])
        for d in find_dates(m.group(1))
    ]
    if docket:
        return min(docket)
    for match in PLACE_DATE.finditer(head):
        dates = find_dates(head[match.end() : match.end() + 80], english_month_first=english)
        if dates and dates[0].start <= 2 and dates[0].precision == "day":
            return dates[0].value
    dates = [d for d in find_dates(head[:3000], english_month_first=english) if d.precision == "day"]
    return dates[0].value if dates else None


def offences(text: str, limit: int = 3) -> list[str]:
    """The offences as the judgment names them ("tráfico ilícito de sustancias catalogadas sujetas a
    fiscalización"), most cited first, without article numbers or the victim."""
    counts: dict[str, tuple[int, str]] = {}
    for match in OFFENCE.finditer(text[:200_000]):
        phrase = OFFENCE_END.split(match["offence"], maxsplit=1)[0].strip(" -–")
        phrase = re.sub(r"\s+", " ", phrase)
        if (
            len(phrase.split()) < 1
            or len(phrase) < 4
            or not re.search(r"[a-záéíóú]{4}", phrase, re.IGNORECASE)
        ):
            continue
        key = phrase.lower()
        n, first = counts.get(key, (0, phrase))
        counts[key] = (n + 1, first)
    ranked = sorted(counts.values(), key=lambda item: -item[0])
    return [phrase.lower() if phrase.isupper() else phrase for _, phrase in ranked[:limit]]


def _operative(text: str) -> str:
    """The operative part: from its first mark in the last 60 % of the text, else the last fifth."""
    marks = [m.start() for m in OPERATIVE.finditer(text) if m.start() > len(text) * 0.4]
    start, end = (marks[0], marks[-1] + 6000) if marks else (int(len(text) * 0.8), len(text))
    return text[max(0, start - 200) : min(end, start + OPERATIVE_SPAN)]


def decided_on_appeal(text: str) -> bool:
    """Whether the document is an appellate decision (its head names an appeal or a cassation) whose
    operative part disposes of the appeal ("declara improcedente el recurso", "leave to appeal is
    refused"): its outcome is the appeal's, not the conviction under review."""
    return bool(APPELLATE.search(text[:3000]) and APPEAL.search(_operative(text)))


def outcome(text: str) -> str:
    """conviction, acquittal or other (an appeal decided, a mixed or a civil decision), read from the
    operative part (from its first "RESUELVE", "ADMINISTRANDO JUSTICIA", "For these reasons"... in the last
    60 % of the text, else the last fifth). Both outcomes in it (co-defendants) is `other`."""
    if MIXED.search(text[:100_000]):
        return "other"
    operative = _operative(text)
    acquitted = len(ACQUITTAL.findall(operative))
    convicted = len(CONVICTION.findall(operative))
    if decided_on_appeal(text):
        return "other"
    if acquitted and convicted:
        return (
            "acquittal"
            if acquitted >= 3 * convicted
            else "conviction"
            if convicted >= 3 * acquitted
            else "other"
        )
    if acquitted:
        return "acquittal"
    if convicted:
        return "conviction"
    return "other"
