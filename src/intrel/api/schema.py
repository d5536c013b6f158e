"""drf-spectacular post-processing: the API Design Rules' conventions on every operation.

Each operation gets the ``API-Version`` response header on every response, and its error
responses as ``application/problem+json`` with the ``Problem`` schema: 400 on every
operation (writes and reads with parameters), 401/403/429 everywhere, 404 where a path has an
``{id}``, 409 on every write, 415 on writes.
"""

from typing import Any

from django.conf import settings

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
HEADER_REF = {"$ref": "#/components/headers/API-Version"}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An error, as RFC 9457 describes (application/problem+json).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri", "description": "What kind of error."},
        "title": {"type": "string", "description": "A short summary of the kind of error."},
        "status": {"type": "integer", "description": "The HTTP status code."},
        "detail": {"type": "string", "description": "What went wrong this time."},
        "instance": {"type": "string", "format": "uri-reference"},
        "invalidParams": {
            "type": "array",
            "description": "One entry per invalid field or query parameter (400 only).",
            "items": {
                "type": "object",
                "required": ["name", "reason"],
                "properties": {
                    "name": {
                        "type": "string",
                        "description": "The field's path (`partner.country`, "
                        "`agreements[0].signed`) or the query parameter's name.",
                    },
                    "reason": {"type": "string"},
                },
            },
        },
        "clauses": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The framework clauses that are the reason, if any.",
        },
    },
}

DESCRIPTIONS = {
    "400": "The input or a query parameter is invalid; `invalidParams` says which and why.",
    "401": "No valid token was sent.",
    "403": "The token's role or scopes do not allow this operation.",
    "404": "Not found.",
    "409": "Conflicts with the current state (e.g. the id is taken).",
    "415": "The body is not JSON.",
    "429": "Too many write requests for this token; see `Retry-After`.",
}
WRITE_METHODS = ("post", "put", "patch", "delete")


def _problem(code: str) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS[code],
        "headers": {"API-Version": HEADER_REF},
        "content": {"application/problem+json": {"schema": PROBLEM_REF}},
    }


def add_adr_conventions(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components.setdefault("headers", {})["API-Version"] = {
        "description": "The full version of the API (API Design Rules: version-header).",
        "schema": {"type": "string", "example": settings.API_VERSION},
        "required": True,
    }
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            codes = ["400", "401", "403"]
            if "{" in path:
                codes.append("404")
            if method != "get":
                # A write may conflict with the current state: an id taken, a record still in
                # use, a status that only a life step may change (issue 14).
                codes.append("409")
            if method in WRITE_METHODS:
                codes += ["415", "429"]
            for code in codes:
                responses.setdefault(code, _problem(code))
            for code, response in responses.items():
                if code[0] in "45":
                    content = response.get("content") or {}
                    if "application/problem+json" not in content:
                        response["content"] = {"application/problem+json": {"schema": PROBLEM_REF}}
                response.setdefault("headers", {})["API-Version"] = HEADER_REF
    return result
