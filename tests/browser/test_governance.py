"""The clerk (griffie) runs a committee meeting in a real browser: attendance, the chair
election, a decision with votes; the committee page then shows the elected chair and no
BES-10 finding."""

import re
from datetime import date

import pytest

from intrel.accounts.constants import Role
from intrel.governance import services
from intrel.governance.constants import BoardRole, Body, CommitteeRole
from intrel.governance.models import CommitteeMembership, Decision, Vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEETING_DAY = date(2014, 2, 11)


def _committee():
    mayor = services.person_create(name="Hanneke Verbeek")
    services.board_membership_add(person=mayor, role=BoardRole.MAYOR, start=date(2008, 9, 1))
    members = []
    for name in ["Marieke Jansen", "Kees de Groot", "Ruud Vermeulen", "Sanne Biemans"]:
        person = services.person_create(name=name)
        services.council_membership_add(person=person, group=None, start=date(2010, 3, 25))
        members.append(person)
    committee = services.committee_create(
        slug="commissie-ib",
        name="Commissie Internationale Betrekkingen",
        installed_on=date(2010, 4, 20),
    )
    services.committee_membership_add(
        committee=committee,
        person=mayor,
        role=CommitteeRole.CHAIR,
        start=date(2010, 4, 20),
        chair_by_office=True,
    )
    for person in members:
        services.committee_membership_add(
            committee=committee,
            person=person,
            role=CommitteeRole.MEMBER,
            start=date(2010, 4, 20),
        )
    meeting = services.meeting_create(
        body=Body.COMMITTEE, committee=committee, date=MEETING_DAY, title="Vergadering februari"
    )
    return committee, meeting, mayor, members


def test_clerk_elects_the_chair_and_records_a_decision(live_server, page, screenshot, make_user):
    make_user(Role.CLERK, username="joost")
    committee, meeting, mayor, members = _committee()
    jansen, de_groot, vermeulen, biemans = members

    page.goto(f"{live_server.url}/governance/meetings/{meeting.pk}")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "joost")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(rf"/governance/meetings/{meeting.pk}$"))

    # Attendance: everyone but Sanne Biemans.
    for person in [mayor, jansen, de_groot, vermeulen]:
        page.check(f"input[name=present][value='{person.pk}']")
    with page.expect_navigation():
        page.click(f"form[action$='/meetings/{meeting.pk}/attendance'] button[type=submit]")
    assert page.locator(".message-success").count() == 1

    # The chair election: two candidates, one vote per member present.
    page.click(f"a[href$='/meetings/{meeting.pk}/chair-election']")
    page.check(f"input[name=candidates][value='{jansen.pk}']")
    page.check(f"input[name=candidates][value='{vermeulen.pk}']")
    for voter, choice in [
        (mayor, jansen),
        (jansen, jansen),
        (de_groot, jansen),
        (vermeulen, vermeulen),
    ]:
        page.select_option(f"#id_vote_{voter.pk}", str(choice.pk))
    assert page.locator(f"#id_vote_{biemans.pk}").count() == 0  # absent: no vote
    screenshot("governance-chair-election-form")
    page.click("form.form button[type=submit].primary")
    page.wait_for_url(re.compile(r"/governance/decisions/\d+$"))
    assert "Marieke Jansen" in page.locator("main").inner_text()
    chair = CommitteeMembership.objects.get(role="chair", person=jansen)
    assert chair.start == MEETING_DAY and chair.elected_in is not None

    # A decision with votes, through the meeting page.
    page.goto(f"{live_server.url}/governance/meetings/{meeting.pk}")
    page.click(f"a[href$='/meetings/{meeting.pk}/decisions/new']")
    page.select_option("#id_kind", "initiative_support")
    page.fill("#id_title", "Steun bewustwordingsproject Stichting Obumu")
    page.fill("#id_text", "EUR 2.500 uit het solidariteitsbudget.")
    # The mayor's seat ended the day before the election: no longer a voter in this meeting.
    assert page.locator(f"#id_vote_{mayor.pk}").count() == 0
    for voter, option in [(jansen, "for"), (de_groot, "for"), (vermeulen, "abstain")]:
        page.select_option(f"#id_vote_{voter.pk}", option)
    page.click("form.form button[type=submit].primary")
    page.wait_for_url(re.compile(r"/governance/decisions/\d+$"))
    decision = Decision.objects.get(kind="initiative_support")
    assert decision.result == "adopted"
    assert Vote.objects.get(decision=decision, person=biemans).option == "absent"
    assert decision.identifier in page.locator("h1").inner_text()
    screenshot("governance-decision")

    # The committee page: Marieke Jansen chairs, no BES-10 finding on the meeting date;
    # the day before, the mayor chairing is a violation.
    page.goto(f"{live_server.url}/governance/committees/{committee.slug}?date=2014-02-11")
    composition = page.locator("#composition-h + table").inner_text()
    assert "Marieke Jansen" in composition and "Hanneke Verbeek" not in composition
    assert page.locator("#compliance .badge-violation").count() == 0
    page.goto(f"{live_server.url}/governance/committees/{committee.slug}?date=2014-02-10")
    assert page.locator("#compliance .badge-violation").count() >= 1
    assert "BES-10" in page.locator("#compliance").inner_text()
    screenshot("governance-committee")
