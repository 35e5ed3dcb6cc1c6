"""Casoteca as a llama-index retriever (service/retriever.py) and its cited answers against an
OpenAI-compatible endpoint (service/answers.py), served here by a fake on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from casoteca.settings import Settings
from service.accounts import ANONYMOUS, CLI, Caller
from service.answers import AnswersOff, cited_answer
from service.library import Library
from service.retriever import CasotecaRetriever, RetrieverOptions
from tests.conftest import CASESTUDIES

# Plain-text and Markdown files (no OCR): public, network and one office-only case.
FILES = [
    "es-republica-dominicana-yolas-trafico-maritimo.txt",
    "en-dominican-republic-sea-smuggling-interdiction.md",
    "es-ecuador-mendicidad-forzada-ninos.txt",
    "pt-brasil-pesca-trabalho-escravo-barcos.md",
    "es-guatemala-criminalidad-forzada-maras.txt",
]
OFFICE_ONLY = "es-guatemala-criminalidad-forzada-maras.txt"
GANGS = "adolescentes obligados por pandillas a cobrar extorsiones"
READER_ELSEWHERE = Caller("reader@elsewhere", office="Fiscalía de otro país", role="reader", via="api_key")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = Library(Settings(data_dir=tmp_path_factory.mktemp("retriever") / "data"))
    report = library.ingest_paths([CASESTUDIES / name for name in FILES])
    assert {line.status for line in report} == {"added"}
    yield library
    library.close()


@pytest.fixture(scope="module")
def ids(library: Library) -> dict[str, str]:
    return {d.source_name: d.id for d in library.summaries(caller=CLI)}


def test_a_node_is_a_passage_with_its_citation(library: Library, ids: dict[str, str]) -> None:
    nodes = CasotecaRetriever(library, CLI).retrieve("yolas que cruzan el Canal de la Mona hacia Puerto Rico")
    top = nodes[0]
    meta = top.node.metadata
    doc = library.get(ids["es-republica-dominicana-yolas-trafico-maritimo.txt"], caller=CLI)
    assert meta["document_id"] == doc.id
    passage = doc.passage(meta["order"])
    assert passage is not None and top.node.get_content() == passage.text
    assert top.node.node_id == f"{doc.id}:{meta['order']}"
    assert meta["citation"].startswith(f"{doc.title} (")
    assert "Dominican Republic" in meta["citation"] and f"p. {passage.page_start}" in meta["citation"]
    assert 0 < top.score <= 1 and [n.score for n in nodes] == sorted((n.score for n in nodes), reverse=True)
    # the prompt an LLM sees carries the citation, not the ids
    llm_text = top.node.get_content(metadata_mode="llm")  # type: ignore[arg-type]
    assert meta["citation"] in llm_text and doc.id not in llm_text


def test_a_caller_retrieves_only_what_they_may_see(library: Library, ids: dict[str, str]) -> None:
    restricted = ids[OFFICE_ONLY]
    admin = [n.node.metadata["document_id"] for n in CasotecaRetriever(library, CLI).retrieve(GANGS)]
    assert admin[0] == restricted
    elsewhere = CasotecaRetriever(library, READER_ELSEWHERE, RetrieverOptions(limit=10, per_document=3))
    assert restricted not in {n.node.metadata["document_id"] for n in elsewhere.retrieve(GANGS)}
    public = {
        ids["es-republica-dominicana-yolas-trafico-maritimo.txt"],
        ids["en-dominican-republic-sea-smuggling-interdiction.md"],
    }
    anonymous = CasotecaRetriever(library, ANONYMOUS, RetrieverOptions(limit=10)).retrieve(
        "trata de personas y tráfico"
    )
    assert anonymous and {n.node.metadata["document_id"] for n in anonymous} <= public
    events = [json.loads(line) for line in library.audit.path.read_text(encoding="utf-8").splitlines()]
    assert any(
        e["action"] == "search"
        and e["user"] == READER_ELSEWHERE.name
        and e["detail"].get("client") == "llama-index"
        for e in events
    )


def test_filters_and_passages_per_document(library: Library, ids: dict[str, str]) -> None:
    options = RetrieverOptions(limit=5, per_document=3)
    options.filters.languages = ["en"]
    nodes = CasotecaRetriever(library, CLI, options).retrieve("maritime smuggling of migrants")
    assert nodes and {n.node.metadata["language"] for n in nodes} == {"en"}
    assert {n.node.metadata["document_id"] for n in nodes} == {
        ids["en-dominican-republic-sea-smuggling-interdiction.md"]
    }
    assert 1 < len(nodes) <= 3


class FakeOfficeModel(BaseHTTPRequestHandler):
    """An OpenAI-compatible /v1/chat/completions that records what it was sent and cites source 1."""

    seen: ClassVar[list[dict[str, Any]]] = []
    fail: ClassVar[bool] = False

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        if type(self).fail:
            self.send_response(500)
            self.end_headers()
            return
        answer = json.dumps(
            {
                "id": "x",
                "object": "chat.completion",
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {
                            "role": "assistant",
                            "content": "The organiser recruited the passengers [1].",
                        },
                    }
                ],
            }
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer.encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    FakeOfficeModel.seen, FakeOfficeModel.fail = [], False
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOfficeModel)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def answering(library: Library, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    configured = library.settings.model_copy(
        update={"answer_url": url, "answer_model": "office-llm", "answer_api_key": "s3cret-key"}
    )
    monkeypatch.setattr(library, "settings", configured)


def test_cited_answers_are_off_by_default(library: Library) -> None:
    assert Settings(data_dir=Path("unused")).answer_url == ""
    with pytest.raises(AnswersOff, match="CASOTECA_ANSWER_URL"):
        cited_answer(library, CLI, "¿Quién organizaba los viajes?")


def test_a_cited_answer_numbers_the_passages_it_was_given(
    library: Library, endpoint: str, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answering(library, endpoint, monkeypatch)
    answer = cited_answer(library, CLI, "¿Cómo captaba el organizador a los pasajeros de las yolas?")
    assert answer.text == "The organiser recruited the passengers [1]."
    assert [s.number for s in answer.sources] == list(range(1, len(answer.sources) + 1))
    first = answer.sources[0]
    assert first.document_id in {
        ids["es-republica-dominicana-yolas-trafico-maritimo.txt"],
        ids["en-dominican-republic-sea-smuggling-interdiction.md"],
    }
    assert first.citation.startswith(library.get(first.document_id, caller=CLI).title)
    (call,) = FakeOfficeModel.seen
    assert call["path"] == "/v1/chat/completions" and call["auth"] == "Bearer s3cret-key"
    assert call["body"]["model"] == "office-llm"
    prompt = call["body"]["messages"][0]["content"]
    assert "Source 1:" in prompt and first.citation in prompt and first.text[:200] in prompt


def test_the_model_never_reads_what_the_caller_may_not_see(
    library: Library, endpoint: str, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answering(library, endpoint, monkeypatch)
    restricted = library.get(ids[OFFICE_ONLY], caller=CLI)
    cited_answer(library, READER_ELSEWHERE, GANGS)
    cited_answer(library, CLI, GANGS)
    elsewhere, admin = (call["body"]["messages"][0]["content"] for call in FakeOfficeModel.seen)
    opening = restricted.passages[0].text[:120]
    assert opening in admin  # the same question, asked by who may see the case, sends it
    assert opening not in elsewhere and restricted.title not in elsewhere


def test_a_failing_endpoint_is_a_clear_error_without_the_key(
    library: Library, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    answering(library, endpoint, monkeypatch)
    FakeOfficeModel.fail = True
    with pytest.raises(AnswersOff) as raised:
        cited_answer(library, CLI, "¿Quién organizaba los viajes?")
    assert endpoint in str(raised.value) and "s3cret-key" not in str(raised.value)
