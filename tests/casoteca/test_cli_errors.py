"""Whatever the CLI cannot do is said in one line on standard error with a non-zero exit, never a traceback."""

from __future__ import annotations

import pytest

from casoteca.cli import main


def test_an_option_that_does_not_fit_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "trata", "--limit", "many"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("casoteca: error: limit: ") and err.count("\n") == 1


def test_filter_values_the_service_does_not_know_are_said_in_its_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["search", "trata", "--country", "Atlantis", "--year-from", "2020", "--year-to", "2001"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "casoteca: error: “Atlantis” is not a country the service knows.; "
        "The first year (2020) is after the last year (2001).\n"
    )


def test_a_setting_that_does_not_fit_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASOTECA_LOG_LEVEL", "chatty")
    assert main(["documents"]) == 2
    err = capsys.readouterr().err
    assert "casoteca: error: log_level: " in err and "chatty" in err and "Traceback" not in err


def test_a_model_that_is_no_model_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASOTECA_MODEL", "no-such-model-package")
    assert main(["search", "trata"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("casoteca: error: ") and "no-such-model-package" in err and "Traceback" not in err
