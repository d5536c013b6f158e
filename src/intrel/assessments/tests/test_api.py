import pytest

from intrel.accounts.constants import Role
from intrel.relations.tests.factories import RelationFactory

pytestmark = pytest.mark.django_db


def test_relation_assessment_returns_the_contract_decision(api_client_for):
    RelationFactory(
        slug="helmond-jiangsu",
        registered_kind="economic",
        initiated_by="region",
        purposes=["economy", "trade"],
        owner_kind="portfolio",
        owner_portfolio="EZ",
    )
    api = api_client_for(Role.COUNCIL_MEMBER)
    response = api.get(
        "/api/v1/relations/helmond-jiangsu/assessment?framework=helmond-2013&asOf=2014-01-01"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["subject"] == "relation" and body["id"] == "helmond-jiangsu"
    assert body["framework"] == "helmond-2013" and body["as_of"] == "2014-01-01"
    assert body["owner"]["kind"] == "portfolio" and body["owner"]["portfolio"] == "EZ"
    # no business or knowledge party: the triple helix is missing (BES-2)
    assert any("BES-2" in f["clauses"] for f in body["findings"])
    assert response["API-Version"]


def test_unknown_framework_is_a_400_problem_naming_the_known_ones(api_client_for):
    RelationFactory(slug="r1")
    response = api_client_for(Role.COUNCIL_MEMBER).get(
        "/api/v1/relations/r1/assessment?framework=nope"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "helmond-2013" in response.json()["detail"]


def test_frameworks_are_listed_with_versions(api_client_for):
    body = api_client_for(Role.COUNCIL_MEMBER).get("/api/v1/frameworks").json()
    ids = {f["id"]: f for f in body["results"]}
    assert "helmond-2013" in ids and ids["helmond-2013"]["version"]


def test_evaluating_a_broken_subject_names_the_field_path(api_client_for):
    api = api_client_for(Role.POLICY_OFFICER)
    subject = {
        "subject": "relation",
        "id": "x",
        "name": "X",
        "partner": {"name": "P", "country": "BE", "kind": "city"},
        "registered_kind": "twinning",
        "initiated_by": "residents",
        "purposes": ["culture"],
        "mutual_value": True,
        "involvements": [{"actor": "mayor", "start": "not-a-date"}],
    }
    response = api.post("/api/v1/frameworks/helmond-2013/evaluations", subject, format="json")
    assert response.status_code == 400
    names = [p["name"] for p in response.json()["invalidParams"]]
    assert "involvements[0].start" in names


def test_the_relation_schema_is_served(api_client_for):
    body = api_client_for(Role.COUNCIL_MEMBER).get("/api/v1/schemas/relation").json()
    assert "purposes" in body["properties"]


def test_anonymous_gets_401(client):
    assert client.get("/api/v1/frameworks").status_code == 401


def _stored(slug: str = "helmond-san-marcos"):
    from intrel.assessments.services import relation_assess

    relation = RelationFactory(
        slug=slug,
        registered_kind="twinning",
        initiated_by="residents",
        purposes=["development"],
        mutual_value=False,
        owner_kind="executive_board",
        owner_portfolio="",
        budget_held_by="executive_board",
        budget_portfolio="",
    )
    return relation_assess(relation=relation)


def test_stored_assessments_are_listed_with_their_violations(api_client_for):
    assessment = _stored()
    clean = RelationFactory(slug="helmond-clean")  # culture, mutual, owned by CUL: no violations
    from intrel.assessments.services import relation_assess

    clean_assessment = relation_assess(relation=clean)
    assert clean_assessment.violation_count == 0
    api = api_client_for(Role.COUNCIL_MEMBER)
    body = api.get("/api/v1/assessments?violations=true").json()
    ids = [a["id"] for a in body["results"]]
    assert assessment.pk in ids and clean_assessment.pk not in ids
    item = next(a for a in body["results"] if a["id"] == assessment.pk)
    assert item["subject_id"] == "helmond-san-marcos" and item["violations"] >= 1
    assert item["decision"]["owner"]["kind"] == "committee"
    without = [a["id"] for a in api.get("/api/v1/assessments?violations=false").json()["results"]]
    assert clean_assessment.pk in without and assessment.pk not in without
    one = api.get("/api/v1/assessments?subjectId=helmond-clean").json()["results"]
    assert [a["id"] for a in one] == [clean_assessment.pk]
    committees = api.get("/api/v1/assessments?subjectType=committee").json()["results"]
    assert committees == []


def test_replaced_assessments_are_only_listed_on_request(api_client_for):
    first = _stored()
    first.relation.budget_held_by = "committee"
    first.relation.save()
    from intrel.assessments.services import relation_assess

    second = relation_assess(relation=first.relation)
    api = api_client_for(Role.COUNCIL_MEMBER)
    current = [a["id"] for a in api.get("/api/v1/assessments").json()["results"]]
    assert second.pk in current and first.pk not in current
    every = [a["id"] for a in api.get("/api/v1/assessments?current=false").json()["results"]]
    assert {first.pk, second.pk} <= set(every)
    # a replaced assessment can no longer be confirmed
    refused = api_client_for(Role.POLICY_OFFICER).post(
        f"/api/v1/assessments/{first.pk}/confirmation"
    )
    assert refused.status_code == 400
    first.refresh_from_db()
    assert first.confirmed_at is None


def test_an_officer_confirms_and_overrides_through_the_api(api_client_for):
    assessment = _stored()
    api = api_client_for(Role.POLICY_OFFICER)
    confirmed = api.post(f"/api/v1/assessments/{assessment.pk}/confirmation")
    assert confirmed.status_code == 200
    assert confirmed.json()["confirmed_by"] == "beleidsmedewerker"
    short = api.post(
        f"/api/v1/assessments/{assessment.pk}/overrides",
        {"target": "owner", "reason": "no"},
        format="json",
    )
    assert short.status_code == 400
    assert short["Content-Type"].startswith("application/problem+json")
    assert [p["name"] for p in short.json()["invalidParams"]] == ["reason"]
    reason = "The council kept this relation with the board until 2015."
    made = api.post(
        f"/api/v1/assessments/{assessment.pk}/overrides",
        {"target": "owner", "reason": reason},
        format="json",
    )
    assert made.status_code == 201
    read = api.get(f"/api/v1/assessments/{assessment.pk}").json()
    assert read["overrides"][0]["reason"] == reason


def test_a_council_member_may_not_confirm_through_the_api(api_client_for):
    assessment = _stored()
    response = api_client_for(Role.COUNCIL_MEMBER).post(
        f"/api/v1/assessments/{assessment.pk}/confirmation"
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.confirmed_at is None


def test_an_as_of_date_outside_the_calendar_of_relations_is_a_400(api_client_for):
    RelationFactory(slug="r2")
    response = api_client_for(Role.COUNCIL_MEMBER).get(
        "/api/v1/relations/r2/assessment?asOf=7300-01-01"
    )
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["asOf"]
