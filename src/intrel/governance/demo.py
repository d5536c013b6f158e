"""Helmond's council, executive board, portfolios and committee for the demo.

All names of persons are fictional (assumed), as are the dates of meetings and the votes; see
docs/demo-data.md, section Governance. The story: the council installs the committee in 2010,
the mayor chairs it by office (ACH-3); the council adopts the 2013 framework, which takes effect
on 2014-01-01 (the mayor chairing is then a BES-10 violation); on 2014-02-11 the committee
elects a council member as chair and the violation is gone.
"""

from datetime import date

from django.db import transaction

from intrel.relations.models import Relation

from . import services
from .constants import BoardRole, Body, CommitteeRole, DecisionKind
from .models import Committee, Meeting, Person

COMMITTEE_SLUG = "commissie-internationale-betrekkingen"
COUNCIL_TERM = date(2010, 3, 25)
INSTALLED = date(2010, 4, 20)
ELECTION = date(2014, 2, 11)

GROUPS = {
    "Helmond Aktief": "HA",
    "CDA": "CDA",
    "SP": "SP",
    "PvdA": "PvdA",
    "VVD": "VVD",
    "D66": "D66",
    "GroenLinks": "GL",
}
# name, group, in the committee
COUNCIL = [
    ("Marieke Jansen", "CDA", True),
    ("Kees de Groot", "Helmond Aktief", True),
    ("Ruud Vermeulen", "SP", True),
    ("Sanne Biemans", "PvdA", True),
    ("Joris Swinkels", "VVD", True),
    ("Fatma Yilmaz", "GroenLinks", True),
    ("Peter van Dijk", "Helmond Aktief", False),
    ("Els Rooijakkers", "CDA", False),
    ("Mohamed Bouali", "D66", False),
    ("Linda Hendriks", "SP", False),
]
MAYOR = "Hanneke Verbeek"
# alderman, portfolio codes (from the framework's table: EZ and the topical portfolios)
ALDERMEN = [
    ("Anja Verhoeven", ["EZ", "MAR"]),
    ("Tom van Lieshout", ["CUL", "SPO"]),
    ("Ingrid Hurkmans", ["MIL", "RO"]),
    ("Bas Coolen", ["ONW"]),
]

GOALS = {
    2014: (
        "De commissie stelt binnen de vastgestelde kaders (visie en middelen) haar eigen doelen:\n"
        "1. Initiatieven van Helmondse organisaties voor solidariteit ondersteunen, ten hoogste "
        "EUR 5.000 per initiatief.\n"
        "2. Bewustwording over mondiale vraagstukken op Helmondse scholen bevorderen.\n"
        "3. De stedenbanden herijken in overleg met de partners."
    ),
    2015: (
        "1. De solidariteitspot besteden aan initiatieven van inwoners en organisaties.\n"
        "2. Samenwerken met de koepel van Helmondse organisaties.\n"
        "3. Verantwoorden in een openbaar jaarverslag."
    ),
}


def _relation(slug: str) -> Relation | None:
    return Relation.objects.filter(slug=slug).first()


def _committee_meeting(
    committee: Committee, day: date, title: str, present: list[Person]
) -> Meeting:
    meeting = services.meeting_create(
        body=Body.COMMITTEE, committee=committee, date=day, title=title
    )
    services.meeting_attendance_set(meeting=meeting, present=present)
    return meeting


