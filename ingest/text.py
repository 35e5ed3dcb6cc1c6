"""Decoding text in any common encoding, and telling Spanish, Portuguese and English apart."""

from __future__ import annotations

import re
from collections import Counter


class EncodingError(ValueError):
    pass


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM, or UTF-16 with BOM) first, then the best guess among legacy encodings."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # cp1252 is a superset of latin-1 for printable text; bytes 0x80-0x9f are curly quotes and dashes there.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise EncodingError("unreadable text encoding") from None
        text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text) / 100:
        raise EncodingError("unreadable text encoding (binary content)")
    return text


# Frequent short words that separate the three languages well; accents weigh in too.
STOPWORDS = {
    "es": "el la los las de del que y en un una por con para se su al es lo como más pero sus le ya o fue este "
    "ha sí porque esta son entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante "
    "uno ni contra ese eso había ante ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa "
    "estos mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros fueron víctimas trata "
    "cuál cuáles cuándo cuánto cuántos cuántas dónde cómo quién quiénes qué hizo hace tiene año años",
    "pt": "o a os as de do da dos das que e em um uma por com para se seu sua ao é como mais mas seus ou foi "
    "este isso não também são entre quando muito sem sobre até há onde quem desde tudo nos durante nem "
    "contra esse essa eles ele ela isto antes alguns uns eu outro outras outra pelo pela pelos pelas no na "
    "nos nas num numa foram vítimas tráfico pessoas trabalho qual quais quando quanto quantos quantas onde "
    "quem deve pode ser ano anos",
    "en": "the of and to in a is that for it as was with be by on not he i this are or his from at which but "
    "have an they you were their one all we can her has there been if more when will would who so no into "
    "its our these other than them some what only also after victims trafficking how who whom whose where "
    "why did does do many much year years",
}
WORDS = {lang: set(words.split()) for lang, words in STOPWORDS.items()}
MARKERS = {"es": set("ñ¿¡"), "pt": set("ãõç"), "en": set()}
# Below this many known words a passage inherits its document's language instead of guessing.
MIN_EVIDENCE = 4


def detect_language(text: str, default: str = "und", min_evidence: int = MIN_EVIDENCE) -> str:
    """Return es, pt, en, or `default` when the text gives too little evidence (a search query, being
    short, is judged with a lower `min_evidence`)."""
    tokens = re.findall(r"[a-záéíóúñçãõâêôàü]+", text.lower())
    scores: Counter[str] = Counter()
    for token in tokens:
        for lang, words in WORDS.items():
            if token in words:
                scores[lang] += 1
    lowered = text.lower()
    for lang, chars in MARKERS.items():
        scores[lang] += sum(lowered.count(ch) for ch in chars) * 2
    if not scores or sum(scores.values()) < min_evidence:
        return default
    (best, first), *rest = scores.most_common(2) + [("", 0)]
    second = rest[0][1]
    if first < 1.2 * second and default != "und":
        return default
    return best
