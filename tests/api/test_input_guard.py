"""Input no view should see is refused by one guard (core/guard.py) with a 400 naming the field.

Before the guard: JSON nested 10,000 deep gave a RecursionError (500) on every write endpoint;
a lone surrogate in an enum field a UnicodeEncodeError (500) while writing the error out; a NUL
character in a reference field or in a page's query parameter a DataError on PostgreSQL (500).
"""

import json
import re
from typing import Any

import pytest
from api_helpers import relation_body
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from intrel.accounts.constants import Role
from intrel.core.guard import json_too_deep

WRITE_METHODS = ("post", "put", "patch", "delete")
DEEP = 10_000


def _write_operations() -> list[tuple[str, str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (operation["operationId"], method.upper(), path)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in WRITE_METHODS
    )


WRITES = _write_operations()


@pytest.fixture
def manager(api_client_for: Any) -> APIClient:
    client = api_client_for(Role.APPLICATION_MANAGER)
    client.raise_request_exception = False
    return client


def _problem(response: Any) -> dict[str, Any]:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"]
    body = response.json()
    assert body["status"] == 400
    return body


def _names(body: dict[str, Any]) -> list[str]:
    return [p["name"] for p in body["invalidParams"]]


def test_there_are_write_operations() -> None:
    assert len(WRITES) >= 20, WRITES


@pytest.mark.parametrize("operation", WRITES, ids=[op[0] for op in WRITES])
def test_deep_json_is_refused_on_every_write(
    operation: tuple[str, str, str], manager: APIClient, register: dict[str, Any]
) -> None:
    _, method, path = operation
    url = "/api/v1" + re.sub(r"\{[^}]+\}", "1", path)
    body = '{"description": ' + "[" * DEEP + "]" * DEEP + "}"

    response = manager.generic(method, url, data=body, content_type="application/json")

    problem = _problem(response)
    assert _names(problem) == ["description" + "[0]" * 31]
    assert "32" in problem["invalidParams"][0]["reason"]


def test_deep_objects_name_their_path(manager: APIClient) -> None:
    body = relation_body()
    inner: dict[str, Any] = {}
    body["partner"] = {"name": "X", "country": "BE", "kind": "city", "extra": inner}
    for _ in range(40):
        inner["a"] = {}
        inner = inner["a"]

    response = manager.post("/api/v1/relations", body, format="json")

    assert _names(_problem(response)) == ["partner.extra" + ".a" * 30]


def test_a_body_within_the_depth_limit_passes(manager: APIClient, db: None) -> None:
    response = manager.post("/api/v1/relations", relation_body(id="helmond-x"), format="json")
    assert response.status_code == 201, response.content[:300]


def test_an_oversized_body_is_refused_before_it_is_read(manager: APIClient, settings: Any) -> None:
    settings.INTREL_API_MAX_BODY_BYTES = 1000
    body = relation_body(description="x" * 2000)

    response = manager.post("/api/v1/relations", body, format="json")

    assert _names(_problem(response)) == ["body"]


def test_lone_surrogate_in_an_enum_field(manager: APIClient, register: dict[str, Any]) -> None:
    raw = json.dumps(
        {"relation": register["relation"], "kind": "X", "date": "2025-01-10", "title": "Bezoek"}
    ).replace('"X"', '"\\ud800"')

    response = manager.generic("POST", "/api/v1/activities", raw, content_type="application/json")

    problem = _problem(response)
    assert _names(problem) == ["kind"]
    assert "surrogate" in problem["invalidParams"][0]["reason"]


def test_lone_surrogate_in_a_nested_enum_field(manager: APIClient, db: None) -> None:
    raw = json.dumps(relation_body(id="helmond-y")).replace('"city"', '"\\udfff"')

    response = manager.generic("POST", "/api/v1/relations", raw, content_type="application/json")

    assert _names(_problem(response)) == ["partner.kind"]


def test_nul_in_a_reference_field(manager: APIClient, register: dict[str, Any]) -> None:
    body = {"relation": "helmond\x00", "kind": "visit", "date": "2025-01-10", "title": "Bezoek"}

    response = manager.post("/api/v1/activities", body, format="json")

    problem = _problem(response)
    assert problem["invalidParams"] == [
        {"name": "relation", "reason": "Null characters are not allowed."}
    ]


def test_nul_in_a_nested_field_and_key(manager: APIClient, db: None) -> None:
    body = relation_body(id="helmond-z")
    body["agreements"][0]["title"] = "Verdrag\x00"
    body["partner"]["na\x00me"] = "X"

    response = manager.post("/api/v1/relations", body, format="json")

    assert sorted(_names(_problem(response))) == ["agreements[0].title", "partner.na\\u0000me"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/partners?q=%00",
        "/api/v1/relations?q=ok&%00=1",
        "/api/v1/relations/helmond-mechelen/assessment?framework=%00",
    ],
)
def test_nul_in_an_api_query_parameter(
    url: str, manager: APIClient, register: dict[str, Any]
) -> None:
    problem = _problem(manager.get(url))
    assert problem["invalidParams"][0]["reason"] == "Null characters are not allowed."


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/partners/?q=%00", "q"),
        ("/relations/?q=a%00b", "q"),
        ("/budgets/?holder=%00", "holder"),
        ("/governance/meetings?body=%00", "body"),
    ],
)
def test_nul_in_a_page_query_parameter(url: str, name: str, client: Any, officer: Any) -> None:
    client.force_login(officer)
    client.raise_request_exception = False

    response = client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert f"{name}: Null characters are not allowed." in response.content.decode()


def test_nul_in_a_page_form_field(client: Any, officer: Any, db: None) -> None:
    client.force_login(officer)
    client.raise_request_exception = False

    response = client.post("/partners/new/", {"name": "Mechelen\x00", "country": "BE"})

    assert response.status_code == 400
    assert "name: Null characters are not allowed." in response.content.decode()


def test_depth_scanner_ignores_brackets_in_strings() -> None:
    text = json.dumps({"a": "[[[[[[" * 100, "b": [{"c": "]]]]"}]})
    assert json_too_deep(text, 3) is None
    assert json_too_deep(text, 2) == "b[0]"
    assert json_too_deep(text, 1) == "b"
    # An unterminated string runs to the end: the scan stays linear.
    assert json_too_deep('["' + '\\"' * 100_000, 32) is None
