"""The review rounds' API (issue 15): the refusals as problem+json naming the field, and a
round taken to the council's decision through the steps, its actions listed."""

from datetime import date

import pytest

from intrel.accounts.constants import Role
from intrel.reviews.models import ReviewAction, ReviewRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def helmond(demo_module: None) -> None:
    ReviewAction.objects.all().delete()
    ReviewRound.objects.all().delete()


def test_a_round_through_the_api(helmond, api_client_for) -> None:
    api = api_client_for(Role.POLICY_OFFICER)
    body = {"title": "Herijking", "framework": "helmond-2013", "reference_date": "2014-01-01"}
    created = api.post("/api/v1/review-rounds", body, format="json")
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    assert created["Location"].endswith(f"/api/v1/review-rounds/{rid}")
    again = api.post("/api/v1/review-rounds", body, format="json")
    assert again.status_code == 400
    assert again["Content-Type"].startswith("application/problem+json")
    assert "relations" in again.content.decode() and "Herijking" in again.json()["detail"]

    steps = f"/api/v1/review-rounds/{rid}/steps"
    early = api.post(
        steps, {"action": "decision", "text": "x", "date": "2014-07-01"}, format="json"
    )
    assert early.status_code == 400 and "proposal" in early.json()["detail"]
    no_reason = api.post(
        steps, {"action": "override", "relation": "helmond-mechelen", "reason": ""}, format="json"
    )
    assert no_reason.status_code == 400  # not assessed yet, or no reason: refused either way
    for step in (
        {"action": "assess"},
        {"action": "advice", "text": "Advies", "date": "2014-05-13"},
        {"action": "proposal", "text": "Voorstel", "date": "2014-06-03"},
        {"action": "decision", "text": "Besluit", "date": "2014-07-01", "scenario": "strict"},
    ):
        response = api.post(steps, step, format="json")
        assert response.status_code == 200, (step, response.content)
    data = response.json()
    assert data["status"] == "decided" and data["decision"]["scenario"] == "strict"
    assert data["actions"] > 0
    listed = api.get("/api/v1/review-actions?open=true")
    assert listed.status_code == 200 and "helmond-san-marcos" in listed.content.decode()
    first = ReviewAction.objects.order_by("pk").first()
    assert first is not None and first.due >= date(2014, 9, 29)
    # Not the officer's action: refused, naming whose it is; the application manager may.
    refused = api.post(f"/api/v1/review-actions/{first.pk}/close", {"note": "x"}, format="json")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert "functioneel beheer" in refused.json()["detail"]
    manager = api_client_for(Role.APPLICATION_MANAGER)
    url = f"/api/v1/review-actions/{first.pk}/close"
    closed = manager.post(url, {"note": "Gedaan"}, format="json")
    assert closed.status_code == 200 and closed.json()["closed_at"]


def test_the_council_member_reads_but_may_not_start(helmond, api_client_for) -> None:
    api = api_client_for(Role.COUNCIL_MEMBER)
    assert api.get("/api/v1/review-rounds").status_code == 200
    body = {"title": "Herijking", "framework": "helmond-2013", "reference_date": "2014-01-01"}
    assert api.post("/api/v1/review-rounds", body, format="json").status_code == 403
    assert not ReviewRound.objects.exists()
