from datetime import date

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from intrel.accounts.constants import Role
from intrel.assessments.models import Assessment
from intrel.assessments.services import relation_assess
from intrel.relations.services import InvolvementData, involvement_save
from intrel.relations.tests.factories import RelationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def san_marcos():
    """The relation, assessed as a write through the services would (the factory bypasses them;
    a page only reads the stored assessment, ADR 0009)."""
    relation = RelationFactory(
        slug="helmond-san-marcos",
        name="Stedenband Helmond – San Marcos",
        registered_kind="twinning",
        initiated_by="residents",
        purposes=["development", "local_governance"],
        mutual_value=False,
        owner_kind="executive_board",
        owner_portfolio="",
        budget_held_by="executive_board",
        budget_portfolio="",
    )
    relation_assess(relation=relation)
    return relation


def login(client, make_user, role):
    user = make_user(role)
    client.force_login(user)
    return user


def test_the_relation_page_shows_pillars_owner_findings_and_the_memos_words(client, make_user):
    relation = san_marcos()
    login(client, make_user, Role.COUNCIL_MEMBER)
    html = client.get(relation.get_absolute_url()).content.decode()
    assert "Solidariteit" in html or "Solidarity" in html
    # routed to the committee, registered with the executive board: both shown side by side
    assert (
        "commissie Internationale Betrekkingen" in html
        or "International Relations committee" in html
    )
    # a BES-9 finding, with the memo's own words behind the clause
    assert "BES-9" in html
    assert "Het college van B&amp;W zou zeer terughoudend moeten zijn" in html
    assessment = Assessment.objects.get(relation=relation, is_current=True)
    # a council member reads, but is offered no button to confirm
    assert f"/assessments/{assessment.pk}/confirm/" not in html


def test_a_change_of_facts_through_the_register_reassesses_at_once(make_user):
    relation = san_marcos()
    user = make_user(Role.POLICY_OFFICER)
    involvement_save(
        relation=relation,
        user=user,
        data=InvolvementData(actor="alderman", portfolio="", start=date(2012, 3, 1), end=None),
    )
    current = Assessment.objects.get(relation=relation, is_current=True)
    assert "INVOLVEMENT_WITHOUT_INITIATIVE" in {f["code"] for f in current.decision["findings"]}


def test_an_officer_confirms_and_the_page_says_by_whom(client, make_user):
    relation = san_marcos()
    login(client, make_user, Role.POLICY_OFFICER)
    client.get(relation.get_absolute_url())
    assessment = Assessment.objects.get(relation=relation, is_current=True)
    response = client.post(f"/assessments/{assessment.pk}/confirm/")
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.confirmed_by is not None
    assert assessment.confirmed_by.username == "beleidsmedewerker"
    html = client.get(relation.get_absolute_url()).content.decode()
    assert f"/assessments/{assessment.pk}/confirm/" not in html
    assert "Pieter" in html or "beleidsmedewerker" in html


def test_a_council_member_may_not_confirm_or_override(client, make_user):
    relation = san_marcos()
    login(client, make_user, Role.COUNCIL_MEMBER)
    client.get(relation.get_absolute_url())
    assessment = Assessment.objects.get(relation=relation, is_current=True)
    assert client.post(f"/assessments/{assessment.pk}/confirm/").status_code == 403
    response = client.post(
        f"/assessments/{assessment.pk}/override/", {"target": "owner", "reason": "x" * 40}
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.confirmed_at is None and not assessment.overrides.exists()


def test_an_override_without_a_real_reason_is_refused_and_a_good_one_is_shown(client, make_user):
    relation = san_marcos()
    login(client, make_user, Role.POLICY_OFFICER)
    client.get(relation.get_absolute_url())
    assessment = Assessment.objects.get(relation=relation, is_current=True)
    bad = client.post(
        f"/assessments/{assessment.pk}/override/", {"target": "owner", "reason": "no"}
    )
    assert bad.status_code == 400
    assert "reason" in bad.content.decode().lower() or "reden" in bad.content.decode().lower()
    assert not assessment.overrides.exists()
    reason = "The council kept this relation with the board until the 2015 review."
    good = client.post(
        f"/assessments/{assessment.pk}/override/", {"target": "owner", "reason": reason}
    )
    assert good.status_code == 302
    html = client.get(relation.get_absolute_url()).content.decode()
    assert reason in html
    # the start page, which shows the violations, says that a conclusion was overridden
    assert "1 conclusion overridden" in client.get("/").content.decode()


def test_the_start_page_lists_violations_by_owner_and_awaiting_confirmation(client, make_user):
    relation = san_marcos()
    login(client, make_user, Role.POLICY_OFFICER)
    client.get(relation.get_absolute_url())
    html = client.get("/").content.decode()
    assert relation.name in html.split('id="violations-h"')[1]
    assert relation.name in html.split('id="awaiting-h"')[1]


def test_the_framework_page_shows_the_clause_register(client, make_user):
    login(client, make_user, Role.COUNCIL_MEMBER)
    html = client.get("/assessments/frameworks/helmond-2013/").content.decode()
    assert "BES-10" in html and "alleen uit raadsleden" in html
    assert client.get("/assessments/frameworks/nope/").status_code == 404


def test_a_routed_owner_nobody_is_marked_as_a_warning_not_a_match(client, make_user):
    """Issue 10.9: a relation resting on neither pillar is routed to no owner; the page marks
    that as something to look at, never with the tick of an owner that matches."""
    relation = RelationFactory(
        initiated_by="residents", purposes=["culture"], mutual_value=False, owner_kind="none"
    )
    relation_assess(relation=relation)
    login(client, make_user, Role.COUNCIL_MEMBER)
    html = client.get(relation.get_absolute_url()).content.decode()
    assessment = Assessment.objects.get(relation=relation, is_current=True)
    assert assessment.decision["owner"]["kind"] == "none"  # the premise
    nobody = escape(_("no owner (rests on neither pillar)"))
    assert f"{nobody} ✓" not in html
    assert f'<strong class="owner-none" id="routed-owner">{nobody}</strong>' in html
