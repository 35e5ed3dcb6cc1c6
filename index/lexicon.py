"""A bilingual lexicon induced from the multilingual model over the base's own words, for BM25 across languages.

A Spanish query shares few words with an English passage, so BM25 cannot help it, and the dense list alone
stops near nDCG@10 0.80 for Spanish questions answered in English (bench/search_quality.py, mixed base).
The lexicon gives the BM25 query the query's words in the passages' languages: every word of the base is
embedded once, alone, with the same model (USE puts "iglesia" next to "church" and "igreja"), and each
content word of a query maps to its nearest word of each other language when they are at least THRESHOLD
alike. Measured on the mixed base: es -> en 0.83 -> 0.89, en -> es 0.90 -> 0.91, in-language groups equal.

Built from the store (a scan of the passages, then the words embedded in batches: a minute or two per
10k words on 2 cores), kept in memory and saved in the data folder; built at the end of an ingest (at once
for a small base, in the background for a large one) and rebuilt when the base has grown by a fifth. A
search never builds it: until it is ready, search simply goes without it.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

from .embed import Embedder
from .fusion import is_stopword
from .knowledge import LIVE
from .sparse import LANGUAGES, encode_document
from .store import Store, Where

# Cosine at which two words of different languages count as translations: 0.8 keeps "ciudad" -> "city",
# "enfermedad" -> "disease" and drops "carrera" -> "laureate" (0.65); 0.7 with two words each cost 0.01-0.02
# in-language on the mixed base.
THRESHOLD = 0.8
# The most frequent words kept per language: bounds the memory (512 floats a word) and the query-time
# matrix product (one per new query word).
MAX_WORDS = 20_000
GROWTH = 1.2  # rebuild once the base holds this many times the passages the lexicon was built from
# A base this small is read and its words embedded at once, at the end of the ingest that made it stale
# (seconds), so that its results never depend on whether a background build has finished yet.
SYNC_PASSAGES = 3_000
CACHED_WORDS = 20_000
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def words_of(text: str) -> list[str]:
    """The lower-cased content words (letters only, 3 or more, no stopword of es/pt/en) of a text."""
    return [w for w in (m.lower() for m in _WORD.findall(text)) if not is_stopword(w)]


class Lexicon:
    """Words per language with their unit vectors; `expansions()` translates a query's words. It also
    counts, for every BM25 term of the base (a word stemmed in its passage's language), how many passages
    hold it: `idf()` tells a rare word from a common one (relevance.py weighs a query's words by it)."""

    def __init__(
        self,
        words: dict[str, list[str]],
        vectors: dict[str, np.ndarray],
        passages: int,
        frequencies: dict[int, int] | None = None,
    ) -> None:
        self.words, self.vectors, self.passages = words, vectors, passages
        self.frequencies = frequencies or {}
        self._known = {w: vectors[lang][i] for lang, ws in words.items() for i, w in enumerate(ws)}
        self._translations: OrderedDict[tuple[str, str], list[str]] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def build(cls, store: Store, embedder: Embedder, max_words: int = MAX_WORDS) -> Lexicon:
        """The lexicon of every live passage of `store`."""

        def passages() -> Iterator[tuple[str, str]]:
            offset = None
            while True:
                hits, offset = store.scroll(Where({"state": LIVE}), limit=1_000, offset=offset)
                for hit in hits:
                    yield hit.payload.get("text", ""), hit.payload.get("language", "und")
                if offset is None or not hits:
                    break

        return cls.from_texts(passages(), embedder, max_words)

    @classmethod
    def from_texts(
        cls, texts: Iterable[tuple[str, str]], embedder: Embedder, max_words: int = MAX_WORDS
    ) -> Lexicon:
        """The lexicon of (text, language) pairs: each language's most frequent words, embedded."""
        frequency: dict[str, Counter[str]] = {language: Counter() for language in LANGUAGES}
        terms: Counter[int] = Counter()
        passages = 0
        for text, language in texts:
            passages += 1
            terms.update(set(encode_document(text, language if language in LANGUAGES else "und").indices))
            if language in frequency:
                frequency[language].update(set(words_of(text)))
        words = {
            language: [w for w, _ in counts.most_common(max_words)] for language, counts in frequency.items()
        }
        every = sorted({w for ws in words.values() for w in ws})
        vectors_of = dict(zip(every, embedder.embed(every), strict=True)) if every else {}
        dimension = embedder.dimension
        vectors = {
            language: np.vstack([vectors_of[w] for w in ws]) if ws else np.zeros((0, dimension), np.float32)
            for language, ws in words.items()
        }
        return cls(words, vectors, passages, dict(terms))

    def idf(self, term: int) -> float:
        """BM25's inverse document frequency of a term in the base (a term no passage holds: the highest)."""
        held = self.frequencies.get(term, 0)
        return math.log(1 + (self.passages - held + 0.5) / (held + 0.5))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {
            "passages": np.array([self.passages]),
            "terms": np.array(list(self.frequencies), dtype=np.int64),
            "frequencies": np.array(list(self.frequencies.values()), dtype=np.int64),
        }
        for language in self.words:
            arrays[f"words_{language}"] = np.array(self.words[language], dtype=str)
            arrays[f"vectors_{language}"] = self.vectors[language].astype(np.float16)
        partial = path.with_name(path.name + ".partial.npz")
        np.savez(partial, **arrays)
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        with np.load(path) as data:
            words = {
                lang: [str(w) for w in data[f"words_{lang}"]] for lang in LANGUAGES if f"words_{lang}" in data
            }
            vectors = {lang: data[f"vectors_{lang}"].astype(np.float32) for lang in words}
            if "terms" not in data:  # saved by a release without term counts: build it again
                raise KeyError("terms")
            frequencies = dict(zip(data["terms"].tolist(), data["frequencies"].tolist(), strict=True))
            return cls(words, vectors, int(data["passages"][0]), frequencies)

    def expansions(self, text: str, query_language: str, embedder: Embedder) -> dict[str, list[str]]:
        """For each language other than the query's, the nearest word of the base (at least THRESHOLD alike)
        to each content word of `text`. Words the base does not hold are embedded now (one batch)."""
        words = list(dict.fromkeys(words_of(text)))
        targets = self._targets(query_language)
        if not words or not targets:
            return {}
        found = self._translate(words, targets, embedder)
        out = {language: [t for w in words for t in found[(w, language)]] for language in targets}
        return {language: terms for language, terms in out.items() if terms}

    def translations(
        self, words: Sequence[str], query_language: str, embedder: Embedder
    ) -> dict[str, dict[str, str]]:
        """Per language other than the query's, each of `words` (a query's lower-cased words) mapped to its
        translation there, as `expansions()` finds it; a word with none is left out. Coverage
        (relevance.py) weighs a query word by its translation's rarity in a passage of that language."""
        asked = [w for w in dict.fromkeys(words) if words_of(w) == [w]]  # a word the lexicon can translate
        targets = self._targets(query_language)
        if not asked or not targets:
            return {}
        found = self._translate(asked, targets, embedder)
        out: dict[str, dict[str, str]] = {}
        for language in targets:
            pairs = {w: found[(w, language)][0] for w in asked if found[(w, language)]}
            if pairs:
                out[language] = pairs
        return out

    def _targets(self, query_language: str) -> list[str]:
        return [
            language for language in self.words if language != query_language and len(self.words[language])
        ]

    def _translate(
        self, words: list[str], targets: list[str], embedder: Embedder
    ) -> dict[tuple[str, str], list[str]]:
        """(word, language) -> [its nearest word there] or [] for every word and target language, from the
        cache or computed now (unknown words embedded in one batch)."""
        with self._lock:
            known = {
                (w, lang): self._translations[(w, lang)]
                for w in words
                for lang in targets
                if (w, lang) in self._translations
            }
        todo = [w for w in words if any((w, lang) not in known for lang in targets)]
        if not todo:
            return known
        unknown = [w for w in todo if w not in self._known]
        embedded = dict(zip(unknown, embedder.embed(unknown, query=False), strict=True)) if unknown else {}
        matrix = np.vstack([self._known.get(w, embedded.get(w)) for w in todo]).T
        found: dict[tuple[str, str], list[str]] = {}
        for language in targets:
            scores = self.vectors[language] @ matrix
            best = scores.argmax(axis=0)
            for column, word in enumerate(todo):
                row = int(best[column])
                near = self.words[language][row]
                found[(word, language)] = [near] if scores[row, column] >= THRESHOLD and near != word else []
        with self._lock:
            self._translations.update(found)
            while len(self._translations) > CACHED_WORDS:
                self._translations.popitem(last=False)
        return {**known, **found}


class LexiconCache:
    """The lexicon of a store, loaded from `folder` or built: at once for a small base, else in a background
    thread while searches go on without it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lexicon: Lexicon | None = None
        self._model: str | None = None
        self._building: threading.Thread | None = None
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None  # (changes, passages) when last counted

    def path(self, model_id: str) -> Path:
        return self.folder / f"lexicon-{re.sub(r'[^A-Za-z0-9_.-]+', '_', model_id)}.npz"

    def get(self, store: Store, embedder: Embedder, changes: int = 0) -> Lexicon | None:
        """The lexicon for `embedder`'s model, if ready; starts (re)building it in the background when
        missing or outgrown, so that a search never waits for it. `changes` counts the writes to the base:
        the passages are counted again only when it moved."""
        return self._update(store, embedder, changes, wait=False)

    def refresh(self, store: Store, embedder: Embedder, changes: int = 0) -> Lexicon | None:
        """After an ingest: the lexicon (re)built now if missing or outgrown and the base is small (up to
        SYNC_PASSAGES passages: seconds, added to the ingest), in the background otherwise. A small base's
        first search then already has it, and its results do not depend on a background build."""
        return self._update(store, embedder, changes, wait=True)

    def _update(self, store: Store, embedder: Embedder, changes: int, wait: bool) -> Lexicon | None:
        if self._seen is None or self._seen[0] != changes:
            self._seen = (changes, store.count(Where({"state": LIVE})))
        passages = self._seen[1]
        with self._lock:
            if self._model != embedder.model_id:
                self._model, self._lexicon = embedder.model_id, None
                path = self.path(embedder.model_id)
                if path.exists():
                    try:
                        self._lexicon = Lexicon.load(path)
                    except (OSError, ValueError, KeyError):
                        self._lexicon = None
            lexicon = self._lexicon
            stale = lexicon is None or passages > GROWTH * max(lexicon.passages, 1)
            if wait and stale and passages and passages <= SYNC_PASSAGES:
                self._build(store, embedder, locked=True)
                return self._lexicon
            if stale and passages and (self._building is None or not self._building.is_alive()):
                self._building = threading.Thread(
                    target=self._build, args=(store, embedder), daemon=True, name="lexicon"
                )
                self._building.start()
        return lexicon

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a build in progress (for tests and benchmarks)."""
        building = self._building
        if building is not None:
            building.join(timeout)

    def _build(self, store: Store, embedder: Embedder, locked: bool = False) -> None:
        try:
            lexicon = Lexicon.build(store, embedder)
        except Exception:  # noqa: BLE001 - a store closed or switched meanwhile: search goes on without it
            return
        try:
            lexicon.save(self.path(embedder.model_id))
        except OSError:
            pass  # kept in memory: the next start builds it again
        if locked:
            self._lexicon = lexicon
            return
        with self._lock:
            if self._model == embedder.model_id:
                self._lexicon = lexicon
