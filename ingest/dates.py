"""Dates as documents print them, in es/pt/en: "13 de mayo del 2022", "diez de junio de dos mil veintiséis",
"17 October 2025", "October 17, 2025", "30/04/2020", "2023-04-15", "APRIL 2017".

Each found date keeps where it was and how precise it is (a day, or only a month), so the callers can weigh
a dated line in a document's head against the dates its body cites.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date

MONTHS = {
    **dict.fromkeys(("enero", "janeiro", "january", "jan"), 1),
    **dict.fromkeys(("febrero", "fevereiro", "february", "feb"), 2),
    **dict.fromkeys(("marzo", "marco", "march", "mar"), 3),
    **dict.fromkeys(("abril", "april", "apr"), 4),
    **dict.fromkeys(("mayo", "maio", "may"), 5),
    **dict.fromkeys(("junio", "junho", "june", "jun"), 6),
    **dict.fromkeys(("julio", "julho", "july", "jul"), 7),
    **dict.fromkeys(("agosto", "august", "aug"), 8),
    **dict.fromkeys(("septiembre", "setiembre", "setembro", "september", "sep", "sept"), 9),
    **dict.fromkeys(("octubre", "outubro", "october", "oct"), 10),
    **dict.fromkeys(("noviembre", "novembro", "november", "nov"), 11),
    **dict.fromkeys(("diciembre", "dezembro", "december", "dec"), 12),
}
# Spanish and Portuguese number words, as judgments write days and years ("dos mil veinte y cuatro").
NUMBERS = {
    **dict.fromkeys(("un", "uno", "una", "um", "uma", "primero", "primeiro", "primer"), 1),
    **dict.fromkeys(("dos", "dois", "duas"), 2),
    **dict.fromkeys(("tres", "tres"), 3),
    **dict.fromkeys(("cuatro", "quatro"), 4),
    "cinco": 5,
    "seis": 6,
    **dict.fromkeys(("siete", "sete"), 7),
    **dict.fromkeys(("ocho", "oito"), 8),
    **dict.fromkeys(("nueve", "nove"), 9),
    **dict.fromkeys(("diez", "dez"), 10),
    **dict.fromkeys(("once", "onze"), 11),
    **dict.fromkeys(("doce", "doze"), 12),
    **dict.fromkeys(("trece", "treze"), 13),
    **dict.fromkeys(("catorce", "catorze", "quatorze"), 14),
    **dict.fromkeys(("quince", "quinze"), 15),
    **dict.fromkeys(("dieciseis", "dezesseis", "dezasseis"), 16),
    **dict.fromkeys(("diecisiete", "dezessete", "dezassete"), 17),
    **dict.fromkeys(("dieciocho", "dezoito"), 18),
    **dict.fromkeys(("diecinueve", "dezenove", "dezanove"), 19),
    **dict.fromkeys(("veinte", "vinte"), 20),
    "veintiuno": 21,
    "veintiun": 21,
    "veintidos": 22,
    "veintitres": 23,
    "veinticuatro": 24,
    "veinticinco": 25,
    "veintiseis": 26,
    "veintisiete": 27,
    "veintiocho": 28,
    "veintinueve": 29,
    **dict.fromkeys(("treinta", "trinta"), 30),
    **dict.fromkeys(("cuarenta", "quarenta"), 40),
    **dict.fromkeys(("cincuenta", "cinquenta"), 50),
    **dict.fromkeys(("sesenta", "sessenta"), 60),
    **dict.fromkeys(("setenta",), 70),
    **dict.fromkeys(("ochenta", "oitenta"), 80),
    **dict.fromkeys(("noventa",), 90),
    **dict.fromkeys(("cien", "ciento", "cem", "cento"), 100),
    **dict.fromkeys(("novecientos", "novecentos"), 900),
    "mil": 1000,
}
CONNECTORS = ("y", "e")
_NUMBER_WORD = "|".join(sorted(NUMBERS, key=len, reverse=True))
_NUMBER_PHRASE = rf"(?:{_NUMBER_WORD})(?:[\s-]+(?:(?:y|e)\s+)?(?:{_NUMBER_WORD}))*"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = rf"(?P<day>\d{{1,2}}|{_NUMBER_PHRASE})(?:\s*[º°o]|st|nd|rd|th)?"  # "1º de abril", "12th March"
_YEAR = rf"(?P<year>(?:19|20)\d\d|{_NUMBER_PHRASE})"
# Colombia repeats a worded day in digits ("diecisiete (17) de septiembre"); Argentina and Portugal write
# "a los doce días del mes de marzo", "aos doze dias do mês de março"; England "this 12th day of March".
_DAY_TAIL = r"(?:\s*\(\d{1,2}\))?(?:\s+dias?\s+(?:del|do)\s+mes)?"
WORDED = re.compile(
    rf"\b{_DAY}{_DAY_TAIL}\s+(?:de\s+)?(?P<month>{_MONTH})\.?,?\s+(?:de\s+|del\s+)?(?:ano\s+|año\s+)?"
    rf"{_YEAR}\b",
    re.IGNORECASE,
)
ENGLISH = re.compile(
    rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,\s+(?P<year>(?:19|20)\d\d)\b|"
    rf"\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+day\s+of\s+(?P<month2>{_MONTH}),?\s+(?P<year2>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
NUMERIC = re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>(?:19|20)\d\d)(?![\d/-])")
ISO = re.compile(r"(?<![\d/-])(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?![\d/])")
MONTH_YEAR = re.compile(
    rf"\b(?P<month>{_MONTH})\.?,?\s+(?:de\s+|del\s+)?(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Found:
    """A date in a text: its span, the date (the 1st when only the month is known) and its precision."""

    start: int
    end: int
    value: date
    precision: str  # day | month


def _plain(text: str) -> str:
    """Accents off, same length: the patterns are written without accents."""
    return "".join(ch for ch in (unicodedata.normalize("NFD", c)[0] for c in text))


def number(words: str) -> int | None:
    """ "dos mil veintiséis" -> 2026, "diez" -> 10, "24" -> 24; None for anything else."""
    words = _plain(words).lower().strip()
    if words.isdigit():
        return int(words)
    total = current = 0
    for word in re.split(r"[\s-]+", words):
        if word in CONNECTORS or not word:
            continue
        value = NUMBERS.get(word)
        if value is None:
            return None
        if value == 1000:
            total += (current or 1) * 1000
            current = 0
        else:
            current += value
    return total + current or None


def _make(year: int | None, month: int | None, day: int | None) -> date | None:
    if year is None or month is None or day is None or not 1900 <= year <= 2099:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, english_month_first: bool = False) -> list[Found]:
    """Every date in `text`, in order of position; a month-year only where no full date covers it."""
    plain = _plain(text)
    found: list[Found] = []
    for match in WORDED.finditer(plain):
        value = _make(number(match["year"]), MONTHS[match["month"].lower()], number(match["day"]))
        if value:
            found.append(Found(match.start(), match.end(), value, "day"))
    for match in ENGLISH.finditer(plain):
        year, month, day = (
            (match["year"], match["month"], match["day"])
            if match["year"]
            else match.group("year2", "month2", "day2")
        )
        value = _make(int(year), MONTHS[month.lower()], int(day))
        if value:
            found.append(Found(match.start(), match.end(), value, "day"))
    for match in NUMERIC.finditer(plain):
        a, b = int(match["a"]), int(match["b"])
        day, month = (b, a) if english_month_first and a <= 12 else (a, b)
        value = _make(int(match["year"]), month, day) or _make(int(match["year"]), day, month)
        if value:
            found.append(Found(match.start(), match.end(), value, "day"))
    for match in ISO.finditer(plain):
        value = _make(int(match["year"]), int(match["month"]), int(match["day"]))
        if value:
            found.append(Found(match.start(), match.end(), value, "day"))
    covered = [(f.start, f.end) for f in found]
    for match in MONTH_YEAR.finditer(plain):
        if any(s <= match.start() < e for s, e in covered):
            continue
        value = _make(int(match["year"]), MONTHS[match["month"].lower()], 1)
        if value:
            found.append(Found(match.start(), match.end(), value, "month"))
    return sorted(found, key=lambda f: f.start)


def property_date(value: object) -> date | None:
    """A file property's date ("D:20220513143140-05'00'", "2022-01-20 19:03:00+00:00", a datetime), or None
    for a placeholder: a date before 1990, in the future, or a bare 1 January at midnight (what generators
    write when they know no date)."""
    if value is None:
        return None
    if isinstance(value, date):
        clock = (getattr(value, "hour", 0), getattr(value, "minute", 0), getattr(value, "second", 0))
        midnight = clock == (0, 0, 0)
        day = date(value.year, value.month, value.day)
    else:
        match = re.search(r"((?:19|20)\d\d)-?(\d\d)-?(\d\d)(?:[ T]?(\d\d):?(\d\d):?(\d\d))?", str(value))
        if not match:
            return None
        day = _make(int(match[1]), int(match[2]), int(match[3]))  # type: ignore[assignment]
        if day is None:
            return None
        midnight = match[4] is None or (match[4], match[5], match[6]) == ("00", "00", "00")
    if day.year < 1990 or day > date.today() or (day.month == 1 and day.day == 1 and midnight):
        return None
    return day


YEAR = re.compile(r"(?<![\d/.,])((?:19|20)\d\d)(?!\d)")


def year_counts(text: str) -> Counter[int]:
    """How often each plausible year (1950 to this year) is written: one pass over a sheet of any size."""
    this_year = date.today().year
    counts = Counter(int(y) for y in YEAR.findall(text))
    return Counter({y: n for y, n in counts.items() if 1950 <= y <= this_year})


def latest_year(text: str | Counter[int], min_count: int = 1) -> int | None:
    """The latest year, up to this one, written at least `min_count` times: a data set's last period."""
    counts = year_counts(text) if isinstance(text, str) else text
    years = [y for y, n in counts.items() if n >= min_count]
    return max(years) if years else None


def year_span(text: str | Counter[int], min_count: int = 3) -> tuple[int, int] | None:
    """The first and last years a data set's rows cover (each written at least `min_count` times)."""
    counts = year_counts(text) if isinstance(text, str) else text
    years = sorted(y for y, n in counts.items() if n >= min_count)
    return (years[0], years[-1]) if years else None


def head_date(head: str) -> date | None:
    """A report's own date on its title page: a labelled date ("Fecha:", "Date:", "Publicado", "©"), else
    a line that is only a date ("APRIL 2017", "Noviembre de 2019")."""
    for match in re.finditer(
        r"(?im)(?:fecha|date|data|publicado|published|publica[cç][aã]o|©|copyright)\s*:?\s*", head
    ):
        dates = find_dates(head[match.end() : match.end() + 40])
        if dates and dates[0].start <= 1:
            return dates[0].value
    for line in head.splitlines():
        line = line.strip()
        dates = find_dates(line)
        if dates and dates[0].start == 0 and dates[0].end >= len(line) - 1:
            return dates[0].value
    return None
