"""Alerts end to end on the real model and the real embedded store: a saved search or draft of one office's
prosecutor, documents uploaded by another office, what arrives in the inbox, by e-mail and by webhook, and
what never does (old documents, documents the owner may not see, duplicates, more than the daily cap)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from casoteca.settings import Settings
from service.alerts import AlertError
from service.alerts.book import now
from service.alerts.match import Incoming, SearchIndex, check_coverage
from service.library import Library
from tests.conftest import CASESTUDIES

pytestmark = pytest.mark.slow

SOCIAL_MEDIA_PT = "pt-brasil-aliciamento-redes-sociais-portugal-espanha.pdf"
TEXTILE_PT = "pt-brasil-oficinas-costura-sao-paulo-bolivianos.pdf"
TEXTILE_ES = "es-argentina-talleres-textiles-costureros-bolivianos.pdf"
OFF_TOPIC = "en-dominican-republic-sea-smuggling-interdiction.md"
SEA_ES = "es-republica-dominicana-yolas-trafico-maritimo.txt"
QUERY = "captación de mujeres por redes sociales con falsas ofertas de trabajo en el extranjero"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    data = tmp_path_factory.mktemp("alerts") / "data"
    library = Library(Settings(data_dir=data, alerts_retry_seconds=1.0))
    library.accounts.add_office("Fiscalía A")
    library.accounts.add_office("Procuradoria B")
    library.accounts.add_user("ana", "a long enough password", "Fiscalía A", "editor")
    library.accounts.add_user("bruno", "a long enough password", "Procuradoria B", "editor")
    library.ingest_paths([CASESTUDIES / SEA_ES])  # in the base before any alert
    yield library
    library.close()


def caller(library: Library, name: str) -> Any:
    found = library.accounts.caller_for(name, "api_key")
    assert found is not None
    return found


def upload(
    library: Library, name: str, who: str = "bruno", visibility: str = "network", as_name: str = ""
) -> str:
    data = (CASESTUDIES / name).read_bytes()
    lines = library.ingest_upload(as_name or name, data, caller=caller(library, who), visibility=visibility)
    assert lines[0].status in ("added", "duplicate"), lines
    return str(lines[0].document_id)


def fresh(library: Library) -> None:
    """Every alert and match gone: each test starts with an empty book."""
    for owner in library.alerts.book.owners():
        for alert in library.alerts.book.of(owner):
            library.alerts.book.remove(alert.id)


def test_a_saved_search_reports_a_new_case_in_another_language_with_its_passages(library: Library) -> None:
    fresh(library)
    ana = caller(library, "ana")
    alert = library.alerts.create(ana, "search", query=QUERY)
    assert library.alerts.inbox(ana) == []  # the base's past is never reported
    unrelated = upload(library, OFF_TOPIC)
    matching = upload(library, SOCIAL_MEDIA_PT)
    inbox = library.alerts.inbox(ana)
    assert [hit.document_id for hit in inbox] == [matching], [h.title for h in inbox]
    assert unrelated not in {hit.document_id for hit in inbox}
    hit = inbox[0]
    assert hit.alert_id == alert.id and not hit.read and hit.title
    assert hit.evidence and all(e["text"] and e["page_start"] >= 1 for e in hit.evidence)
    assert library.alerts.unread(ana) == 1
    assert library.alerts.mark_read(ana) == 1 and library.alerts.unread(ana) == 0
    # The same file again (under another name) is a duplicate: no second match.
    upload(library, SOCIAL_MEDIA_PT, as_name="copy.pdf")
    assert len(library.alerts.inbox(ana)) == 1
    # Someone else's inbox holds nothing of ana's alert.
    assert library.alerts.inbox(caller(library, "bruno")) == []


def test_a_document_the_owner_may_not_see_is_never_reported(library: Library) -> None:
    fresh(library)
    ana = caller(library, "ana")
    library.alerts.create(
        ana, "search", query="trabalho escravo em oficinas de costura com imigrantes bolivianos"
    )
    doc_id = upload(library, TEXTILE_PT, visibility="office")  # only Procuradoria B may see it
    assert library.alerts.inbox(ana) == []
    assert library.alerts.book.hits([a.id for a in library.alerts.alerts(ana)]) == []
    library.delete(doc_id)


def test_a_document_shared_to_fewer_people_after_it_matched_is_not_delivered(library: Library) -> None:
    fresh(library)
    ana, bruno = caller(library, "ana"), caller(library, "bruno")
    library.alerts.create(
        ana,
        "search",
        query="talleres textiles clandestinos con costureros bolivianos",
        webhook="http://127.0.0.1:9/never",
    )
    doc_id = upload(library, TEXTILE_ES)
    assert [h.document_id for h in library.alerts.inbox(ana)] == [doc_id]
    assert library.share(doc_id, "office", bruno) is not None  # now only Procuradoria B sees it
    assert library.alerts.inbox(ana) == []
    assert library.alerts.run_due()["dropped"] == 1  # the queued webhook call goes nowhere
    assert library.alerts.book.pending() == 0
    library.delete(doc_id)


class Receiver(BaseHTTPRequestHandler):
    calls: ClassVar[list[tuple[dict[str, str], bytes]]] = []
    fail_first = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.calls.append((dict(self.headers), body))
        status = 500 if Receiver.fail_first > 0 else 200
        Receiver.fail_first -= 1
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.calls, Receiver.fail_first = [], 1
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()
    server.server_close()


def test_a_webhook_is_signed_and_tried_again_after_a_failure(library: Library, receiver: str) -> None:
    fresh(library)
    ana = caller(library, "ana")
    alert = library.alerts.create(
        ana, "search", query="trabajo forzoso a bordo de buques pesqueros", webhook=receiver
    )
    doc_id = upload(library, "pt-brasil-pesca-trabalho-escravo-barcos.md")
    first = library.alerts.run_due()
    assert first["failed"] == 1 and len(Receiver.calls) == 1  # the receiver answered 500
    assert library.alerts.run_due()["sent"] == 0  # not due again yet
    second = library.alerts.run_due(now() + timedelta(seconds=5))
    assert second["sent"] == 1 and len(Receiver.calls) == 2
    headers, body = Receiver.calls[-1]
    expected = "sha256=" + hmac.new(alert.secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Casoteca-Signature"] == expected
    payload = json.loads(body)
    assert payload["alert_id"] == alert.id and [i["document_id"] for i in payload["items"]] == [doc_id]
    assert payload["items"][0]["evidence"]


def test_an_email_goes_through_the_offices_smtp_server(tmp_path: Path) -> None:
    from aiosmtpd.controller import Controller

    received: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(envelope)
            return "250 OK"

    from tests.server import free_port

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = Settings(
            data_dir=tmp_path / "data",
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_security="none",
            smtp_sender="alertas@fiscalia.example",
            public_url="https://casoteca.example",
        )
        library = Library(settings)
        try:
            library.accounts.add_user("carla", "a long enough password", "Fiscalía A", "editor")
            carla = caller(library, "carla")
            library.alerts.create(
                carla,
                "search",
                query="mendicidad forzada de niños en la calle",
                email="carla@fiscalia.example",
            )
            doc_id = upload(library, "pt-portugal-mendicidade-forcada-criancas.docx", who="carla")
            assert library.alerts.run_due()["sent"] == 1
        finally:
            library.close()
    finally:
        controller.stop()
    assert len(received) == 1 and received[0].rcpt_tos == ["carla@fiscalia.example"]
    text = received[0].content.decode("utf-8", "replace")
    assert f"https://casoteca.example/documents/{doc_id}" in text


def test_a_daily_alert_sends_one_digest_and_a_cap_keeps_the_flood_out(
    library: Library, receiver: str
) -> None:
    fresh(library)
    Receiver.fail_first = 0
    ana = caller(library, "ana")
    alert = library.alerts.create(
        ana, "search", query="trata de personas", frequency="daily", webhook=receiver
    )
    first = upload(library, "es-ecuador-mendicidad-forzada-ninos.txt")
    second = upload(library, "es-guatemala-criminalidad-forzada-maras.txt")
    matched = [h.document_id for h in library.alerts.inbox(ana)]
    assert set(matched) == {first, second}
    assert library.alerts.run_due()["sent"] == 0 and Receiver.calls == []  # not a day yet
    counts = library.alerts.run_due(now() + timedelta(days=1, minutes=1))
    assert counts["digests"] == 1 and counts["sent"] == 1
    payload = json.loads(Receiver.calls[0][1])
    assert {i["document_id"] for i in payload["items"]} == {first, second}
    # A cap of one match a day: of two new documents, the second is not kept.
    library.alerts.cap = 1
    try:
        capped = library.alerts.create(ana, "search", query="trata de personas con fines de explotación")
        library.alerts.promoted([first, second])
        assert len(library.alerts.book.hits([capped.id])) == 1
    finally:
        library.alerts.cap = library.settings.alerts_daily_cap
    assert alert.id != capped.id


def test_a_saved_draft_reports_its_twin_told_in_another_language(library: Library) -> None:
    fresh(library)
    ana = caller(library, "ana")
    text = "\n\n".join(
        p.text for p in library.kb.document(upload(library, TEXTILE_ES, who="ana"), None).passages[:6]
    )
    alert = library.alerts.create(ana, "draft", text=text)
    assert alert.vectors is not None and alert.vectors.shape[0] >= 1
    twin = upload(library, TEXTILE_PT, as_name="oficinas.pdf")
    other = upload(library, "es-panama-darien-trafico-migrantes.html")
    hits = {h.document_id: h for h in library.alerts.inbox(ana)}
    assert twin in hits and other not in hits
    evidence = hits[twin].evidence[0]
    assert evidence["draft_passage"]["text"] and evidence["match_passage"]["text"] and evidence["score"] > 0.3
    for doc_id in (twin, other, *(h.document_id for h in library.alerts.inbox(ana))):
        library.delete(doc_id)
    for line in library.summaries(caller=caller(library, "ana")):
        if line.title and "textil" in line.title.lower():
            library.delete(line.id)


def test_an_entity_alert_reports_another_case_that_names_the_same_phone(library: Library) -> None:
    from index.entities import entity_id

    fresh(library)
    ana = caller(library, "ana")
    upload(library, "en-paraguay-argentina-fake-job-offers-social-media.html", who="ana")
    phone = entity_id("phone:+595985412907")  # the recruiter's number in the Paraguayan case (fictional)
    alert = library.alerts.create(ana, "entity", entity_id=phone)
    assert alert.query == "+595985412907"
    argentine = upload(library, TEXTILE_ES)  # another office's case naming the same number
    inbox = library.alerts.inbox(ana)
    assert [h.document_id for h in inbox] == [argentine]
    assert any("412" in e["text"] for e in inbox[0].evidence)


def test_the_batched_share_of_words_is_the_searchs_own(library: Library) -> None:
    fresh(library)
    ana = caller(library, "ana")
    alerts = [
        library.alerts.create(ana, "search", query=q)
        for q in (QUERY, "trabajo forzoso en la pesca", "smuggling of migrants by sea", "tráfico de pessoas")
    ]
    from index.similar import passages_of

    passages, facets = passages_of(library.kb.store, upload(library, SEA_ES))
    assert check_coverage(SearchIndex(alerts), Incoming("x", facets, passages)) < 1e-6


def test_bad_alerts_are_refused_with_a_reason(library: Library) -> None:
    ana = caller(library, "ana")
    for kwargs, words in (
        ({"kind": "search", "query": ""}, "needs a query"),
        ({"kind": "search", "query": "x", "filters": {"colour": ["red"]}}, "unknown filter"),
        ({"kind": "search", "query": "x", "filters": {"year_from": 2020, "year_to": 2010}}, "after"),
        ({"kind": "search", "query": "x", "frequency": "hourly"}, "frequency"),
        ({"kind": "search", "query": "x", "email": "not-an-address"}, "e-mail"),
        ({"kind": "search", "query": "x", "webhook": "file:///etc/passwd"}, "http"),
        ({"kind": "draft", "text": "  "}, "text or a file"),
        ({"kind": "entity", "entity_id": "phone:+595981123456"}, "no entity"),
        ({"kind": "nonsense"}, "unknown kind"),
    ):
        with pytest.raises(AlertError, match=words):
            library.alerts.create(ana, **kwargs)
    from service.accounts import ANONYMOUS

    with pytest.raises(AlertError, match="sign in"):
        library.alerts.create(ANONYMOUS, "search", query="trata")
