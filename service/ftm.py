"""The network as FollowTheMoney entities (one JSON object a line), for Aleph and OpenAleph users.

Written against the published FtM schemata without the package: `followthemoney` 4.11 installs and works
offline beside the pinned dependencies, but adds 15 packages (about 100 MB: rigour, PyICU, rdflib, mypy...)
and builds PyICU from source with a C++ compiler and the ICU headers (about 9 minutes for the whole install
on the shared build machine), for what is here a few lines. This module's output was checked against it:
every property exists on its schema and stays the same when the package cleans it.

Each case is a `Document`; each person a `Person`, each organisation an
`Organization`, each bank account a `BankAccount` (`iban`, or `accountNumber` for a CBU or CLABE), each
social-media profile a `UserAccount`; a phone, an e-mail, a web address or an identity number is the party
it identifies, a `LegalEntity` with that `phone`, `email`, `website` or `idNumber`. A `Documentation` joins a
case to each entity it names (its `document` and `entity`). Every property is a list of strings, as FtM's
JSON form has it; ids are stable ("casoteca-" and a hash of what they stand for), so a second export of the
same cases updates the same entities in Aleph.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from index.entities import Graph, entity_key
from ingest.entities import country_codes

ORIGIN = "casoteca"
# Entity type -> (FtM schema, the property its normalised value goes in).
SCHEMATA = {
    "person": ("Person", "name"),
    "org": ("Organization", "name"),
    "phone": ("LegalEntity", "phone"),
    "email": ("LegalEntity", "email"),
    "url": ("LegalEntity", "website"),
    "id": ("LegalEntity", "idNumber"),
    "social": ("UserAccount", "username"),
    "account": ("BankAccount", "accountNumber"),
    "place": ("Address", "full"),
}


def ftm_id(*parts: str) -> str:
    return f"{ORIGIN}-" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:24]


def _countries(names: list[str]) -> list[str]:
    codes = country_codes()
    return sorted({codes[n].lower() for n in names if n in codes})


def entities(graph: Graph) -> Iterator[dict[str, Any]]:
    """The FtM entities of a network: its cases, its entities, and a Documentation per edge."""
    ids: dict[str, str] = {}
    for node in graph.nodes:
        if node.kind == "document":
            ids[node.id] = ftm_id("document", node.id)
            yield {
                "id": ids[node.id],
                "schema": "Document",
                "properties": {"title": [node.label], "country": _countries(node.countries)},
            }
            continue
        key = entity_key(node.id) or f"{node.kind}:{node.label}"
        kind, value = key.split(":", 1)
        schema, field = SCHEMATA.get(kind, ("Thing", "name"))
        properties: dict[str, list[str]] = {"name": [node.label]}
        if kind == "account":
            scheme, _, number = value.partition(":")
            properties["iban" if scheme == "iban" else "accountNumber"] = [number]
        elif kind == "social":
            service, _, username = value.rpartition(":") if not value.startswith("@") else ("", "", value)
            properties["username"] = [username]
            if service:
                properties["service"] = [service]
        elif kind == "id":
            properties[field] = [value.split(":", 1)[1]]
        elif kind == "url":
            properties[field] = [f"http://{value}"]  # FtM's url type adds the scheme a bare host lacks
        elif field != "name":
            properties[field] = [value]
        if node.countries and schema != "UserAccount":
            properties["country"] = _countries(node.countries)
        ids[node.id] = ftm_id("entity", key)
        yield {"id": ids[node.id], "schema": schema, "properties": properties}
    for doc, entity in graph.edges:
        yield {
            "id": ftm_id("documentation", doc, entity),
            "schema": "Documentation",
            "properties": {"document": [ids[doc]], "entity": [ids[entity]], "role": ["mentioned"]},
        }


def lines(graph: Graph) -> str:
    """The entities as JSON lines (FtM's `.ftm.json` / `.ijson` form)."""
    return "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in entities(graph))
