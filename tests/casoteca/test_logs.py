from __future__ import annotations

import logging

import pytest

from casoteca.logs import configure_logging, redact


def test_secrets_are_blanked_before_a_line_is_written() -> None:
    line = redact(
        "refused Authorization: Bearer cso_abcdefghijklmnop, form password=hunter2hunter2 api_key: k1"
    )
    assert "cso_abcdefghijklmnop" not in line and "hunter2hunter2" not in line and "k1" not in line
    assert line.count("[redacted]") == 3 and line.startswith("refused Authorization: Bearer [redacted]")
    assert redact("ingest of caso.pdf failed: empty file") == "ingest of caso.pdf failed: empty file"


def test_logging_is_configured_once_at_the_level_of_the_setting(capsys: pytest.CaptureFixture[str]) -> None:
    logger = configure_logging("WARNING")
    configure_logging("WARNING")
    assert len([h for h in logger.handlers if getattr(h, "casoteca", False)]) == 1
    logging.getLogger("casoteca.worker").info("not shown")
    logging.getLogger("casoteca.worker").warning("inbox: key cso_0123456789abcdef seen")
    err = capsys.readouterr().err
    assert "not shown" not in err
    assert "WARNING casoteca.worker: inbox: key [redacted] seen" in err
    configure_logging("INFO")
