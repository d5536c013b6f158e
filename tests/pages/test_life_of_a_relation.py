"""The life of a relation on the demo (issue 14): Zielona Góra, suspended and proposed for
ending, walked by page and API as every role."""

import secrets
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from intrel.accounts.services import DEMO_ACCOUNTS
from intrel.api.services import person_token_create
from intrel.relations.models import Relation

from .conftest import Demo

ROLES = [a.username for a in DEMO_ACCOUNTS]
SLUG = "helmond-zielona-gora"
# Who may record a step (relations.add_lifestep): the application manager and the officer.
MAY_STEP = {"beheer", "beleid"}

pytestmark = pytest.mark.django_db


def _client(demo: Demo, role: str) -> Client:
    client = Client()
    client.force_login(demo.users[role])
    client.cookies["django_language"] = "nl"
    return client


def _api(demo: Demo, role: str) -> APIClient:
    _, key = person_token_create(user=demo.users[role], name=f"tests {secrets.token_hex(4)}")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api


@pytest.mark.parametrize("role", ROLES)
def test_the_demo_relation_shows_its_life(demo: Demo, role: str) -> None:
    page = _client(demo, role).get(reverse("relations:detail", args=[SLUG]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Leven van de relatie" in text
    assert "Voorstel tot beëindiging" in text and "13 mei 2014" in text
    assert "Tot er weer een gedragen plan met Zielona Góra is." in text
    # The next steps are buttons for those who may take them, and only for them.
    assert ("?kind=consultation" in text) == (role in MAY_STEP)
    listing = _client(demo, role).get(reverse("relations:in_transition"))
    assert listing.status_code == 200 and "Zielona" in listing.content.decode()
    steps = _api(demo, role).get(f"/api/v1/relations/{SLUG}/life-steps")
    assert steps.status_code == 200
    assert [s["kind"] for s in steps.json()] == ["suspended", "proposal"]
    moving = _api(demo, role).get("/api/v1/relations/in-transition")
    assert SLUG in [r["id"] for r in moving.json()]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_officers_may_record_a_step(demo: Demo, role: str) -> None:
    body = {"kind": "consultation", "date": "2014-06-01", "party": "Zielona Góra"}
    response = _api(demo, role).post(f"/api/v1/relations/{SLUG}/life-steps", body, format="json")
    assert response.status_code == (201 if role in MAY_STEP else 403)
    page = _client(demo, role).post(reverse("relations:life_step_create", args=[SLUG]), body)
    assert page.status_code == (302 if role in MAY_STEP else 403)


def test_the_ending_of_zielona_gora_walked_on_the_demo(demo: Demo) -> None:
    relation = Relation.objects.get(slug=SLUG)
    advice = relation.governance_decisions.get(title__startswith="Advies")
    client = _client(demo, "beleid")
    url = reverse("relations:life_step_create", args=[SLUG])
    skipped = client.post(
        url, {"kind": "decision", "date": "2014-06-01", "decision": advice.identifier}
    )
    assert skipped.status_code == 400 and "IMP-4" in skipped.content.decode()
    assert (
        client.post(
            url,
            {
                "kind": "consultation",
                "date": "2014-06-01",
                "party": "Gemeente Zielona Góra",
                "answered": "false",
                "text": "Brief van 1 juni 2014; geen antwoord.",
            },
        ).status_code
        == 302
    )
    decided = client.post(
        url, {"kind": "decision", "date": "2014-06-02", "decision": advice.identifier}
    )
    assert decided.status_code == 302, decided.content.decode()
    # The twinning agreement renews itself (6 months' notice): the earliest end is 31 May 2018.
    too_soon = client.post(
        url, {"kind": "notice", "date": "2014-06-03", "effective_date": "2014-07-01"}
    )
    assert too_soon.status_code == 400
    assert "31 mei 2018" in too_soon.content.decode() and "IMP-3" in too_soon.content.decode()
    notice = client.post(
        url, {"kind": "notice", "date": "2014-06-03", "effective_date": "2018-05-31"}
    )
    assert notice.status_code == 302, notice.content.decode()
    relation.refresh_from_db()
    assert relation.status == "ending"
    early = client.post(url, {"kind": "ended", "date": "2018-05-30"})
    assert early.status_code == 400 and "IMP-3" in early.content.decode()
    assert client.post(url, {"kind": "ended", "date": "2018-05-31"}).status_code == 302
    relation.refresh_from_db()
    assert relation.status == "ended" and relation.end_date == date(2018, 5, 31)
