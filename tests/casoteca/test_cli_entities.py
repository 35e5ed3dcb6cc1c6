"""`casoteca entities`: a phone written one way finds the documents that wrote it another way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casoteca.cli import main


def test_entities_finds_a_phone_by_another_written_form_and_shows_its_passages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "py.txt").write_text(
        "El reclutador de Encarnación atendía por WhatsApp en el 0981 123 456, Paraguay."
    )
    (folder / "py.meta.yaml").write_text("countries: [Paraguay]\n")
    (folder / "ar.txt").write_text(
        "En Buenos Aires las víctimas recibían llamadas del +595 981 123-456 cada noche."
    )
    (folder / "ar.meta.yaml").write_text("countries: [Argentina]\n")
    assert main(["ingest", str(folder)]) == 0
    capsys.readouterr()
    assert main(["entities", "981123456", "--type", "phone", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)["entities"]
    assert [(e["value"], e["documents"], e["countries"]) for e in found] == [
        ("+595981123456", 2, ["Argentina", "Paraguay"])
    ]
    assert main(["entities", "--show", found[0]["id"]]) == 0
    shown = capsys.readouterr().out
    assert "0981 123 456" in shown and "+595 981 123-456" in shown
    assert main(["entities", "x", "--type", "car"]) == 2
    assert "unknown entity type 'car'" in capsys.readouterr().err
    assert main(["entities", "--show", "nope"]) == 1


def test_an_office_that_turns_person_names_off_keeps_the_identifiers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = tmp_path / "caso.txt"
    case.write_text(
        "El imputado Juan Carlos Pérez Gómez cobraba en la cuenta BR15 0000 0000 0000 1093 2840 814 P2."
    )
    monkeypatch.setenv("CASOTECA_DATA_DIR", str(tmp_path / "names-on"))
    assert main(["ingest", str(case)]) == 0
    capsys.readouterr()
    assert main(["entities", "Pérez Gómez", "--json"]) == 0
    assert [e["label"] for e in json.loads(capsys.readouterr().out)["entities"]] == [
        "Juan Carlos Pérez Gómez"
    ]
    monkeypatch.setenv("CASOTECA_DATA_DIR", str(tmp_path / "names-off"))
    monkeypatch.setenv("CASOTECA_EXTRACT_PEOPLE", "false")
    assert main(["ingest", str(case)]) == 0
    capsys.readouterr()
    assert main(["entities", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)["entities"]
    assert [e["type"] for e in found] == ["account"]
    assert main(["entities", "Pérez Gómez", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entities"] == []
