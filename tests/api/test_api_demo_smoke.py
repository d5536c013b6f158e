"""Smoke test over the demo data: every GET operation of docs/api/openapi.yaml, for every object
the demo loader creates, as every demo account and service token.

Each call must answer what docs/api.md's permission table says (200 for a caller it allows, 403
otherwise; 404 for an id that does not exist), never a 5xx, and every response must match the
committed OpenAPI document (status, content type, headers, body schema). The demo is loaded once
for the module (``demo`` in conftest.py), so all the calls take seconds, not minutes.
"""

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from api_helpers import SERVICE_READ, SERVICE_WRITE, documented_table
from demo_ids import PATH_IDS, Demo
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from intrel.accounts.services import DEMO_ACCOUNTS

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"
SCHEMA = schemathesis.openapi.from_path(str(DOCUMENT))
APP = WSGIHandler()
BASE_URL = "http://testserver/api/v1"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# The six demo accounts (by role) and the two kinds of service token.
CALLERS = [str(a.role) for a in DEMO_ACCOUNTS] + [SERVICE_READ, SERVICE_WRITE]

# Every list in full; besides that, the query variants worth a call of their own.
LIST_QUERY = {"pageSize": 500}
DATES = ["2013-06-01", "2014-01-15", "2016-06-01"]


def _queries(path: str, demo: Demo) -> list[dict[str, Any]]:
    relations = demo.ids["/relations/{id}"]
    if path == "/committees/{id}":
        return [{}, *({"date": d} for d in DATES)]
    if path == "/relations/{id}/assessment":
        frameworks = demo.ids["/frameworks/{id}"]
        return [{}, {"asOf": DATES[0]}, *({"framework": f} for f in frameworks)]
    if path in ("/committee-memberships", "/council-memberships"):
        return [LIST_QUERY, *({"date": d} | LIST_QUERY for d in DATES)]
    if path in ("/agreements", "/involvements", "/activities", "/parties"):
        return [LIST_QUERY, *({"relation": r} | LIST_QUERY for r in relations)]
    if path == "/assessments":
        return [LIST_QUERY, {"current": "false"} | LIST_QUERY, {"violations": "true"} | LIST_QUERY]
    return [LIST_QUERY] if "{" not in path else [{}]


def _get_operations() -> list[tuple[str, str]]:
    return sorted(
        (operation.definition.raw["operationId"], operation.path)
        for operation in (result.ok() for result in SCHEMA.get_all_operations())
        if operation.method.upper() == "GET"
    )


GET_OPERATIONS = _get_operations()


def _missing_id(ids: list[str]) -> str:
    if ids and all(i.isdigit() for i in ids):
        return str(max(int(i) for i in ids) + 1000)
    # Upper case and digits fit every id pattern (slugs, decision references, portfolio codes).
    return "NOSUCH0"


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Any:
    """The WSGI handler would close the connection after each request (see
    test_api_schemathesis.py); keep it, the module's demo lives in its transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_path_with_a_parameter_has_demo_ids() -> None:
    templated = {op.ok().path for op in SCHEMA.get_all_operations() if "{" in op.ok().path}
    missing = sorted(templated - set(PATH_IDS))
    assert not missing, f"add these paths to tests/api/demo_ids.py's PATH_IDS: {missing}"


def test_the_demo_has_objects_for_every_detail_path(demo: Demo, db: None) -> None:
    empty = sorted(path for path, ids in demo.ids.items() if not ids)
    assert not empty, f"the demo data holds nothing to call these with: {empty}"


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("operation", GET_OPERATIONS, ids=[op[0] for op in GET_OPERATIONS])
def test_get_every_demo_object(
    operation: tuple[str, str], caller: str, demo: Demo, db: None
) -> None:
    op_id, path = operation
    allowed = documented_table()[op_id].outcomes[caller] == "yes"
    api_operation = SCHEMA[path]["GET"]
    param = next(iter(api_operation.path_parameters), None)
    calls: list[tuple[dict[str, Any], dict[str, Any], int]] = []
    for query in _queries(path, demo):
        if param is None:
            calls.append(({}, query, 200 if allowed else 403))
            continue
        ids = demo.ids[path]
        calls.extend(({param.name: i}, query, 200 if allowed else 403) for i in ids)
        calls.append(({param.name: _missing_id(ids)}, query, 404 if allowed else 403))

    failures = []
    for path_parameters, query, expected in calls:
        case = api_operation.Case(path_parameters=path_parameters, query=query)
        response = case.call(app=APP, base_url=BASE_URL, headers=demo.headers(caller))
        where = f"GET {case.formatted_path} {query or ''} as {caller}"
        if response.status_code != expected:
            failures.append(f"{where}: {response.status_code}, expected {expected}")
            continue
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as exc:  # schemathesis raises a FailureGroup of its checks
            failures.append(f"{where}: {str(exc)[:400]}")
    assert not failures, f"{len(failures)} of {len(calls)} calls failed:\n" + "\n".join(failures)
