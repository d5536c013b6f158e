"""The life of a relation: ONE state machine over the statuses of READING.md §8.

proposed -> active <-> suspended; active -> friendship; active | suspended | friendship ->
ending -> ended; suspended | friendship -> active (reactivation, with a decision). A relation
can also end at once when the partner ends it, or when the body that decides deviates from the
framework on purpose (recorded as a deviation from IMP-3/IMP-4).

This module is the one place that says which step may follow which status, what the step needs
and which body must decide. Pages, the API and the import ask it; the services enforce it
(``services.life_step_record``). It reads no database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import Initiator, Status

# The permission to record a step of a relation's life (pages and API alike).
STEP_PERMISSION = "relations.add_lifestep"


class StepKind(models.TextChoices):
    ACTIVATED = "activated", _("activated")
    PROPOSAL = "proposal", _("proposal to end")
    CONSULTATION = "consultation", _("consultation")
    DECISION = "decision", _("decision to end")
    NOTICE = "notice", _("notice given")
    ENDED = "ended", _("ended")
    ENDED_BY_PARTNER = "ended_by_partner", _("ended by the partner")
    SUSPENDED = "suspended", _("suspended")
    DOWNGRADED = "downgraded", _("downgraded to friendship")
    REACTIVATED = "reactivated", _("reactivated")


# The bodies of governance (governance.constants.Body's values; relations sits below governance).
COUNCIL = "council"
COMMITTEE = "committee"
EXECUTIVE_BOARD = "executive_board"

# Their names (the same words as governance's Body labels).
BODY_LABELS = {
    COUNCIL: _("municipal council"),
    COMMITTEE: _("committee"),
    EXECUTIVE_BOARD: _("executive board"),
}

_LIVING = frozenset({Status.ACTIVE, Status.SUSPENDED, Status.FRIENDSHIP})


@dataclass(frozen=True)
class Transition:
    """A step of the life: from which statuses, to which (None: unchanged), what it needs."""

    kind: str
    sources: frozenset[str]
    target: str | None
    needs_decision: bool = False
    needs_text: bool = False
    clauses: tuple[str, ...] = ()


TRANSITIONS: dict[str, Transition] = {
    t.kind: t
    for t in (
        Transition(StepKind.ACTIVATED, frozenset({Status.PROPOSED}), Status.ACTIVE),
        # Ending by us, in steps (IMP-4 consultation before the decision, IMP-3 for the date).
        Transition(StepKind.PROPOSAL, _LIVING, None, needs_text=True, clauses=("IMP-4",)),
        Transition(StepKind.CONSULTATION, _LIVING, None, clauses=("IMP-4",)),
        Transition(StepKind.DECISION, _LIVING, None, needs_decision=True, clauses=("IMP-4",)),
        Transition(StepKind.NOTICE, _LIVING, Status.ENDING, clauses=("IMP-3", "IMP-4")),
        Transition(StepKind.ENDED, frozenset({Status.ENDING}), Status.ENDED, clauses=("IMP-3",)),
        # The partner ends it: their letter and date; no consultation is demanded of us.
        Transition(
            StepKind.ENDED_BY_PARTNER,
            _LIVING | {Status.ENDING},
            Status.ENDED,
            needs_text=True,
        ),
        Transition(
            StepKind.SUSPENDED,
            frozenset({Status.ACTIVE}),
            Status.SUSPENDED,
            needs_decision=True,
            needs_text=True,
        ),
        Transition(
            StepKind.DOWNGRADED,
            frozenset({Status.ACTIVE}),
            Status.FRIENDSHIP,
            needs_decision=True,
            clauses=("IMP-2",),
        ),
        Transition(
            StepKind.REACTIVATED,
            frozenset({Status.SUSPENDED, Status.FRIENDSHIP}),
            Status.ACTIVE,
            needs_decision=True,
        ),
    )
}

# The order in which the steps of an ending by us must come (IMP-4).
ENDING_STEPS = (StepKind.PROPOSAL, StepKind.CONSULTATION, StepKind.DECISION, StepKind.NOTICE)

# The statuses of relations "in transition" (the list page).
IN_TRANSITION = (Status.SUSPENDED, Status.ENDING)


def steps_from(status: str) -> list[str]:
    """The kinds of step that may follow ``status``, in the machine's order."""
    return [kind for kind, t in TRANSITIONS.items() if status in t.sources]


# A council may end a relation at once, against its framework, from any living status or while
# it is being ended (an ``ended`` step with ``deviation``; services.life_step_record checks it).
DEVIATION_SOURCES = _LIVING | {Status.ENDING}


def steps_offered(status: str) -> list[str]:
    """The kinds of step the pages offer after ``status``: the machine's, and the council's
    deviating end (``ended`` with ``deviation``) where the machine has no ``ended`` step."""
    kinds = steps_from(status)
    if status in DEVIATION_SOURCES and StepKind.ENDED not in kinds:
        kinds.append(StepKind.ENDED)
    return kinds


def target_of(status: str, kind: str) -> str | None:
    """The status a step leads to from ``status`` (the same status when it changes none).

    None when the step may not follow ``status``.
    """
    transition = TRANSITIONS.get(kind)
    if transition is None or status not in transition.sources:
        return None
    return transition.target or status


def deciding_bodies(initiated_by: str) -> tuple[str, ...]:
    """Which bodies may take the decision a step needs (per the framework's owner).

    The council decides on the relations it set up; the others are decided by the committee or
    the portfolio holder (in the executive board), and the council may always decide.
    """
    if initiated_by == Initiator.COUNCIL:
        return (COUNCIL,)
    return (COUNCIL, COMMITTEE, EXECUTIVE_BOARD)
