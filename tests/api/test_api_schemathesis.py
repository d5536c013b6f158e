"""Property-based: schemathesis generates requests from the OpenAPI document for every operation.

As the most privileged role and as a read-only one (the demo accounts ``beheer`` and ``raad``),
over the Helmond demo data, each response must: not be a 5xx, have a documented status code,
content type and headers (`API-Version`), and match its schema.

Generated ids would almost never name a stored object, so most path ids and the references in
bodies (``relation``, ``meeting``, ``person``, ...) are mapped onto the demo's real ids
(``demo_ids.PATH_IDS``): three generated values of four become a real id, picked by a stable
hash of the generated value, the fourth stays as generated (a 404 or 400 path). Negative cases
and values of the wrong type are never mapped, so they stay invalid.

``INTREL_SCHEMATHESIS_EXAMPLES`` sets the examples per operation (default 25), and
``INTREL_SCHEMATHESIS_STRICT=1`` adds the acceptance checks; see docs/api.md.
"""

import os
import zlib
from typing import Any

import pytest
import schemathesis
from demo_ids import PATH_IDS, Demo
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
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
# Opt-in (docs/api.md): also that valid requests are accepted and invalid ones refused. Not in
# CI: the document cannot say every rule (a date before a signature, a quorum), so these find
# candidates to look at, not certain defects.
if os.environ.get("INTREL_SCHEMATHESIS_STRICT"):
    CHECKS += [positive_data_acceptance, negative_data_rejection]

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
APP = WSGIHandler()

# Top-level body fields that refer to another object: the path whose ids they take.
BODY_REFERENCES = {
    "relation": "/relations/{id}",
    "meeting": "/meetings/{id}",
    "person": "/persons/{id}",
    "committee": "/committees/{id}",
    "decision": "/decisions/{id}",
    "activity": "/activities/{id}",
    "portfolio": "/portfolios/{id}",
    "source": "/budget-lines/{id}",
    "target": "/budget-lines/{id}",
}


def _real(value: Any, ids: list[str]) -> Any:
    """A demo id for three generated values of four, of the generated value's own type."""
    if not ids or isinstance(value, bool) or not isinstance(value, int | str):
        return value
    numeric = all(i.isdigit() for i in ids)
    if numeric != isinstance(value, int) and not (numeric and str(value).isdigit()):
        return value  # a value of the wrong type is meant to be refused: keep it
    digest = zlib.crc32(repr(value).encode())
    if digest % 4 == 0:
        return value
    real = ids[digest % len(ids)]
    return int(real) if isinstance(value, int) else real


def point_at_the_demo(case: Any, demo: Demo) -> None:
    """Map the case's path id and body references onto the demo's objects (see above).

    A negative case (meant to break the document) is left as generated: mapping its id would
    make it valid, and the server's acceptance of it would look like a defect.
    """
    meta = case.meta
    if meta is not None and meta.generation.mode == GenerationMode.NEGATIVE:
        return
    path = case.path_parameters or {}
    ids = demo.ids.get(case.path, [])
    for name, value in path.items():
        path[name] = _real(value, ids)
    if isinstance(case.body, dict):
        for name, target in BODY_REFERENCES.items():
            if name in case.body:
                case.body[name] = _real(case.body[name], demo.ids[target])
        # A relation's body names its own id, which must equal the URL's.
        if case.path == "/relations/{id}" and "id" in case.body and path.get("id") in ids:
            case.body["id"] = path["id"]


def test_every_body_reference_names_a_path_with_demo_ids() -> None:
    assert set(BODY_REFERENCES.values()) <= set(PATH_IDS)


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
    case: Any, role: str, demo: Demo, db: None, django_db_blocker: Any
) -> None:
    point_at_the_demo(case, demo)
    case.call_and_validate(
        app=APP,
        base_url="http://testserver/api/v1",
        headers=demo.headers(str(role)),
        checks=CHECKS,
    )
