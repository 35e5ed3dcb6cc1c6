"""The same bytes are one document listing every source, over the real model, embedded index and files."""

from __future__ import annotations

import email
import email.policy
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import service.documents
from casoteca.cli import main
from casoteca.settings import Settings
from index.similar import SimilarRequest
from service.access import ANONYMOUS, Caller
from service.accounts import CLI
from service.library import DocumentSource, Library
from tests.conftest import CASESTUDIES

DOCX = CASESTUDIES / "es-uruguay-trabajo-forzoso-pesca.docx"
EML = CASESTUDIES / "es-chile-equipo-conjunto-investigacion-bolivia.eml"
TEXT = CASESTUDIES / "es-republica-dominicana-yolas-trafico-maritimo.txt"


@pytest.fixture
def library(settings: Settings) -> Iterator[Library]:
    lib = Library(settings)
    yield lib
    lib.close()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the pipeline parsed (and would OCR), in order."""
    seen: list[str] = []
    real = service.documents.build_document

    def counting(source: Any, **options: Any) -> Any:
        seen.append(source.name)
        return real(source, **options)

    monkeypatch.setattr(service.documents, "build_document", counting)
    return seen


def copies(tmp_path: Path, original: Path, *names: str) -> list[Path]:
    out = []
    for name in names:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original, target)
        out.append(target)
    return out


def test_same_bytes_from_two_paths_are_one_document_with_two_sources(
    tmp_path: Path, library: Library, parses: list[str]
) -> None:
    first, second = copies(tmp_path, DOCX, "office-a/informe.docx", "office-b/copia de informe.docx")
    report = library.ingest_paths([first.parent, second.parent])
    assert [line.status for line in report] == ["added", "duplicate"]
    assert report[1].document_id == report[0].document_id and report[1].title == report[0].title
    assert parses == ["informe.docx"]  # the copy was recognised before parsing
    assert len(library.summaries(caller=CLI)) == 1
    doc = library.get(report[0].document_id, caller=CLI)
    assert doc is not None
    assert [s.path for s in doc.sources] == [first.resolve().as_posix(), second.resolve().as_posix()]
    # Both paths again: nothing to do for either.
    again = library.ingest_paths([first, second])
    assert [line.status for line in again] == ["unchanged", "unchanged"]
    assert {line.document_id for line in again} == {report[0].document_id}
    assert parses == ["informe.docx"]


def test_an_attachment_also_ingested_alone_is_one_document(
    library: Library, tmp_path: Path, parses: list[str]
) -> None:
    message = email.message_from_bytes(EML.read_bytes(), policy=email.policy.default)
    attachment = next(iter(message.iter_attachments()))  # type: ignore[attr-defined]
    alone = tmp_path / "suelto.pdf"
    alone.write_bytes(attachment.get_content())
    report = library.ingest_paths([alone, EML])
    assert [line.status for line in report] == ["added", "added", "duplicate"]
    pdf_id, eml_id, copy = report[0].document_id, report[1].document_id, report[2]
    assert copy.document_id == pdf_id and copy.path.endswith("> " + attachment.get_filename())
    assert parses == ["suelto.pdf", EML.name]  # the attachment was not parsed a second time
    assert len(library.summaries(caller=CLI)) == 2
    doc = library.get(pdf_id, caller=CLI)
    assert doc is not None
    e_mail = library.get(eml_id, caller=CLI)
    assert e_mail is not None
    assert doc.sources[1] == DocumentSource(
        key=f"{EML.resolve().as_posix()}#{attachment.get_filename()}",
        name=attachment.get_filename(),
        path="",
        via="attachment",
        of=e_mail.title,
        parent=eml_id,
    )


@pytest.mark.parametrize("order", ["file first", "e-mail first"])
def test_an_e_mail_and_its_attachment_are_one_case_file_not_comparable_cases(
    library: Library, tmp_path: Path, order: str
) -> None:
    message = email.message_from_bytes(EML.read_bytes(), policy=email.policy.default)
    alone = tmp_path / "suelto.pdf"
    alone.write_bytes(next(iter(message.iter_attachments())).get_content())  # type: ignore[attr-defined]
    other = CASESTUDIES / "pt-brasil-oficinas-costura-sao-paulo-bolivianos.pdf"
    paths = [alone, EML, other] if order == "file first" else [EML, alone, other]
    report = library.ingest_paths(paths)
    by_name = {line.path.rsplit("/", 1)[-1]: line.document_id for line in report}
    pdf_id, eml_id, other_id = by_name["suelto.pdf"], by_name[EML.name], by_name[other.name]
    assert pdf_id and eml_id and other_id and len({pdf_id, eml_id, other_id}) == 3

    assert [(e.document_id, e.relation) for e in library.case_file(pdf_id, caller=CLI)] == [
        (eml_id, "attached_to")
    ]
    assert [(e.document_id, e.relation) for e in library.case_file(eml_id, caller=CLI)] == [
        (pdf_id, "attachment")
    ]
    assert library.case_file(other_id, caller=CLI) == []
    request = SimilarRequest(limit=10)
    found = [case.document_id for case in library.similar(pdf_id, request, caller=CLI) or []]
    assert other_id in found and eml_id not in found  # its own e-mail is not a comparable case
    found = [case.document_id for case in library.similar(eml_id, request, caller=CLI) or []]
    assert other_id in found and pdf_id not in found
    found = [case.document_id for case in library.similar(other_id, request, caller=CLI) or []]
    assert {pdf_id, eml_id} <= set(found)  # for a third case both stay comparable


def test_the_case_file_lists_only_what_the_caller_may_see(library: Library, tmp_path: Path) -> None:
    message = email.message_from_bytes(EML.read_bytes(), policy=email.policy.default)
    alone = tmp_path / "suelto.pdf"
    alone.write_bytes(next(iter(message.iter_attachments())).get_content())  # type: ignore[attr-defined]
    report = library.ingest_paths([alone, EML])
    by_name = {line.path.rsplit("/", 1)[-1]: line.document_id for line in report}
    pdf_id, eml_id = by_name["suelto.pdf"], by_name[EML.name]
    assert pdf_id and eml_id
    library.kb.set_visibility(pdf_id, "network", "Fiscalía A")  # the attachment is shared with the network
    library.kb.set_visibility(eml_id, "office", "Fiscalía A")  # its cover e-mail stays in office A
    own, other = Caller("ana", office="Fiscalía A"), Caller("bruno", office="Fiscalía B")
    assert [e.document_id for e in library.case_file(pdf_id, caller=own)] == [eml_id]
    assert library.case_file(pdf_id, caller=other) == []  # B is not told an e-mail it may not read exists
    assert library.case_file(pdf_id, caller=ANONYMOUS) == []


def test_a_file_ingested_after_the_e_mail_that_carried_it_is_a_duplicate(
    library: Library, tmp_path: Path
) -> None:
    message = email.message_from_bytes(EML.read_bytes(), policy=email.policy.default)
    alone = tmp_path / "suelto.pdf"
    alone.write_bytes(next(iter(message.iter_attachments())).get_content())  # type: ignore[attr-defined]
    report = library.ingest_paths([EML, alone])
    assert [line.status for line in report] == ["added", "added", "duplicate"]
    assert report[2].document_id == report[1].document_id
    doc = library.get(str(report[1].document_id), caller=CLI)
    assert doc is not None
    assert [s.via for s in doc.sources] == ["attachment", "file"]


def test_a_changed_file_replaces_its_document_and_a_copy_left_behind_becomes_its_own(
    tmp_path: Path, library: Library
) -> None:
    first, second = copies(tmp_path, TEXT, "a/caso.txt", "b/caso.txt")
    doc_id = library.ingest_paths([first, second])[0].document_id
    first.write_bytes(TEXT.read_bytes() + b"\n\nNota agregada al expediente por la fiscalia.\n")
    (line,) = library.ingest_paths([first])
    assert (line.status, line.document_id) == ("updated", doc_id)
    doc = library.get(doc_id, caller=CLI)
    assert doc is not None
    assert [s.path for s in doc.sources] == [first.resolve().as_posix()]
    assert "Nota agregada" in doc.passages[-1].text
    (left,) = library.ingest_paths([second])  # still the old bytes, which no document holds now
    assert left.status == "added" and left.document_id != doc_id


def test_deleting_by_any_path_removes_the_document_and_all_its_sources(
    tmp_path: Path, library: Library
) -> None:
    first, second = copies(tmp_path, TEXT, "a/caso.txt", "b/otro.txt")
    doc_id = library.ingest_paths([first, second])[0].document_id
    assert library.delete(str(second))
    assert library.get(doc_id, caller=CLI) is None
    assert not library.delete(str(first))
    assert [line.status for line in library.ingest_paths([second, first])] == ["added", "duplicate"]


def test_reparse_keeps_every_source(tmp_path: Path, library: Library) -> None:
    first, second = copies(tmp_path, DOCX, "a/x.docx", "b/y.docx")
    doc_id = library.ingest_paths([first, second])[0].document_id
    library.reindex(reparse=True)
    doc = library.get(doc_id, caller=CLI)
    assert doc is not None
    assert [s.name for s in doc.sources] == ["x.docx", "y.docx"]
    assert [line.status for line in library.ingest_paths([first, second])] == ["unchanged", "unchanged"]


def test_cli_reports_a_duplicate_with_the_existing_id_and_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The command line in this process (its data folder is tmp_path/data, see conftest.env_setup): what it
    # prints is what `casoteca ingest` prints; tests/casoteca/test_cli.py runs the installed command once.
    first, _ = copies(tmp_path, TEXT, "in/caso.txt", "in/zz-copia.txt")
    assert main(["ingest", str(first.parent), "--json"]) == 0
    lines = json.loads(capsys.readouterr().out)["documents"]
    assert [line["status"] for line in lines] == ["added", "duplicate"]
    assert lines[1]["document_id"] == lines[0]["document_id"] and lines[1]["title"] == lines[0]["title"]
    shutil.copyfile(TEXT, tmp_path / "otra-copia.txt")
    assert main(["ingest", str(tmp_path / "otra-copia.txt")]) == 0
    text = capsys.readouterr().out
    assert (
        f'duplicate {tmp_path / "otra-copia.txt"}: already in the base as "{lines[0]["title"]}" '
        f"({lines[0]['document_id']})" in text
    )
    assert "0 added, 0 updated, 0 unchanged, 1 duplicate, 0 failed" in text


def test_a_copy_with_a_sidecar_telling_a_title_corrects_the_document_and_the_cli_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, _ = copies(tmp_path, TEXT, "in/caso.txt", "later/copia.txt")
    (tmp_path / "later" / "copia.meta.yaml").write_text(
        "title: Tráfico marítimo en yola\nyear: 2016\n", encoding="utf-8"
    )
    assert main(["ingest", str(first)]) == 0
    capsys.readouterr()
    assert main(["ingest", str(tmp_path / "later" / "copia.txt")]) == 0
    text = capsys.readouterr().out
    assert 'already in the base as "Tráfico marítimo en yola"' in text
    assert "told title, year applied as corrections" in text
    library = Library(Settings(data_dir=tmp_path / "data"))
    try:
        (summary,) = library.summaries(caller=CLI)
        doc = library.get(summary.id, caller=CLI)
        assert doc is not None and doc.title == "Tráfico marítimo en yola" and doc.metadata["year"] == 2016
        assert doc.corrections == {"title": "Tráfico marítimo en yola", "year": 2016}
    finally:
        library.close()
