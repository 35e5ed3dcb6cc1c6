"""A document's text fingerprint, to find the same text in different bytes (a PDF and the DOCX it came from).

The text is normalised (case, accents, punctuation and layout dropped), cut into overlapping runs of
SHINGLE words, and summarised by a MinHash signature: SIGNATURE minimums of as many hash permutations. The
share of equal positions between two signatures estimates the Jaccard resemblance of their shingle sets.
For a lookup that does not compare every pair, the signature is also cut into BANDS bands of ROWS
values; documents that share a band are candidates (a pair at resemblance 0.8 shares one with probability
1 - (1 - 0.8**4)**16 > 0.999, a pair at 0.3 with about 0.12), and only candidates are compared.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

SHINGLE = 5  # words per shingle: long enough that common phrases rarely make unrelated texts alike
BANDS, ROWS = 16, 4
SIGNATURE = BANDS * ROWS
PRIME = (1 << 31) - 1
CHUNK = 20_000  # shingles hashed at once: bounds memory for a very long document
_rng = np.random.default_rng(20260101)  # fixed: signatures stored in the index must stay comparable
_A = _rng.integers(1, PRIME, SIGNATURE, dtype=np.int64)
_B = _rng.integers(0, PRIME, SIGNATURE, dtype=np.int64)
WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-case words without accents: what two renderings of one text have in common."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return WORD.findall("".join(ch for ch in folded if not unicodedata.combining(ch)))


def signature(text: str) -> list[int]:
    """The MinHash signature of a text; empty when the text has fewer than SHINGLE words."""
    tokens = words(text)
    if len(tokens) < SHINGLE:
        return []
    shingles = {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}
    hashes = np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little") % PRIME
            for s in shingles
        ),
        dtype=np.int64,
        count=len(shingles),
    )
    low = np.full(SIGNATURE, PRIME, dtype=np.int64)
    for start in range(0, len(hashes), CHUNK):
        block = hashes[start : start + CHUNK]
        low = np.minimum(low, ((_A[:, None] * block[None, :] + _B[:, None]) % PRIME).min(axis=1))
    return [int(v) for v in low]


def bands(sig: list[int]) -> list[str]:
    """The band keys of a signature (stored as keywords; two documents sharing one are candidates)."""
    if len(sig) != SIGNATURE:
        return []
    return [
        f"{band}:"
        + hashlib.blake2b(repr(sig[band * ROWS : (band + 1) * ROWS]).encode(), digest_size=8).hexdigest()
        for band in range(BANDS)
    ]


def resemblance(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard resemblance of two texts' shingle sets, 0..1 (0 when either has no signature)."""
    if len(a) != SIGNATURE or len(b) != SIGNATURE:
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / SIGNATURE
