"""Cited answers: a language model the office runs writes an answer from the passages a caller may see,
citing them by number (llama-index's `CitationQueryEngine` over `CasotecaRetriever`).

Off unless `CASOTECA_ANSWER_URL` names an OpenAI-compatible endpoint (vLLM, llama.cpp's server, Ollama,
LocalAI... anything that answers `POST {url}/chat/completions`): case files never leave for a service the
office does not run. The passages sent are the caller's search results, so the model never reads what the
caller may not see. The answer comes back as project dataclasses: its text with [n] marks, and the numbered
sources with their citations.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from service.access import Caller
from service.library import Library

from .config import Config as Settings
from .retriever import CasotecaRetriever, RetrieverOptions

try:
    from llama_index.core.base.llms.types import CompletionResponse, LLMMetadata
    from llama_index.core.llms import CustomLLM
    from llama_index.core.llms.callbacks import llm_completion_callback
    from llama_index.core.query_engine import CitationQueryEngine
    from llama_index.core.schema import MetadataMode
except ImportError as exc:  # the base installs without llama-index; cited answers are part of its extra
    raise ImportError("cited answers need llama-index-core: pip install 'casoteca[llamaindex]'") from exc


# A passage is 150-300 words (about 400 tokens): one citation chunk each, so [n] names a whole passage.
CITATION_CHUNK_TOKENS = 1024


class AnswersOff(RuntimeError):
    """Cited answers are not configured (no CASOTECA_ANSWER_URL) or the endpoint failed."""


@dataclass
class CitedSource:
    number: int  # the [n] of the answer
    citation: str  # "Title (Peru, 2019), pp. 3-4, Section"
    document_id: str
    order: int
    text: str


@dataclass
class CitedAnswer:
    text: str
    sources: list[CitedSource]


class OfficeLLM(CustomLLM):
    """The office's OpenAI-compatible chat endpoint, spoken to with the standard library (no SDK): one
    user message in, the first choice's content out; temperature 0, so the same passages give the same
    answer."""

    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 120.0
    context_window: int = 8192
    max_tokens: int = 512

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(
            context_window=self.context_window, num_output=self.max_tokens, model_name=self.model
        )

    def _ask(self, prompt: str) -> str:
        body = json.dumps(
            {
                "model": self.model,
                "messages": [{"role": "user", "content": prompt}],
                "temperature": 0,
                "max_tokens": self.max_tokens,
            }
        ).encode()
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(
            f"{self.base_url.rstrip('/')}/chat/completions", data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                answer = json.load(response)
            return str(answer["choices"][0]["message"]["content"])
        except urllib.error.HTTPError as exc:
            exc.close()  # it holds the connection open
            raise AnswersOff(f"the answer endpoint {self.base_url} answered {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
            # The URL, never the key: the message may reach a log.
            raise AnswersOff(f"the answer endpoint {self.base_url} failed: {exc}") from exc

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self._ask(prompt))

    @llm_completion_callback()
    def stream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> Iterator[CompletionResponse]:
        text = self._ask(prompt)
        yield CompletionResponse(text=text, delta=text)


def office_llm(settings: Settings) -> OfficeLLM:
    if not settings.answer_url:
        raise AnswersOff(
            "cited answers are off: set CASOTECA_ANSWER_URL to the office's OpenAI-compatible "
            "endpoint (and CASOTECA_ANSWER_MODEL)"
        )
    return OfficeLLM(
        base_url=settings.answer_url, model=settings.answer_model, api_key=settings.answer_api_key
    )


def cited_answer(
    library: Library, caller: Caller, question: str, options: RetrieverOptions | None = None
) -> CitedAnswer:
    """An answer to `question` written by the office's model from the passages `caller` may see, each
    statement citing its passage as [n]. Raises AnswersOff when not configured or the endpoint fails."""
    llm = office_llm(library.settings)
    retriever = CasotecaRetriever(library, caller, options or RetrieverOptions(limit=5, per_document=2))
    engine = CitationQueryEngine(
        retriever=retriever,
        llm=llm,
        citation_chunk_size=CITATION_CHUNK_TOKENS,
        metadata_mode=MetadataMode.LLM,
    )
    response = engine.query(question)
    sources = [
        CitedSource(
            number=n,
            citation=str(s.node.metadata["citation"]),
            document_id=str(s.node.metadata["document_id"]),
            order=int(s.node.metadata["order"]),
            text=s.node.get_content(metadata_mode=MetadataMode.NONE),
        )
        for n, s in enumerate(response.source_nodes, 1)
    ]
    return CitedAnswer(text=str(response.response or ""), sources=sources)
