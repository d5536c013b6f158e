"""Inconsistent governance data is refused with the field named, on the page and in the API
(issue 10.10): a council meeting with a committee, a decision to end no relation; junk in a
page's URL filter is named on the page, not silently replaced."""

import html
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from intrel.accounts.constants import Role
from intrel.core.errors import DomainError
from intrel.governance import services
from intrel.governance.constants import Body, DecisionKind
from intrel.governance.models import Decision, Meeting
from intrel.relations.tests.factories import RelationFactory


@pytest.fixture
def clerk(client, make_user):
    client.force_login(make_user(Role.CLERK))
    client.cookies["django_language"] = "en"
    return client


def _text(response) -> str:
    return html.unescape(response.content.decode())


# --- a council meeting belongs to the council -------------------------------------------------


def test_service_refuses_a_council_meeting_with_a_committee(setup):
    with pytest.raises(DomainError) as refused:
        services.meeting_create(
            body=Body.COUNCIL, committee=setup.committee, date=date(2014, 1, 28), title="Raad"
        )
    assert refused.value.field == "committee"
    assert not Meeting.objects.filter(title="Raad").exists()


def test_page_refuses_a_council_meeting_with_a_committee(clerk, setup):
    response = clerk.post(
        reverse("governance:meeting-create"),
        {"body": "council", "committee": setup.committee.pk, "date": "2014-01-28", "title": "Raad"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code != 302
    assert "Only a committee meeting names a committee" in _text(response)
    assert not Meeting.objects.filter(title="Raad").exists()


def test_api_refuses_a_council_meeting_with_a_committee(api_client_for, setup):
    response = api_client_for(Role.CLERK).post(
        "/api/v1/meetings",
        {
            "body": "council",
            "committee": setup.committee.slug,
            "date": "2014-01-28",
            "title": "Raad",
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert [p["name"] for p in response.json()["invalidParams"]] == ["committee"]
    assert not Meeting.objects.filter(title="Raad").exists()


def test_a_council_meeting_without_a_committee_is_fine(setup):
    meeting = services.meeting_create(body=Body.COUNCIL, date=date(2014, 1, 28), title="Raad")
    assert meeting.committee is None


# --- a decision to end a relation names the relation ------------------------------------------


@pytest.fixture
def council_meeting(setup):
    return services.meeting_create(body=Body.COUNCIL, date=date(2014, 5, 13), title="Raad")


def test_service_refuses_an_ending_without_a_relation(council_meeting):
    with pytest.raises(DomainError) as refused:
        services.decision_record(
            meeting=council_meeting,
            kind=DecisionKind.RELATION_ENDING,
            title="Einde stedenband",
            result="adopted",
        )
    assert refused.value.field == "relation"
    relation = RelationFactory()
    decision = services.decision_record(
        meeting=council_meeting,
        kind=DecisionKind.RELATION_ENDING,
        title="Einde stedenband",
        result="adopted",
        relation=relation,
    )
    assert decision.relation == relation


def test_page_refuses_an_ending_without_a_relation(clerk, council_meeting):
    response = clerk.post(
        reverse("governance:decision-create", args=[council_meeting.pk]),
        {"kind": "relation_ending", "title": "Einde stedenband", "result": "adopted"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code != 302
    assert "names the relation it ends" in _text(response)
    assert not Decision.objects.exists()


def test_api_refuses_an_ending_without_a_relation(api_client_for, council_meeting):
    response = api_client_for(Role.CLERK).post(
        "/api/v1/decisions",
        {
            "meeting": council_meeting.pk,
            "kind": "relation_ending",
            "title": "Einde stedenband",
            "result": "adopted",
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert [p["name"] for p in response.json()["invalidParams"]] == ["relation"]
    assert not Decision.objects.exists()


# --- junk in URL filters is named on the page -------------------------------------------------


def test_meeting_list_names_an_unknown_body(clerk, setup):
    services.meeting_create(body=Body.COUNCIL, date=date(2014, 1, 28), title="Raadsvergadering")
    response = clerk.get(reverse("governance:meetings"), {"body": "bogus"})
    assert response.status_code == 200
    assert "Unknown body 'bogus'; shown: all." in _text(response)
    assert "Raadsvergadering" in _text(response)
    assert "Unknown" not in _text(clerk.get(reverse("governance:meetings"), {"body": "council"}))


@pytest.mark.parametrize(
    "url",
    [
        reverse("governance:index"),
        reverse("governance:portfolios"),
        reverse("governance:committee", args=["commissie-ib"]),
    ],
)
def test_governance_pages_name_an_unknown_date(clerk, setup, url):
    today = timezone.localdate().isoformat()
    response = clerk.get(url, {"date": "abc"})
    assert response.status_code == 200
    assert f"Unknown date 'abc'; shown: {today}." in _text(response)
    response = clerk.get(url, {"date": "9999-12-31"})  # outside the engine's dates
    assert f"Unknown date '9999-12-31'; shown: {today}." in _text(response)
    assert "Unknown date" not in _text(clerk.get(url, {"date": "2014-01-15"}))


def test_dutch_notice_for_an_unknown_date(client, make_user, setup):
    client.force_login(make_user(Role.CLERK))
    client.cookies["django_language"] = "nl"
    response = client.get(reverse("governance:portfolios"), {"date": "abc"})
    today = timezone.localdate().isoformat()
    assert f"Onbekende datum 'abc'; getoond: {today}." in _text(response)


# --- a refusal says what to do next, in Dutch too ---------------------------------------------


def test_refusals_say_what_to_do_next(client, make_user, setup, council_meeting):
    client.force_login(make_user(Role.CLERK))
    client.cookies["django_language"] = "nl"
    meeting = client.post(
        reverse("governance:meeting-create"),
        {"body": "council", "committee": setup.committee.pk, "date": "2014-01-28", "title": "Raad"},
    )
    assert "Laat de commissie leeg, of leg een commissievergadering vast." in _text(meeting)
    ending = client.post(
        reverse("governance:decision-create", args=[council_meeting.pk]),
        {"kind": "relation_ending", "title": "Einde stedenband", "result": "adopted"},
    )
    assert "kies de relatie, of leg een ander soort besluit vast." in _text(ending)


# --- a seat's dates are dates the committee can be assessed on ---------------------------------


def test_api_refuses_a_seat_ending_in_the_year_9999(api_client_for, setup):
    """A seat ending 9999-12-31 was stored, and the committee page then failed (the day after
    the end overflows the calendar)."""
    from intrel.governance.models import CommitteeMembership, Person

    person = Person.objects.create(name="Tijdelijk lid")
    seat = {"committee": setup.committee.slug, "person": person.pk, "role": "member"}
    api = api_client_for(Role.CLERK)
    response = api.post(
        "/api/v1/committee-memberships",
        seat | {"start": "2014-01-01", "end": "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400, response.content
    [param] = response.json()["invalidParams"]
    assert param["name"] == "end"
    assert "Give a date between 1800-01-01 and 2200-12-31." in param["reason"]
    assert not CommitteeMembership.objects.filter(person=person).exists()


def test_committee_page_reads_a_seat_ending_on_the_last_day_the_engine_knows(
    api_client_for, client, make_user, setup
):
    """The day after 2200-12-31 is no day to assess on: the timeline leaves it out."""
    from intrel.governance.models import Person

    person = Person.objects.create(name="Lang lid")
    seat = {"committee": setup.committee.slug, "person": person.pk, "role": "member"}
    api = api_client_for(Role.CLERK)
    created = api.post(
        "/api/v1/committee-memberships",
        seat | {"start": "2014-01-01", "end": "2200-12-31"},
        format="json",
    )
    assert created.status_code == 201, created.content
    client.force_login(make_user(Role.COUNCIL_MEMBER))
    client.raise_request_exception = False
    page = client.get(reverse("governance:committee", args=[setup.committee.slug]))
    assert page.status_code == 200
