"""Every operation of the OpenAPI document x every kind of caller, against docs/api.md's table.

The table in docs/api.md (between the ``permissions`` markers) says, per operation, which
caller may call it; this test calls each operation as each caller and checks the outcome:
``yes`` -> the operation's success status, ``no`` -> 403, ``401`` -> 401. An operation in the
API that the table does not list fails, and so does a row for an operation that is gone.
"""

import json
import re
from typing import Any

import pytest
from api_helpers import PRINCIPALS, documented_table, relation_body
from drf_spectacular.generators import SchemaGenerator

PREFIX = "/api/v1"
METHODS = ("get", "post", "put", "patch", "delete")


def _operations() -> list[tuple[str, str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (operation["operationId"], method.upper(), path)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    )


# How to call each operation successfully: body, success status.
CALLS: dict[str, tuple[Any, int]] = {
    "relations_list": (None, 200),
    "relations_create": (relation_body(id="helmond-bruges", name="Helmond – Brugge"), 201),
    "relations_retrieve": (None, 200),
    "relations_update": (relation_body(description="Vervangen."), 200),
    "relations_partial_update": ({"description": "Bijgewerkt."}, 200),
    "relation_assessment_retrieve": (None, 200),
    "partners_list": (None, 200),
    "partners_retrieve": (None, 200),
    "parties_list": (None, 200),
    "parties_retrieve": (None, 200),
    "agreements_list": (None, 200),
    "agreements_retrieve": (None, 200),
    "involvements_list": (None, 200),
    "involvements_retrieve": (None, 200),
    "activities_list": (None, 200),
    "activities_create": (
        {"relation": "helmond-mechelen", "kind": "visit", "date": "2025-01-10", "title": "Bezoek"},
        201,
    ),
    "activities_retrieve": (None, 200),
    "activities_update": (
        {"relation": "helmond-mechelen", "kind": "event", "date": "2025-02-01", "title": "Markt"},
        200,
    ),
    "activities_partial_update": ({"title": "Werkbezoek burgemeester"}, 200),
    "activities_destroy": (None, 204),
    "frameworks_list": (None, 200),
    "framework_retrieve": (None, 200),
    "framework_evaluation_create": (relation_body(), 200),
    "schema_retrieve": (None, 200),
}


def _url(path: str, register: dict[str, Any]) -> str:
    resource = path.strip("/").split("/")[0]
    values = {
        "relations": register["relation"],
        "partners": register["partner"],
        "parties": register["party"],
        "agreements": register["agreement"],
        "involvements": register["involvement"],
        "activities": register["activity"],
        "assessments": register["assessment"],
        "portfolios": "EZ",
        "frameworks": "helmond-2013",
        "schemas": "relation",
    }
    # Other apps' resources: the first of them, or a number that will be a 404.
    return PREFIX + re.sub(r"\{[^}]+\}", str(values.get(resource, 1)), path)


OPERATIONS = _operations()


def test_every_documented_operation_exists() -> None:
    live = {op_id for op_id, _, _ in OPERATIONS}
    stale = sorted(set(documented_table()) - live)
    assert not stale, f"docs/api.md lists operations the API no longer has: {stale}"


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op[0] for op in OPERATIONS])
def test_operation_as_principal(
    operation: tuple[str, str, str], principal: str, register: dict[str, Any], client_as: Any
) -> None:
    op_id, method, path = operation
    table = documented_table()
    assert op_id in table, f"add {op_id} ({method} {path}) to the table in docs/api.md"
    assert table[op_id].method_path == f"{method} {path}", f"docs/api.md: {op_id}'s path"
    # Without an entry in CALLS, an allowed caller is only checked not to be refused.
    body, success = CALLS.get(op_id, (None, None))
    expected = table[op_id].outcomes[principal]

    response = client_as(principal).generic(
        method,
        _url(path, register),
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
    )

    assert response["API-Version"]
    if expected == "yes" and success is not None:
        assert response.status_code == success, response.content[:500]
    elif expected == "yes":
        assert response.status_code not in (401, 403), response.content[:500]
        assert response.status_code < 500, response.content[:500]
    else:
        assert response.status_code == (401 if expected == "401" else 403), response.content
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == response.status_code
