"""The shared glossary over HTTP: list and look up terms (any signed-in reader), create, replace and delete
entries (editors, audited, like the criteria)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field

from . import models
from .deps import CallerDep, EditorDep, LibraryDep, audit

router = APIRouter()
Language = Literal["es", "pt", "en"]


class TextIn(BaseModel):
    term: str = Field(min_length=1, max_length=200, description="the preferred term in this language")
    variants: list[str] = Field(default_factory=list, max_length=20, description="other forms in use")
    definition: str = Field("", max_length=2000)


class LegalIn(BaseModel):
    country: str = Field(min_length=1, max_length=300)
    language: Language
    term: str = Field(min_length=1, max_length=200, description="the offence's name in that country's law")
    provision: str = Field("", max_length=300, description="where the law defines it (code, article)")


class FalseFriendIn(BaseModel):
    language: Language
    term: str = Field(min_length=1, max_length=200)
    note: dict[Language, str] = Field(min_length=1, description="why it is not an equivalent, per language")


class EntryIn(BaseModel):
    texts: dict[Language, TextIn] = Field(min_length=1, description="the entry in es, pt and/or en")
    legal: list[LegalIn] = Field(default_factory=list, max_length=60)
    false_friends: list[FalseFriendIn] = Field(default_factory=list, max_length=20)
    source: str = Field("", max_length=300, description="where the term comes from (e.g. a Protocol article)")


class LookupParams(BaseModel):
    text: str = Field(min_length=1, max_length=2000, description="a text to find glossary terms in")
    language: Language = Field(description="the language the text is written in")


@router.get("/api/glossary", response_model=models.EntriesOut)
def list_entries(
    library: LibraryDep,
    caller: CallerDep,
    q: Annotated[str, Query(max_length=200, description="only entries with a form containing this")] = "",
) -> dict[str, Any]:
    return {"entries": [e.to_dict() for e in library.glossary_entries(q)]}


@router.get("/api/glossary/equivalents", response_model=models.TermsOut)
def lookup(
    params: Annotated[LookupParams, Query()], library: LibraryDep, caller: CallerDep
) -> dict[str, Any]:
    """The glossary terms found in `text`, each with its equivalents in the other languages and the false
    friends its entry warns of (the note in the text's language)."""
    return {
        "terms": [
            {
                "text": found.text,
                "start": found.start,
                "end": found.end,
                "entry_id": found.entry.id,
                "equivalents": found.equivalents,
                "false_friends": [
                    {"language": f.language, "term": f.term, "note": f.note_in(params.language)}
                    for f in found.false_friends
                ],
            }
            for found in library.glossary_terms(params.text, params.language)
        ]
    }


@router.post("/api/glossary", status_code=201, response_model=models.EntryOut)
def create_entry(request: Request, body: EntryIn, library: LibraryDep, caller: EditorDep) -> dict[str, Any]:
    made = library.create_glossary_entry(body.model_dump(), caller=caller)  # invalid: 400
    audit(request, caller, "glossary_create", id=made.id, term=next(iter(made.texts.values())).term)
    return made.to_dict()


@router.put("/api/glossary/{entry_id}", response_model=models.EntryOut)
def replace_entry(
    request: Request, entry_id: str, body: EntryIn, library: LibraryDep, caller: EditorDep
) -> dict[str, Any]:
    found = library.update_glossary_entry(entry_id, body.model_dump(), caller=caller)  # invalid: 400
    if found is None:
        raise HTTPException(status_code=404, detail=f"no glossary entry {entry_id!r}")
    audit(request, caller, "glossary_edit", id=entry_id)
    return found.to_dict()


@router.delete("/api/glossary/{entry_id}", status_code=204, response_class=Response)
def delete_entry(request: Request, entry_id: str, library: LibraryDep, caller: EditorDep) -> Response:
    if not library.delete_glossary_entry(entry_id, caller=caller):
        raise HTTPException(status_code=404, detail=f"no glossary entry {entry_id!r}")
    audit(request, caller, "glossary_delete", id=entry_id)
    return Response(status_code=204)
