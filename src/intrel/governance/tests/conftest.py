"""A small council and committee: the mayor chairs by office until an election in 2014."""

from dataclasses import dataclass
from datetime import date

import pytest

from intrel.governance import services
from intrel.governance.constants import BoardRole, Body, CommitteeRole
from intrel.governance.models import Committee, CommitteeMembership, Meeting, Person

COUNCIL_START = date(2010, 3, 25)
INSTALLED = date(2010, 5, 1)
ELECTION_DAY = date(2014, 2, 11)


@dataclass
class Setup:
    committee: Committee
    mayor: Person
    members: list[Person]  # council members in the committee
    outsider: Person  # a council member not in the committee
    mayor_seat: CommitteeMembership


@pytest.fixture
def setup(db: None) -> Setup:
    group = services.political_group_get_or_create(name="Partij A", abbreviation="PA")
    mayor = services.person_create(name="Burgemeester B")
    services.board_membership_add(person=mayor, role=BoardRole.MAYOR, start=date(2008, 1, 1))
    members = [services.person_create(name=f"Raadslid {c}") for c in "ABCD"]
    outsider = services.person_create(name="Raadslid Z")
    for person in [*members, outsider]:
        services.council_membership_add(person=person, group=group, start=COUNCIL_START)
    committee = services.committee_create(
        slug="commissie-ib", name="Commissie IB", installed_on=INSTALLED
    )
    seat = services.committee_membership_add(
        committee=committee,
        person=mayor,
        role=CommitteeRole.CHAIR,
        start=INSTALLED,
        chair_by_office=True,
    )
    for person in members:
        services.committee_membership_add(
            committee=committee, person=person, role=CommitteeRole.MEMBER, start=INSTALLED
        )
    return Setup(committee, mayor, members, outsider, seat)


@pytest.fixture
def meeting(setup: Setup) -> Meeting:
    """A committee meeting on the election day, everybody present."""
    m = services.meeting_create(
        body=Body.COMMITTEE, date=ELECTION_DAY, title="Vergadering", committee=setup.committee
    )
    services.meeting_attendance_set(meeting=m, present=[setup.mayor, *setup.members])
    return m
