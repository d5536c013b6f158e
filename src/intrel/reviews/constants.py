"""Choices of the review (herijking): a round's status, a relation's progress in it, an action's
owner and the scenario the council chose."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    # The steps in order: the officer assesses, the committee advises, the executive board
    # proposes, the council decides (HER-1, IMP-1).
    ASSESSING = "assessing", _("being assessed")
    ADVISED = "advised", _("committee advice recorded")
    PROPOSED = "proposed", _("proposed by the executive board")
    DECIDED = "decided", _("decided by the council")


# A round is open until the council has decided: two open rounds may not share a relation.
OPEN_STATUSES = (RoundStatus.ASSESSING, RoundStatus.ADVISED, RoundStatus.PROPOSED)


class ItemState(models.TextChoices):
    TO_ASSESS = "to_assess", _("to assess")
    ASSESSED = "assessed", _("assessed")
    CONFIRMED = "confirmed", _("confirmed")
    OVERRIDDEN = "overridden", _("overridden")


class Scenario(models.TextChoices):
    HONOURING = "honouring", _("honouring existing agreements")
    STRICT = "strict", _("applied strictly")


# An action is due no earlier than this many days after the council's decision: the owner needs
# time to act, even where the framework's date has passed (ADR 0016).
ACTION_LEAD_DAYS = 90


class ReminderKind(models.TextChoices):
    # An action's owner hears of it twice at most: shortly before its due date, and once it
    # is past it (``intrel remind``).
    DUE = "due", _("due soon")
    OVERDUE = "overdue", _("overdue")


# "Due soon": this many days before the due date, the owner is reminded.
REMINDER_LEAD_DAYS = 14


class ReportState(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being built")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


# A report still waiting or being built after this many minutes is taken as lost (its worker
# died): asking for the report again builds a new one.
REPORT_STALE_MINUTES = 30
