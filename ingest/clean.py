"""Text cleaning applied to every parsed block, whatever the format.

Extracted text carries characters that break search and reading: soft hyphens (and the U+FFFE that some
PDF producers write in their place), private-use glyphs, C1 control characters (a PDF font that maps its
bullet to U+0084), typographic ligatures, zero-width marks, and words hyphenated at line ends. Each is
repaired here, once, so that "oper\\ufffeators" is found as "operators".
"""

from __future__ import annotations

import re
import unicodedata

# Soft hyphen and the non-character U+FFFE written in its place: invisible break points, never text.
SOFT_HYPHENS = "\u00ad\ufffe"
# Zero-width characters and the byte-order mark inside text.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Only the Latin ligatures are decomposed (NFKC on the whole text would also turn "º"/"ª" into "o"/"a",
# "½" into "1⁄2" and superscript footnote marks into digits glued to the word).
LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
# C1 controls come from text decoded with the wrong code page or from PDF fonts without a Unicode map;
# cp1252 gives the character most producers meant (quotes, dashes, bullet); the rest become a space.
C1_MEANING = {
    chr(c): ch
    for c in range(0x80, 0xA0)
    if (ch := bytes([c]).decode("cp1252", errors="ignore")) and not unicodedata.category(ch).startswith("C")
}
BULLET_CONTROL = re.compile(r"(^|\n)[ \t]*[\u0080-\u009f\ue000-\uf8ff][ \t]*")
# A lower-case word broken by a hyphen at the end of a line ("explota-\nción"): join the halves.
LINE_END_HYPHEN = re.compile(r"([a-záéíóúàâêôãõçñü])-[ \t]*\n[ \t]*([a-záéíóúàâêôãõçñü])")


# Anything that needs repair; text without it (most of it) is returned as it is, fast.
SUSPECT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u200b-\u200d\u2060\u202f\ue000-\uf8ff"
    "\ufb00-\ufb06\ufeff\ufffe]|-[ \t]*\n"
)
REPAIRS = str.maketrans(
    {
        **{chr(c): " " for c in [*range(0x09), *range(0x0B, 0x20), 0x7F]},
        **{chr(c): C1_MEANING.get(chr(c), " ") for c in range(0x80, 0xA0)},
        **{chr(c): " " for c in range(0xE000, 0xF900)},
        **LIGATURES,
        **dict.fromkeys(SOFT_HYPHENS + ZERO_WIDTH, ""),
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def clean_text(text: str) -> str:
    """Return `text` with the characters above repaired; line breaks are kept (layout code needs them)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or not SUSPECT.search(text):
        return text
    text = re.sub(f"[{SOFT_HYPHENS}][ \\t]*\\n[ \\t]*", "", text)
    # a control or private-use glyph opening a line is a bullet; anywhere else it is noise
    text = BULLET_CONTROL.sub(lambda m: f"{m.group(1)}• ", text)
    text = text.translate(REPAIRS)
    return LINE_END_HYPHEN.sub(r"\1\2", text)


def clean_inline(text: str) -> str:
    """Clean a single-line value (a table cell, a heading): as `clean_text`, with whitespace collapsed."""
    return " ".join(clean_text(text).split())
