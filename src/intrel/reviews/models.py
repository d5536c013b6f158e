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
from intrel.governance.models import Decision, Person
from intrel.relations.models import Relation

from .constants import ItemState, RoundStatus, Scenario


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
        related_name="review_actions",
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
        ]

    def __str__(self) -> str:
        return f"{self.relation}: {self.text}"

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
