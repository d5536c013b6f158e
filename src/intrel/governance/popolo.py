"""The Popolo export (https://www.popoloproject.com): bodies, posts, memberships, persons, votes.

The council is an Organization; the committee an Organization with ``classification:
"committee"`` and ``parent_id`` the council; the chair a Post plus a Membership with ``role:
"Chair"`` and ``post_id``. Each decision is a Motion with a VoteEvent holding the votes. In a
chair election the vote ``option`` is the id of the candidate voted for.
"""

from collections import Counter
from datetime import date
from typing import Any

from django.conf import settings

from .constants import POPOLO_OPTION, POPOLO_RESULT, POPOLO_ROLE, BoardRole, CommitteeRole
from .models import (
    BoardMembership,
    ChairVote,
    Committee,
    CommitteeMembership,
    CouncilMembership,
    Decision,
    Person,
    PoliticalGroup,
    Vote,
)

COUNCIL_ID = "organization/council"
BOARD_ID = "organization/executive-board"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _person_id(pk: int) -> str:
    return f"person/{pk}"


def _committee_id(committee: Committee) -> str:
    return f"organization/committee/{committee.slug}"


def _chair_post_id(committee: Committee) -> str:
    return f"post/{committee.slug}/chair"


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v is not None}


def popolo_export(*, base_url: str = "") -> dict[str, Any]:
    """Everything as one Popolo document: ``persons``, ``organizations``, ``posts``,
    ``memberships``, ``motions`` and ``vote_events`` (each item valid against its schema)."""
    municipality = settings.INTREL_MUNICIPALITY
    organizations: list[dict[str, Any]] = [
        {
            "id": COUNCIL_ID,
            "name": f"Gemeenteraad {municipality}",
            "classification": "council",
        },
        {
            "id": BOARD_ID,
            "name": f"College van burgemeester en wethouders {municipality}",
            "classification": "executive",
        },
    ]
    for group in PoliticalGroup.objects.order_by("name"):
        organizations.append(
            _clean(
                {
                    "id": f"organization/group/{group.pk}",
                    "name": group.name,
                    "other_names": [{"name": group.abbreviation}] if group.abbreviation else None,
                    "classification": "party",
                }
            )
        )
    posts: list[dict[str, Any]] = [
        {
            "id": "post/executive-board/mayor",
            "label": "Burgemeester",
            "role": "Mayor",
            "organization_id": BOARD_ID,
        }
    ]
    for committee in Committee.objects.order_by("slug"):
        organizations.append(
            _clean(
                {
                    "id": _committee_id(committee),
                    "name": committee.name,
                    "classification": "committee",
                    "parent_id": COUNCIL_ID,
                    "founding_date": _iso(committee.installed_on),
                }
            )
        )
        posts.append(
            {
                "id": _chair_post_id(committee),
                "label": f"Voorzitter {committee.name}",
                "role": "Chair",
                "organization_id": _committee_id(committee),
            }
        )

    memberships: list[dict[str, Any]] = []
    for cm in CouncilMembership.objects.select_related("group").order_by("pk"):
        memberships.append(
            _clean(
                {
                    "id": f"membership/council/{cm.pk}",
                    "person_id": _person_id(cm.person_id),
                    "organization_id": COUNCIL_ID,
                    "role": "Council member",
                    "label": "Raadslid",
                    "on_behalf_of_id": f"organization/group/{cm.group_id}" if cm.group_id else None,
                    "start_date": _iso(cm.start),
                    "end_date": _iso(cm.end),
                }
            )
        )
    for bm in BoardMembership.objects.order_by("pk"):
        memberships.append(
            _clean(
                {
                    "id": f"membership/board/{bm.pk}",
                    "person_id": _person_id(bm.person_id),
                    "organization_id": BOARD_ID,
                    "role": "Mayor" if bm.role == BoardRole.MAYOR else "Alderman",
                    "post_id": "post/executive-board/mayor" if bm.role == BoardRole.MAYOR else None,
                    "start_date": _iso(bm.start),
                    "end_date": _iso(bm.end),
                }
            )
        )
    for m in CommitteeMembership.objects.select_related("committee").order_by("pk"):
        memberships.append(
            _clean(
                {
                    "id": f"membership/committee/{m.pk}",
                    "person_id": _person_id(m.person_id),
                    "organization_id": _committee_id(m.committee),
                    "role": POPOLO_ROLE[CommitteeRole(m.role)],
                    "post_id": _chair_post_id(m.committee)
                    if m.role == CommitteeRole.CHAIR
                    else None,
                    "start_date": _iso(m.start),
                    "end_date": _iso(m.end),
                }
            )
        )

    persons = [
        {"id": _person_id(p.pk), "name": p.name} for p in Person.objects.order_by("name", "pk")
    ]

    motions: list[dict[str, Any]] = []
    vote_events: list[dict[str, Any]] = []
    votes_by_decision: dict[int, list[Vote]] = {}
    for vote in Vote.objects.order_by("person__name"):
        votes_by_decision.setdefault(vote.decision_id, []).append(vote)
    chair_votes: dict[int, list[ChairVote]] = {}
    for cv in ChairVote.objects.select_related("election").order_by("voter__name"):
        chair_votes.setdefault(cv.election.decision_id, []).append(cv)
    for d in Decision.objects.select_related("meeting__committee").order_by(
        "meeting__date", "identifier"
    ):
        organization = (
            _committee_id(d.meeting.committee)
            if d.meeting.committee
            else (COUNCIL_ID if d.body == "council" else BOARD_ID)
        )
        motion_id = f"motion/{d.identifier}"
        motions.append(
            {
                "id": motion_id,
                "organization_id": organization,
                "identifier": d.identifier,
                "classification": d.kind,
                "text": d.title + (f"\n\n{d.text}" if d.text else ""),
                "date": _iso(d.meeting.date),
                "result": POPOLO_RESULT[d.result],
                "sources": [{"url": f"{base_url.rstrip('/')}{d.get_absolute_url()}"}]
                if base_url
                else [],
            }
        )
        event: dict[str, Any] = {
            "id": f"vote_event/{d.identifier}",
            "organization_id": organization,
            "motion_id": motion_id,
            "identifier": d.identifier,
            "classification": d.kind,
            "start_date": _iso(d.meeting.date),
            "result": POPOLO_RESULT[d.result],
        }
        if d.pk in chair_votes:
            tally = Counter(_person_id(cv.candidate_id) for cv in chair_votes[d.pk])
            event["counts"] = [{"option": k, "value": v} for k, v in sorted(tally.items())]
            event["votes"] = [
                {
                    "vote_event_id": event["id"],
                    "voter_id": _person_id(cv.voter_id),
                    "option": _person_id(cv.candidate_id),
                }
                for cv in chair_votes[d.pk]
            ]
        elif d.pk in votes_by_decision:
            rows = votes_by_decision[d.pk]
            tally = Counter(POPOLO_OPTION[v.option] for v in rows)  # type: ignore[index]
            event["counts"] = [{"option": k, "value": v} for k, v in sorted(tally.items())]
            event["votes"] = [
                {
                    "vote_event_id": event["id"],
                    "voter_id": _person_id(v.person_id),
                    "option": POPOLO_OPTION[v.option],  # type: ignore[index]
                }
                for v in rows
            ]
        vote_events.append(event)

    return {
        "persons": persons,
        "organizations": organizations,
        "posts": posts,
        "memberships": memberships,
        "motions": motions,
        "vote_events": vote_events,
    }
