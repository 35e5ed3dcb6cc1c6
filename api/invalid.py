"""422 answers in plain words, in the caller's language (Accept-Language: es, pt, en):
`{"detail": "<one sentence>", "errors": [{"field": "year_to", "message": "..."}]}`.

FastAPI's own validation errors (a missing field, a number that is not one, an unknown body field) are
rewritten from pydantic's error types; the service's own checks (an unknown country, an inverted period)
arrive as `InvalidRequest`, raised in a route or inside a model's validator. What the caller sent is quoted
only as a short excerpt (a 422 on a 250,000-character draft must not send it all back).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from service.field_errors import FieldError, InvalidRequest, as_json, from_accept_language
from service.filters import Filters

EXCERPT = 80  # characters of a rejected value quoted back
# pydantic's error types -> the project's codes (service/field_errors.py MESSAGES).
CODES = {
    "missing": "missing",
    "extra_forbidden": "extra_forbidden",
    "int_parsing": "not_a_number",
    "int_type": "not_a_number",
    "int_from_float": "not_a_number",
    "float_parsing": "not_a_number",
    "float_type": "not_a_number",
    "greater_than_equal": "too_small",
    "greater_than": "too_small",
    "less_than_equal": "too_large",
    "less_than": "too_large",
    "literal_error": "not_one_of",
    "enum": "not_one_of",
    "string_too_long": "too_long",
    "too_long": "too_many",
    "bytes_too_long": "too_long",
    "string_too_short": "too_short",
    "too_short": "too_short",
    "bool_parsing": "not_yes_no",
    "bool_type": "not_yes_no",
    "date_parsing": "not_a_date",
    "date_from_datetime_parsing": "not_a_date",
    "date_type": "not_a_date",
    "json_invalid": "invalid_json",
    "json_type": "invalid_json",
    "list_type": "wrong_type",
    "dict_type": "wrong_type",
    "model_type": "wrong_type",
    "model_attributes_type": "wrong_type",
    "string_type": "wrong_type",
}
LIMIT_KEYS = {
    "too_small": ("ge", "gt"),
    "too_large": ("le", "lt"),
    "too_long": ("max_length",),
    "too_many": ("max_length",),
    "too_short": ("min_length",),
}


def excerpt(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= EXCERPT else f"{text[:EXCERPT]}…"


def field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """`("query", "year_to")` -> "year_to"; `("body", "items", 0, "note")` -> "items.0.note"."""
    where = ("query", "body", "path", "header", "form", "cookie")
    parts = [str(part) for part in (loc[1:] if loc and loc[0] in where else loc)]
    return ".".join(parts)[:120]


def field_errors(raw: dict[str, Any]) -> list[FieldError]:
    """One pydantic error as the project's field errors (an InvalidRequest inside it: its own list)."""
    found = (raw.get("ctx") or {}).get("error")
    if isinstance(found, InvalidRequest):
        return found.errors
    pydantic_type = str(raw.get("type", ""))
    code = CODES.get(pydantic_type, "invalid")
    ctx = {str(k): v for k, v in (raw.get("ctx") or {}).items() if k != "error"}
    context: dict[str, str] = {}
    for key in LIMIT_KEYS.get(code, ()):
        if key in ctx:
            context["limit"] = str(ctx[key])
    if code == "too_long" and isinstance(raw.get("input"), str | bytes):
        context["length"] = str(len(raw["input"]))
    if code == "not_one_of":
        context["expected"] = str(ctx.get("expected", "")).replace("'", "")
    if code == "invalid":
        context["reason"] = excerpt(str(raw.get("msg", "")).removeprefix("Value error, "))
    loc = tuple(raw.get("loc", ()))
    name = field_name(loc)
    if code == "invalid_json":
        name = "body"
    value = excerpt(raw.get("input", "")) if "input" in raw and code != "missing" else ""
    return [FieldError(name, code, value, context)]


def language_of(request: Request) -> str:
    return from_accept_language(request.headers.get("accept-language", ""))


def invalid_answer(request: Request, errors: list[FieldError]) -> JSONResponse:
    return JSONResponse(as_json(errors[:20], language_of(request)), status_code=422)


Page = Callable[[Request, list[FieldError]], Response]


def install(app: FastAPI, page: Page | None = None) -> None:
    """Answer every 422 of validation in the project's shape: JSON under /api/, and `page(request, errors)`
    (the web's form of the same messages) for the pages. A filters model built by a page from what the
    reader sent raises pydantic's ValidationError: its field errors are answered the same way."""

    def answer(request: Request, errors: list[FieldError]) -> Response:
        if page is not None and not request.url.path.startswith("/api/"):
            return page(request, errors[:20])
        return invalid_answer(request, errors)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return answer(request, [error for raw in exc.errors()[:20] for error in field_errors(raw)])

    @app.exception_handler(InvalidRequest)
    async def invalid_request(request: Request, exc: InvalidRequest) -> Response:
        return answer(request, exc.errors)

    @app.exception_handler(ValidationError)
    async def invalid_model(request: Request, exc: ValidationError) -> Response:
        if exc.title not in reader_models():
            raise exc  # a model of our own failed on our own data: a bug, answered 500 and logged
        raw = exc.errors(include_url=False)[:20]
        return answer(request, [error for one in raw for error in field_errors(dict(one))])


def reader_models() -> set[str]:
    """The names of the models a page builds from what the reader sent: `Filters` and its subclasses."""
    found, todo = set(), [Filters]
    while todo:
        model = todo.pop()
        found.add(model.__name__)
        todo.extend(model.__subclasses__())
    return found


def plain_422(detail: Any) -> dict[str, Any]:
    """A route's own 422 (`HTTPException(422, "kind: 'memo' is not one of ...")`) in the same shape: its
    sentence, and the field it names before the colon."""
    if not isinstance(detail, str):
        return {"detail": detail, "errors": []}
    name, colon, rest = detail.partition(": ")
    named = bool(colon) and name.replace("_", "").isalnum() and len(name) < 40
    return {
        "detail": detail,
        "errors": [{"field": name if named else "", "message": rest if named else detail}],
    }
