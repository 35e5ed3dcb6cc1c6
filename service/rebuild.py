"""Rebuilding the index while it keeps answering: reindex (a new model), reparse (new parsers or
chunking), optimize (HNSW built in another process), and migrate (the embedded index into a Qdrant server)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from index.criteria import CriterionVectors
from index.embed import DEFAULT_MODEL, Embedder
from index.knowledge import BOOKKEEPING, KnowledgeBase, sources_of
from index.migrate import MigrateReport, migrate, reindex_server
from index.similar import AspectLabeller
from index.store import EdgeStore, ServerStore, Where
from ingest.models import Document
from ingest.pipeline import IngestError, Source, build_document

from .config import Config
from .corrections import apply_corrections
from .embedding import embedder_for
from .errors import ServiceError
from .names import file_stem
from .switch import ModelSwitch


@dataclass
class Reindexed:
    """What a reindex did: passages embedded again, with which model, and the documents that could not be
    parsed again (they keep their passages)."""

    passages: int
    model: str
    kept_unparsed: list[str]


@dataclass
class Optimized:
    built_seconds: float
    quantized: bool


class RebuildActions:
    """The rebuilding half of `Library` (which provides the knowledge base, settings and switch). These
    are the machine owner's and admins' actions; the API checks the role before calling them."""

    kb: KnowledgeBase
    settings: Config
    switch: ModelSwitch
    _labeller: AspectLabeller | None
    _criterion_vectors: CriterionVectors | None

    def check_model(self, model: str | None) -> None:
        """Over HTTP a model is only the configured one or an installed distribution: no folder paths,
        nothing else importable. Raises ServiceError (invalid) otherwise."""
        import importlib.metadata

        if model in (None, DEFAULT_MODEL, self.settings.model):
            return
        try:
            importlib.metadata.distribution(model)  # type: ignore[arg-type]
        except (importlib.metadata.PackageNotFoundError, ValueError) as exc:
            raise ServiceError(f"no installed model package {model!r}") from exc

    def rebuild_model(self, model: str | None = None, reparse: bool = False) -> Reindexed:
        """`reindex`, told as a `Reindexed`; a package that holds no model is a ServiceError (invalid)."""
        passages, kept = self.reindex(model, reparse)
        return Reindexed(passages, self.kb.embedder.model_id, kept)

    def optimize(self, quantize: bool = False) -> Optimized | None:
        """Build the embedded index's HNSW (and int8 quantization) in a separate process and swap it in;
        None for a Qdrant server, which builds its indexes itself."""
        store = self.kb.store
        if not isinstance(store, EdgeStore):
            return None
        return Optimized(round(store.rebuild_elsewhere(quantize=quantize), 1), quantize)

    def reindex(self, model: str | None = None, reparse: bool = False) -> tuple[int, list[str]]:
        """Embed every live passage again with `model` (the configured one by default) into a new index
        while the current one keeps answering, then switch to it in one step and drop the old one; from
        then on queries are embedded with that model. With `reparse`, every document is first parsed and
        chunked again from its kept original (new parsers or chunking; see `_reparse`). Embedded: a new
        version of the index beside the live one, then `EdgeStore.switch_to`. Server: a new collection,
        then the alias moves (`index.migrate.reindex_server`). In a serving process this runs on the writer
        thread, so uploads wait for it. Returns the number of passages, and a line for each document that
        could not be parsed again (it keeps its passages)."""
        embedder = embedder_for(model or self.settings.model)
        store = self.kb.store
        kept: list[str] = []

        def fill(target: KnowledgeBase) -> int:
            return self._reparse_into(target, kept) if reparse else target.copy_from(store)

        if isinstance(store, ServerStore):
            copied, _ = reindex_server(
                store, lambda: embedder, around_switch=self._switch_model(embedder), fill=fill
            )
            return copied, kept
        assert isinstance(store, EdgeStore)
        version = store.new_version()
        target = EdgeStore(version)
        try:
            copied = fill(KnowledgeBase(target, lambda: embedder))
        except BaseException:
            target.close()
            shutil.rmtree(version, ignore_errors=True)
            raise
        target.close()
        with self._switch_model(embedder):
            store.switch_to(version)
        return copied, kept

    def _reparse_into(self, target: KnowledgeBase, kept: list[str]) -> int:
        """Every live document parsed again into `target`; one whose original is gone or no longer parses
        keeps its passages as they are (embedded again), and gets a line in `kept`."""
        passages = 0
        for first in self.kb.first_passages(Where()):
            try:
                document = self._reparse(first.payload)
            except (OSError, KeyError, IngestError) as exc:
                kept.append(f"{first.payload.get('source_name', first.id)}: {exc}")
                passages += target.copy_from(self.kb.store, Where({"doc_id": first.payload["doc_id"]}))
                continue
            target.add(document, first.payload["fingerprint"])
            passages += len(document.passages)
        target.flush()
        return passages

    def _reparse(self, first: dict[str, Any]) -> Document:
        """A stored document parsed and chunked again from its kept original by today's pipeline. What it
        was told about itself (sidecar, front matter, file properties) is kept as told; what was inferred is
        inferred again; who may see it is as it was last shared. Its id and fingerprint stay, so a later
        ingest of the same file still finds it unchanged. An e-mail's attachments are documents of their
        own, parsed again on their own. Every source it lists stays listed, and an editor's corrections are
        applied again above everything else."""
        record = first["document"]
        metadata = record["metadata"]
        told = {k: v for k, v in metadata.items() if k not in {*record.get("inferred", []), *BOOKKEEPING}}
        for key in ("visibility", "owner_office"):
            if first.get(key):
                told[key] = first[key]
        data = (self.settings.files_dir / first["sha256"]).read_bytes()
        document, _ = build_document(
            Source(
                key=first["source_key"],
                name=first["source_name"],
                data=data,
                sidecar=told,
                path=metadata.get("source_path", ""),
            ),
            people=self.settings.extract_people,
        )
        document.metadata["sources"] = sources_of(first)
        return apply_corrections(document, metadata.get("corrections", {}))

    @contextmanager
    def _switch_model(self, embedder: Embedder) -> Iterator[None]:
        """Around the switch to a reindexed store: no reads meanwhile, then queries use the new model."""
        with self.switch.switching():
            yield
            self.kb.use_embedder(embedder)
            self._labeller, self._criterion_vectors = None, None  # both hold vectors of the old model


def migrate_to(
    settings: Config,
    url: str,
    collection: str,
    api_key: str | None,
    progress: Callable[[int], None] | None = None,
) -> MigrateReport:
    """Copy the embedded index into a Qdrant server collection; resumable (checkpoint in the data folder)."""
    source = EdgeStore(settings.index_dir)
    target = ServerStore(
        url, collection, api_key, shards=settings.qdrant_shards, replication=settings.qdrant_replication
    )
    try:
        return migrate(
            source,
            target,
            settings.data_dir / f"migrate-{file_stem(collection, 'collection', 40)}.json",
            progress=progress,
        )
    finally:
        source.close()
        target.close()
