"""Property-based: schemathesis generates requests from the OpenAPI document for every operation.

As the most privileged role and as a read-only one, each response must: not be a 5xx, have a
documented status code, content type and headers (`API-Version`), and match its schema.
``INTREL_SCHEMATHESIS_EXAMPLES`` sets the examples per operation (default 25; see docs/api.md).
"""

import os
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from intrel.accounts.constants import Role

EXAMPLES = int(os.environ.get("INTREL_SCHEMATHESIS_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
APP = WSGIHandler()


@pytest.fixture
def known(register: dict[str, Any]) -> dict[str, Any]:
    return register


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Any:
    """Calling the WSGI handler directly would close the database connection after every
    request (``close_old_connections``), which breaks the test transaction on PostgreSQL.
    Django's own test client disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", [Role.APPLICATION_MANAGER, Role.COUNCIL_MEMBER])
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_openapi_document(
    case: Any, role: str, known: dict[str, Any], api_client_for: Any, django_db_blocker: Any
) -> None:
    token = _token(api_client_for, role)
    # Odd-length ids point at the stored relation, so changes reach the contract, not a 404.
    path = case.path_parameters or {}
    if case.path.startswith("/relations/{id}") and len(str(path.get("id", ""))) % 2:
        path["id"] = known["relation"]
        if isinstance(case.body, dict) and "id" in case.body:
            case.body["id"] = known["relation"]
    case.call_and_validate(
        app=APP,
        base_url="http://testserver/api/v1",
        headers={"Authorization": f"Bearer {token}"},
        checks=CHECKS,
    )


_TOKENS: dict[tuple[int, str], str] = {}


def _token(api_client_for: Any, role: str) -> str:
    """One user per role per test (hypothesis calls the test body once per example)."""
    from rest_framework.authtoken.models import Token

    from intrel.accounts.models import User

    user = User.objects.filter(username=str(role).replace(" ", "_")).first()
    if user is None:
        client = api_client_for(role)
        return client._credentials["HTTP_AUTHORIZATION"].split()[1]
    return Token.objects.get(user=user).key
