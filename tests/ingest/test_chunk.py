from ingest.chunk import chunk_blocks, words
from ingest.models import Block


def sentence(n: int) -> str:
    return f"Esta es la oración número {n} sobre la captación de víctimas en la región minera."


def test_long_text_is_split_on_sentences_within_bounds() -> None:
    text = " ".join(sentence(i) for i in range(120))
    chunks = chunk_blocks([Block("Hechos", 1, "heading", level=1), Block(text, 1)])
    assert len(chunks) > 3
    for chunk in chunks:
        assert words(chunk.text) <= 300
        assert chunk.text.endswith("."), "a chunk must not cut a sentence"
        assert chunk.section == ["Hechos"]


def test_page_span_crosses_a_page_break() -> None:
    blocks = [Block(" ".join(sentence(i) for i in range(6)), 2), Block(" ".join(sentence(i) for i in range(5)), 3)]
    (chunk,) = chunk_blocks(blocks)
    assert (chunk.page_start, chunk.page_end) == (2, 3)


def test_heading_path_nests_and_resets() -> None:
    blocks = [
        Block("Sentencia", 1, "heading", level=1), Block("Hechos", 1, "heading", level=2),
        Block("Texto de los hechos con suficientes palabras para ser un pasaje propio.", 1),
        Block("Resolución", 2, "heading", level=2), Block("Se condena a los acusados por trata de personas.", 2),
    ]
    chunks = chunk_blocks(blocks)
    assert [c.section for c in chunks] == [["Sentencia", "Hechos"], ["Sentencia", "Resolución"]]


def test_split_table_repeats_its_header_row() -> None:
    rows = [["País", "Año", "Casos"]] + [[f"País número {i} con nombre largo", "2019", str(i)] for i in range(120)]
    chunks = chunk_blocks([Block("", 1, "table", rows=rows)])
    assert len(chunks) > 1
    for chunk in chunks:
        assert chunk.kind == "table"
        assert chunk.text.splitlines()[0] == "País | Año | Casos"
    all_rows = [line for c in chunks for line in c.text.splitlines()[1:]]
    assert len(all_rows) == 120
