"""The one way a search request is built, for the API, the web pages and the command line alike: the
facet filters (`Filters`), a search (`SearchParams`) and a comparable-case query (`SimilarParams`), each
checked by pydantic and turned into the engine's request. The CLI's options are made from the same fields
(`add_arguments`), so a filter added here reaches every caller.

Unknown parameters, unknown values (a country, kind, language, form of exploitation or outcome the service
does not know) and a period that ends before it starts are refused with the fields named
(`service/filter_checks.py`): an empty answer would read as "no such case"."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .field_errors import InvalidRequest
from .filter_checks import check_filters

if TYPE_CHECKING:  # the engine is imported when a request is made, so `casoteca --help` stays light
    from index.search import SearchRequest
    from index.similar import SimilarRequest

Mode = Literal["hybrid", "dense", "bm25"]


class Filters(BaseModel):
    """The facets a search, a comparable-case query or the criteria matrix is restricted to."""

    model_config = ConfigDict(extra="forbid")
    country: list[str] = Field(default_factory=list, description="repeat for several")
    year_from: int | None = None
    year_to: int | None = None
    kind: list[str] = Field(
        default_factory=list, description="judgment, law, report, guide, case_brief, news, data, other"
    )
    language: list[str] = Field(default_factory=list, description="passage language: es, pt, en")
    exploitation: list[str] = Field(
        default_factory=list, description="e.g. forced_labour, sexual_exploitation"
    )
    court: list[str] = Field(default_factory=list, description="a judgment's court, as the facet lists it")
    outcome: list[str] = Field(
        default_factory=list, description="a judgment's outcome: conviction, acquittal, other"
    )
    offence: list[str] = Field(default_factory=list, description="an offence as the judgment names it")
    case_number: list[str] = Field(default_factory=list, description="a judgment's case number as printed")

    @model_validator(mode="after")
    def known_values(self) -> Self:
        """Every value known (countries in any language read as the stored names), the period in order.
        Raised as InvalidRequest, not ValueError, so each wrong field keeps its own name in the answer."""
        checked = check_filters(
            self.country,
            self.kind,
            self.language,
            self.exploitation,
            self.outcome,
            self.year_from,
            self.year_to,
        )
        if checked.errors:
            raise InvalidRequest(checked.errors)
        self.country, self.kind, self.language = checked.countries, checked.kinds, checked.languages
        self.exploitation, self.outcome = checked.exploitation, checked.outcomes
        return self

    def filter_fields(self) -> dict[str, Any]:
        """As keyword arguments of `SearchRequest` and `SimilarRequest`."""
        return {
            "countries": self.country,
            "year_from": self.year_from,
            "year_to": self.year_to,
            "kinds": self.kind,
            "languages": self.language,
            "exploitation": self.exploitation,
            "courts": self.court,
            "outcomes": self.outcome,
            "offences": self.offence,
            "case_numbers": self.case_number,
        }

    def engine_filters(self) -> SearchRequest:
        """The filters alone, as the engine takes them (the criteria matrix: no text)."""
        from index.search import SearchRequest

        return SearchRequest("", **self.filter_fields())


class SearchParams(Filters):
    """A search: the same parameters for `GET /api/search`, the search page and `casoteca search`."""

    q: str = Field(
        "", description='what to look for; "quoted phrases" must appear verbatim (in a short query)'
    )
    limit: int = Field(10, ge=1, le=100, description="documents per page")
    offset: int = Field(
        0, ge=0, le=1_000, description="documents skipped: the next page starts at offset + limit"
    )
    per_document: int | None = Field(None, ge=1, le=20, description="passages shown per document")
    mode: Mode = "hybrid"
    labels: Literal["es", "pt", "en"] | None = Field(
        None,
        description="also answer `labels`: every country, kind, language, form of exploitation and outcome "
        "shown, named in this language",
    )

    def request(self, default_per_document: int) -> SearchRequest:
        from index.search import SearchRequest

        return SearchRequest(
            self.q,
            **self.filter_fields(),
            limit=self.limit,
            offset=self.offset,
            per_document=self.per_document or default_per_document,
            mode=self.mode,
        )


class SimilarParams(Filters):
    """A comparable-case query: for a document (`GET /api/documents/{id}/similar`, `casoteca similar ID`)
    or a draft (`POST /api/similar`, the describe-your-case page, `casoteca similar --file`)."""

    limit: int = Field(10, ge=1, le=50, description="how many cases")
    evidence: int = Field(3, ge=0, le=10, description="passage pairs shown per case")

    def request(self) -> SimilarRequest:
        from index.similar import SimilarRequest

        return SimilarRequest(**self.filter_fields(), limit=self.limit, evidence=self.evidence)


def add_arguments(
    parser: argparse.ArgumentParser, model: type[BaseModel], skip: tuple[str, ...] = ()
) -> None:
    """One option per field of `model` (`--year-from`, `--country` repeatable for a list), with the
    field's description as help; the values are checked by the model when it is built (`from_args`)."""
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        option = "--" + name.replace("_", "-")
        help_text = info.description
        if getattr(info.annotation, "__origin__", None) is list or str(info.annotation).startswith("list"):
            parser.add_argument(option, dest=name, action="append", default=[], help=help_text)
        else:
            parser.add_argument(option, dest=name, default=None, help=help_text)


def from_args(model: type[BaseModel], args: argparse.Namespace, **given: Any) -> Any:
    """`model` from the parsed options `add_arguments` made (an option not given keeps its default),
    plus `given`. Raises pydantic's ValidationError for a value that does not fit."""
    values = {
        name: getattr(args, name)
        for name in model.model_fields
        if getattr(args, name, None) not in (None, [])
    }
    return model.model_validate({**values, **given})
