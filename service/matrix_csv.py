"""The criteria matrix as a spreadsheet in the reader's language: headers, yes/no, page words and country
names translated (criteria names come translated from the matrix itself)."""

from __future__ import annotations

from typing import Any

from index.spreadsheet import to_csv

from .labels import export_words, labels


def matrix_csv(result: dict[str, Any], language: str = "en") -> str:
    """One row per case; for each criterion "yes (p. N, passage M)" or "no", in `language`. Every cell is
    made formula-safe by `index.spreadsheet`."""
    words = export_words(language)
    rows = []
    for row in result["rows"]:
        cells = []
        for criterion in result["criteria"]:
            cell = row["cells"][criterion["id"]]
            passage = cell.get("passage")
            cells.append(
                f"{words['yes']} ({words['p']} {passage['page_start']}, {words['passage']} "
                f"{passage['order']})"
                if cell["meets"] and passage
                else words["yes"]
                if cell["meets"]
                else words["no"]
            )
        rows.append(
            [
                row["document_id"],
                row["title"],
                "; ".join(labels("country", row["countries"], language)),
                row["year"] or "",
                *cells,
            ]
        )
    header = [
        words["document_id"],
        words["title"],
        words["countries"],
        words["year"],
        *(c["name"] for c in result["criteria"]),
    ]
    return to_csv(header, rows)
