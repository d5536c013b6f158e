"""Reads on initiatives (issue 13)."""

from django.db.models import QuerySet

from .constants import EventKind, Step
from .models import Initiative, InitiativeEvent

PUBLIC_EVENT_KINDS = (EventKind.STEP, EventKind.QUESTION, EventKind.ANSWER)


def initiative_public_events(*, initiative: Initiative) -> QuerySet[InitiativeEvent]:
    """What the initiator sees through the private link: the steps, the questions and the
    answers; internal notes and the mail log stay inside."""
    return initiative.events.filter(kind__in=PUBLIC_EVENT_KINDS).order_by("at", "pk")


def initiative_can_report(*, initiative: Initiative) -> bool:
    return initiative.step == Step.IN_PROGRESS


def initiative_list(*, step: str = "", country: str = "") -> QuerySet[Initiative]:
    qs = Initiative.objects.select_related("meeting", "relation")
    if step:
        qs = qs.filter(step=step)
    if country:
        qs = qs.filter(country=country.upper())
    return qs


def initiative_get(*, reference: str) -> Initiative:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Initiative.objects.select_related("meeting", "relation", "decision"), reference=reference
    )


def initiative_events(*, initiative: Initiative) -> QuerySet[InitiativeEvent]:
    return initiative.events.select_related("by").order_by("at", "pk")
