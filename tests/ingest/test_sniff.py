import pytest

from ingest.sniff import UnsupportedType, sniff
from tests.conftest import CASESTUDIES

EXPECTED = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".pptx": "pptx",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
    ".png": "png",
    ".jpg": "jpeg",
    ".tif": "tiff",
    ".eml": "eml",
    ".html": "html",
    ".md": "md",
    ".txt": "txt",
}


@pytest.mark.parametrize("suffix,kind", sorted(EXPECTED.items()))
def test_every_sample_format_is_sniffed_from_its_bytes(suffix: str, kind: str) -> None:
    files = [p for p in CASESTUDIES.iterdir() if p.suffix == suffix and not p.name.endswith(".meta.yaml")]
    assert files, f"the sample corpus has no {suffix} file"
    for path in files:
        if path.name == "README.md":
            continue
        assert sniff(path.read_bytes()) == kind, path.name


def test_file_without_extension_is_sniffed() -> None:
    path = CASESTUDIES / "es-argentina-servidumbre-domestica-salta"
    assert sniff(path.read_bytes()) == "docx"


def test_wrong_extension_does_not_matter() -> None:
    pdf = next(CASESTUDIES.glob("*.pdf")).read_bytes()
    assert sniff(pdf) == "pdf"


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty file"),
        (b"\x00\x01\x02\x03binary\x00junk" * 10, "binary file of unknown type"),
        (b"PK\x03\x04not really a zip", "damaged zip container"),
    ],
)
def test_unknown_content_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnsupportedType, match=reason):
        sniff(data)
