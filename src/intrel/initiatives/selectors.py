"""Reads on initiatives (issue 13)."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from intrel.governance.selectors import framework_get
from intrel.policy import SubjectError, evaluate, parse_subject
from intrel.policy.dates import add_months
from intrel.policy.decision import Pillars
from intrel.relations.constants import Actor
from intrel.relations.models import Involvement

from .constants import EventKind, Outcome, Step
from .models import Initiative, InitiativeAttachment, InitiativeEvent

PUBLIC_EVENT_KINDS = (EventKind.STEP, EventKind.QUESTION, EventKind.ANSWER)


def initiative_public_events(*, initiative: Initiative) -> QuerySet[InitiativeEvent]:
    """What the initiator sees through the private link: the steps, the questions and the
    answers; internal notes and the mail log stay inside."""
    return initiative.events.filter(kind__in=PUBLIC_EVENT_KINDS).order_by("created_at", "pk")


def initiative_can_report(*, initiative: Initiative) -> bool:
    return initiative.step == Step.IN_PROGRESS


STEP_EVENTS = "step_events"


def initiative_list(*, step: str = "", country: str = "") -> QuerySet[Initiative]:
    """Initiatives with their meeting, relation and the events of their steps (one query for the
    steps of a whole page, not one per initiative: issue 19)."""
    qs = Initiative.objects.select_related("meeting", "relation").prefetch_related(
        Prefetch(
            "events",
            queryset=InitiativeEvent.objects.filter(kind="step").order_by("created_at", "pk"),
            to_attr=STEP_EVENTS,
        )
    )
    if step:
        qs = qs.filter(step=step)
    if country:
        qs = qs.filter(country=country.upper())
    return qs


def initiative_step_events(initiative: Initiative) -> list[InitiativeEvent]:
    """The steps an initiative went through, oldest first (prefetched by ``initiative_list``)."""
    prefetched = getattr(initiative, STEP_EVENTS, None)
    if prefetched is not None:
        return list(prefetched)
    return list(initiative.events.filter(kind="step").order_by("created_at", "pk"))


def initiative_get(*, reference: str) -> Initiative:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Initiative.objects.select_related("meeting", "relation", "decision"), reference=reference
    )


def initiative_attachment_get(*, reference: str, pk: int) -> InitiativeAttachment:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(InitiativeAttachment, initiative__reference=reference, pk=pk)


def initiative_events(*, initiative: Initiative) -> QuerySet[InitiativeEvent]:
    return initiative.events.select_related("created_by").order_by("created_at", "pk")


def initiative_as_relation_subject(*, initiative: Initiative) -> dict[str, Any]:
    """The relation the initiative proposes, as a ``relation`` subject of the engine's
    contract: a proposed relation with the partner place, initiated by residents, with the
    initiative's purposes and organisation, and the money asked as its budget."""
    return {
        "subject": "relation",
        "id": initiative.reference.lower(),
        "name": initiative.title,
        "partner": {"name": initiative.place, "country": initiative.country, "kind": "city"},
        "registered_kind": "other",
        "status": "proposed",
        "initiated_by": "residents",
        "purposes": sorted(initiative.purposes),
        "mutual_value": False,
        "parties": [{"name": initiative.organisation, "sector": "civil_society"}],
        "involvements": [],
        "agreements": [],
        "budget": {
            "money_eur_per_year": str(initiative.money_asked or 0),
            "staff_hours_per_year": str(initiative.hours_asked or 0),
            "held_by": "committee",
            "portfolio": None,
        },
        "owner": {"kind": "civil_society", "portfolio": None},
    }


def initiative_pillars(*, initiative: Initiative) -> Pillars | None:
    """The engine's pillar assessment of the proposed relation (shown when screening), or
    None when the initiative's facts do not make a valid subject."""
    try:
        subject = parse_subject(initiative_as_relation_subject(initiative=initiative))
        decision = evaluate(framework_get(), subject, timezone.localdate())
    except (SubjectError, ValueError):
        return None
    return decision.pillars


def initiative_involvements(*, initiative: Initiative) -> QuerySet[Involvement]:
    """The administrative involvements that follow the initiative (SOL-3), soonest first."""
    return initiative.involvements.select_related("relation").order_by("start", "pk")


