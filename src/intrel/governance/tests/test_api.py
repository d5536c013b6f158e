"""The governance API: every role reads, the clerk writes; refusals are problem+json."""

from datetime import date

import pytest

from intrel.accounts.constants import Role
from intrel.governance import services
from intrel.governance.constants import Body, DecisionKind, DecisionResult
from intrel.governance.models import Decision

from .conftest import ELECTION_DAY


def test_council_member_reads_committee_with_findings_on_a_date(api_client_for, setup):
    api = api_client_for(Role.COUNCIL_MEMBER)
    response = api.get(f"/api/v1/committees/{setup.committee.slug}", {"date": "2014-01-15"})
    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2014-01-15"
    assert body["framework_in_force"] is True
    chair = next(m for m in body["members"] if m["role"] == "chair")
    assert chair["is_mayor"] is True and chair["elected_by_committee"] is False
    assert any("BES-10" in f["clauses"] for f in body["findings"])
    assert response["API-Version"]


def test_committee_reads_with_the_council_decision_that_installed_it(api_client_for, setup):
    """The installation decision is a related field: the detail rendered it from a string (500)."""
    council = services.meeting_create(body=Body.COUNCIL, date=date(2012, 12, 1), title="Raad")
    decision = services.decision_record(
        meeting=council,
        kind=DecisionKind.COMMITTEE_INSTALLATION,
        title="Instelling commissie",
        result=DecisionResult.ADOPTED,
    )
    setup.committee.installation_decision = decision
    setup.committee.save()
    api = api_client_for(Role.APPLICATION_MANAGER)
    for query in ({}, {"date": "2013-06-01"}):
        response = api.get(f"/api/v1/committees/{setup.committee.slug}", query)
        assert response.status_code == 200, response.content[:300]
        assert response.json()["installation_decision"] == decision.identifier


@pytest.mark.parametrize("day", ["0010-05-17", "2201-01-01"])
def test_committee_on_a_date_the_framework_cannot_assess_is_a_400(api_client_for, setup, day):
    """The engine assesses 1800-2200 only; a year 10 was a 500 (schemathesis, demo ids)."""
    api = api_client_for(Role.COUNCIL_MEMBER)
    response = api.get(f"/api/v1/committees/{setup.committee.slug}", {"date": day})
    assert response.status_code == 400, response.content[:300]
    assert [p["name"] for p in response.json()["invalidParams"]] == ["date"]


def test_committee_date_out_of_range_says_what_to_give(api_client_for, setup):
    """The refusal is the register's own (core.validators.date_in_range): it says what to give."""
    api = api_client_for(Role.COUNCIL_MEMBER)
    response = api.get(f"/api/v1/committees/{setup.committee.slug}", {"date": "2201-01-01"})
    [param] = response.json()["invalidParams"]
    assert param["reason"] == "Give a date between 1800-01-01 and 2200-12-31."


