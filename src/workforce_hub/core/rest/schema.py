"""OpenAPI post-processing: every operation documents the errors it can answer, in the shapes the API sends."""

from __future__ import annotations

from typing import Any

from ..idempotency import WRITES as IDEMPOTENT_WRITES

_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in plain English."}},
    "required": ["detail"],
}
_MESSAGES = {"type": "array", "items": {"type": "string"}}
_INVALID = {
    "type": "object",
    "description": "Each field that was refused, with its messages; `non_field_errors` for the request as a whole. "
    'A list field gives its messages by the position of each refused item (`{"0": [...]}`); a field refused for '
    "one reason may give it as one message.",
    "additionalProperties": {
        "anyOf": [_MESSAGES, {"type": "string"}, {"type": "object", "description": "Messages by position."}]
    },
}


def _ref(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """400 (invalid input) on writes and filtered lists; 401, 403 and 404 on every operation; the Idempotency-Key
    header, 409 and 422 on writes. 404: the record the
    path names, or one the request names, is not there or not visible to you (the API never says whether it exists),
    or a list's page is past its end."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", _ERROR)
    schemas.setdefault("ValidationErrors", _INVALID)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            queries = [p for p in operation.get("parameters", []) if p.get("in") == "query"]
            if method in WRITES:
                _idempotent(operation)
            if method in WRITES or (method == "get" and queries):
                responses.setdefault(
                    "400", {"description": "The input was not valid.", "content": _ref("ValidationErrors")}
                )
            responses.setdefault(
                "401",
                {"description": "Not signed in, or the token has expired or been revoked.", "content": _ref("Error")},
            )
            responses.setdefault(
                "403",
                {
                    "description": "Your role may not do this, or two-step verification must be set up first.",
                    "content": _ref("Error"),
                },
            )
            responses.setdefault(
                "404",
                {
                    "description": "Not found, or not visible to you"
                    + ("; or the page is past the end of the list." if _paged(operation) else "."),
                    "content": _ref("Error"),
                },
            )
    return result


#: the operations that take the header: `core.idempotency.WRITES`, as OpenAPI names them
WRITES = tuple(sorted(method.lower() for method in IDEMPOTENT_WRITES))
_IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Any value of your own (a UUID, say) that makes a repeat of this request safe: sent again "
    "within a day with the same key, method, address and body, you get the first successful answer back, with "
    "`Idempotent-Replayed: true`, and nothing is done twice. 1 to 255 printable characters, no spaces.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
}


def _idempotent(operation: dict[str, Any]) -> None:
    """The `Idempotency-Key` header and its answers (core.idempotency)."""
    operation.setdefault("parameters", []).append(_IDEMPOTENCY_KEY)
    responses = operation["responses"]
    responses.setdefault(
        "409",
        {"description": "A request with this Idempotency-Key is still being handled.", "content": _ref("Error")},
    )
    responses.setdefault(
        "422",
        {"description": "This Idempotency-Key was used for a different request.", "content": _ref("Error")},
    )


def _paged(operation: dict[str, Any]) -> bool:
    return any(p.get("in") == "query" and p.get("name") == "page" for p in operation.get("parameters", []))
