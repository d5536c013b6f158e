"""Comparing an import with the register reads the existing relations in a fixed number of
queries, ``last_activity`` included (the activities come prefetched)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intrel.imports.services import _existing_subjects
from intrel.relations.tests.factories import ActivityFactory, RelationFactory

pytestmark = pytest.mark.django_db


def _with_an_activity() -> str:
    relation = RelationFactory()
    ActivityFactory(relation=relation, date=date(2014, 3, 3))
    return relation.slug


def _queries(ids: list[str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        subjects = _existing_subjects(ids)
    assert {s["last_activity"] for s in subjects.values()} == {"2014-03-03"}
    return len(queries)


def test_existing_relations_cost_no_query_each() -> None:
    one = _queries([_with_an_activity()])
    assert _queries([_with_an_activity() for _ in range(4)]) == one
