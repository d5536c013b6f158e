"""The review rounds' pages (issue 15): the officer (beleid) runs the demo's round on to the
council's decision and sees its actions; the council member (raad) reads, and may not write."""

import pytest
from django.test import Client
from django.urls import reverse

from intrel.reviews.constants import RoundStatus
from intrel.reviews.demo import TITLE
from intrel.reviews.models import ReviewRound

from .conftest import Demo

pytestmark = pytest.mark.django_db


def _client(demo: Demo, username: str, language: str = "nl") -> Client:
    client = Client()
    client.force_login(demo.users[username])
    client.cookies["django_language"] = language
    return client


def _demo_round() -> ReviewRound:
    return ReviewRound.objects.get(title=TITLE)


def test_the_menu_leads_to_the_rounds(demo: Demo) -> None:
    html = _client(demo, "raad").get(reverse("start:home")).content.decode()
    assert f'href="{reverse("reviews:rounds")}"' in html
    page = _client(demo, "raad").get(reverse("reviews:rounds")).content.decode()
    assert TITLE in page and "advies van de commissie vastgelegd" in page


def test_the_council_member_reads_but_does_not_write(demo: Demo) -> None:
    client = _client(demo, "raad")
    r = _demo_round()
    page = client.get(r.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "San Marcos" in html and "Advies, voorstel, besluit" in html
    assert "Voorstel van het college vastleggen" not in html  # no forms for a reader
    assert client.get(reverse("reviews:round-start")).status_code == 403
    step = reverse("reviews:round-step", args=[r.pk, "proposal"])
    assert client.post(step, {"proposal-text": "x", "proposal-on": "2014-06-03"}).status_code == 403
    r.refresh_from_db()
    assert r.status == RoundStatus.ADVISED


def test_a_second_open_round_is_refused_on_the_page(demo: Demo) -> None:
    response = _client(demo, "beleid").post(
        reverse("reviews:round-start"),
        {"title": "Nog een", "framework": "helmond-2013", "reference_date": "2014-01-01"},
    )
    assert response.status_code == 400
    assert f"De ronde “{TITLE}” over dezelfde relaties loopt nog" in response.content.decode()


def test_the_officer_runs_the_round_to_the_decision_and_sees_the_actions(demo: Demo) -> None:
    client = _client(demo, "beleid")
    r = _demo_round()
    step = "reviews:round-step"
    # A decision before the proposal is refused, naming why.
    early = client.post(
        reverse(step, args=[r.pk, "decision"]),
        {"decision-text": "Besluit", "decision-on": "2014-07-01", "decision-scenario": "honouring"},
    )
    assert early.status_code == 400
    assert "leg eerst het voorstel vast" in early.content.decode()
    ok = client.post(
        reverse(step, args=[r.pk, "proposal"]),
        {"proposal-text": "Het college stelt voor.", "proposal-on": "2014-06-03"},
    )
    assert ok.status_code == 302
    before = client.post(
        reverse(step, args=[r.pk, "decision"]),
        {"decision-text": "Besluit", "decision-on": "2014-06-01", "decision-scenario": "honouring"},
    )
    assert before.status_code == 400
    assert "vóór het voorstel van het college van 3 juni 2014" in before.content.decode()
    done = client.post(
        reverse(step, args=[r.pk, "decision"]),
        {"decision-text": "De raad besluit.", "decision-on": "2014-07-01",
         "decision-scenario": "honouring"},
    )  # fmt: skip
    assert done.status_code == 302
    html = client.get(r.get_absolute_url()).content.decode()
    assert "Acties uit het besluit" in html and "besloten door de raad" in html
    actions = client.get(reverse("reviews:actions")).content.decode()
    # Grouped per owner: the committee's chair and the aldermen carry them.
    assert "Marieke Jansen" in actions and "Tom van Lieshout" in actions
    assert "San Marcos" in actions


def test_an_override_without_a_reason_is_refused_on_the_page(demo: Demo) -> None:
    r = _demo_round()
    item = r.items.get(relation__slug="helmond-mechelen")
    response = _client(demo, "beleid").post(
        reverse("reviews:item-step", args=[r.pk, item.pk, "override"]),
        {f"item{item.pk}-target": "owner", f"item{item.pk}-reason": ""},
    )
    assert response.status_code == 400
    assert "een afwijking vraagt een reden" in response.content.decode().lower()
    item.refresh_from_db()
    assert item.state == "assessed"
