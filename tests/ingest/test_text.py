import pytest

from ingest.text import EncodingError, decode_text, detect_language

SAMPLES = {
    "es": "La fiscalía acreditó que las víctimas fueron captadas mediante ofertas de empleo falsas y que sus "
    "documentos de identidad fueron retenidos por los tratantes durante meses.",
    "pt": "O Ministério Público comprovou que as vítimas foram aliciadas por meio de ofertas de emprego falsas e "
    "que os seus documentos de identidade foram retidos pelos aliciadores durante meses.",
    "en": "The prosecution proved that the victims were recruited through fake job offers and that their "
    "identity documents were withheld by the traffickers for months.",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_detects_the_three_languages(lang: str) -> None:
    assert detect_language(SAMPLES[lang]) == lang


def test_short_text_keeps_the_document_language_instead_of_guessing() -> None:
    assert detect_language("Expediente 0457-2018", default="pt") == "pt"
    assert detect_language("Puno, 2018", default="es") == "es"


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", "cp1252", "utf-16"])
def test_decodes_common_encodings(encoding: str) -> None:
    text = "Explotación en la región; coação e servidão por dívidas"
    assert decode_text(text.encode(encoding)) == text


def test_cp1252_curly_quotes_and_euro() -> None:
    assert decode_text("“trata” – 500 €".encode("cp1252")) == "“trata” – 500 €"


def test_binary_garbage_is_an_encoding_error() -> None:
    with pytest.raises(EncodingError):
        decode_text(bytes(range(1, 32)) * 50 + b"\xff\xfe\x81")