@pytest.mark.parametrize("role", [Role.COUNCIL_MEMBER, Role.COMMITTEE_MEMBER, Role.POLICY_OFFICER])
def test_readers_cannot_write(api_client_for, setup, meeting, role):
    api = api_client_for(role)
    assert api.get("/api/v1/meetings").status_code == 200
    response = api.post(
        "/api/v1/decisions", {"meeting": meeting.pk, "kind": "other", "title": "X"}, format="json"
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert api.post("/api/v1/persons", {"name": "Iemand"}, format="json").status_code == 403


def test_clerk_records_a_decision_with_votes(api_client_for, setup, meeting):
    api = api_client_for(Role.CLERK)
    voters = [setup.mayor, *setup.members]
    votes = [
        {"person": p.pk, "option": o}
        for p, o in zip(voters, ["for"] * 3 + ["against"] * 2, strict=True)
    ]
    response = api.post(
        "/api/v1/decisions",
        {"meeting": meeting.pk, "kind": "budget", "title": "Budget 2014", "votes": votes},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["id"] == f"IB-{ELECTION_DAY.year}-001"
    assert body["result"] == "adopted"
    assert body["tally"] == {"for": 3, "against": 2, "abstain": 0, "absent": 0}
    again = api.get(f"/api/v1/decisions/{body['id']}")
    assert again.status_code == 200 and len(again.json()["votes"]) == 5


def test_vote_by_a_non_member_is_a_problem(api_client_for, setup, meeting):
    api = api_client_for(Role.CLERK)
    votes = [{"person": p.pk, "option": "for"} for p in [setup.mayor, *setup.members]]
    votes.append({"person": setup.outsider.pk, "option": "for"})
    response = api.post(
        "/api/v1/decisions",
        {"meeting": meeting.pk, "kind": "other", "title": "X", "votes": votes},
        format="json",
    )
    assert response.status_code == 400
    problem = response.json()
    assert problem["invalidParams"][0]["name"] == "votes"
    assert "not a voting member" in problem["detail"]
    assert not Decision.objects.exists()


def test_chair_cannot_be_seated_through_the_api(api_client_for, setup):
    api = api_client_for(Role.CLERK)
    response = api.post(
        "/api/v1/committee-memberships",
        {
            "committee": setup.committee.slug,
            "person": setup.outsider.pk,
            "role": "chair",
            "start": "2015-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    ok = api.post(
        "/api/v1/committee-memberships",
        {
            "committee": setup.committee.slug,
            "person": setup.outsider.pk,
            "role": "advisor",
            "start": "2015-01-01",
        },
        format="json",
    )
    assert ok.status_code == 201, ok.json()


def test_clerk_creates_meeting_with_attendance(api_client_for, setup):
    api = api_client_for(Role.CLERK)
    response = api.post(
        "/api/v1/meetings",
        {
            "body": "committee",
            "committee": setup.committee.slug,
            "date": "2013-05-01",
            "title": "Mei",
            "present": [p.pk for p in setup.members],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    attendance = {a["person"]: a["present"] for a in response.json()["attendance"]}
    assert attendance[setup.mayor.pk] is False
    assert attendance[setup.members[0].pk] is True


def test_council_seats_are_read_on_a_date_and_made_by_the_clerk(api_client_for, setup):
    from datetime import date

    from intrel.governance import services as gov_services

    clerk = api_client_for(Role.CLERK)
    person = setup.outsider
    former = gov_services.person_create(name="Oud-raadslid")
    gov_services.council_membership_add(
        person=former, group=None, start=date(2006, 3, 30), end=date(2010, 3, 24)
    )
    on_2011 = clerk.get("/api/v1/council-memberships?date=2011-01-01").json()["results"]
    assert person.pk in [seat["person"] for seat in on_2011]
    assert former.pk not in [seat["person"] for seat in on_2011]
    on_2008 = clerk.get("/api/v1/council-memberships?date=2008-01-01").json()["results"]
    assert [seat["person"] for seat in on_2008] == [former.pk]
    # the same person twice in the same term is refused, naming the field
    again = clerk.post(
        "/api/v1/council-memberships",
        {"person": person.pk, "group": None, "start": "2012-01-01"},
        format="json",
    )
    assert again.status_code == 400
    assert again.json()["invalidParams"][0]["name"] == "start"
    newcomer = clerk.post("/api/v1/persons", {"name": "Raadslid Nieuw"}, format="json")
    assert newcomer.status_code == 201, newcomer.content
    made = clerk.post(
        "/api/v1/council-memberships",
        {"person": newcomer.json()["id"], "group": "Partij A", "start": "2014-03-27"},
        format="json",
    )
    assert made.status_code == 201, made.content
    reader = api_client_for(Role.COUNCIL_MEMBER)
    refused = reader.post(
        "/api/v1/council-memberships",
        {"person": newcomer.json()["id"], "start": "2018-03-27"},
        format="json",
    )
    assert refused.status_code == 403


def test_portfolios_list_the_framework_codes(api_client_for, db):
    from intrel.governance import services as gov_services

    gov_services.portfolios_sync_from_framework()
    api = api_client_for(Role.COUNCIL_MEMBER)
    codes = [p["code"] for p in api.get("/api/v1/portfolios").json()["results"]]
    assert "EZ" in codes and "CUL" in codes
    ez = api.get("/api/v1/portfolios/EZ").json()
    assert ez["name_nl"] == "Economische Zaken" and ez["holder"] is None
    from datetime import date

    from intrel.governance.models import Portfolio

    alderman = gov_services.person_create(name="Wethouder EZ")
    gov_services.portfolio_holding_add(
        portfolio=Portfolio.objects.get(code="EZ"), person=alderman, start=date(2014, 4, 1)
    )
    assert api.get("/api/v1/portfolios/EZ").json()["holder"] == "Wethouder EZ"
