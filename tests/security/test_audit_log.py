"""The audit log page (issue 18): functioneel beheer reads who changed which record, which
fields from what to what, and when; read-only; nobody else may see it."""

from typing import Any

import pytest
from django.test import Client

from intrel.accounts.constants import Role
from intrel.partners.models import Partner

pytestmark = pytest.mark.django_db


def _partner_form(name: str, notes: str) -> dict[str, str]:
    return {"name": name, "country": "BE", "kind": "city", "notes": notes}


def test_beheer_reads_who_changed_what_from_what_to_what(make_user: Any) -> None:
    officer = make_user(Role.POLICY_OFFICER, username="beleid")
    officer.first_name, officer.last_name = "Pieter", "van den Heuvel"
    officer.save()
    client = Client()
    client.force_login(officer)
    assert client.post("/partners/new/", _partner_form("Mechelen", "oud")).status_code == 302
    partner = Partner.objects.get(name="Mechelen")
    edit = client.post(f"/partners/{partner.pk}/edit/", _partner_form("Mechelen", "nieuw"))
    assert edit.status_code == 302

    beheer = Client()
    beheer.force_login(make_user(Role.APPLICATION_MANAGER, username="beheer"))
    page = beheer.get("/accounts/audit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Pieter van den Heuvel" in html and "Mechelen" in html
    assert "<code>oud</code> → <code>nieuw</code>" in html
    assert "created" in html and "changed" in html
    assert "<form" in html and 'method="post"' not in html.split("<main")[1]  # read-only

    assert "Mechelen" not in beheer.get("/accounts/audit/?user=someone-else").content.decode()
    only = beheer.get("/accounts/audit/?model=partners.partner&user=beleid").content.decode()
    assert "<code>oud</code> → <code>nieuw</code>" in only
    assert beheer.get("/accounts/audit/?since=not-a-date").status_code == 400


@pytest.mark.parametrize("role", [r for r in Role if r != Role.APPLICATION_MANAGER])
def test_no_other_role_reads_the_audit_log(make_user: Any, role: Role) -> None:
    client = Client()
    client.force_login(make_user(role))
    assert client.get("/accounts/audit/").status_code == 403


@pytest.mark.parametrize("query", ["until=9999-12-31", "since=0001-01-01"])
def test_a_date_out_of_range_is_named_not_a_500(make_user: Any, query: str) -> None:
    beheer = Client()
    beheer.force_login(make_user(Role.APPLICATION_MANAGER, username="beheer"))
    response = beheer.get(f"/accounts/audit/?{query}")
    assert response.status_code == 400
    assert "Give a date between 1800-01-01 and 2200-12-31." in response.content.decode()
