"""Editors correct a document's metadata, uploads carry told metadata, re-uploads are duplicates: over
HTTP with the real model, the embedded index and real files."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from service.accounts import CLI
from tests.conftest import CASESTUDIES, sign_in

TEXT = CASESTUDIES / "es-republica-dominicana-yolas-trafico-maritimo.txt"
PDF = CASESTUDIES / "es-peru-mineria-la-rinconada-servidumbre-deudas.pdf"
QUERY = "yolas tráfico marítimo de migrantes"
TITLE = "Sentencia del tribunal de La Romana sobre tráfico ilícito de migrantes en yola"


def ingest_copy(
    client: TestClient, tmp_path: Path, sidecar: str = "owner_office: Test office\n"
) -> tuple[Path, str]:
    target = tmp_path / "in" / "caso.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEXT, target)
    (target.parent / "caso.meta.yaml").write_text(sidecar, encoding="utf-8")
    (line,) = client.app.state.library.ingest_paths([target])  # type: ignore[attr-defined]
    assert line.status in ("added", "updated")
    return target, str(line.document_id)


def first_hit(client: TestClient, **params: object) -> dict[str, object]:
    hits = client.get("/api/search", params={"q": QUERY, **params}).json()["hits"]
    assert hits, params
    return hits[0]


def test_a_correction_is_told_audited_and_survives_reingest_and_reparse(
    client: TestClient, tmp_path: Path
) -> None:
    path, doc_id = ingest_copy(client, tmp_path)
    before = client.get(f"/api/documents/{doc_id}").json()
    assert "countries" in before["inferred"]
    response = client.patch(
        f"/api/documents/{doc_id}",
        json={
            "title": f"  {TITLE} ",
            "kind": "judgment",
            "year": 2015,
            "countries": ["Dominican Republic", "Haiti"],
            "exploitation": ["smuggling"],
            "court": "Tribunal Colegiado de La Romana",
            "decision_date": "2015-06-30",
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["corrected"]["title"] == TITLE
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["title"] == TITLE and doc["metadata"]["kind"] == "judgment" and doc["metadata"]["year"] == 2015
    assert doc["metadata"]["countries"] == ["Dominican Republic", "Haiti"]
    assert not {"title", "kind", "year", "countries"} & set(doc["inferred"])
    hit = first_hit(client, kind="judgment", country="Haiti")
    assert hit["document_id"] == doc_id and hit["title"] == TITLE and hit["year"] == 2015
    page = client.get(f"/documents/{doc_id}").text
    assert TITLE in page and "Tribunal Colegiado de La Romana" in page

    event = client.app.state.library.audit.read(action="correct")[0]  # type: ignore[attr-defined]
    assert event["user"] == "admin@Test office" and event["detail"]["document_id"] == doc_id
    assert event["detail"]["fields"]["year"] == 2015

    # The file is told other things by a new sidecar: it is ingested again, the correction stays above them.
    ingest_copy(client, tmp_path, "owner_office: Test office\ntitle: Otro título\nyear: 2001\nkind: news\n")
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert (doc["title"], doc["metadata"]["year"], doc["metadata"]["kind"]) == (TITLE, 2015, "judgment")
    assert client.app.state.library.reindex(reparse=True)[1] == []  # type: ignore[attr-defined]
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert (doc["title"], doc["metadata"]["year"], doc["metadata"]["purpose"]) == (TITLE, 2015, ["smuggling"])
    assert first_hit(client, kind="judgment")["title"] == TITLE
    assert path.exists()


def test_who_may_correct_and_what_is_refused(client: TestClient, tmp_path: Path) -> None:
    _, doc_id = ingest_copy(client, tmp_path, "owner_office: Test office\nvisibility: network\n")
    bad = {"kind": "memo"}
    response = client.patch(f"/api/documents/{doc_id}", json=bad)
    assert response.status_code == 422 and response.json()["detail"].startswith("kind: 'memo' is not one of")
    assert (
        client.patch(f"/api/documents/{doc_id}", json={"year": 1234}).json()["detail"]
        == "year: 1234 is not a plausible year"
    )
    assert client.patch(f"/api/documents/{doc_id}", json={"decision_date": "30/06/2015"}).status_code == 422
    assert (
        client.patch(f"/api/documents/{doc_id}", json={"title": "   "}).json()["detail"]
        == "title: cannot be empty"
    )
    assert client.patch(f"/api/documents/{doc_id}", json={"colour": "red"}).status_code == 422
    assert client.patch(f"/api/documents/{doc_id}", json={}).status_code == 422

    sign_in(client, "reader", "Test office")
    response = client.patch(f"/api/documents/{doc_id}", json={"title": "No"})
    assert response.status_code == 403 and response.json()["detail"] == "this needs the editor role"
    assert "/metadata" not in client.get(f"/documents/{doc_id}").text
    sign_in(client, "editor", "Other office")
    assert client.patch(f"/api/documents/{doc_id}", json={"title": "No"}).status_code == 404
    sign_in(client, "editor", "Test office")
    assert f'action="/documents/{doc_id}/metadata"' in client.get(f"/documents/{doc_id}").text
    assert client.patch(f"/api/documents/{doc_id}", json={"title": "Sí", "visibility": "office"}).json() == {
        "id": doc_id,
        "corrected": {"title": "Sí"},
        "visibility": "office",
    }
    assert client.get(f"/api/documents/{doc_id}").json()["title"] == "Sí"


def test_the_document_page_form_corrects_only_what_changed(client: TestClient, tmp_path: Path) -> None:
    _, doc_id = ingest_copy(client, tmp_path)
    doc = client.get(f"/api/documents/{doc_id}").json()
    form = {
        "title": doc["title"],
        "kind": "report",
        "countries": ", ".join(doc["metadata"]["countries"]),
        "year": "2019",
        "offences": "Art. 2 Ley 137-03\ntráfico ilícito de migrantes",
    }
    response = client.post(f"/documents/{doc_id}/metadata", data=form, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/documents/{doc_id}"
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["metadata"]["corrections"] == {
        "kind": "report",
        "year": 2019,
        "offences": ["Art. 2 Ley 137-03", "tráfico ilícito de migrantes"],
    }
    assert "countries" in doc["inferred"]  # sent unchanged: still inferred
    refused = client.post(f"/documents/{doc_id}/metadata", data={"year": "dos mil"})
    assert refused.status_code == 422 and "year: &#39;dos mil&#39; is not a year" in refused.text


def test_upload_takes_told_metadata_and_a_re_upload_is_a_duplicate(client: TestClient) -> None:
    sent = client.post(
        "/api/documents",
        files=[("files", (PDF.name, PDF.read_bytes()))],
        data={
            "title": "Informe sobre La Rinconada",
            "kind": "report",
            "countries": "Peru, Bolivia",
            "year": "2019",
            "visibility": "network",
        },
    )
    assert sent.status_code == 201, sent.text
    (line,) = sent.json()["documents"]
    assert line["status"] == "added" and line["title"] == "Informe sobre La Rinconada"
    doc = client.get(f"/api/documents/{line['document_id']}").json()
    assert (doc["metadata"]["kind"], doc["metadata"]["countries"], doc["metadata"]["year"]) == (
        "report",
        ["Peru", "Bolivia"],
        2019,
    )
    assert not {"title", "kind", "countries", "year"} & set(doc["inferred"])

    for name in ("copia.pdf", PDF.name):
        again = client.post("/api/documents", files=[("files", (name, PDF.read_bytes()))]).json()["documents"]
        assert again == [
            {
                "path": name,
                "status": "duplicate",
                "document_id": line["document_id"],
                "passages": line["passages"],
                "error": None,
                "reason": None,
                "title": "Informe sobre La Rinconada",
                "corrected": [],
                "note": None,
            }
        ]
    doc = client.get(f"/api/documents/{line['document_id']}").json()
    assert [(s["name"], s["via"]) for s in doc["sources"]] == [(PDF.name, "upload"), ("copia.pdf", "upload")]
    page = client.post("/upload", files=[("files", ("otra.pdf", PDF.read_bytes()))]).text
    assert "already in the base as" in page and "Informe sobre La Rinconada" in page
    assert len(client.app.state.library.summaries(caller=CLI)) == 1  # type: ignore[attr-defined]

    refused = client.post(
        "/api/documents", files=[("files", ("x.txt", b"uno dos tres cuatro"))], data={"kind": "memo"}
    )
    assert refused.status_code == 422 and refused.json()["detail"].startswith("kind: 'memo'")
    assert (
        client.post(
            "/upload", files=[("files", ("x.txt", b"uno dos tres cuatro"))], data={"year": "1234"}
        ).status_code
        == 422
    )


def test_a_re_upload_with_told_metadata_corrects_the_document_it_duplicates(client: TestClient) -> None:
    (line,) = client.post(
        "/api/documents", files=[("files", (PDF.name, PDF.read_bytes()))], data={"visibility": "network"}
    ).json()["documents"]
    assert line["status"] == "added"
    told = {"title": "Informe sobre La Rinconada", "kind": "report", "countries": "Peru", "year": "2019"}
    (again,) = client.post(
        "/api/documents", files=[("files", ("copia.pdf", PDF.read_bytes()))], data=told
    ).json()["documents"]
    assert again["status"] == "duplicate" and again["document_id"] == line["document_id"]
    assert again["title"] == "Informe sobre La Rinconada" and again["note"] is None
    doc = client.get(f"/api/documents/{line['document_id']}").json()
    assert set(again["corrected"]) <= {"title", "kind", "countries", "year"} and "title" in again["corrected"]
    assert (doc["title"], doc["metadata"]["kind"], doc["metadata"]["countries"], doc["metadata"]["year"]) == (
        "Informe sobre La Rinconada",
        "report",
        ["Peru"],
        2019,
    )
    assert not {"title", "kind", "countries", "year"} & set(doc["inferred"])
    event = client.app.state.library.audit.read(action="upload")[0]  # type: ignore[attr-defined]
    assert event["detail"]["files"][0]["corrected"] == again["corrected"]

    page = client.post(
        "/upload",
        files=[("files", ("otra.pdf", PDF.read_bytes()))],
        data={"title": "Informe de La Rinconada, Puno"},
    ).text
    assert "corrected with what you told" in page and "Title" in page
    assert (
        client.get(f"/api/documents/{line['document_id']}").json()["title"] == "Informe de La Rinconada, Puno"
    )

    sign_in(client, "editor", "Office B")  # sees the network document, may not correct it
    (other,) = client.post(
        "/api/documents", files=[("files", ("suya.pdf", PDF.read_bytes()))], data={"year": "2001"}
    ).json()["documents"]
    assert other["status"] == "duplicate" and other["corrected"] == []
    assert other["note"].startswith("told year not applied: only an editor of the office that owns")
    assert client.get(f"/api/documents/{line['document_id']}").json()["metadata"]["year"] == 2019


def test_a_re_upload_never_reveals_another_offices_private_document(client: TestClient) -> None:
    sign_in(client, "editor", "Office A")
    mine = client.post(
        "/api/documents", files=[("files", (PDF.name, PDF.read_bytes()))], data={"visibility": "office"}
    ).json()["documents"][0]
    sign_in(client, "editor", "Office B")
    theirs = client.post("/api/documents", files=[("files", (PDF.name, PDF.read_bytes()))]).json()[
        "documents"
    ][0]
    assert theirs["status"] == "added" and theirs["document_id"] != mine["document_id"]


def test_a_new_version_of_an_upload_that_copies_another_document_joins_it(client: TestClient) -> None:
    def send(name: str, data: bytes) -> dict[str, object]:
        return client.post("/api/documents", files=[("files", (name, data))]).json()["documents"][0]

    first = send(
        "acta.txt", b"Acta de la reunion de coordinacion entre fiscalias sobre trata laboral en Salta."
    )
    other = send("informe.txt", TEXT.read_bytes())
    again = send("acta.txt", TEXT.read_bytes())  # the file named acta.txt now holds the other one's bytes
    assert (again["status"], again["document_id"]) == ("duplicate", other["document_id"])
    assert client.get(f"/api/documents/{first['document_id']}").status_code == 404
    sources = client.get(f"/api/documents/{other['document_id']}").json()["sources"]
    assert [s["name"] for s in sources] == ["informe.txt", "acta.txt"]
