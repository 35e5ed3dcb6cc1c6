"""An editor's corrections are checked field by field before anything is written."""

from __future__ import annotations

import pytest

from service.corrections import CorrectionError, check_corrections


def test_corrections_are_trimmed_deduplicated_and_spelled_as_the_facets() -> None:
    assert check_corrections(
        {
            "title": "  Sentencia   de  condena ",
            "countries": "peru, Haiti,  ,PERU",
            "purpose": ["Forced labour", "forced-labour"],
            "year": "2019",
            "decision_date": "2019-03-05",
            "outcome": "conviction",
            "court": None,
        }
    ) == {
        "title": "Sentencia de condena",
        "countries": ["Peru", "Haiti"],
        "purpose": ["forced_labour"],
        "year": 2019,
        "decision_date": "2019-03-05",
        "outcome": "conviction",
    }


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"kind": "memo"}, "kind: 'memo' is not one of"),
        ({"year": "abc"}, "year: 'abc' is not a year"),
        ({"year": 3024}, "year: 3024 is not a plausible year"),
        ({"purpose": ["a;b"]}, "purpose: 'a;b' is not a value like 'forced_labour'"),
        ({"outcome": "won"}, "outcome: 'won' is not one of conviction, acquittal"),
        ({"decision_date": "5 de marzo"}, "decision_date: '5 de marzo' is not a date like"),
        ({"title": "x" * 501}, "title: at most 500 characters"),
        ({"offences": [f"Art. {n}" for n in range(31)]}, "offences: at most 30 items"),
        ({"colour": "red"}, "colour: not a field that can be corrected"),
    ],
)
def test_a_bad_value_names_its_field(raw: dict[str, object], message: str) -> None:
    with pytest.raises(CorrectionError, match="^" + message.replace("(", r"\(")):
        check_corrections(raw)
