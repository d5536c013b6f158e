"""The initiatives' enums (issue 13): the steps of the workflow, the outcome, the support asked."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    """Where an initiative is: each step recorded with who and when (``InitiativeEvent``)."""

    SUBMITTED = "submitted", _("submitted")
    SCREENED = "screened", _("screened")
    ON_AGENDA = "on_agenda", _("on the agenda")
    DECIDED = "decided", _("decided")
    IN_PROGRESS = "in_progress", _("in progress")
    REPORTED = "reported", _("results reported")
    CLOSED = "closed", _("closed")


class Outcome(models.TextChoices):
    """The committee's (or the deciding body's) answer."""

    SUPPORTED = "supported", _("supported")
    PARTLY = "partly", _("partly supported")
    DECLINED = "declined", _("declined")


class SupportKind(models.TextChoices):
    """What the initiator asks of the municipality."""

    MONEY = "money", _("money")
    EXPERTISE = "expertise", _("expertise")
    PRESENCE = "presence", _("administrative presence (e.g. a visit by the mayor)")
    LETTER = "letter", _("a letter")
    RECEPTION = "reception", _("a reception")


class EventKind(models.TextChoices):
    """What an entry of an initiative's history records."""

    STEP = "step", _("step")
    QUESTION = "question", _("question to the initiator")
    ANSWER = "answer", _("answer of the initiator")
    NOTE = "note", _("note")
    MAIL = "mail", _("e-mail sent")
    LINK = "link", _("private link")
    PSEUDONYMISED = "pseudonymised", _("personal data pseudonymised")
