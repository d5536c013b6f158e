"""Issue 10.6: a relation registered with another owner than the framework routes it to has a
finding, so its page, the start page, the portfolios page and the API agree (the demo's ENTP)."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.html import escape

from intrel.accounts.constants import Role
from intrel.assessments.models import Assessment

pytestmark = pytest.mark.django_db

ENTP = "helmond-entp"


@pytest.fixture
def demo() -> None:
    call_command("demo_load", "--if-empty")


def test_entp_owner_mismatch_is_a_finding_everywhere(demo: None, client, make_user, api_client_for):
    assessment = Assessment.objects.get(subject_key=ENTP, is_current=True)
    decision = assessment.decision
    registered = assessment.facts["owner"]
    routed = decision["owner"]
    # the premise: ENTP is registered with another owner than the framework routes it to
    assert (registered["kind"], registered.get("portfolio")) != (
        routed["kind"],
        routed["portfolio"],
    )
    move = next(a for a in decision["actions"] if a["code"] == "MOVE_OWNERSHIP")
    finding = next(f for f in decision["findings"] if f["code"] == "OWNER_NOT_AS_ROUTED")
    assert finding["severity"] == "warning"
    assert finding["clauses"] == move["clauses"] == routed["clauses"]
    assert assessment.warning_count >= 1
    relation = assessment.relation
    assert relation is not None

    client.force_login(make_user(Role.POLICY_OFFICER))
    for language, no_findings in (
        ("nl", "Geen bevindingen"),
        ("en", "No findings"),
    ):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language menu's choice
        html = client.get(relation.get_absolute_url()).content.decode()
        assert f'<html lang="{language}">' in html
        assert no_findings not in html
        assert escape(finding["message_en" if language == "en" else "message"]) in html
        start = client.get("/").content.decode()
        assert escape(relation.name) in start.split('id="violations-h"')[1].split("</section>")[0]
    portfolios = client.get("/governance/portfolios").content.decode()
    row = portfolios.split(escape(relation.name))[1][:200]
    assert "badge-warning" in row  # "to move"

    api = api_client_for(Role.COUNCIL_MEMBER)
    body = api.get(f"/api/v1/relations/{ENTP}/assessment").json()
    assert "OWNER_NOT_AS_ROUTED" in [f["code"] for f in body["findings"]]
    stored = api.get(f"/api/v1/assessments?subjectId={ENTP}").json()
    assert stored["results"][0]["warnings"] >= 1
