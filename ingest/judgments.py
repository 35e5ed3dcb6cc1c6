"""What a prosecutor files a judgment under: its case number, court, decision date, offences and outcome.

Read from the judgment's own head (caption, court line, dated place line) and its operative part, with cues
in es/pt/en. Each function returns None (or []) rather than a guess when the text does not say.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

from .dates import find_dates

# A case number printed with its label: "Juicio No. 09290-2021-00673", "Expte. 182908/2020-0",
# "Recurso de Apelación N.° 169-2025/Lima Este", "Processo nº 0001234-56.2020.5.01.0001", "Case No. 1:20-cr-1".
_LABEL = (
    r"(?:juicio|proceso|causa(?:\s+penal)?|expediente|expte|exp|radicado|radicaci[oó]n|rit|toca(?:\s+penal)?|"
    r"rollo(?:\s+de\s+sala)?|sumario|processo|autos|a[cç][aã]o\s+penal|recurso\s+de\s+[a-záéíóú]+|"
    r"apelaci[oó]n|casaci[oó]n|apela[cç][aã]o(?:\s+criminal)?|recurso\s+(?:especial|extraordin[aá]rio)|"
    r"habeas\s+corpus|case|docket|indictment|criminal\s+(?:appeal|case|no)|crim\.?\s+no|n[uú]mero|proc|"
    r"amparo(?:\s+(?:directo|indirecto|en\s+revisi[oó]n))*)"
)
_NO = (
    r"(?:\s*(?:number|n[uú]mero|nro|n[uú]m|nº|n°|n\.º|n\.°|no|n|#)(?![a-záéíóú])\.?\s*[º°]?\s*:?|"
    r"\s*:)?"
)
_NUMBER = r"(?P<number>(?-i:[A-Z]{2,5}[\s-]?|[A-Z]-?)?\d(?:[\d:./-]|[A-Za-z]{1,3}(?=[-/]))*\d(?:-\d+)?(?:/[A-ZÁÉÍÓÚ][A-Za-zÁÉÍÓÚáéíóú]+(?:[ ](?![A-Za-zÁÉÍÓÚáéíóú]+\s*:)[A-ZÁÉÍÓÚ][A-Za-záéíóú]+)?)?)"
LABELLED = re.compile(rf"\b{_LABEL}\.?{_NO}\s*{_NUMBER}", re.IGNORECASE)
# Shapes that identify themselves: Ecuador's 5-4-5 (also printed without dashes), Brazil's CNJ number,
# a Commonwealth court file ("CACC 28/2025") and a neutral citation ("[2025] HKCA 943").
# Portugal's process number (NUIPC: number, year, check digit, the police or court unit, the appeal's
# suffix: "123/19.0JAPRT.P1"), England's neutral citation with its division ("[2019] EWCA Crim 123",
# "[2020] EWHC 45 (QB)").
NEUTRAL = r"\[(?:19|20)\d\d\]\s(?:[A-Z]{2,6}\s)?[A-Z]{2,6}(?:\s(?:Crim|Civ|Admin|Fam|QB|KB|Ch|Comm|Pat|TCC))?\s\d{1,5}\b"
SHAPES = (
    re.compile(r"(?<![\d-])(\d{5})-?(\d{4})-?(\d{5})(?![\d])"),
    re.compile(r"(?<!\d)\d{7}-\d{2}\.\d{4}\.\d\.\d{2}\.\d{4}(?!\d)"),
    re.compile(r"(?<![\d/])\d{1,6}/\d{2}\.\d[A-Z]{3,7}(?:[.-][A-Z0-9]{1,4})*\b"),
    re.compile(r"\b[A-Z]{3,5}\s?\d{1,5}/(?:19|20)\d\d\b"),
    re.compile(NEUTRAL),
)
SHAPED_FIRST = 3  # the shapes no other number has, taken before a labelled number
# A neutral citation printed as such is how an English judgment is cited, before its court file number.
CITED = re.compile(rf"(?i:neutral\s+citation(?:\s+number)?)\s*:?\s*(?P<number>{NEUTRAL})")
# A caption that prints its number alone on a line, without a label: "C-01076-2019-00123", "SP1234-2021".
BARE_LINE = re.compile(
    r"(?m)^[ \t]*(?P<number>(?:[A-Z]{1,4}-?)?\d[\d.]*-(?:19|20)\d\d(?:-\d+)+|[A-Z]{1,4}\d+-(?:19|20)\d\d)[ \t]*$"
)
# A US appeal's caption prints its docket number alone on a line: "No. 20-12345".
CAPTION_NO = re.compile(r"(?im)^\s*(?:no|nos|case\s+no)\.\s*(?P<number>\d[\d:]*-[\w-]*\d)\s*$")
COURT_HEAD = (
    r"(?:tribunal|unidad\s+judicial|juzgado|corte|sala|c[aâ]mara|vara|ju[ií]zo|secci[oó]n|sec[cç][aã]o|supremo|"
    r"superior\s+tribunal|"
    r"audiencia\s+(?:provincial|nacional)|high\s+court|(?:united\s+states\s+)?(?:court\s+of|supreme\s+court|"
    r"district\s+court|bankruptcy\s+court)|crown\s+court|magistrates'?\s+court)"
)
# "2ª Vara Federal Criminal", "Primer Juzgado Penal Colegiado", "Segunda Sala Penal": an ordinal before the
# court word belongs to its name.
ORDINAL = (
    r"(?:\b\d{1,2}\s?[ªºa°]\s+|\b(?:primer|segund|tercer|cuart|quint|sext|s[eé]ptim|octav|noven|d[eé]cim)"
    r"[oa]?\s+)"
)
COURT = re.compile(rf"{ORDINAL}?\b{COURT_HEAD}\b[^\n.;:]*", re.IGNORECASE)
# Where a court's name stops: a date, a judge's role, a province, a sentence of its own.
COURT_STOP = re.compile(
    r"\s(?:provincia\b|province\b|juez|jueza|juiz|judge|before|ponente|integrad[oa]|,\s*(?:lunes|martes|"
    r"mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)|\d{1,2}\s+de\s|en\s+auto|que\s|quien|"
    r"mediante|el\s+d[ií]a|a\s+las|se\s|por\s|ha\s|the\s+\w+\s+(?:is|was|has)|"
    r"(?:criminal|civil|magistracy)\s+(?:appeal|case|action)|no\.?\s*\d|n[º°]\s*\d+\s*/)|\s*\(|_{3,}"
    r"|\s(?:actor|demandad|procesad|observatorio|causa|expediente|exp\.|processo|proceso\s+n|radicado|radicaci[oó]n|"
    r"classe|juicio\s+n|case\s+no|ac[oó]rd[aã]o|relator|ponencia|habeas\s+corpus|rollo\s+de)\b|(?<!de)\s(?:sentencia|senten[cç]a)\b|,\s*(?:constituid|compuest|conformad|presidid)",
    re.IGNORECASE,
)
DATE_LABEL = re.compile(
    r"(?:fecha\s+de\s+(?:la\s+)?(?:resoluci[oó]n|sentencia|decisi[oó]n)|data\s+d[oa]\s+"
    r"(?:julgamento|decis[aã]o|senten[cç]a)|date\s+of\s+(?:judgment|decision|sentence)|"
    r"decided|date)\s*:?\s*",
    re.IGNORECASE,
)
CLOSING_DATE = re.compile(
    r"(?i)\b(?:dada|dado|firmada|pronunciada|leída|leida)\s*,?\s+(?:firmada|sellada|y|en|por)[^\n]{0,400}"
)
LABEL_BELOW = re.compile(
    r"(?i)(?P<line>[^\n]{6,40}?)\s*\n?\s*(?:date\s+of\s+(?:imposition\s+of\s+)?(?:judgment|sentence|decision)|"
    r"fecha\s+de\s+(?:la\s+)?(?:sentencia|resoluci[oó]n))\b(?!\s*:)"
)
PLACE_DATE = re.compile(
    r"\b[A-ZÁÉÍÓÚ][\w .]{2,40},\s+(?:(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|"
    r"domingo|segunda|ter[cç]a|quarta|quinta|sexta)(?:-feira)?,?\s+)?(?=\S)"
)
OPERATIVE = re.compile(
    r"\b(?:[Rr]esuelve|RESUELVE|[Rr]esolvemos|RESOLVEMOS|RESOLVIERON|DECIDIERON|[Dd]ecisi[oó]n\s*:|"
    r"DECISI[OÓ]N\s*:|[Pp]or\s+tanto|POR\s+TANTO|[Aa]dministrando\s+[Jj]usticia|ADMINISTRANDO\s+"
    r"JUSTICIA|FALLO|FALLA|FALLAMOS|DISPOSITIVO|[Aa]nte\s+o\s+exposto|JULGO|[Jj]ulgo|"
    r"[Ff]or\s+these\s+reasons|ORDER\s*:|R\sE\sS\sU\sE\sL\sV\sE|[Pp]elo\s+exposto|[Dd]iante\s+do\s+exposto|"
    r"[Ii]sto\s+posto|DECIS[AÃ]O|[Pp]or\s+(?:lo|todo\s+lo)\s+expuesto|[Ff]or\s+the\s+foregoing\s+reasons|"
    r"CONCLUSION|IT\s+IS\s+(?:HEREBY\s+)?ORDERED)"
)
OPERATIVE_SPAN = 12_000
LAST_PAGE = 2_500  # where a text without operative words is read for its outcome, at the least
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
    r"julgo\s+procedente|condenad[oa]|guilty\s+verdict|verdict\s+of\s+guilty|"
    # The operative verbs in their other forms: "CONDENAR a", "CONDENANDO a", "condenamos", "para
    # CONDENAR o réu", "IMPONIÉNDOLE quince años de pena", "es penalmente responsable", "adjudicated guilty".
    r"\bcondena(?:r|ndo|mos|ron|m)\b|\bimpon\w*\s+(?:[^\s.;]+\s+){0,5}(?:de\s+)?pena\b|"
    r"\bes\s+penalmente\s+responsable\b|adjudicated\s+guilty|committed\s+to\s+the\s+custody\s+of",
    re.IGNORECASE,
)
APPEAL = re.compile(
    r"\b(?:infundad\w*|improcedente|inadmisible|rechaz\w*\s+(?:el\s+)?recurso|desestim\w*|"
    r"no\s+casar|confirm\w*\s+(?:el\s+auto|la\s+sentencia)|nega\w*\s+provimento|"
    # Spain's "NO HABER LUGAR al recurso", Brazil's and Portugal's "nego provimento", "dar provimento",
    # "mantendo o acórdão recorrido", the US's "AFFIRMED", "REVERSED AND REMANDED".
    r"no\s+ha(?:ber)?\s+lugar|\bneg\w*\s+(?:[\wà]+\s+){0,2}provimento|"
    r"\b(?:d[aáeo]\w*|conced\w*)\s+(?:parcial\s+)?provimento|"
    r"mant\w*\s+(?:integralmente\s+)?(?:o\s+ac[oó]rd[aã]o|a\s+(?:senten[cç]a|decis[aã]o))|"
    r"\baffirm(?:ed)?\b|\breversed\b|\bvacated\b|\bremanded\b|"
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
        for shape in SHAPES[:SHAPED_FIRST]:
            match = shape.search(part)
            if match:
                return "-".join(match.groups()) if match.groups() else match.group(0)
        for pattern in (CITED, CAPTION_NO):
            match = pattern.search(part[:1500])
            if match:
                return match["number"]
        for match in LABELLED.finditer(part):
            found = match["number"].strip(" .-/")
            if sum(ch.isdigit() for ch in found) >= 3 and not _is_date(found):
                return found
        match = BARE_LINE.search(part[:1500])
        if match:
            return match["number"]
        for shape in SHAPES[SHAPED_FIRST:]:
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
    captions: set[str] = set()
    head = _join_caption_lines(head)
    for name, start, joined in _court_names(head):
        name = re.sub(r"\s+", " ", name).strip(" ,-–")
        name = re.sub(
            r"(?i)\s+n(?:o\.|[º°]|\.[º°])$", "", name
        )  # "Juzgado de Instrucción nº" cut before its number
        words = name.split()
        if len(words) < 2 or len(words) > 20:
            continue
        if name.lower().startswith(("sala de sorteo", "corte de ")) or not _named_like_a_court(name):
            continue
        folded = name.lower()
        caption = _on_caption_line(head, start, name) or (joined and start < CAPTION_CHARS)
        same = next((seen for seen in found if folded in seen.lower() or seen.lower() in folded), None)
        if same:
            if caption and folded == same.lower():
                captions.add(same)  # "Órgano: Tribunal Supremo. Sala de lo Penal", then "Sala de lo Penal"
            continue
        found.append(name)
        if caption:
            captions.add(name)
    if not found:
        return None
    first = found[0]
    # A chamber or a first-level unit is named with the court it belongs to, as the caption prints both
    # on lines of their own: "Corte Suprema ..., Sala Penal Permanente", "Corte Superior de Justicia de
    # Lima, Primer Juzgado Penal Colegiado", "Tribunal de Justiça do Estado de São Paulo, 2ª Vara Criminal".
    # A court named inside a sentence of the head (the court appealed from) is no partner.
    partner = next(
        (
            other
            for other in found[1:]
            if other in captions
            and _is_chamber(first) != _is_chamber(other)
            and len(_content(other) - _content(first)) >= len(_content(other)) / 2
        ),
        None,
    )
    names = [first, partner] if partner else [first]
    place = _caption_place(head)
    if place and not any(fold_words(place) <= fold_words(name) for name in names) and not _has_place(names):
        names.append(place)
    return ", ".join(tidy_case(name) for name in names)


# A caption read as one paragraph (a DOCX, a text file) runs its court names together: "PODER JUDICIÁRIO
# TRIBUNAL DE JUSTIÇA DO ESTADO DE SÃO PAULO ... 2ª VARA CRIMINAL Processo nº ...". Within this many
# characters of the head, the names a run splits into are taken as caption lines.
CAPTION_CHARS = 600
# A new name starts at a chamber's or a unit's word that follows a name ("... de Lima Norte Primer Juzgado",
# "... BARRA FUNDA 2ª VARA CRIMINAL"), never at one that continues it ("Sala de lo Penal de la Corte").
UNIT_HEAD = r"(?:juzgado|vara|ju[ií]zo|sala|c[aâ]mara|secci[oó]n|sec[cç][aã]o|turma)"
INNER_COURT = re.compile(
    r"(?<!\bde)(?<!\bdel)(?<!\bda)(?<!\bdo)(?<!\bla)(?<!\blo)(?<!\ben)(?<!\bal)(?<!\by)(?<!\be)(?<!\ba)\s+"
    rf"(?={ORDINAL}?\b{UNIT_HEAD}\b)",
    re.IGNORECASE,
)


def _court_names(head: str) -> list[tuple[str, int, bool]]:
    """Each court name the head prints, cut where it stops (COURT_STOP), with its position and whether it
    came out of a run of names printed together (split where another court word starts a new name, not
    where it continues one: "Sala de lo Penal de la Corte Nacional" is one name)."""
    names: list[tuple[str, int, bool]] = []
    for match in COURT.finditer(head):
        text = COURT_STOP.split(match.group(0), maxsplit=1)[0]
        if text == match.group(0) and head[match.end() : match.end() + 1] == ":":
            text = text.rsplit(None, 1)[0] if len(text.split()) > 1 else text  # "... Sala de lo Penal Sede:"
        cuts = [0, *(m.end() for m in INNER_COURT.finditer(text)), len(text)]
        # An ordinal ("2ª", "Primer") stays with the name it numbers.
        kept = [0]
        for cut in cuts[1:]:
            if cut != len(text) and re.fullmatch(rf"\s*{ORDINAL}", text[kept[-1] : cut], re.IGNORECASE):
                continue
            kept.append(cut)
        cuts = kept
        parts = [(text[a:b], match.start() + a) for a, b in itertools.pairwise(cuts) if text[a:b].strip()]
        names.extend((part, start, len(parts) > 1) for part, start in parts)
    return names


def _named_like_a_court(name: str) -> bool:
    """A court's name in mixed case capitalises its first word and another of its own ("Tribunal Supremo",
    "Court of Appeal", "Cuarto Tribunal de Juicio Oral"); "Tribunal e intervinientes", a paragraph's
    heading, and "sala de audiencia" are not names. A name in capitals passes."""
    if name == name.upper():
        return True
    words = [w for w in name.split() if w.lower() not in SMALL_WORDS]
    return (name[:1].isupper() or name[:1].isdigit()) and sum(
        w[:1].isupper() or w[:1].isdigit() for w in words
    ) >= 2


def _join_caption_lines(head: str) -> str:
    """A header prints a court over several lines ("CORTE SUPREMA / DE JUSTICIA / DE LA REPÚBLICA",
    "United States Court of Appeals / For the Eleventh Circuit", "UNITED STATES DISTRICT COURT / SOUTHERN
    DISTRICT OF TEXAS"): one line each."""
    head = re.sub(r"\n\s*For\s+the\s", " for the ", head)  # "Court of Appeals for the Eleventh Circuit"
    head = re.sub(r"\n\s*(?=(?:de|del|da|do|of|the|en|y|e|for\s+the)\s)", " ", head, flags=re.IGNORECASE)
    head = re.sub(r"\b(de|del|da|do|of|the|en|y|e)[ \t]*\n\s*", r"\1 ", head, flags=re.IGNORECASE)
    return re.sub(
        r"(?i)(district\s+court)[ \t]*\n\s*((?:(?:northern|southern|eastern|western|middle|central)\s+)?"
        r"district\s+of\s)",
        lambda m: f"{m[1]} {'FOR THE' if m[1].isupper() else 'for the'} {m[2]}",
        head,
    )


def _on_caption_line(head: str, start: int, name: str) -> bool:
    """Whether a court's name is printed as a caption line: the line holds little else ("Órgano:" before
    it, a date or a number after it)."""
    line_start = head.rfind("\n", 0, start) + 1
    line_end = head.find("\n", start)
    line = head[line_start : line_end if line_end >= 0 else len(head)]
    before = head[line_start:start]
    return bool(re.fullmatch(r"\s*(?:[^\W\d_]+\s*:\s*|\d{1,2}\s?[ªºa°]?\s*)?", before)) and (
        len(line) <= len(name) + 40
    )


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
            place = re.sub(r"(?i)^(?:en|em|in)\s+(?:la\s+ciudad\s+de\s+|a\s+cidade\s+de\s+)?", "", place)
            if 1 <= len(place.split()) <= 6:
                return place
    return None


def _is_chamber(name: str) -> bool:
    """A chamber or a first-level unit of a wider court: "Sala Penal", "Câmara Criminal", "Court of
    Appeal" (of a High Court), "Primer Juzgado Penal Colegiado", "2ª Vara Criminal", "Juízo Central
    Criminal"."""
    return bool(
        re.match(
            rf"(?i){ORDINAL}?(?:sala|c[aâ]mara|juzgado|vara|ju[ií]zo|turma|secci[oó]n|sec[cç][aã]o)\b|"
            r"court\s+of\s+(?:appeal|first)",
            name,
        )
    )


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
    "at",
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
    english = _month_first(head)
    for match in DATE_LABEL.finditer(head):
        dates = find_dates(head[match.end() : match.end() + 60], english_month_first=english)
        if dates and dates[0].start == 0 and dates[0].precision == "day":
            return dates[0].value
    # A US judgment form prints the date above its label: "March 5, 2020 / Date of Imposition of Judgment".
    for match in LABEL_BELOW.finditer(head):
        dates = find_dates(match["line"], english_month_first=english)
        if dates and dates[-1].precision == "day" and dates[-1].end >= len(match["line"].rstrip()) - 1:
            return dates[-1].value
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
    # Venezuela's and others' closing formula: "Dada, firmada y sellada ... a los once días del mes de junio".
    for match in CLOSING_DATE.finditer(text[-3000:]):
        dates = find_dates(match.group(0), english_month_first=english)
        if dates and dates[-1].precision == "day":
            return dates[-1].value
    dates = [d for d in find_dates(head[:3000], english_month_first=english) if d.precision == "day"]
    return dates[0].value if dates else None


def _month_first(head: str) -> bool:
    """Whether "05/02/2019" is May 2: only in a US document; England, Hong Kong and the rest of the world
    write the day first."""
    return bool(re.search(r"\bUnited\s+States\b|\bU\.S\.C?\.|\bCircuit\b|\bDistrict\s+of\b", head[:3000]))


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
    """The operative part: from its first mark in the last 60 % of the text, else the last fifth (at
    least the last LAST_PAGE characters, for a short text)."""
    marks = [m.start() for m in OPERATIVE.finditer(text) if m.start() > len(text) * 0.4]
    start, end = (
        (marks[0], marks[-1] + 6000)
        if marks
        else (min(int(len(text) * 0.8), len(text) - LAST_PAGE), len(text))
    )
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
    return _named_outcome(text[:3000])


# A decision that names its outcome in its title: "Asunto: Sentencia condenatoria", "SENTENÇA ABSOLUTÓRIA",
# the US form "JUDGMENT IN A CRIMINAL CASE" (a conviction's; an acquittal's is a "Judgment of Acquittal").
NAMED_CONVICTION = re.compile(
    r"senten(?:cia|[cç]a)\s+condenat[oó]ri[oa]|judgment\s+in\s+a\s+criminal\s+case|sentencing\s+remarks|"
    r"transcript\s+of\s+(?:the\s+)?sentence",
    re.IGNORECASE,
)
NAMED_ACQUITTAL = re.compile(
    r"senten(?:cia|[cç]a)\s+absolut[oó]ri[oa]|judgment\s+of\s+acquittal", re.IGNORECASE
)


def _named_outcome(head: str) -> str:
    """The outcome a judgment's head names it by, when its operative part says none in words known here."""
    convicted, acquitted = NAMED_CONVICTION.search(head), NAMED_ACQUITTAL.search(head)
    if bool(convicted) != bool(acquitted):
        return "conviction" if convicted else "acquittal"
    return "other"
