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
