"""Meetings and what happens in them: agenda, attendance, documents, decisions, votes."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intrel.core.bounds import NAME_MAX_LENGTH
from intrel.core.models import history_records
from intrel.relations.models import Relation

from ..constants import Body, DecisionKind, DecisionResult, VoteOption
from .bodies import Committee, Person


class Meeting(models.Model):
    """A meeting of the council, the executive board or a committee."""

    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text=_("Which committee met (only for committee meetings)."),
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("What was said and agreed."))
    history = history_records()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(body=Body.COMMITTEE) & Q(committee__isnull=False))
                | (~Q(body=Body.COMMITTEE) & Q(committee__isnull=True)),
                name="meeting_committee_iff_committee_body",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting", kwargs={"pk": self.pk})


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"), help_text=_("Order on the agenda."))
    text = models.CharField(_("item"), max_length=500)
    relation = models.ForeignKey(
        Relation,
        verbose_name=_("relation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        help_text=_("The relation from the register this item is about, if any."),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agendaitem_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendance"
    )
    present = models.BooleanField(_("present"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {'present' if self.present else 'absent'}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    file = models.FileField(
        _("file"), upload_to="meetings/%Y/", help_text=_("PDF or DOCX, at most 10 MB.")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title


class DecisionCounter(models.Model):
    """The last number given to a decision of one body in one year (``RAAD-2014-038``).

    Numbering locks this row (``select_for_update``) until the decision is committed, so
    simultaneous decisions queue for their numbers instead of colliding (docs/adr/0006).
    """

    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    year = models.PositiveIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("decision counter")
        verbose_name_plural = _("decision counters")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="governance_counter_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}: {self.last}"


class Decision(models.Model):
    """A formal act of a body; other workflows (budgets, endings) reference it by its id."""

    identifier = models.CharField(
        _("reference"),
        max_length=40,
        unique=True,
        help_text=_("Stable reference, e.g. IB-2014-002 (body, year, number)."),
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions"
    )
    body = models.CharField(
        _("body"), max_length=20, choices=Body.choices, help_text=_("The body that decided.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DecisionKind.choices)
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    text = models.TextField(_("text"), blank=True, help_text=_("The decision as worded."))
    result = models.CharField(_("result"), max_length=20, choices=DecisionResult.choices)
    relation = models.ForeignKey(
        Relation,
        verbose_name=_("relation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="governance_decisions",
        help_text=_("The relation the decision is about, if any."),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = history_records()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-meeting__date", "identifier"]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:decision", kwargs={"pk": self.pk})


class Vote(models.Model):
    """How one member voted on a decision."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="votes"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="votes"
    )
    option = models.CharField(_("vote"), max_length=10, choices=VoteOption.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "person"], name="vote_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.option}"


class ChairElection(models.Model):
    """The committee electing its own chair (BES-10): candidates, votes, the winner or a tie."""

    decision = models.OneToOneField(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="chair_election",
    )
    candidates = models.ManyToManyField(
        Person, verbose_name=_("candidates"), related_name="chair_candidacies"
    )
    winner = models.ForeignKey(
        Person,
        verbose_name=_("elected"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chair_elections_won",
        help_text=_("Empty when the vote was tied."),
    )

    class Meta:
        verbose_name = _("chair election")
        verbose_name_plural = _("chair elections")

    def __str__(self) -> str:
        return f"{self.decision.identifier}: {self.winner or '-'}"


class ChairVote(models.Model):
    election = models.ForeignKey(
        ChairElection, verbose_name=_("election"), on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.ForeignKey(
        Person, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="chair_votes"
    )
    candidate = models.ForeignKey(
        Person, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("chair vote")
        verbose_name_plural = _("chair votes")
        constraints = [
            models.UniqueConstraint(fields=["election", "voter"], name="chairvote_once_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.voter} -> {self.candidate}"
