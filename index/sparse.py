"""BM25 sparse vectors, stemmed in the passage's own language with accents folded.

The vectors come from Qdrant Edge's BM25 encoder (term hashes with BM25 term-frequency weights); the
store applies the IDF modifier, so the same vectors work with Qdrant Edge and with a Qdrant server.
A passage in an unknown language is tokenised without stemming.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the engine is loaded by the first encoding, so importing the types stays light
    import qdrant_edge as edge

LANGUAGES = {"es": "spanish", "pt": "portuguese", "en": "english"}


@dataclass(frozen=True)
class Sparse:
    indices: list[int]
    values: list[float]

    def __bool__(self) -> bool:
        return bool(self.indices)


@cache
def _encoder(language: str) -> edge.Bm25:
    import qdrant_edge as edge

    name = LANGUAGES.get(language)
    if name is None:
        return edge.Bm25(
            edge.Bm25Config(
                ascii_folding=True, stemmer=edge.DisabledStemmer(), stopwords=edge.StopwordsSet(custom=set())
            )
        )
    return edge.Bm25(edge.Bm25Config(language=name, ascii_folding=True))


def encode_document(text: str, language: str) -> Sparse:
    vector = _encoder(language).embed_document(text)
    return Sparse(list(vector.indices), list(vector.values))


def encode_query(text: str, language: str) -> Sparse:
    vector = _encoder(language).embed_query(text)
    return Sparse(list(vector.indices), list(vector.values))
