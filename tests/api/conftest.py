"""Fixtures of the API tests: a small register, and clients for every kind of caller."""

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from api_helpers import ANONYMOUS, SERVICE_READ, SERVICE_WRITE, relation_body
from demo_ids import Demo, demo_load_for_module
from rest_framework.test import APIClient

from intrel.api.constants import Scope
from intrel.api.services import service_token_create
from intrel.relations.services import relation_upsert_from_subject
from intrel.relations.tests.factories import ActivityFactory


@pytest.fixture
def register(db: None) -> dict[str, Any]:
    """One relation with a partner, party, agreement, involvement and activity: their ids."""
    relation, _ = relation_upsert_from_subject(data=relation_body(), source="manual")
    activity = ActivityFactory(relation=relation, date=date(2024, 5, 1), title="Werkbezoek")
    return {
        "relation": relation.slug,
        "partner": relation.partner_id,
        "party": relation.parties.get().pk,
        "agreement": relation.agreements.get().pk,
        "involvement": relation.involvements.get().pk,
        "activity": activity.pk,
        # the relation's current assessment, made when the register stored it
        "assessment": relation.assessments.get(is_current=True).pk,
    }


@pytest.fixture
def client_as(api_client_for: Callable[..., APIClient]) -> Callable[[str], APIClient]:
    """An API client for a principal of ``PRINCIPALS``."""

    def make(principal: str) -> APIClient:
        if principal == ANONYMOUS:
            return APIClient()
        if principal in (SERVICE_READ, SERVICE_WRITE):
            scope = Scope.READ if principal == SERVICE_READ else Scope.WRITE_RELATIONS
            _, key = service_token_create(name=principal.replace(" ", "-"), scopes=[scope])
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
            return client
        return api_client_for(principal)

    return make


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Demo]:
    """The Helmond demo data, loaded once per module and rolled back after it (demo_ids.py)."""
    yield from demo_load_for_module(django_db_blocker)
