"""Legal structure: the articles of codes and laws, the parts of judgments, and headings that are not.

A code is cited by article, so each article becomes its own unit whose section path is the chain of
Libro/Título/Capítulo (Livro, Part, Chapter ...) headings above it plus "Art. N". A judgment is read by its
parts (VISTOS, CONSIDERANDO, RESUELVE; RELATÓRIO, FUNDAMENTAÇÃO, DISPOSITIVO; FACTS, ANALYSIS, ORDER), so
those become its sections. Lines that merely look like headings (a quoted heading, a jurisprudence
citation with its date, a footnote, a form label) stay text and never become the section of what
follows. Everything here works on cues of the three languages and on layout, never on one file.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from .models import Block

# Division headings of codes and laws, by depth. A heading is the keyword, a number or ordinal, and
# optionally its name ("TÍTULO II - DE LOS DELITOS CONTRA LA VIDA").
DIVISIONS = [
    (1, r"libro|livro|book"),
    (2, r"parte|part"),
    (3, r"t[íi]tulo|title"),
    (4, r"cap[íi]tulo|chapter"),
    (5, r"secci[óo]n|se[çc][ãa]o|section|subt[íi]tulo"),
    (6, r"p[áa]rrafo|par[áa]grafo|§"),
]
ORDINAL_WORD = (
    r"(?:[ivxlcdm]+|\d+[ºª°o]?|[úu]nic[oa]|primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|"
    r"sext[oa]|s[ée]ptim[oa]|octav[oa]|noven[oa]|d[ée]cim[oa](?:\s+\w+)?|und[ée]cim[oa]|"
    r"duod[ée]cim[oa]|general|especial|preliminar|final|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|first|second|third|fourth|fifth|[a-z])"
)
DIVISION_RE = [
    (
        level,
        re.compile(
            rf"^(?:{words})\.?\s+{ORDINAL_WORD}\b\.?(?:\s*[-–—:.]\s*|\s+|$)(?P<name>.*)$", re.IGNORECASE
        ),
    )
    for level, words in DIVISIONS
]
ARTICLE_LEVEL = 7
# "Artículo 188.", "Art. 149-A.", "Artigo 5º", "Article 12", "ARTÍCULO 411 quáter.-", "Section 1591." at the
# start of a paragraph; the number may carry a letter or a Latin ordinal (bis, ter, quáter ...).
ARTICLE_RE = re.compile(
    r"^(?:art[íi]culo|artigo|article|art\.|arts?\.?º?|sec\.|section|§)\s*"
    r"(?P<num>\d{1,4}(?:\s?[-–]\s?(?-i:[A-Z])\b|(?-i:[A-Z])\b)?(?:\s+(?:bis|ter|qu[áa]ter|quinquies|sexies|"
    r"septies|octies)\b)?)[º°o]?\s*(?:[.:\-–—]|(?-i:\s+[A-ZÁÉÍÓÚ(\"“«])|$)",
    re.IGNORECASE,
)
# The parts of a judgment in es/pt/en, as they open a paragraph.
PART_WORDS = (
    r"VISTOS?|ANTECEDENTES(?: DE HECHO| PROCESALES)?|HECHOS(?: PROBADOS)?|RESULTANDOS?|CONSIDERANDOS?|"
    r"CONSIDERACIONES(?: [A-ZÁÉÍÓÚ]+){0,3}|FUNDAMENTOS(?: DE (?:HECHO|DERECHO)| JUR[ÍI]DICOS)?|MOTIVACI[ÓO]N|"
    r"AN[ÁA]LISIS(?: [A-ZÁÉÍÓÚ]+){0,3}|PARTE (?:RESOLUTIVA|DISPOSITIVA|EXPOSITIVA|CONSIDERATIVA)|"
    r"RESUELV[EO]|FALL[OA]|DECISI[ÓO]N|SE RESUELVE|POR TANTO|RELAT[ÓO]RIO|FUNDAMENTA[ÇC][ÃA]O|DISPOSITIVO|"
    r"EMENTA|AC[ÓO]RD[ÃA]O|DECIS[ÃA]O|VOTO|DOS FATOS|DO DIREITO|CONCLUS[ÃA]O|FACTS|BACKGROUND|ANALYSIS|"
    r"DISCUSSION|REASONS(?: FOR (?:SENTENCE|JUDGMENT|DECISION))?|ORDER|CONCLUSION|JUDGMENT|DISPOSITION|HOLDING"
)
NUMBERING = (
    r"(?:(?:[IVX]+|\d{1,2}|[A-H])[.)]-?\s*|(?:PRIMER|SEGUND|TERCER|CUART|QUINT)[OA]\s*[:.\-–]+\s*"
    r"|(?:Y|E|AND)\s+)?"
)
PART_RE = re.compile(rf"^{NUMBERING}(?P<part>{PART_WORDS})(?=\s*(?:[:.\-–—]|$))")
PART_RE_ANY_CASE = re.compile(rf"^{NUMBERING}(?P<part>{PART_WORDS})\s*[:.\-–—]*$", re.IGNORECASE)
# Parts only a court decision has (a report may have BACKGROUND and ANALYSIS, not VISTOS or ORDER).
JUDICIAL_PART = re.compile(
    r"VISTOS?$|RESULTANDOS?$|CONSIDERANDOS?$|RESUELV|FALL[OA]$|"
    r"PARTE (?:RESOLUTIVA|DISPOSITIVA)|RELAT[ÓO]RIO|FUNDAMENTA[ÇC][ÃA]O|DISPOSITIVO|"
    r"EMENTA|AC[ÓO]RD[ÃA]O"
)
DECISION_PART = re.compile(
    r"ORDER$|JUDGMENT$|DISPOSITION$|HOLDING$|REASONS FOR|DECISI[ÓO]N$|DECIS[ÃA]O$|"
    r"SE RESUELVE"
)
# The numbered considerations of Latin American judgments: "PRIMERO: VALIDEZ DEL PROCESO.-", "DÉCIMO.-".
ORDINAL_PART_RE = re.compile(
    r"^(?P<ord>(?:D[ÉE]CIMO\s+)?(?:PRIMER|SEGUND|TERCER|CUART|QUINT|SEXT|S[ÉE]PTIM|SETIM|OCTAV|NOVEN|D[ÉE]CIM|"
    r"UND[ÉE]CIM|DUOD[ÉE]CIM|VIG[ÉE]SIM)[OA])\s*(?:[:.\-–—]+)\s*(?P<caption>(?:[A-ZÁÉÍÓÚÑ]{2,}[ ,]*){1,8}"
    r"(?=[:.\-–—]))?"
)
NUMBERED_HEADING_RE = re.compile(r"^(?P<num>(?:\d{1,2}\.){1,3}\d{0,2}|[IVX]{1,5}\.)\s+[A-ZÁÉÍÓÚÑÇ]")
# Parts whose numbered paragraphs ("PRIMERO: ...") are their sub-parts.
CONSIDERATIONS = re.compile(r"CONSIDERA|FUNDAMENT|MOTIVA|AN[ÁA]LISIS|RESULTANDO", re.IGNORECASE)
# Cues of a line that looks like a heading and is not one.
DATE_RE = re.compile(
    r"\b\d{1,2}\s*[-/.]\s*(?:\d{1,2}|[a-záéíóú]{3,10})\s*[-/.]\s*\d{2,4}\b"
    r"|\b\d{1,2} de [a-záéíóú]+ de \d{4}\b|\b[A-Z][a-z]+ \d{1,2}, \d{4}\b",
    re.IGNORECASE,
)
CITATION_WORDS = re.compile(
    r"^(?:gaceta|registro oficial|r\.\s?o\.|diario oficial|d\.\s?o\.|fallo|sentencia|"
    r"resoluci[óo]n|expediente|juicio|causa|casaci[óo]n|recurso|proceso|ley|decreto|"
    r"nota|fuente|source|see|ver|véase|cf|cfr|ibid|idem)\b",
    re.IGNORECASE,
)
CAMEL_RE = re.compile(r"[a-záéíóú][A-ZÁÉÍÓÚ]")
QUOTES = "\"“”«»'‘’"
# A code has at least this many article openings, in mostly rising order.
MIN_ARTICLES = 5


def is_false_heading(text: str) -> bool:
    """A heading-looking line that must not become a section: quoted, a citation (with a date or a
    citation word and commas), a footnote, a form label, a web address, or mostly numbers."""
    line = text.strip()
    letters = sum(ch.isalpha() for ch in line)
    if letters < 3 or letters < 0.5 * len(line.replace(" ", "")):
        return True
    if line[:1] in QUOTES or line[-1:] in QUOTES:
        return True
    if DATE_RE.search(line) or line.count(",") >= 2:
        return True
    if CITATION_WORDS.match(line) and ("," in line or any(ch.isdigit() for ch in line)):
        return True
    if CAMEL_RE.search(line) or re.search(r"@|www\.|https?:|\.(?:com|org|gob|gov)\b", line):
        return True
    if re.match(r"^\d+[A-Za-zÁÉÍÓÚáéíóú]", line) or re.match(r"^\d+\s+[a-záéíóú]", line):
        return True  # a footnote: "12Ver ...", "3 véase ..."
    if line.endswith(".") and len(line.split()) >= 6:
        return True  # a sentence
    return line.endswith(":")


def division(text: str) -> tuple[int, str] | None:
    """(level, heading) when `text` is a Libro/Título/Capítulo/... heading of a code."""
    line = " ".join(text.split())
    if len(line.split()) > 16 or ARTICLE_RE.match(line):
        return None
    for level, pattern in DIVISION_RE:
        match = pattern.match(line)
        if match and not match.group("name").rstrip().endswith((",", ";")):
            name = match.group("name")
            if name and name[:1].islower() and not line.isupper():
                return None  # "capítulo primero de la obra" inside a sentence
            return level, line.rstrip(" .:-–")
    return None


def article(text: str) -> str | None:
    """The citation label ("Art. 149-A") when `text` opens an article."""
    match = ARTICLE_RE.match(text.strip())
    if not match:
        return None
    number = re.sub(r"\s*[-–]\s*", "-", match.group("num")).strip()
    word = text.strip().split()[0].lower()
    prefix = "§" if word.startswith("§") else "Sec." if word.startswith(("sec", "section")) else "Art."
    return f"{prefix} {number}"


def judgment_part(text: str, standalone: bool) -> tuple[int, str] | None:
    """(level, heading) when `text` opens a part of a judgment: level 1 for the named parts, level 2 for
    the numbered considerations ("PRIMERO: VALIDEZ DEL PROCESO")."""
    line = " ".join(text.split())
    match = PART_RE.match(line) or (PART_RE_ANY_CASE.match(line) if standalone and len(line) < 60 else None)
    if match:
        return 1, re.sub(r"^(?:Y|E|AND)\s+", "", line[: match.end("part")].strip(" .:-–"))
    ordinal = ORDINAL_PART_RE.match(line)
    if ordinal:
        caption = (ordinal.group("caption") or "").strip(" ,")
        return 2, f"{ordinal.group('ord')}: {caption}" if caption else ordinal.group("ord")
    return None


def heading_line(line: str) -> bool:
    """Whether a line standing alone is a division heading or a judgment part's title, so it is a block
    of its own even in text without paragraph marks ("LIBRO SEGUNDO", "FUNDAMENTAÇÃO", "ORDER")."""
    line = " ".join(line.split())
    return bool(division(line) or (len(line) < 60 and PART_RE_ANY_CASE.match(line)))


def opens_unit(line: str) -> bool:
    """Whether a PDF line starts an article, a division or a part, so the paragraph before it ends
    (when that paragraph's last sentence is finished)."""
    line = line.strip()
    return bool(article(line) or division(line) or judgment_part(line, standalone=False))


def opens_part(line: str) -> bool:
    """Whether a line opens a judgment part in capitals ("VISTOS:", "PRIMERO: VALIDEZ"): such a line
    ends the paragraph before it even when that one has no final stop (a case header above VISTOS)."""
    return judgment_part(line.strip(), standalone=False) is not None


def detect_mode(blocks: list[Block]) -> str:
    """ "code" when articles open enough paragraphs in mostly rising order; "judgment" when a part only
    court decisions have opens a paragraph (VISTOS, CONSIDERANDO, RELATÓRIO ...), or a decisive part
    (ORDER, DECISIÓN) and another one do; else "plain", where layout headings are kept unless false."""
    numbers = []
    labels = set()
    for block in blocks:
        label = article(block.text) if block.kind != "table" else None
        if label:
            digits = re.match(r"\D*(\d+)", label)
            numbers.append(int(digits.group(1)) if digits else 0)
            labels.add(label)
    rising = sum(1 for a, b in itertools.pairwise(numbers) if b >= a)
    if len(labels) >= MIN_ARTICLES and rising >= 0.7 * (len(numbers) - 1):
        return "code"
    parts = set()
    for block in blocks:
        if block.kind == "table":
            continue
        found = judgment_part(block.text, block.kind == "heading")
        if found:
            parts.add(found[1].split(":")[0].upper() if found[0] == 1 else "ordinal")
    if any(JUDICIAL_PART.match(part) for part in parts):
        return "judgment"
    decisive = any(DECISION_PART.match(part) for part in parts)
    return "judgment" if decisive and len(parts) >= 2 else "plain"


def structure_blocks(blocks: list[Block]) -> list[Block]:
    """Return the blocks with legal headings made explicit (code articles and divisions, judgment parts)
    and false headings turned back into text. Text is never dropped: a demoted heading stays a block."""
    mode = detect_mode(blocks)
    out: list[Block] = []
    part = ""  # the judgment part the blocks are in
    pending_division: Block | None = None
    for block in blocks:
        if block.kind == "table":
            out.append(block)
            pending_division = None
            continue
        text = block.text.strip()
        if mode == "code":
            found = division(text)
            if found:
                pending_division = Block(found[1], block.page, "heading", level=found[0])
                out.append(pending_division)
                continue
            label = article(text)
            if label:
                pending_division = None
                out.append(Block(label, block.page, "heading", level=ARTICLE_LEVEL))
                out.append(replace(block, kind="narrative" if block.kind == "heading" else block.kind))
                continue
            if pending_division is not None and _is_division_name(text):
                pending_division.text = f"{pending_division.text}. {text.rstrip('.')}"
                pending_division = None
                continue
            pending_division = None
            out.append(_as_text(block) if block.kind == "heading" else block)
            continue
        if mode == "judgment":
            found = judgment_part(text, block.kind == "heading")
            if found:
                level = found[0]
                if level == 1:
                    part = found[1]
                elif not CONSIDERATIONS.search(part):
                    level = 1  # "PRIMERO: ..." after VISTOS is a part of its own, not a sub-part of VISTOS
                out.append(Block(found[1], block.page, "heading", level=level))
                rest = text if block.kind != "heading" else ""
                if rest and len(rest.split()) > len(found[1].split()) + 1:
                    out.append(replace(block, kind="narrative"))
                continue
            if block.kind == "heading":
                numbered = NUMBERED_HEADING_RE.match(text)
                if numbered and not is_false_heading(text):
                    out.append(replace(block, level=3 + numbered.group("num").count(".") - 1))
                else:
                    out.append(_as_text(block))
                continue
            out.append(block)
            continue
        found = division(text)
        if found and block.kind != "list":
            out.append(Block(found[1], block.page, "heading", level=found[0]))
        elif block.kind == "heading" and is_false_heading(text):
            out.append(_as_text(block))
        else:
            out.append(block)
    return out


def _is_division_name(text: str) -> bool:
    """The name line under a division heading ("DE LAS NORMAS RECTORAS DE LA LEY PENAL")."""
    return (
        len(text.split()) <= 20
        and not article(text)
        and not text.endswith((",", ";"))
        and (text.isupper() or text[:1].isupper())
        and text.count(". ") == 0
    )


def _as_text(block: Block) -> Block:
    return replace(block, kind="narrative", level=0)
