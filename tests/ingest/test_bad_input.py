"""Bad input: each file fails with a one-line reason and never stops the batch or loses what was ingested."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest

from casoteca.settings import Settings
from service.accounts import CLI
from service.library import Library
from tests.conftest import CASESTUDIES
from tests.ingest.pdfs import pdf_with_lines

GOOD = CASESTUDIES / "es-uruguay-trabajo-forzoso-pesca.docx"


def zip_bomb_docx() -> bytes:
    """A DOCX-shaped zip whose document.xml expands to 300 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    return out.getvalue()


def protected_pdf(tmp_path: Path) -> bytes:
    source = next(CASESTUDIES.glob("en-follow*.pdf"))
    target = tmp_path / "locked.pdf"
    with pikepdf.open(source) as pdf:
        pdf.save(target, encryption=pikepdf.Encryption(owner="o", user="secret"))
    return target.read_bytes()


def notes_only_xlsx() -> bytes:
    """A workbook whose one sheet holds notes and no table."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(
        [
            (
                "Nota metodológica: las cifras de esta planilla se publicarán cuando la fiscalía "
                "termine de revisar los registros de los operativos del año."
            )
        ]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def make_batch(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(GOOD, batch / "01-good.docx")
    good_pdf = next(CASESTUDIES.glob("es-bolivia*.pdf")).read_bytes()
    (batch / "corrupt.pdf").write_bytes(good_pdf[: len(good_pdf) // 3])
    (batch / "locked.pdf").write_bytes(protected_pdf(tmp_path))
    (batch / "empty.txt").write_bytes(b"")
    (batch / "bomb.docx").write_bytes(zip_bomb_docx())
    (batch / "garbled.txt").write_bytes(bytes(range(1, 32)) * 40 + b"\x81\x8d\x8f\x90")
    (batch / "unknown.bin").write_bytes(b"\x00\x01\x02garbage\x00" * 100)
    with open(batch / "huge.pdf", "wb") as huge:  # sparse: 500 MB on paper, nothing on disk
        huge.truncate(500 * 1024 * 1024)
    (batch / "caso ..; rm -rf $(x) <b>.md").write_text(
        "# Título\n\nTexto de prueba sobre trata de personas en la región."
    )
    loop = batch / "loop"
    loop.mkdir()
    (loop / "again").symlink_to(loop, target_is_directory=True)
    (batch / "bad-sidecar.md").write_text("# Caso\n\nUn caso de trata con fines de explotación laboral.")
    (batch / "bad-sidecar.meta.yaml").write_text("title: Caso\ncountries: [Peru\nyear: 2019\n")
    footer = "Juzgado Penal de Turno - Biblioteca de sentencias - www.ejemplo.gob"
    (batch / "footer-only.pdf").write_bytes(pdf_with_lines([[footer, f"Página {n} de 3"] for n in (1, 2, 3)]))
    (batch / "notes-only.xlsx").write_bytes(notes_only_xlsx())
    expected = {
        "corrupt.pdf": "damaged PDF",
        "locked.pdf": "password-protected PDF",
        "empty.txt": "empty file",
        "bomb.docx": "zip bomb",
        "garbled.txt": "unreadable text encoding",
        "unknown.bin": "binary file of unknown type",
        "huge.pdf": "too large: 500 MB, the limit is 100 MB",
        "bad-sidecar.md": "malformed sidecar bad-sidecar.meta.yaml line",
        "again": "symlink loop",
        "footer-only.pdf": "no text besides a running header or footer",
    }
    return batch, expected


def test_every_bad_file_is_reported_and_good_files_still_land(tmp_path: Path, settings: Settings) -> None:
    library = Library(settings)
    first = library.ingest_paths([CASESTUDIES / "es-ecuador-mendicidad-forzada-ninos.txt"])
    assert first[0].status == "added"
    batch, expected = make_batch(tmp_path)
    report = library.ingest_paths([batch])
    by_name = {Path(line.path).name: line for line in report}
    for name, reason in expected.items():
        assert by_name[name].status == "failed", name
        assert reason in (by_name[name].error or ""), (name, by_name[name].error)
        assert "\n" not in by_name[name].error
    assert by_name["01-good.docx"].status == "added"
    assert by_name["caso ..; rm -rf $(x) <b>.md"].status == "added"
    assert by_name["notes-only.xlsx"].status == "added", "a sheet of notes is text, not an empty table"
    # Nothing ingested before the batch was lost.
    assert library.get(first[0].document_id, caller=CLI) is not None
    assert len(library.summaries(caller=CLI)) == 4


def test_reingest_is_unchanged_and_a_changed_file_replaces_its_document(
    tmp_path: Path, settings: Settings
) -> None:
    library = Library(settings)
    folder = tmp_path / "docs"
    folder.mkdir()
    target = folder / "caso.md"
    target.write_text("# Caso\n\nPrimera versión del caso de trata laboral en la minería de Puno, Perú.")
    (added,) = library.ingest_paths([folder])
    (again,) = library.ingest_paths([folder])
    assert (added.status, again.status) == ("added", "unchanged")
    assert again.document_id == added.document_id
    target.write_text(
        "# Caso\n\nSegunda versión, con la sentencia condenatoria dictada en 2020 por el tribunal."
    )
    (updated,) = library.ingest_paths([folder])
    assert updated.status == "updated" and updated.document_id == added.document_id
    stored = library.get(added.document_id, caller=CLI)
    assert stored is not None and "Segunda versión" in stored.passages[0].text
    assert library.delete(added.document_id)
    assert library.get(added.document_id, caller=CLI) is None


@pytest.mark.parametrize("limit_mb", [1])
def test_size_limit_is_configurable(tmp_path: Path, limit_mb: int) -> None:
    library = Library(Settings(data_dir=tmp_path / "d", max_file_mb=limit_mb))
    big = tmp_path / "big.txt"
    big.write_bytes(b"palabra " * 300_000)
    (line,) = library.ingest_paths([big])
    assert line.status == "failed" and "limit is 1 MB" in (line.error or "")


def test_a_path_with_dot_dot_is_resolved_to_the_same_document(tmp_path: Path, settings: Settings) -> None:
    library = Library(settings)
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(GOOD, folder / "caso.docx")
    (direct,) = library.ingest_paths([folder / "caso.docx"])
    (dotted,) = library.ingest_paths([folder / ".." / "inbox" / "caso.docx"])
    assert direct.status == "added" and dotted.status == "unchanged"
    assert dotted.document_id == direct.document_id


def test_delete_by_path_removes_only_that_file(tmp_path: Path, settings: Settings) -> None:
    library = Library(settings)
    for folder in ("office-a", "office-b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "caso.md").write_text(
            f"# Caso\n\nCaso de trata laboral registrado por {folder}, 2020."
        )
    a, b = (library.ingest_paths([tmp_path / f / "caso.md"])[0] for f in ("office-a", "office-b"))
    assert a.document_id != b.document_id
    assert library.delete(str(tmp_path / "office-a" / "caso.md"))
    assert (
        library.get(a.document_id, caller=CLI) is None and library.get(b.document_id, caller=CLI) is not None
    )


def test_a_file_is_the_same_document_whether_named_alone_or_found_in_its_folder(
    tmp_path: Path, settings: Settings
) -> None:
    library = Library(settings)
    nested = tmp_path / "corpus" / "peru"
    nested.mkdir(parents=True)
    shutil.copy(GOOD, nested / "caso.docx")
    (via_folder,) = library.ingest_paths([tmp_path / "corpus"])
    (alone,) = library.ingest_paths([nested / "caso.docx"])
    assert (via_folder.status, alone.status) == ("added", "unchanged")
    assert alone.document_id == via_folder.document_id


def test_a_missing_path_is_reported_and_the_rest_of_the_batch_goes_on(
    tmp_path: Path, settings: Settings
) -> None:
    shutil.copy(GOOD, tmp_path / "caso.docx")
    missing, good = Library(settings).ingest_paths([tmp_path / "missing.pdf", tmp_path / "caso.docx"])
    assert (missing.status, missing.error) == ("failed", "no such file")
    assert good.status == "added"
