"""The facet filters every query endpoint shares (search, facets, comparable cases, criteria matrix)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Filters(BaseModel):
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

    def filter_fields(self) -> dict[str, Any]:
        """As keyword arguments of `SearchRequest` and `SimilarRequest`."""
        return {"countries": self.country, "year_from": self.year_from, "year_to": self.year_to,
                "kinds": self.kind, "languages": self.language, "exploitation": self.exploitation,
                "courts": self.court, "outcomes": self.outcome, "offences": self.offence,
                "case_numbers": self.case_number}
