"""The closed vocabularies a caller chooses from, named once for the pages, the API and the CLI: kinds of
document, a judgment's outcomes, the facets a search result is counted by, who may see a document."""

from __future__ import annotations

from index.search import FACETS
from ingest.kinds import KINDS
from ingest.metadata import OUTCOMES

from .access import ROLES, VISIBILITIES

__all__ = ["FACETS", "KINDS", "OUTCOMES", "ROLES", "VISIBILITIES"]
