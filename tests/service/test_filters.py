from __future__ import annotations

import argparse

import pytest
from pydantic import ValidationError

from service.filters import Filters, SearchParams, SimilarParams, add_arguments, from_args


def test_the_command_line_offers_every_filter_of_the_api() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser, SearchParams, skip=("q",))
    options = {option for action in parser._actions for option in action.option_strings}
    assert {"--" + name.replace("_", "-") for name in Filters.model_fields} <= options
    args = parser.parse_args(
        ["--country", "Peru", "--country", "Bolivia", "--year-from", "2015", "--limit", "3"]
    )
    request = from_args(SearchParams, args, q="trata").request(default_per_document=2)
    assert request.countries == ["Peru", "Bolivia"] and request.year_from == 2015 and request.limit == 3
    assert request.text == "trata" and request.per_document == 2 and request.mode == "hybrid"


def test_a_value_that_does_not_fit_is_refused_by_the_same_model() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser, SimilarParams)
    with pytest.raises(ValidationError) as refused:
        from_args(SimilarParams, parser.parse_args(["--limit", "500"]))
    assert refused.value.errors()[0]["loc"] == ("limit",)
