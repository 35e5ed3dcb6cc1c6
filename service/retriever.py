"""Casoteca as a llama-index retriever: the way another RAG application asks the base for passages.

`CasotecaRetriever` is a llama-index `BaseRetriever` that goes through the `Library` like the API does: the
caller's rights are part of every engine query (a passage the caller may not see is never retrieved), the
search is the product's own (hybrid, cross-lingual, with its relevance floor) and it is audited. Each hit
becomes a `NodeWithScore` whose metadata is the citation a prosecutor needs to check the passage: document,
title, countries, year, kind, language, page span and section, and the citation written out.

llama-index types stay in this module (and in `service/answers.py`): the rest of the project never sees a
node. Install with the extra: `pip install 'casoteca[llamaindex]'`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from index.search import Filters, SearchHit, SearchRequest
from service.access import Caller
from service.library import Library

try:
    from llama_index.core.base.base_retriever import BaseRetriever
    from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
except ImportError as exc:  # the base installs without llama-index; this module is its integration
    raise ImportError("CasotecaRetriever needs llama-index-core: pip install 'casoteca[llamaindex]'") from exc

# Metadata an LLM prompt does not need (ids and numbers for programs); the citation and the facts stay in.
NOT_FOR_LLM = ("document_id", "order", "page_start", "page_end", "score_scale")


@dataclass(kw_only=True)
class RetrieverOptions:
    """How many documents a question brings back and how: `per_document` passages of each of the `limit`
    best documents (1: one node per document, so a node's rank is its document's rank), in `mode`."""

    limit: int = 5
    per_document: int = 1
    mode: str = "hybrid"  # hybrid | dense | bm25
    filters: Filters = field(default_factory=Filters)


def node_id(document_id: str, order: int) -> str:
    """A passage's stable node id: its document and its place in it (the same across re-ingests of the
    same file, so an evaluation set can name the passages it expects)."""
    return f"{document_id}:{order}"


def pages(hit: SearchHit) -> str:
    if hit.page_start == hit.page_end:
        return f"p. {hit.page_start}"
    return f"pp. {hit.page_start}-{hit.page_end}"


def citation(hit: SearchHit) -> str:
    """ "Title (Peru, Bolivia, 2019), pp. 3-4, Section › Subsection": what a reader checks the passage by."""
    where = ", ".join([*hit.countries, *([str(hit.year)] if hit.year else [])])
    parts = [f"{hit.title} ({where})" if where else hit.title, pages(hit)]
    if hit.section:
        parts.append(" › ".join(hit.section))
    return ", ".join(parts)


def to_node(hit: SearchHit) -> NodeWithScore:
    metadata: dict[str, Any] = {
        "citation": citation(hit),
        "title": hit.title,
        "document_id": hit.document_id,
        "order": hit.order,
        "page_start": hit.page_start,
        "page_end": hit.page_end,
        "pages": pages(hit),
        "section": " › ".join(hit.section),
        "language": hit.language,
        "countries": ", ".join(hit.countries),
        "year": hit.year,
        "kind": hit.kind or "",
        "score_scale": "0-1, the same for every query",
    }
    node = TextNode(
        id_=node_id(hit.document_id, hit.order),
        text=hit.text,
        metadata=metadata,
        excluded_llm_metadata_keys=list(NOT_FOR_LLM),
        excluded_embed_metadata_keys=list(metadata),
    )
    return NodeWithScore(node=node, score=hit.score)


class CasotecaRetriever(BaseRetriever):
    """Passages of the base for a question, with the rights of `caller` (see the module docstring)."""

    def __init__(self, library: Library, caller: Caller, options: RetrieverOptions | None = None) -> None:
        super().__init__()
        self._library = library
        self._caller = caller
        self._options = options or RetrieverOptions()

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        options = self._options
        request = SearchRequest(
            text=query_bundle.query_str,
            limit=options.limit,
            per_document=options.per_document,
            mode=options.mode,
            **asdict(options.filters),
        )
        result = self._library.search(request, caller=self._caller)
        self._library.audit.record(
            self._caller,
            "search",
            {"q": query_bundle.query_str, "client": "llama-index", "hits": len(result.hits)},
        )
        return [to_node(hit) for top in result.hits for hit in (top, *top.more)]
