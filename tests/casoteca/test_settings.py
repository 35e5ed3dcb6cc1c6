from casoteca.settings import Settings
from tests.conftest import ROOT


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`CASOTECA_{name.upper()}`" in readme, name


def test_settings_come_from_the_environment(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASOTECA_MAX_FILE_MB", "7")
    monkeypatch.setenv("CASOTECA_DATA_DIR", str(tmp_path))
    settings = Settings()
    assert settings.max_file_mb == 7 and settings.index_dir == tmp_path / "index"