@transaction.atomic
def governance_demo_load() -> Committee:
    """Create the demo's governance data once (a second call leaves it as it is)."""
    existing = Committee.objects.filter(slug=COMMITTEE_SLUG).first()
    if existing is not None:
        return existing

    portfolios = {p.code: p for p in services.portfolios_sync_from_framework()}
    groups = {
        name: services.political_group_get_or_create(name=name, abbreviation=abbr)
        for name, abbr in GROUPS.items()
    }
    people: dict[str, Person] = {}
    for name, group, _in_committee in COUNCIL:
        people[name] = services.person_create(name=name)
        services.council_membership_add(
            person=people[name], group=groups[group], start=COUNCIL_TERM
        )
    mayor = people[MAYOR] = services.person_create(name=MAYOR)
    services.board_membership_add(person=mayor, role=BoardRole.MAYOR, start=date(2008, 9, 1))
    for name, codes in ALDERMEN:
        people[name] = services.person_create(name=name)
        services.board_membership_add(
            person=people[name], role=BoardRole.ALDERMAN, start=COUNCIL_TERM
        )
        for code in codes:
            if code in portfolios:
                services.portfolio_holding_add(
                    portfolio=portfolios[code], person=people[name], start=COUNCIL_TERM
                )

    # The council installs the committee; the mayor chairs it by office (ACH-3).
    council_2010 = services.meeting_create(
        body=Body.COUNCIL, date=INSTALLED, title="Raadsvergadering 20 april 2010"
    )
    installation = services.decision_record(
        meeting=council_2010,
        kind=DecisionKind.COMMITTEE_INSTALLATION,
        title="Instelling commissie Internationale Betrekkingen",
        text="De raad stelt de commissie Internationale Betrekkingen in; de burgemeester is "
        "voorzitter.",
        result="adopted",
    )
    committee = services.committee_create(
        slug=COMMITTEE_SLUG,
        name="Commissie Internationale Betrekkingen",
        installed_on=INSTALLED,
        installation_decision=installation,
    )
    services.committee_membership_add(
        committee=committee,
        person=mayor,
        role=CommitteeRole.CHAIR,
        start=INSTALLED,
        chair_by_office=True,
    )
    members = [people[name] for name, _g, in_committee in COUNCIL if in_committee]
    for person in members:
        services.committee_membership_add(
            committee=committee, person=person, role=CommitteeRole.MEMBER, start=INSTALLED
        )
    jansen, de_groot, vermeulen, biemans, swinkels, yilmaz = members

    # 2013: support for a solidarity initiative.
    m1 = _committee_meeting(
        committee, date(2013, 10, 8), "Commissievergadering 8 oktober 2013", [mayor, *members]
    )
    services.agenda_item_add(
        meeting=m1,
        text="Aanvraag Stichting Obumu: bewustwordingsproject op Helmondse scholen",
        relation=_relation("helmond-obumu-uganda"),
    )
    services.decision_record(
        meeting=m1,
        kind=DecisionKind.INITIATIVE_SUPPORT,
        title="Steun bewustwordingsproject Stichting Obumu (EUR 2.500)",
        text="De commissie steunt het project met EUR 2.500 uit het solidariteitsbudget.",
        votes={
            mayor: "for",
            jansen: "for",
            de_groot: "for",
            vermeulen: "for",
            biemans: "for",
            swinkels: "abstain",
            yilmaz: "for",
        },
        relation=_relation("helmond-obumu-uganda"),
    )
    services.meeting_minutes_set(
        meeting=m1, minutes="De commissie bespreekt de aanvraag van Stichting Obumu en besluit."
    )

    # The council adopts the framework (in force from 2014-01-01).
    council_2013 = services.meeting_create(
        body=Body.COUNCIL, date=date(2013, 11, 12), title="Raadsvergadering 12 november 2013"
    )
    services.decision_record(
        meeting=council_2013,
        kind=DecisionKind.FRAMEWORK_ADOPTION,
        title="Herijking internationaal beleid (notitie 2013)",
        text="De raad stelt de herijking vast, met ingang van 1 januari 2014. De commissie "
        "Internationale Betrekkingen bestaat voortaan alleen uit raadsleden, met een eigen "
        "gekozen voorzitter (BES-10).",
        result="adopted",
    )

    # 2014: the committee elects its own chair.
    m2 = _committee_meeting(
        committee,
        ELECTION,
        "Commissievergadering 11 februari 2014",
        [mayor, jansen, de_groot, vermeulen, biemans, swinkels],
    )
    services.agenda_item_add(meeting=m2, text="Verkiezing van de voorzitter (BES-10)")
    services.chair_elect(
        meeting=m2,
        candidates=[jansen, vermeulen],
        votes={
            mayor: jansen,
            jansen: jansen,
            de_groot: jansen,
            vermeulen: vermeulen,
            biemans: jansen,
            swinkels: vermeulen,
        },
    )
    services.meeting_minutes_set(
        meeting=m2,
        minutes="Conform de herijking kiest de commissie een voorzitter uit haar leden. "
        "De burgemeester draagt het voorzitterschap over.",
    )

    m3 = _committee_meeting(
        committee,
        date(2014, 5, 13),
        "Commissievergadering 13 mei 2014",
        [jansen, de_groot, vermeulen, biemans, yilmaz],
    )
    services.agenda_item_add(
        meeting=m3, text="Kadasterproject San Marcos", relation=_relation("helmond-san-marcos")
    )
    services.agenda_item_add(
        meeting=m3, text="Stedenband Zielona Góra", relation=_relation("helmond-zielona-gora")
    )
    services.decision_record(
        meeting=m3,
        kind=DecisionKind.INITIATIVE_SUPPORT,
        title="Steun kadasterproject Stichting Helmond–San Marcos (EUR 5.000)",
        votes={jansen: "for", de_groot: "for", vermeulen: "for", biemans: "against", yilmaz: "for"},
        relation=_relation("helmond-san-marcos"),
    )
    zielona_gora = _relation("helmond-zielona-gora")
    services.decision_record(
        meeting=m3,
        # A decision to end a relation names it; governance loaded without the register
        # (its own tests) records the advice as another kind of decision.
        kind=DecisionKind.RELATION_ENDING if zielona_gora else DecisionKind.OTHER,
        title="Advies: stedenband Zielona Góra in overleg beëindigen",
        text="De commissie adviseert de raad de slapende stedenband in overleg met Zielona Góra "
        "op correcte wijze te beëindigen.",
        votes={
            jansen: "for",
            de_groot: "against",
            vermeulen: "for",
            biemans: "for",
            yilmaz: "against",
        },
        relation=zielona_gora,
    )

    m4 = _committee_meeting(
        committee,
        date(2015, 3, 10),
        "Commissievergadering 10 maart 2015",
        [jansen, de_groot, vermeulen, swinkels, yilmaz],
    )
    services.decision_record(
        meeting=m4,
        kind=DecisionKind.ANNUAL_REPORT,
        title="Vaststelling jaarverslag 2014",
        votes={jansen: "for", de_groot: "for", vermeulen: "for", swinkels: "for", yilmaz: "for"},
    )
    for year, text in GOALS.items():
        services.committee_goals_set(committee=committee, year=year, text=text)
    return committee
