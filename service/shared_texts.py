"""What a working group writes together: the shared criteria of analysis (and the matrix of cases by
criteria) and the glossary of terms across es/pt/en. Anyone who may search reads them; editors change
them. Errors of the stores underneath become `ServiceError`s here (reason `invalid`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from index.criteria import Criteria, CriteriaError, Criterion, CriterionVectors, matrix
from index.glossary import LANGUAGES as GLOSSARY_LANGUAGES
from index.glossary import Entry, Found, Glossary, GlossaryError
from index.knowledge import KnowledgeBase
from index.search import Filters, fold, request_filter

from .access import Caller
from .errors import Forbidden, ServiceError
from .matrix_csv import matrix_csv
from .switch import ModelSwitch

__all__ = ["GLOSSARY_LANGUAGES", "CriteriaMatrix", "Entry", "MatrixRow", "SharedTextActions", "entry_matches"]


@dataclass
class CriterionColumn:
    id: str
    name: str
    description: str


@dataclass
class MatrixCell:
    """Whether a case meets a criterion, with the score and (when it does) the passage that shows it."""

    meets: bool
    score: float
    passage: dict[str, Any] | None = None


@dataclass
class MatrixRow:
    document_id: str
    title: str
    countries: list[str]
    year: int | None
    kind: str | None
    cells: dict[str, MatrixCell]


@dataclass
class CriteriaMatrix:
    """Cases (rows) by criteria (columns); `counts`: cases per country, and per criterion and country."""

    criteria: list[CriterionColumn]
    rows: list[MatrixRow]
    counts: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> CriteriaMatrix:
        """From the record `index.criteria.matrix` gives."""
        rows = [
            MatrixRow(
                r["document_id"],
                r.get("title", ""),
                list(r.get("countries") or []),
                r.get("year"),
                r.get("kind"),
                {cid: MatrixCell(c["meets"], c["score"], c.get("passage")) for cid, c in r["cells"].items()},
            )
            for r in record["rows"]
        ]
        return cls([CriterionColumn(**c) for c in record["criteria"]], rows, record["counts"])


def require(caller: Caller, role: str) -> None:
    """Raise Forbidden unless the caller has `role` (or above)."""
    if not caller.may(role):
        raise Forbidden(f"this needs the {role} role")


def entry_matches(entry: Entry, q: str) -> bool:
    """Whether a form of the entry (a term, a variant, a legal term, a false friend) contains `q`,
    accents and case aside; an empty `q` matches every entry."""
    wanted = fold(q.strip())
    forms = [form for text in entry.texts.values() for form in text.forms()]
    forms += [legal.term for legal in entry.legal] + [friend.term for friend in entry.false_friends]
    return not wanted or any(wanted in fold(form) for form in forms)


@contextmanager
def invalid_as_service_error() -> Iterator[None]:
    try:
        yield
    except (CriteriaError, GlossaryError) as exc:
        raise ServiceError(str(exc)) from exc


class SharedTextActions:
    """The criteria and glossary half of `Library` (which provides the stores, the model and the switch)."""

    kb: KnowledgeBase
    switch: ModelSwitch
    criteria: Criteria
    glossary: Glossary
    _criterion_vectors: CriterionVectors | None

    # --- criteria ---
    def list_criteria(self) -> list[Criterion]:
        return self.criteria.all()

    def create_criterion(
        self,
        name: str,
        description: str,
        language: str = "und",
        keywords: list[str] | None = None,
        *,
        caller: Caller,
    ) -> Criterion:
        require(caller, "editor")
        with invalid_as_service_error():
            return self.criteria.create(name, description, language, keywords)

    def update_criterion(
        self,
        criterion_id: str,
        name: str,
        description: str,
        language: str = "und",
        keywords: list[str] | None = None,
        replace: bool = False,
        *,
        caller: Caller,
    ) -> Criterion | None:
        """The criterion as changed, or None when there is no such criterion."""
        require(caller, "editor")
        with invalid_as_service_error():
            return self.criteria.update(criterion_id, name, description, language, keywords, replace=replace)

    def delete_criterion(self, criterion_id: str, *, caller: Caller) -> bool:
        require(caller, "editor")
        return self.criteria.delete(criterion_id)

    def _matrix_record(self, filters: Filters, language: str, caller: Caller) -> dict[str, Any]:
        with self.switch.reading():
            if self._criterion_vectors is None:
                self._criterion_vectors = CriterionVectors(self.kb.embedder)
            return matrix(
                self.kb.store,
                self._criterion_vectors,
                self.criteria.all(),
                request_filter(filters, caller.access),
                language,
            )

    def criteria_matrix(self, filters: Filters, language: str = "en", *, caller: Caller) -> CriteriaMatrix:
        """Cases by criteria under `filters` (a SearchRequest's text is ignored), names in `language`."""
        return CriteriaMatrix.from_record(self._matrix_record(filters, language, caller))

    def criteria_matrix_csv(self, filters: Filters, language: str = "en", *, caller: Caller) -> str:
        """The same matrix as a spreadsheet (formula-safe CSV)."""
        return matrix_csv(self._matrix_record(filters, language, caller), language)

    # --- glossary ---
    def glossary_entries(self, q: str = "") -> list[Entry]:
        """Every entry, or those with a form containing `q`."""
        return [entry for entry in self.glossary.all() if entry_matches(entry, q)]

    def glossary_size(self) -> int:
        return len(self.glossary.all())

    def glossary_entry(self, entry_id: str) -> Entry | None:
        return self.glossary.get(entry_id)

    def glossary_terms(self, text: str, language: str) -> list[Found]:
        """The glossary's terms found in `text` (written in `language`), with their equivalents."""
        return self.glossary.find(text, language)

    def create_glossary_entry(self, data: dict[str, Any], *, caller: Caller) -> Entry:
        require(caller, "editor")
        with invalid_as_service_error():
            return self.glossary.create(data)

    def update_glossary_entry(self, entry_id: str, data: dict[str, Any], *, caller: Caller) -> Entry | None:
        require(caller, "editor")
        with invalid_as_service_error():
            return self.glossary.update(entry_id, data)

    def delete_glossary_entry(self, entry_id: str, *, caller: Caller) -> bool:
        require(caller, "editor")
        return self.glossary.delete(entry_id)
