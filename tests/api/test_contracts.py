"""Every JSON route documents its answer: a response model in the OpenAPI schema (a route that answers
no body or a file says so instead), and one status per reason code."""

from __future__ import annotations

from api.errors import STATUS, status_for
from service.errors import REASONS


def operations(app) -> list[tuple[str, str, dict]]:  # type: ignore[no-untyped-def,type-arg]
    """(method, path, operation) of every JSON route in the OpenAPI schema."""
    return [
        (method, path, operation)
        for path, item in app.openapi()["paths"].items()
        if path.startswith("/api/") or path == "/health"
        for method, operation in item.items()
    ]


def test_every_api_route_declares_what_it_answers(app) -> None:  # type: ignore[no-untyped-def]
    """A JSON answer has a schema; a route without a JSON body says 204 or names its file types."""
    routes = operations(app)
    assert len(routes) > 30  # the whole API, not an empty list that passes
    missing = []
    for method, path, operation in routes:
        answer = next((code for code in operation["responses"] if code.startswith("2")), None)
        content = operation["responses"][answer].get("content", {}) if answer else {}
        json_schema = content.get("application/json", {}).get("schema")
        files = [media for media in content if media != "application/json"]
        named = bool(json_schema) and "$ref" in str(
            json_schema
        )  # a model, not `dict[str, Any]`'s open object
        if answer != "204" and not named and not files:
            missing.append(f"{method.upper()} {path}")
    assert not missing, missing


def test_the_openapi_schema_shows_the_answers(app) -> None:  # type: ignore[no-untyped-def]
    schema = app.openapi()
    search = schema["paths"]["/api/search"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    assert search == {"$ref": "#/components/schemas/SearchOut"}
    hit = schema["components"]["schemas"]["Hit"]["properties"]
    assert {"document_id", "page_start", "page_end", "score", "highlights"} <= set(hit)
    cases = schema["paths"]["/api/documents/{doc_id}/similar"]["get"]["responses"]["200"]
    assert cases["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Cases"}


def test_every_reason_has_one_status() -> None:
    assert set(STATUS) == set(REASONS)
    assert (
        status_for("not_found") == 404 and status_for("too_large") == 413 and status_for("unsupported") == 415
    )
    assert status_for("no such reason") == 422
