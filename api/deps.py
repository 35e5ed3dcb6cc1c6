"""FastAPI dependencies as Annotated aliases."""

from typing import Annotated

from fastapi import Depends, Request

from casoteca.library import Library


def get_library(request: Request) -> Library:
    return request.app.state.library


LibraryDep = Annotated[Library, Depends(get_library)]
