"""The relations API lists a page of relations in a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intrel.core import versions
from intrel.relations.selectors import FILTER_OPTIONS_VERSION

from .factories import ActivityFactory, RelationFactory

pytestmark = pytest.mark.django_db


def _list_queries(api) -> int:
    # The list's count made afresh each time (it is cached until a write: ADR 0021).
    versions.bump(FILTER_OPTIONS_VERSION)
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/relations")
    assert response.status_code == 200, response.content[:300]
    return len(queries)


def _relation_with_an_activity() -> None:
    relation = RelationFactory()
    ActivityFactory(relation=relation, date=date(2014, 3, 3))


def test_last_activity_costs_no_query_per_relation(api_client_for) -> None:
    """Each relation reads with its ``last_activity``: the activities come prefetched."""
    api = api_client_for()
    _relation_with_an_activity()
    _list_queries(api)  # the first request reads the caller's permissions (cached after)
    one = _list_queries(api)
    for _ in range(3):
        _relation_with_an_activity()
    assert _list_queries(api) == one
    assert {r["last_activity"] for r in api.get("/api/v1/relations").json()["results"]} == {
        "2014-03-03"
    }
