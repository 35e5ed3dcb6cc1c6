"""The embedding model named by a setting or an admin, with a clear error when the name names none."""

from __future__ import annotations

from index.embed import Embedder, make_embedder

from .errors import ServiceError


def embedder_for(model: str) -> Embedder:
    """The embedder of a model name; ServiceError (invalid) when the name names no model (neither the
    built-in one, nor a folder, nor an installed package that ships one)."""
    try:
        return make_embedder(model)
    except ValueError as exc:
        raise ServiceError(str(exc)) from exc
