"""The initiator's personal data (issue 13): shown only to the roles that handle initiatives,
exportable as JSON for the person (through the private link, and by staff on the person's
request), and pseudonymised when the initiative closes, in the history table too, the record
itself kept (Selectielijst gemeenten 2020: an initiative's file is kept permanently)."""

import json

import pytest
from django.test import Client

from intrel.initiatives.constants import EventKind, Step
from intrel.initiatives.models import Initiative, PrivateLink
from intrel.initiatives.services import private_link_issue

from .conftest import Demo

pytestmark = pytest.mark.django_db

SAN_MARCOS = "INI-2026-0004"
EMAIL = "sanmarcos@example.org"


def _client(demo: Demo, role: str) -> Client:
    client = Client()
    client.force_login(demo.users[role])
    client.cookies["django_language"] = "nl"
    return client


@pytest.mark.parametrize("role", ["beheer", "beleid", "griffie", "wethouder", "commissie", "raad"])
def test_only_the_handling_roles_see_and_export_the_contact_data(demo: Demo, role: str) -> None:
    client = _client(demo, role)
    page = client.get(f"/initiatives/{SAN_MARCOS}/").content.decode()
    handles = role in {"beheer", "beleid", "griffie"}
    assert (EMAIL in page) == handles
    export = client.get(f"/initiatives/{SAN_MARCOS}/personal-data.json")
    assert export.status_code == (200 if handles else 403)
    api = client.get(f"/api/v1/initiatives/{SAN_MARCOS}")
    assert (EMAIL in api.content.decode()) == handles


def test_the_initiator_downloads_their_data_through_the_link(demo: Demo) -> None:
    initiative = Initiative.objects.get(reference=SAN_MARCOS)
    token = private_link_issue(initiative=initiative)
    page = Client().get(f"/initiatives/link/{token}/").content.decode()
    assert f"/initiatives/link/{token}/data.json" in page
    response = Client().get(f"/initiatives/link/{token}/data.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["contact"]["email"] == EMAIL
    assert data["initiative"] == SAN_MARCOS
    assert data["private_links"] and token not in response.content.decode()
    altered = Client().get(f"/initiatives/link/{token[:-2]}xx/data.json")
    assert altered.status_code == 404 and EMAIL not in altered.content.decode()


def _close(demo: Demo, client: Client, reference: str) -> None:
    response = client.post(f"/initiatives/{reference}/close/", {"close-note": "Afgerond."})
    assert response.status_code == 302, response.content.decode()[:500]


def test_closing_pseudonymises_the_record_and_its_history(demo: Demo) -> None:
    initiative = Initiative.objects.get(reference=SAN_MARCOS)
    token = private_link_issue(initiative=initiative)
    initiative.contact_phone = "0492-123456"
    initiative.save()
    assert initiative.history.filter(contact_email=EMAIL).exists()
    client = _client(demo, "griffie")
    # Reported by the initiator, then closed by the griffie.
    Client().post(f"/initiatives/link/{token}/", {"action": "report", "report": "Gedaan."})
    assert Initiative.objects.get(pk=initiative.pk).step == Step.REPORTED
    _close(demo, client, SAN_MARCOS)

    closed = Initiative.objects.get(pk=initiative.pk)
    assert closed.step == Step.CLOSED and closed.pseudonymised_at is not None
    assert EMAIL not in closed.contact_email and closed.contact_phone == ""
    assert closed.title == "Kadaster San Marcos" and closed.report == "Gedaan."  # record kept
    # The history table, read directly: no row keeps the name, the address or the phone.
    rows = list(
        Initiative.history.filter(id=initiative.pk).values_list(
            "contact_name", "contact_email", "contact_phone", "submitted_from"
        )
    )
    assert len(rows) >= 3
    for name, email, phone, sender in rows:
        assert name == "[verwijderd]" and email.endswith(".invalid")
        assert phone == "" and sender == ""
    # The private link is withdrawn; the page says when the data went.
    assert not PrivateLink.objects.filter(initiative=closed, revoked_at__isnull=True).exists()
    assert Client().get(f"/initiatives/link/{token}/").status_code == 404
    page = client.get(f"/initiatives/{SAN_MARCOS}/").content.decode()
    assert EMAIL not in page and "Gepseudonimiseerd op" in page
    assert closed.events.filter(kind=EventKind.PSEUDONYMISED).count() == 1
