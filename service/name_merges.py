"""Editors' decisions on names that are probably one person: merge them (they answer as one entity on the
entity page, the API, the network view and a pseudonymised casebook) or reject the proposal (never proposed
again). The decisions are one JSON file under the data folder (`name_merges.json`, written whole to a
temporary file and renamed under a lock every process shares, so a crash leaves the old file or the new one),
each with who decided and when; the route audits each decision as well.

A merge joins two groups: everything merged with either becomes one, answering as the key the editor kept
(`into`). Decisions are about keys, which every office's documents share, so a merge made by one office's
editor joins the names for everyone, while what each caller is shown of the group stays what they may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from index.entities import Aliases, entity_key
from index.entity_merges import pair_key
from index.records import JsonRecords

from .errors import ServiceError

Decision = Literal["merge", "reject"]


class MergeError(ServiceError):
    """A decision that cannot be kept as sent: not two people, or the same one twice."""


@dataclass(frozen=True)
class MergeDecision:
    keys: tuple[str, str]  # the pair, in one order
    decision: str  # "merge" or "reject"
    into: str  # the key a merged group answers as ("" for a rejection)
    by: str
    office: str
    at: str


class NameMerges:
    def __init__(self, path: Path) -> None:
        self.records = JsonRecords(path, "decisions", list)

    def decisions(self) -> list[MergeDecision]:
        return [
            MergeDecision(
                (r["keys"][0], r["keys"][1]), r["decision"], r.get("into", ""), r["by"], r["office"], r["at"]
            )
            for r in self.records.read()
        ]

    def decided(self) -> set[tuple[str, str]]:
        """The pairs an editor merged or rejected (not to be proposed again)."""
        return {d.keys for d in self.decisions()}

    def aliases(self) -> Aliases:
        """key -> the key its merged group answers as, from the merges in the order they were made."""
        canonical: dict[str, str] = {}

        def root(key: str) -> str:
            while canonical.get(key, key) != key:
                key = canonical[key]
            return key

        for d in self.decisions():
            if d.decision == "merge":
                kept, other = root(d.into), root(d.keys[0] if d.keys[1] == d.into else d.keys[1])
                if kept != other:
                    canonical[other] = kept
                    canonical.setdefault(kept, kept)
        return Aliases({key: root(key) for key in canonical if root(key) != key})

    def decide(self, a_id: str, b_id: str, decision: Decision, *, by: str, office: str) -> MergeDecision:
        """Keep an editor's decision on two entity ids (`a_id` is the one a merge keeps); MergeError when they
        are not two different people."""
        a, b = entity_key(a_id), entity_key(b_id)
        if a is None or b is None or not (a.startswith("person:") and b.startswith("person:")):
            raise MergeError("only two people's names can be merged or rejected")
        if a == b:
            raise MergeError("a name cannot be merged with itself")
        if decision not in ("merge", "reject"):
            raise MergeError("the decision is merge or reject")
        made = MergeDecision(
            pair_key(a, b),
            decision,
            a if decision == "merge" else "",
            by,
            office,
            datetime.now(UTC).isoformat(timespec="seconds"),
        )
        with self.records.editing() as records:
            records[:] = [r for r in records if tuple(r["keys"]) != made.keys]
            records.append(
                {
                    "keys": list(made.keys),
                    "decision": made.decision,
                    "into": made.into,
                    "by": by,
                    "office": office,
                    "at": made.at,
                }
            )
        return made
