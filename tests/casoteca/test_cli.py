from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from casoteca.cli import main
from tests.conftest import CASESTUDIES, ROOT


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
    (folder / "caso.txt").write_text("Caso de trata de personas con fines de explotación laboral en Bolivia, 2019.")
    (folder / "vacio.pdf").write_bytes(b"")
    assert main(["ingest", str(folder), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    lines = {Path(d["path"]).name: d for d in report["documents"]}
    assert set(lines["caso.txt"]) == {"path", "status", "document_id", "passages", "error"}
    assert lines["caso.txt"]["status"] == "added" and lines["caso.txt"]["passages"] == 1
    assert lines["vacio.pdf"] == {"path": str(folder / "vacio.pdf"), "status": "failed", "document_id": None,
                                  "passages": 0, "error": "empty file"}


def test_ingest_twice_then_delete_by_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = CASESTUDIES / "es-republica-dominicana-yolas-trafico-maritimo.txt"
    assert main(["ingest", str(target)]) == 0
    assert main(["ingest", str(target)]) == 0
    out = capsys.readouterr().out
    assert "added" in out and "unchanged" in out and "0 failed" in out
    assert main(["delete", str(target)]) == 0
    assert main(["delete", str(target)]) == 1
    assert "no document" in capsys.readouterr().err


def test_installed_command_runs_in_a_subprocess(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("casoteca")
    env = {**os.environ, "CASOTECA_DATA_DIR": str(tmp_path / "data")}
    out = subprocess.run([str(exe), "ingest", str(CASESTUDIES / "en-redtram-joint-investigation-teams-meeting.html"),
                          "--json"], capture_output=True, text=True, env=env, check=True)
    assert json.loads(out.stdout)["documents"][0]["status"] == "added"
