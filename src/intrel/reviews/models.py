"""The review (herijking) as records: a round over the relations, each relation's progress in
it, the steps advice -> proposal -> decision, and the actions the council's decision sets."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intrel.accounts.constants import Role
from intrel.assessments.models import Assessment
from intrel.core.bounds import NAME_MAX_LENGTH
from intrel.core.formatting import in_language
from intrel.core.models import Recorded
from intrel.governance.models import Committee, Decision, Person
from intrel.relations.models import Relation

from .constants import ItemState, ReminderKind, ReportState, RoundStatus, Scenario


def _decision_link(help_text: Any) -> Any:
    return models.ForeignKey(
        Decision,
        verbose_name=_("decision record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=help_text,
    )


class ReviewRound(Recorded):
    """One review of the relations against a framework on a reference date (HER-1)."""

    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    framework = models.CharField(
        _("framework"),
        max_length=100,
        help_text=_("The framework the relations are reviewed against."),
    )
    framework_version = models.CharField(_("framework version"), max_length=30)
    reference_date = models.DateField(
        _("reference date"), help_text=_("The date the framework is applied from.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.ASSESSING
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("earlier round"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The round this one is compared with."),
    )
    advice = models.TextField(_("committee advice"), blank=True)
    advice_date = models.DateField(_("date of the advice"), null=True, blank=True)
    advice_decision = _decision_link(_("The committee's decision record of the advice."))
    proposal = models.TextField(_("board proposal"), blank=True)
    proposal_date = models.DateField(_("date of the proposal"), null=True, blank=True)
    proposal_decision = _decision_link(_("The executive board's decision record."))
    decision = models.TextField(_("council decision"), blank=True)
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    decision_record = _decision_link(_("The council's decision record."))
    scenario = models.CharField(
        _("scenario"),
        max_length=20,
        choices=Scenario.choices,
        blank=True,
        help_text=_("The scenario the council chose: strict, or honouring existing agreements."),
    )

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["-reference_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal_date__isnull=True)
                | models.Q(advice_date__isnull=True)
                | models.Q(proposal_date__gte=models.F("advice_date")),
                name="reviews_proposal_after_advice",
            ),
            models.CheckConstraint(
                condition=models.Q(decision_date__isnull=True)
                | models.Q(
                    proposal_date__isnull=False, decision_date__gte=models.F("proposal_date")
                ),
                name="reviews_decision_after_proposal",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reviews:round", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status != RoundStatus.DECIDED


class ReviewItem(models.Model):
    """One relation in a round and the officer's progress with it."""

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("review round"), on_delete=models.CASCADE, related_name="items"
    )
    relation = models.ForeignKey(
        Relation, verbose_name=_("relation"), on_delete=models.PROTECT, related_name="review_items"
    )
    state = models.CharField(
        _("progress"), max_length=20, choices=ItemState.choices, default=ItemState.TO_ASSESS
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    override_reason = models.TextField(
        _("reason of the override"),
        blank=True,
        help_text=_("Why the framework's conclusion does not apply to this relation."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("at"), null=True, blank=True)

    class Meta:
        verbose_name = _("relation in a review")
        verbose_name_plural = _("relations in a review")
        ordering = ["relation__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "relation"], name="reviews_item_once"),
            models.CheckConstraint(
                condition=~models.Q(state=ItemState.OVERRIDDEN) | ~models.Q(override_reason=""),
                name="reviews_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.relation}"


class ReviewAction(Recorded):
    """What the council's decision asks to be done for one finding of one relation (AAN-1)."""

    round = models.ForeignKey(
        ReviewRound,
        verbose_name=_("review round"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    relation = models.ForeignKey(
        Relation,
        verbose_name=_("relation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_actions",
        help_text=_("The relation the action is for (or else the committee)."),
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_actions",
        help_text=_("The committee whose composition the action changes (BES-10)."),
    )
    code = models.CharField(_("action code"), max_length=60, editable=False)
    text = models.TextField(_("action"), help_text=_("What is to be done, in Dutch."))
    text_en = models.TextField(_("action in English"), blank=True)
    finding = models.TextField(_("finding"), blank=True, help_text=_("The finding it resolves."))
    finding_en = models.TextField(_("finding in English"), blank=True)
    owner_person = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_actions",
    )
    owner_role = models.CharField(
        _("owner role"),
        max_length=40,
        choices=Role.choices,
        blank=True,
        help_text=_("The role that carries the action where no person does."),
    )
    due = models.DateField(_("due"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closing_note = models.TextField(_("how it was done"), blank=True)
    reassessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment after closing"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review action")
        verbose_name_plural = _("review actions")
        ordering = ["due", "relation__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(owner_person__isnull=True, owner_role=""),
                name="reviews_action_has_owner",
            ),
            # An action is for one relation or for the committee, never both or neither.
            models.CheckConstraint(
                condition=models.Q(relation__isnull=False, committee__isnull=True)
                | models.Q(relation__isnull=True, committee__isnull=False),
                name="reviews_action_one_subject",
            ),
        ]
        permissions = [
            # The owner closes an action; the application manager may close anyone's.
            ("close_any_action", _("Can close any review action, whoever owns it")),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.text}"

    @property
    def subject(self) -> Relation | Committee:
        """What the action is for: its relation, or the committee."""
        subject = self.relation or self.committee
        assert subject is not None
        return subject

    @property
    def subject_name(self) -> str:
        return self.subject.name

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def text_shown(self) -> str:
        """The action in the interface language."""
        return in_language(self.text, self.text_en)

    @property
    def finding_shown(self) -> str:
        """The finding it resolves in the interface language."""
        return in_language(self.finding, self.finding_en)

    def get_absolute_url(self) -> str:
        return reverse("reviews:action", kwargs={"pk": self.pk})


class ReviewReminder(models.Model):
    """An e-mail that reminded an action's owner of its due date: one per action and kind, so a
    second run of ``intrel remind`` sends nothing twice (ADR 0019: tasks are idempotent)."""

    action = models.ForeignKey(
        ReviewAction,
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.TextField(
        _("sent to"), help_text=_("The e-mail addresses it went to, one per line.")
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "kind"], name="reviews_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.kind}"

    @property
    def recipient_list(self) -> list[str]:
        return [r for r in self.recipients.splitlines() if r]


class ReviewReport(Recorded):
    """The council report of a round, built in the background (ADR 0019): its state, its
    progress and, once done, its files (PDF, DOCX, XLSX)."""

    round = models.ForeignKey(
        ReviewRound,
        verbose_name=_("review round"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="nl"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress"), default=0, help_text=_("Per cent done.")
    )
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    docx = models.BinaryField(_("DOCX"), null=True, blank=True)
    xlsx = models.BinaryField(_("XLSX"), null=True, blank=True)

    class Meta:
        verbose_name = _("council report")
        verbose_name_plural = _("council reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="reviews_report_progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} ({self.language})"

    @property
    def is_running(self) -> bool:
        return self.state in (ReportState.QUEUED, ReportState.RUNNING)

    def get_absolute_url(self) -> str:
        return reverse("reviews:report-status", kwargs={"pk": self.round_id, "report": self.pk})
