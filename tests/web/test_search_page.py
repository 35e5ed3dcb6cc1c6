"""The search page over the real model and the embedded index: cards, paging, facets that narrow, nothing found."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from casoteca.app import create_app
from casoteca.settings import Settings
from tests.conftest import CASESTUDIES, sign_in

SAMPLES = [
    "es-peru-mineria-la-rinconada-servidumbre-deudas.pdf",
    "pt-brasil-garimpo-para-servidao-por-dividas.docx",
    "en-good-practice-mining-debt-bondage-investigations.md",
    "es-bolivia-trata-laboral-castana-riberalta.pdf",
    "es-republica-dominicana-yolas-trafico-maritimo.txt",
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("page"), per_document=3))
    with TestClient(app) as test_client:
        sign_in(test_client)
        app.state.library.ingest_paths([CASESTUDIES / name for name in SAMPLES])
        yield test_client


@pytest.mark.parametrize(
    ("lang", "message"),
    [("es", "Ningún pasaje coincide"), ("pt", "Nenhum trecho corresponde"), ("en", "No passage matches")],
)
def test_nonsense_says_no_passage_matches_and_what_to_try(
    client: TestClient, lang: str, message: str
) -> None:
    html = client.get("/", params={"q": "zzqxv qwrtp", "lang": lang}).text
    assert message in html and 'article class="card"' not in html


def test_one_card_per_document_with_its_other_passages(client: TestClient) -> None:
    html = client.get("/", params={"q": "servidumbre por deudas", "lang": "en"}).text
    titles = re.findall(r'<h2><a href="/documents/([0-9a-f-]+)#p\d+">', html)
    assert len(titles) >= 3 and len(titles) == len(set(titles))
    assert "more passages in this document" in html


def test_a_facet_value_narrows_the_results(client: TestClient) -> None:
    html = client.get("/", params={"q": "servidumbre por deudas", "lang": "en"}).text
    link = re.search(r'<a class="facet-value" href="([^"]*language=pt[^"]*)"', html)
    assert link is not None
    narrowed = client.get(link.group(1).replace("&amp;", "&")).text
    assert 'lang="pt"' in narrowed and 'p class="passage" lang="es"' not in narrowed
    assert 'aria-current="true"' in narrowed


def test_every_extra_passage_is_cited_and_can_be_added_to_a_casebook(client: TestClient) -> None:
    html = client.get("/", params={"q": "servidumbre por deudas", "lang": "en"}).text
    extras = re.findall(r'<blockquote lang="\w+">(.*?)</blockquote>', html, re.DOTALL)
    assert extras
    for extra in extras:
        order = re.search(r'href="/documents/([0-9a-f-]+)#p(\d+)"', extra)
        assert order is not None and "<cite>" in extra and "/file#page=" in extra
        assert f'name="order" value="{order.group(2)}"' in extra and 'action="/casebooks/add"' in extra


def test_scores_on_the_page_follow_the_order_of_the_cards(client: TestClient) -> None:
    html = client.get("/", params={"q": "servidumbre por deudas en la minería", "lang": "en"}).text
    cards = re.findall(r'<article class="card">(.*?)</article>', html, re.DOTALL)
    scores = [float(re.findall(r"relevance ([0-9.]+)", card)[0]) for card in cards]
    assert len(scores) >= 3 and scores == sorted(scores, reverse=True)
