"""On the demo, what the start page and the API read from the relations' stored latest activity
day (issue 19) is what the activities themselves say: the dormant relations, in their order,
and each relation's ``last_activity``."""

from datetime import date

import pytest
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from intrel.relations.models import Relation
from intrel.start.selectors import LIVE_STATUSES, SHOWN, dormant_cutoff

from .conftest import Demo

pytestmark = pytest.mark.django_db


def _from_the_activities() -> dict[str, date | None]:
    return dict(
        Relation.objects.annotate(day=Max(Coalesce("activities__end_date", "activities__date")))
        .order_by()
        .values_list("slug", "day")
    )


def test_each_relation_stores_the_day_of_its_latest_activity(demo: Demo) -> None:
    latest = _from_the_activities()
    assert any(latest.values()), "the demo records activities"
    assert dict(Relation.objects.values_list("slug", "last_activity_on")) == latest


def test_the_dormant_relations_are_those_the_activities_give(demo: Demo) -> None:
    client = Client()
    client.force_login(demo.users["beleid"])
    client.cookies["django_language"] = "nl"
    response = client.get(reverse("start:home"))
    shown = [(r.slug, r.last) for r in response.context["dormant_relations"]]
    # As the page read them before the day was stored: every activity grouped per relation.
    cutoff = dormant_cutoff(timezone.localdate(), response.context["dormant_months"])
    grouped = (
        Relation.objects.filter(status__in=LIVE_STATUSES)
        .annotate(last=Max(Coalesce("activities__end_date", "activities__date")))
        .filter(last__lt=cutoff)
        .order_by("last", "name")
        .values_list("slug", "last")
    )
    assert shown and shown == list(grouped[:SHOWN])
    html = response.content.decode()
    card = html[html.index('id="dormant-h"') :]
    for name in ("Mechelen", "San Marcos", "Zielona Góra"):
        assert name in card[: card.index("</section>")]


def test_the_api_gives_each_relation_the_day_of_its_latest_activity(demo: Demo) -> None:
    api = APIClient()
    api.force_authenticate(demo.users["beheer"])
    listed = api.get("/api/v1/relations?pageSize=100").json()["results"]
    latest = _from_the_activities()
    assert len(listed) == len(latest)
    for row in listed:
        day = latest[row["id"]]
        assert row["last_activity"] == (day.isoformat() if day else None), row["id"]
        one = api.get(f"/api/v1/relations/{row['id']}").json()
        assert one["last_activity"] == row["last_activity"]
