"""Citizen initiatives through the staff's pages, as every role, with the demo's initiatives
(issue 13): the list and its filters, the detail with the timeline, the workflow's steps."""

import re
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from intrel.budgets.constants import HolderKind
from intrel.budgets.models import Allocation, BudgetLine
from intrel.governance.models import Meeting
from intrel.initiatives.constants import EventKind, Outcome, Step
from intrel.initiatives.models import Initiative

from .conftest import Demo

pytestmark = pytest.mark.django_db

WORKERS = {"beheer", "beleid", "griffie"}
READERS = {"wethouder", "commissie", "raad"}


def client_for(demo: Demo, role: str) -> Client:
    client = Client()
    client.force_login(demo.users[role])
    client.cookies["django_language"] = "nl"
    return client


@pytest.mark.parametrize("role", sorted(WORKERS | READERS))
def test_every_role_reads_the_list_and_the_detail(demo: Demo, role: str) -> None:
    client = client_for(demo, role)
    listing = client.get("/initiatives/")
    assert listing.status_code == 200
    html = listing.content.decode()
    for initiative in Initiative.objects.all():
        assert initiative.reference in html
    detail = client.get("/initiatives/INI-2026-0003/")
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Waterputten MOV Stiphout" in page
    assert "geagendeerd" in page
    # The engine's pillar assessment of the proposed relation (development: solidarity).
    assert "Het oordeel van het beleidskader over de voorgestelde relatie" in page
    assert "SOL-1" in page
    # Contact data only for the roles that handle the initiative.
    assert ("mov@example.org" in page) == (role in WORKERS)
    # The step forms only for those roles.
    assert ("Besluit vastleggen" in page) == (role in WORKERS)


def test_the_list_filters_by_step_and_country(demo: Demo) -> None:
    client = client_for(demo, "griffie")
    html = client.get("/initiatives/?step=screened").content.decode()
    assert "INI-2026-0002" in html and "INI-2026-0001" not in html
    html = client.get("/initiatives/?country=ni").content.decode()
    assert "INI-2026-0004" in html and "INI-2026-0003" not in html
    unknown = client.get("/initiatives/?step=bogus").content.decode()
    assert "INI-2026-0001" in unknown and "bogus" in unknown


@pytest.mark.parametrize("role", sorted(READERS))
def test_readers_cannot_take_a_step(demo: Demo, role: str) -> None:
    response = client_for(demo, role).post("/initiatives/INI-2026-0001/screen/", {})
    assert response.status_code == 403
    assert Initiative.objects.get(reference="INI-2026-0001").step == Step.SUBMITTED


def test_the_griffie_takes_an_initiative_from_screening_to_closed(
    demo: Demo, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(demo, "griffie")
    url = "/initiatives/INI-2026-0001/"
    # A committee meeting in a year for which the committee holds a line: the money is
    # allocated on the day of the meeting that decided it.
    lines = BudgetLine.objects.filter(holder_kind=HolderKind.COMMITTEE)
    meeting = next(
        m
        for m in Meeting.objects.filter(committee__isnull=False).order_by("date")
        if lines.filter(year=m.date.year).exists()
    )
    line = lines.get(year=meeting.date.year)
    left = line.money_left
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url + "screen/", {"screen-note": "Compleet."}).status_code == 302
        assert client.post(url + "ask/", {"ask-question": "Hoeveel banken?"}).status_code == 302
        assert client.post(url + "schedule/", {"schedule-meeting": meeting.pk}).status_code == 302
        too_much = client.post(
            url + "decide/",
            {
                "decide-outcome": "supported",
                "decide-reasons": "Past bij het kader.",
                "decide-money": "6000",
                "decide-line": line.pk,
            },
        )
        assert too_much.status_code == 400
        assert "ACH-2" in too_much.content.decode()
        decided = client.post(
            url + "decide/",
            {
                "decide-outcome": "supported",
                "decide-reasons": "Past bij het kader.",
                "decide-money": "2000",
                "decide-line": line.pk,
            },
        )
        assert decided.status_code == 302, re.findall(r"<li>[^<]*</li>", decided.content.decode())
    initiative = Initiative.objects.get(reference="INI-2026-0001")
    assert initiative.step == Step.DECIDED and initiative.outcome == Outcome.SUPPORTED
    assert initiative.money_granted == Decimal("2000")
    assert Allocation.objects.filter(initiative="INI-2026-0001", money=Decimal("2000")).exists()
    line.refresh_from_db()
    assert line.money_left == left - Decimal("2000")
    subjects = [m.subject for m in mail.outbox]
    assert any("vraag" in s.lower() or "question" in s.lower() for s in subjects)
    assert any("INI-2026-0001" in s and ("Besluit" in s or "Decision" in s) for s in subjects)
    steps = list(
        initiative.events.filter(kind=EventKind.STEP).values_list("step", "created_by__username")
    )
    assert (Step.SCREENED, "griffie") in steps and (Step.DECIDED, "griffie") in steps
    # Out of order: a decided initiative cannot be screened again.
    again = client.post(url + "screen/", {"screen-note": ""})
    assert again.status_code == 400
    assert client.post(url + "start/", {}).status_code == 302
    assert Initiative.objects.get(reference="INI-2026-0001").step == Step.IN_PROGRESS


# --- the API ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(WORKERS | READERS))
def test_the_api_lists_and_reads_initiatives_as_every_role(demo: Demo, role: str) -> None:
    client = client_for(demo, role)
    listing = client.get("/api/v1/initiatives?step=in_progress")
    assert listing.status_code == 200, listing.content
    body = listing.json()
    ids = [item["id"] for item in body["results"]]
    assert ids == ["INI-2026-0004"]
    one = client.get("/api/v1/initiatives/INI-2026-0004")
    assert one.status_code == 200
    data = one.json()
    assert data["title"] == "Kadaster San Marcos"
    assert data["money_granted"] == "3000.00"
    assert (data["contact"] is not None) == (role in WORKERS)
    assert client.get("/api/v1/initiatives/INI-2026-9999").status_code == 404
    bad = client.get("/api/v1/initiatives?step=bogus")
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("role", sorted(WORKERS | READERS))
def test_the_api_takes_a_step_only_for_the_roles_that_may(demo: Demo, role: str) -> None:
    client = client_for(demo, role)
    meeting = Meeting.objects.filter(committee__isnull=False).first()
    assert meeting is not None
    response = client.post(
        "/api/v1/initiatives/INI-2026-0002/steps",
        {"action": "schedule", "meeting": meeting.pk},
        content_type="application/json",
    )
    if role in WORKERS:
        assert response.status_code == 200, response.content
        assert response.json()["step"] == "on_agenda"
    else:
        assert response.status_code == 403
        assert Initiative.objects.get(reference="INI-2026-0002").step == Step.SCREENED


def test_the_api_refuses_a_step_out_of_order_and_money_above_the_maximum(demo: Demo) -> None:
    client = client_for(demo, "beleid")
    early = client.post(
        "/api/v1/initiatives/INI-2026-0001/steps",
        {"action": "decide", "outcome": "supported", "reasons": "x"},
        content_type="application/json",
    )
    assert early.status_code == 409
    too_much = client.post(
        "/api/v1/initiatives/INI-2026-0003/steps",
        {"action": "decide", "outcome": "supported", "reasons": "Goed plan.", "money": "9000"},
        content_type="application/json",
    )
    assert too_much.status_code == 400
    assert "ACH-2" in too_much.content.decode()
    assert Initiative.objects.get(reference="INI-2026-0003").step == Step.ON_AGENDA