def initiatives_supported(*, relation: Any) -> QuerySet[Initiative]:
    """The initiatives a relation's support came from: decided with support (whole or part),
    for the public portal (issue 16); the caller shows only their public fields."""
    return Initiative.objects.filter(
        relation=relation, outcome__in=[Outcome.SUPPORTED, Outcome.PARTLY]
    ).order_by("-submitted_at")


def initiatives_supported_all() -> QuerySet[Initiative]:
    """Every initiative decided with support (whole or part), for the IATI file (issue 16)."""
    return (
        Initiative.objects.filter(outcome__in=[Outcome.SUPPORTED, Outcome.PARTLY])
        .select_related("meeting")
        .order_by("reference")
    )


def initiatives_report_overdue(*, today: date) -> QuerySet[Initiative]:
    """Initiatives in progress whose report was due before ``today`` and has not come, with
    contact data to write to (not pseudonymised)."""
    return Initiative.objects.filter(
        step=Step.IN_PROGRESS,
        report_due__lt=today,
        reported_at__isnull=True,
        pseudonymised_at__isnull=True,
    ).order_by("report_due", "reference")


# --- administrative involvement to watch (SOL-3, SOL-4, BES-5) -------------------------------

# Who counts as an administrator: everyone but a civil servant (the engine's SOL-3/SOL-4 count
# the framework's actors; this list shows them all, the relation's page has the findings).
ADMINISTRATORS = tuple(a for a in Actor.values if a != Actor.CIVIL_SERVANT)
ENDING_SOON_DAYS = 90
PROBLEMS = ("no_initiative", "no_end", "too_long", "ending_soon")


@dataclass(frozen=True)
class WatchedInvolvement:
    involvement: Involvement
    problems: tuple[str, ...]


def involvements_to_watch(*, today: date, problem: str = "") -> list[WatchedInvolvement]:
    """Current (or planned) involvements of administrators that follow no initiative, have no
    end, last longer than the framework's ``max_involvement_months``, or end within
    ``ENDING_SOON_DAYS``; only those with ``problem`` when it is given."""
    limit = framework_get().spec.max_involvement_months
    soon = today + timedelta(days=ENDING_SOON_DAYS)
    rows = []
    for inv in (
        Involvement.objects.filter(actor__in=ADMINISTRATORS)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("relation", "initiative")
        .order_by("relation__name", "start", "pk")
    ):
        found = []
        if inv.initiative_id is None:
            found.append("no_initiative")
        if inv.end is None:
            found.append("no_end")
        elif limit is not None and inv.end > add_months(inv.start, limit):
            found.append("too_long")
        if inv.end is not None and inv.end <= soon:
            found.append("ending_soon")
        if found and (not problem or problem in found):
            rows.append(WatchedInvolvement(involvement=inv, problems=tuple(found)))
    return rows


def initiative_personal_data(*, initiative: Initiative) -> dict[str, Any]:
    """What the municipality holds on the initiative's contact person (GDPR art. 15 and 20): the
    contact data, the consent, what they sent (the initiative, answers, report, attachments'
    names) and what was sent to them, as plain JSON-ready values."""
    events = initiative.events.order_by("created_at", "pk")
    return {
        "initiative": initiative.reference,
        "title": initiative.title,
        "contact": {
            "name": initiative.contact_name,
            "email": initiative.contact_email,
            "telephone": initiative.contact_phone,
            "organisation": initiative.organisation,
            "kvk_number": initiative.kvk_number,
        },
        "consent_at": initiative.consent_at.isoformat() if initiative.consent_at else None,
        "submitted_at": initiative.submitted_at.isoformat(),
        "pseudonymised_at": (
            initiative.pseudonymised_at.isoformat() if initiative.pseudonymised_at else None
        ),
        "what_and_why": initiative.description,
        "report": initiative.report,
        "attachments": [
            {"name": a.name, "type": a.content_type, "bytes": a.size}
            for a in initiative.attachments.all()
        ],
        "answers": [
            {"at": e.created_at.isoformat(), "text": e.text}
            for e in events
            if e.by_initiator and e.kind == EventKind.ANSWER
        ],
        "emails_sent": [
            {"at": e.created_at.isoformat(), "subject": e.text}
            for e in events
            if e.kind == EventKind.MAIL
        ],
        "private_links": [
            {
                "created_at": link.created_at.isoformat(),
                "expires_at": link.expires_at.isoformat(),
                "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
            }
            for link in initiative.private_links.order_by("created_at")
        ],
    }
