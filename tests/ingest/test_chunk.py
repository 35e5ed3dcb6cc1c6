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
    blocks = [
        Block(" ".join(sentence(i) for i in range(6)), 2),
        Block(" ".join(sentence(i) for i in range(5)), 3),
    ]
    (chunk,) = chunk_blocks(blocks)
    assert (chunk.page_start, chunk.page_end) == (2, 3)


def test_heading_path_nests_and_resets() -> None:
    blocks = [
        Block("Sentencia", 1, "heading", level=1),
        Block("Hechos", 1, "heading", level=2),
        Block(" ".join(sentence(i) for i in range(3)), 1),
        Block("Resolución", 2, "heading", level=2),
        Block(" ".join(sentence(i) for i in range(3)), 2),
    ]
    chunks = chunk_blocks(blocks)
    assert [c.section for c in chunks] == [["Sentencia", "Hechos"], ["Sentencia", "Resolución"]]


def test_split_table_rows_are_records_that_name_their_columns() -> None:
    rows = [["País", "Año", "Casos"]] + [
        [f"País número {i} con nombre largo", "2019", str(i)] for i in range(120)
    ]
    chunks = chunk_blocks([Block("", 1, "table", rows=rows)])
    assert len(chunks) > 1
    records = [line for c in chunks for line in c.text.splitlines()]
    assert len(records) == 120
    assert records[7] == "País: País número 7 con nombre largo · Año: 2019 · Casos: 7"
    for chunk in chunks:
        assert chunk.kind == "table"
        assert 120 <= words(chunk.text) <= 300 or chunk is chunks[-1]
    assert chunks[0].section == ["rows 2-" + str(1 + len(chunks[0].text.splitlines()))]


def test_a_sheet_name_is_the_section_of_its_rows_and_never_joins_the_previous_sheet() -> None:
    rows = [["País", "Casos"]] + [[f"País {i}", str(i)] for i in range(6)]
    blocks = [
        Block("Casos por país", 1, "heading", level=1),
        Block("", 1, "table", rows=rows),
        Block("Finalidad", 1, "heading", level=1),
        Block("", 1, "table", rows=rows),
    ]
    chunks = chunk_blocks(blocks)
    assert [c.kind for c in chunks] == ["table", "table"]
    assert chunks[0].section == ["Casos por país", "rows 2-7"] and "Finalidad" not in chunks[0].text
    assert chunks[1].section[0] == "Finalidad" and chunks[1].text.startswith("País: País 0 · Casos: 0")
