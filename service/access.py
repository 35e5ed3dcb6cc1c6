"""Who is asking and what they may see: the `Caller`, the roles, and the visibility values of documents.

Every passage carries the audience of its document (`public`, `network`, or `office:<office>`; see
`index.knowledge.audience`), so a caller's rights are one condition inside every engine query
(`Caller.access`), never a filter applied afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from index.store import Where
from ingest.metadata import VISIBILITIES

__all__ = ["ANONYMOUS", "CLI", "ROLES", "VISIBILITIES", "Caller", "Role", "Visibility", "visibility_or"]

ROLES = ("reader", "editor", "admin")
# Who may see a document: anyone (also anonymous callers, when allowed), every signed-in office, or its
# owner office only. The values come from the metadata a file may tell (ingest/metadata.py); `Visibility`
# spells them for type hints and request models (tests/service/test_access.py keeps the two equal).
Visibility = Literal["public", "network", "office"]
Role = Literal["reader", "editor", "admin"]


def visibility_or(value: str, default: Visibility = "office") -> Visibility:
    """`value` when it is a visibility, else `default` (a form may send anything)."""
    return value if value in VISIBILITIES else default  # type: ignore[return-value]


@dataclass(frozen=True)
class Caller:
    name: str | None  # None: anonymous
    office: str | None = None
    role: str = "reader"
    csrf: str | None = None  # set for a web session: forms must send it back
    via: str = "anonymous"  # anonymous | session | api_key | cli

    @property
    def audiences(self) -> list[str] | None:
        """The audiences this caller may see; None means everything (admins)."""
        if self.name is None:
            return ["public"]
        if self.role == "admin":
            return None
        return ["public", "network", f"office:{self.office}"]

    @property
    def access(self) -> Where | None:
        """The store filter for this caller's rights; None for admins, who see everything."""
        audiences = self.audiences
        return None if audiences is None else Where({"audience": audiences})

    def may(self, role: str) -> bool:
        return self.name is not None and ROLES.index(self.role) >= ROLES.index(role)


ANONYMOUS = Caller(None)
CLI = Caller("cli", role="admin", via="cli")  # the command line runs as the machine's owner
