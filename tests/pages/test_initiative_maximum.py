"""The framework's maximum per citizen initiative (helmond-2013: EUR 5,000; ACH-2, BES-11) is
judged per initiative over every allocation it got, whatever line or door the money comes
through (issue 11: "judged per initiative, not per relation per year")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from intrel.budgets.models import Allocation
from intrel.budgets.selectors import initiative_money_granted

from .conftest import Demo

pytestmark = pytest.mark.django_db

SCHOOL_PACK = "INI-2014-0001"  # the demo's Global Goals school pack: EUR 4,000 allocated in 2014
LINE = "solidariteit-2014"


def _allocate(client: Client, money: str) -> str:
    response = client.post(
        reverse("budgets:allocate", kwargs={"slug": LINE}),
        {"date": "2014-09-01", "money": money, "hours": "0", "initiative": SCHOOL_PACK},
    )
    return response.content.decode() if response.status_code != 302 else ""


def test_a_second_allocation_above_the_maximum_is_refused_on_the_page(demo: Demo) -> None:
    assert initiative_money_granted(reference=SCHOOL_PACK) == Decimal("4000")
    officer = Client()
    officer.force_login(demo.users["beleid"])
    count = Allocation.objects.count()
    page = _allocate(officer, "1500")
    assert "would get €5,500.00 in all" in page
    assert "maximum of €5,000.00 per initiative (ACH-2, BES-11)" in page
    assert "it has €4,000.00 already" in page
    assert Allocation.objects.count() == count  # nothing half-saved
    # Up to the maximum is allowed.
    assert _allocate(officer, "1000") == ""
    assert initiative_money_granted(reference=SCHOOL_PACK) == Decimal("5000")


def test_the_api_refuses_the_same(demo: Demo) -> None:
    api = APIClient()
    api.force_authenticate(demo.users["beleid"])
    response = api.post(
        f"/api/v1/budget-lines/{LINE}/allocations",
        {
            "date": "2014-09-01",
            "money_eur": "1500.00",
            "staff_hours": "0",
            "initiative": SCHOOL_PACK,
        },
        format="json",
    )
    assert response.status_code in (400, 409), response.content
    body = response.json()
    assert "ACH-2" in str(body)
    assert any(p.get("name") == "money_eur" for p in body.get("invalidParams", [])), body
