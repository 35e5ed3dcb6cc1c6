"""The project's own small data types. Library types never leave the module that uses them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Block:
    """One structural unit read from a file: a paragraph, a list item, a heading or a table."""

    text: str
    page: int
    kind: str = "narrative"  # narrative | heading | list | table
    level: int = 0  # heading level, 1 = top
    rows: list[list[str]] | None = None  # table rows, first row is the header
    locator: str = ""  # where a block of table records sits in its sheet ("rows 2-41"), shown in its section


@dataclass
class Parsed:
    """What a parser returns: blocks in reading order and the file's own properties."""

    blocks: list[Block]
    pages: int
    properties: dict[str, Any] = field(default_factory=dict)
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Mention:
    """An entity named in a passage: `key` is what two documents naming the same one share ("phone:+5959...",
    "id:br.cpf:12345678909", "person:garcia juan"), `value` its normalised form, `label` how it is shown,
    `text` as written at `start:end` of the passage text, `scheme` the identifier's scheme ("iban", "br.cpf")."""

    type: str  # phone | email | url | social | account | id | place | person | org
    key: str
    value: str
    label: str
    text: str
    start: int
    end: int
    scheme: str = ""


@dataclass
class Passage:
    document_id: str
    order: int
    text: str
    page_start: int
    page_end: int
    section: list[str]
    kind: str
    language: str
    entities: list[Mention] = field(default_factory=list)


@dataclass
class Document:
    id: str
    title: str
    source_name: str
    sha256: str
    media_type: str
    pages: int
    language: str
    metadata: dict[str, Any]
    inferred: list[str]
    passages: list[Passage]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
