"""The facet filters every query endpoint shares (search, facets, comparable cases, criteria matrix)."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from service.errors import InvalidRequest
from service.filters import check_filters


class Filters(BaseModel):
    """Unknown parameters, unknown values (a country, kind, language, form of exploitation or outcome the
    service does not know) and a period that ends before it starts are refused with a 422 that says so:
    an empty answer would read as "no such case"."""

    model_config = ConfigDict(extra="forbid")
    country: list[str] = Field(default_factory=list, description="repeat for several")
    year_from: int | None = None
    year_to: int | None = None
    kind: list[str] = Field(default_factory=list,
                            description="judgment, law, report, guide, case_brief, news, data, other")
    language: list[str] = Field(default_factory=list, description="passage language: es, pt, en")
    exploitation: list[str] = Field(default_factory=list, description="e.g. forced_labour, sexual_exploitation")
    court: list[str] = Field(default_factory=list, description="a judgment's court, as the facet lists it")
    outcome: list[str] = Field(default_factory=list, description="a judgment's outcome: conviction, acquittal, other")
    offence: list[str] = Field(default_factory=list, description="an offence as the judgment names it")
    case_number: list[str] = Field(default_factory=list, description="a judgment's case number as printed")

    @model_validator(mode="after")
    def known_values(self) -> Self:
        """Every value known (countries in any language read as the stored names), the period in order.
        Raised as InvalidRequest, not ValueError, so each wrong field keeps its own name in the answer."""
        checked = check_filters(self.country, self.kind, self.language, self.exploitation, self.outcome,
                                self.year_from, self.year_to)
        if checked.errors:
            raise InvalidRequest(checked.errors)
        self.country, self.kind, self.language = checked.countries, checked.kinds, checked.languages
        self.exploitation, self.outcome = checked.exploitation, checked.outcomes
        return self

    def filter_fields(self) -> dict[str, Any]:
        """As keyword arguments of `SearchRequest` and `SimilarRequest`."""
        return {"countries": self.country, "year_from": self.year_from, "year_to": self.year_to,
                "kinds": self.kind, "languages": self.language, "exploitation": self.exploitation,
                "courts": self.court, "outcomes": self.outcome, "offences": self.offence,
                "case_numbers": self.case_number}
