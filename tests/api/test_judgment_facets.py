"""A judgment's case number, court, decision date, offences and outcome, read at ingest, are facets and
filters of the search API and part of the document's answer (real model, embedded index)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from casoteca.app import create_app
from casoteca.settings import Settings
from tests.conftest import sign_in

CONVICTION = """SENTENCIA
Juicio No. 17282-2020-01011
UNIDAD JUDICIAL PENAL CON SEDE EN EL CANTÓN QUITO. Quito, lunes 8 de junio del 2020, a las 10h00.
VISTOS: El procesado fue llamado a juicio por el delito de trata de personas con fines de explotación laboral.
CONSIDERANDO: la prueba practicada en la audiencia de juicio sobre la captación de trabajadores en Ecuador.
ADMINISTRANDO JUSTICIA EN NOMBRE DEL PUEBLO SOBERANO DEL ECUADOR se declara la culpabilidad del procesado por
el delito de trata de personas y se le impone la pena privativa de libertad de trece años.
"""
ACQUITTAL = """SENTENCIA
Juicio No. 09290-2021-00673
TRIBUNAL DE GARANTÍAS PENALES CON SEDE EN EL CANTÓN GUAYAQUIL. Guayaquil, viernes 13 de mayo del 2022.
VISTOS: El procesado fue llamado a juicio por el delito de trata de personas con fines de explotación sexual.
CONSIDERANDO: la Fiscalía no probó la captación de las víctimas en Ecuador.
ADMINISTRANDO JUSTICIA EN NOMBRE DEL PUEBLO SOBERANO DEL ECUADOR se ratifica el estado de inocencia del
procesado; sentencia absolutoria.
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("judgments")
    for name, text in (("condena.txt", CONVICTION), ("absolucion.txt", ACQUITTAL)):
        (folder / name).write_text(text, encoding="utf-8")
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("api")))
    with TestClient(app) as test_client:
        sign_in(test_client)
        app.state.library.ingest_paths([Path(folder)])
        yield test_client


def test_outcome_and_court_are_facets_and_filters(client: TestClient) -> None:
    facets = client.get("/api/facets", params={"q": ""}).json()["facets"]
    assert {(f["value"], f["count"]) for f in facets["outcome"]} == {("conviction", 1), ("acquittal", 1)}
    assert {f["value"] for f in facets["court"]} == {
        "Unidad Judicial Penal con sede en el cantón Quito",
        "Tribunal de Garantías Penales con sede en el cantón Guayaquil",
    }
    hits = client.get("/api/search", params={"q": "trata de personas", "outcome": "acquittal"}).json()["hits"]
    assert hits and {hit["title"] for hit in hits} == {
        "Sentencia, Juicio No. 09290-2021-00673, Tribunal de Garantías Penales con sede en el cantón Guayaquil"
    }


def test_the_document_answer_carries_the_judgments_fields_flagged_as_inferred(client: TestClient) -> None:
    documents = client.get("/api/documents").json()["documents"]
    doc_id = next(d["id"] for d in documents if "17282-2020-01011" in d["title"])
    document = client.get(f"/api/documents/{doc_id}").json()
    meta = document["metadata"]
    assert (meta["kind"], meta["case_number"], meta["decision_date"], meta["outcome"], meta["year"]) == (
        "judgment",
        "17282-2020-01011",
        "2020-06-08",
        "conviction",
        2020,
    )
    assert meta["countries"] == ["Ecuador"] and meta["offences"][0].startswith("trata de personas")
    assert {"kind", "case_number", "court", "decision_date", "outcome", "countries"} <= set(
        document["inferred"]
    )
