"""The rules of governance: each refusal names the rule; elections and votes give results."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from intrel.core.errors import DomainError
from intrel.governance import selectors, services
from intrel.governance.constants import Body, CommitteeRole, DecisionKind, DecisionResult
from intrel.governance.models import CommitteeMembership, Decision, Vote

from .conftest import ELECTION_DAY, INSTALLED


def test_chair_without_election_is_refused_bes10(setup):
    setup.mayor_seat.end = date(2013, 12, 31)
    setup.mayor_seat.save()
    with pytest.raises(DomainError) as exc:
        services.committee_membership_add(
            committee=setup.committee,
            person=setup.outsider,
            role=CommitteeRole.CHAIR,
            start=date(2014, 1, 1),
        )
    assert exc.value.clauses == ["BES-10"]
    assert "elected" in exc.value.message


def test_chair_by_office_is_refused_once_the_framework_applies(setup):
    setup.mayor_seat.end = date(2013, 12, 31)
    setup.mayor_seat.save()
    with pytest.raises(DomainError) as exc:
        services.committee_membership_add(
            committee=setup.committee,
            person=setup.mayor,
            role=CommitteeRole.CHAIR,
            start=date(2014, 1, 1),
            chair_by_office=True,
        )
    assert "BES-10" in exc.value.message


def test_database_refuses_a_chair_without_election(setup):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeMembership.objects.create(
            committee=setup.committee,
            person=setup.outsider,
            role=CommitteeRole.CHAIR,
            start=date(2000, 1, 1),
            end=date(2000, 2, 1),
        )


def test_two_chairs_at_once_are_refused(setup, meeting):
    election = services.chair_elect(
        meeting=meeting,
        candidates=[setup.members[0]],
        votes={p: setup.members[0] for p in [setup.mayor, *setup.members]},
    )
    with pytest.raises(DomainError) as exc:
        services.committee_membership_add(
            committee=setup.committee,
            person=setup.outsider,
            role=CommitteeRole.CHAIR,
            start=date(2014, 6, 1),
            elected_in=election,
        )
    assert "one chair at a time" in exc.value.message


def test_the_same_person_twice_is_refused(setup):
    with pytest.raises(DomainError) as exc:
        services.committee_membership_add(
            committee=setup.committee,
            person=setup.members[0],
            role=CommitteeRole.ADVISOR,
            start=date(2012, 1, 1),
        )
    assert exc.value.field == "person"
    assert "already sits" in exc.value.message


def test_overlapping_council_seat_and_second_mayor_are_refused(setup):
    with pytest.raises(DomainError):
        services.council_membership_add(person=setup.members[0], group=None, start=date(2012, 1, 1))
    with pytest.raises(DomainError) as exc:
        services.board_membership_add(person=setup.outsider, role="mayor", start=date(2012, 1, 1))
    assert "one mayor at a time" in exc.value.message


def _decide(meeting, votes):
    return services.decision_record(
        meeting=meeting, kind=DecisionKind.INITIATIVE_SUPPORT, title="Steun", votes=votes
    )


def test_vote_by_a_non_member_is_refused(setup, meeting):
    votes = {p: "for" for p in [setup.mayor, *setup.members]}
    votes[setup.outsider] = "for"
    with pytest.raises(DomainError) as exc:
        _decide(meeting, votes)
    assert "Raadslid Z was not a voting member" in exc.value.message
    assert not Decision.objects.exists()


def test_vote_by_a_former_member_is_refused(setup):
    services.committee_membership_end(
        membership=CommitteeMembership.objects.get(person=setup.members[3]), end=date(2013, 6, 30)
    )
    later = services.meeting_create(
        body=Body.COMMITTEE, date=date(2013, 9, 1), title="Later", committee=setup.committee
    )
    services.meeting_attendance_set(meeting=later, present=[setup.mayor, *setup.members[:3]])
    with pytest.raises(DomainError):
        _decide(later, {setup.mayor: "for", **{p: "for" for p in setup.members}})


def test_decision_without_quorum_is_refused(setup):
    m = services.meeting_create(
        body=Body.COMMITTEE, date=date(2013, 3, 1), title="Klein", committee=setup.committee
    )
    # 5 voting members (mayor-chair + 4): 2 present is not more than half.
    services.meeting_attendance_set(meeting=m, present=setup.members[:2])
    with pytest.raises(DomainError) as exc:
        _decide(m, {setup.members[0]: "for", setup.members[1]: "for"})
    assert "no quorum" in exc.value.message
    assert "2 of 5" in exc.value.message
    assert not Decision.objects.exists()


def test_quorum_setting_overrides_the_majority(setup, settings):
    settings.INTREL_COMMITTEE_QUORUM = 2
    m = services.meeting_create(
        body=Body.COMMITTEE, date=date(2013, 3, 1), title="Klein", committee=setup.committee
    )
    services.meeting_attendance_set(meeting=m, present=setup.members[:2])
    decision = _decide(m, {setup.members[0]: "for", setup.members[1]: "against"})
    assert decision.result == DecisionResult.TIED


def test_decision_result_and_absent_members(setup, meeting):
    services.meeting_attendance_set(meeting=meeting, present=setup.members)
    decision = _decide(
        meeting,
        {
            setup.members[0]: "for",
            setup.members[1]: "for",
            setup.members[2]: "against",
            setup.members[3]: "abstain",
        },
    )
    assert decision.result == DecisionResult.ADOPTED
    assert decision.identifier == f"IB-{ELECTION_DAY.year}-001"
    assert Vote.objects.get(decision=decision, person=setup.mayor).option == "absent"
    assert selectors.decision_tally(decision=decision) == {
        "for": 2,
        "against": 1,
        "abstain": 1,
        "absent": 1,
    }


def test_present_member_without_vote_is_refused(setup, meeting):
    with pytest.raises(DomainError) as exc:
        _decide(meeting, {setup.members[0]: "for"})
    assert "was present" in exc.value.message


def test_chair_election_makes_the_winner_chair_from_the_meeting_date(setup, meeting):
    a, b = setup.members[0], setup.members[1]
    election = services.chair_elect(
        meeting=meeting,
        candidates=[a, b],
        votes={setup.mayor: a, a: a, b: b, setup.members[2]: a, setup.members[3]: b},
    )
    assert election.winner == a
    assert election.decision.kind == DecisionKind.CHAIR_ELECTION
    chair = CommitteeMembership.objects.get(person=a, role=CommitteeRole.CHAIR)
    assert chair.start == ELECTION_DAY
    assert chair.elected_in == election
    setup.mayor_seat.refresh_from_db()
    assert setup.mayor_seat.end == date(2014, 2, 10)
    assert CommitteeMembership.objects.get(person=a, role="member").end == date(2014, 2, 10)
    roles_after = {
        m.person.name: m.role
        for m in selectors.committee_members_on(committee=setup.committee, day=ELECTION_DAY)
    }
    assert roles_after[a.name] == "chair"
    assert setup.mayor.name not in roles_after


def test_chair_election_tie_has_no_winner(setup, meeting):
    a, b = setup.members[0], setup.members[1]
    services.meeting_attendance_set(meeting=meeting, present=setup.members)
    election = services.chair_elect(
        meeting=meeting,
        candidates=[a, b],
        votes={a: a, b: b, setup.members[2]: a, setup.members[3]: b},
    )
    assert election.winner is None
    assert election.decision.result == DecisionResult.TIED
    assert "Tie" in election.decision.text
    assert not CommitteeMembership.objects.filter(role="chair", person__in=[a, b]).exists()
    setup.mayor_seat.refresh_from_db()
    assert setup.mayor_seat.end is None


def test_chair_candidate_must_be_a_council_member(setup, meeting):
    with pytest.raises(DomainError) as exc:
        services.chair_elect(
            meeting=meeting,
            candidates=[setup.mayor],
            votes={p: setup.mayor for p in [setup.mayor, *setup.members]},
        )
    assert exc.value.clauses == ["BES-10"]


def test_chair_vote_by_someone_absent_is_refused(setup, meeting):
    services.meeting_attendance_set(meeting=meeting, present=setup.members[:3])
    a = setup.members[0]
    with pytest.raises(DomainError):
        services.chair_elect(
            meeting=meeting,
            candidates=[a],
            votes={setup.members[3]: a, **{p: a for p in setup.members[:3]}},
        )


def test_attendance_of_a_non_member_is_refused(setup, meeting):
    with pytest.raises(DomainError) as exc:
        services.meeting_attendance_set(meeting=meeting, present=[setup.outsider])
    assert exc.value.field == "present"


def test_council_decision_records_the_reported_result(setup):
    council = services.meeting_create(body=Body.COUNCIL, date=INSTALLED, title="Raad")
    decision = services.decision_record(
        meeting=council,
        kind=DecisionKind.COMMITTEE_INSTALLATION,
        title="Installatie commissie",
        result="adopted",
    )
    assert decision.identifier == f"RAAD-{INSTALLED.year}-001"
    with pytest.raises(DomainError):
        services.decision_record(meeting=council, kind="other", title="Zonder uitslag")


@pytest.mark.django_db
def test_portfolios_are_synced_from_the_example_framework_file() -> None:
    """Issue 11.2: the portfolios are the file's; the example's mayor carries economy and city
    marketing (one portfolio, both purposes) and social affairs owns no topic."""
    from intrel.governance import services as gov_services
    from intrel.governance.models import Portfolio

    gov_services.portfolios_sync_from_framework(framework_id="voorbeeld-2026")
    bgm = Portfolio.objects.get(code="BGM")
    assert bgm.purposes == ["acquisition", "city_marketing", "economy", "trade"]
    assert bgm.name_nl == "Burgemeester (economie en citymarketing)"
    assert Portfolio.objects.get(code="SOC").purposes == []
    assert not Portfolio.objects.filter(code="EZ").exists()


def test_a_refusal_gives_the_meeting_date_as_a_reader_writes_it(setup, meeting):
    """Dates inside service messages read "11 februari 2014", not "2014-02-11"."""
    from django.utils import translation

    votes = {p: "for" for p in [setup.mayor, *setup.members]}
    votes[setup.outsider] = "for"
    with translation.override("nl"), pytest.raises(DomainError) as exc:
        _decide(meeting, votes)
    assert "was op 11 februari 2014 geen stemgerechtigd lid" in exc.value.message
    assert "2014-02-11" not in exc.value.message


def test_seating_a_chair_follows_the_framework_file_not_the_code(setup, settings):
    """BES-10 is helmond-2013's ``chair_election``: under the example framework, which has no
    committee and so no such rule, the mayor may chair by office after 2014; a chair from
    neither an election nor an office stays refused (the register's own constraint, citing
    no clause)."""
    settings.INTREL_DEFAULT_FRAMEWORK = "voorbeeld-2026"
    setup.mayor_seat.end = date(2029, 12, 31)
    setup.mayor_seat.save()
    seat = services.committee_membership_add(
        committee=setup.committee,
        person=setup.mayor,
        role=CommitteeRole.CHAIR,
        start=date(2030, 1, 1),
        end=date(2030, 12, 31),
        chair_by_office=True,
    )
    assert seat.chair_by_office
    with pytest.raises(DomainError) as exc:
        services.committee_membership_add(
            committee=setup.committee,
            person=setup.outsider,
            role=CommitteeRole.CHAIR,
            start=date(2031, 1, 1),
        )
    assert exc.value.clauses == [] and "BES-10" not in exc.value.message


def test_chair_candidates_follow_the_framework_file_not_the_code(setup, meeting, settings):
    """Under a framework without ``chair_election`` the mayor (no council member) may stand."""
    settings.INTREL_DEFAULT_FRAMEWORK = "voorbeeld-2026"
    election = services.chair_elect(
        meeting=meeting,
        candidates=[setup.mayor],
        votes={p: setup.mayor for p in [setup.mayor, *setup.members]},
    )
    assert election.winner == setup.mayor
