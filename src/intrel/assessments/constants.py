from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectType(models.TextChoices):
    RELATION = "relation", _("relation")
    COMMITTEE = "committee", _("committee")
    BUDGET_LINE = "budget_line", _("budget line")


class Severity(models.TextChoices):
    VIOLATION = "violation", _("violation")
    WARNING = "warning", _("warning")
    INFO = "info", _("information")


# The smallest reason an officer must give to override a conclusion of the framework.
OVERRIDE_REASON_MIN_LENGTH = 20


class AssessmentFilter(models.TextChoices):
    """What the relation list can be narrowed to by the current assessment (the work list)."""

    CONFLICTING = "conflicting", _("in conflict with the framework")
    WARNING = "warning", _("with a warning")
    UNCONFIRMED = "unconfirmed", _("awaiting confirmation")
    OVERRIDDEN = "overridden", _("conclusion overridden")
    OWNER = "owner_to_move", _("owner to move")
