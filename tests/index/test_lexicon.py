"""The cross-language lexicon, over the real multilingual model and the embedded Qdrant Edge index: what it
translates, and that it is built when documents are ingested, never while a user's search waits."""

from __future__ import annotations

from pathlib import Path

from casoteca.settings import Settings
from index.knowledge import LIVE
from index.lexicon import LexiconCache
from index.search import SearchRequest
from index.store import Where
from service.accounts import CLI
from service.library import Library
from tests.conftest import CASESTUDIES

SAMPLES = [
    "es-peru-mineria-la-rinconada-servidumbre-deudas.pdf",
    "en-good-practice-mining-debt-bondage-investigations.md",
]


def test_the_lexicon_is_ready_after_the_ingest_and_a_search_never_builds_it(tmp_path: Path) -> None:
    library = Library(Settings(data_dir=tmp_path / "data"))
    try:
        library.ingest_paths([CASESTUDIES / name for name in SAMPLES])
        model = library.kb.embedder.model_id
        saved = library.lexicon.path(model)
        assert saved.exists()  # built by the ingest, before anyone searched
        ready = library.lexicon.get(library.kb.store, library.kb.embedder, library.kb.changes)
        assert ready is not None and ready.passages == library.kb.store.count(Where({"state": LIVE}))
        # Spanish words of the query reach the English passages through the base's own English words
        english = ready.expansions("extracción de oro en las minas", "es", library.kb.embedder).get("en", [])
        assert {"gold", "mines", "mine", "mining"} & set(english)
        # the same translations word by word, which the gate's coverage weighs each query word by
        by_word = ready.translations(["extracción", "oro", "minas"], "es", library.kb.embedder).get("en", {})
        assert set(by_word.values()) <= set(english) and {"gold", "mines", "mine", "mining"} & set(
            by_word.values()
        )

        # A fresh process over the same folder without the saved lexicon: the first search answers at once
        # (without it) and the build goes on in the background.
        saved.unlink()
        cache = LexiconCache(tmp_path / "data" / "lexicon-2")
        assert cache.get(library.kb.store, library.kb.embedder, library.kb.changes) is None
        cache.wait(300)
        assert cache.get(library.kb.store, library.kb.embedder, library.kb.changes) is not None
        result = library.search(SearchRequest("servidumbre por deudas en la minería"), caller=CLI)
        assert result.hits
    finally:
        library.close()
