from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from intrel.relations.models import Relation

from .constants import SubjectType


class Assessment(models.Model):
    """A decision of the policy engine on one subject, with the facts it was made from.

    Immutable once made: a change of facts or framework makes a new assessment and the old
    one stops being current. Confirmation and overrides are recorded beside it.
    """

    subject_type = models.CharField(_("subject type"), max_length=20, choices=SubjectType.choices)
    subject_key = models.CharField(
        _("subject id"), max_length=100, help_text=_("The subject's id, e.g. the relation's slug.")
    )
    relation = models.ForeignKey(
        Relation,
        verbose_name=_("relation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
    )
    framework = models.CharField(_("framework"), max_length=100)
    framework_version = models.CharField(_("framework version"), max_length=30)
    as_of = models.DateField(_("assessed as of"))
    facts = models.JSONField(_("facts"), help_text=_("The subject exactly as the engine saw it."))
    facts_digest = models.CharField(_("facts digest"), max_length=64)
    decision = models.JSONField(_("decision"), help_text=_("The engine's decision and trace."))
    violation_count = models.PositiveIntegerField(_("violations"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    routed_owner_kind = models.CharField(_("owner by the framework"), max_length=20, blank=True)
    routed_owner_portfolio = models.CharField(
        _("portfolio by the framework"), max_length=16, blank=True
    )
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("assessed at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-pk"]
        permissions = [("confirm_assessment", _("Can confirm an assessment"))]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_key", "framework"],
                condition=models.Q(is_current=True),
                name="assessment_one_current_per_subject_and_framework",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_by__isnull=True, confirmed_at__isnull=True)
                | models.Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
                name="assessment_confirmed_by_and_at_together",
            ),
        ]
        indexes = [
            models.Index(fields=["is_current", "violation_count"]),
            models.Index(fields=["-created_at", "-id"], name="assessment_order_idx"),
            # The start page (issue 19): the current relation assessments with a violation or a
            # warning per routed owner in the order shown, and those awaiting confirmation.
            models.Index(
                fields=["framework", "routed_owner_kind", "routed_owner_portfolio", "subject_key"],
                name="assessment_attention_idx",
                condition=models.Q(is_current=True, relation__isnull=False)
                & (models.Q(violation_count__gt=0) | models.Q(warning_count__gt=0)),
            ),
            models.Index(
                fields=["framework", "-violation_count", "subject_key"],
                name="assessment_awaiting_idx",
                condition=models.Q(
                    is_current=True, confirmed_at__isnull=True, relation__isnull=False
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_type} {self.subject_key} · {self.framework} · {self.as_of}"

    def get_subject_url(self) -> str:
        """The page of the assessed subject (its assessment is shown there)."""
        from django.urls import NoReverseMatch, reverse

        if self.relation:
            return str(self.relation.get_absolute_url())
        names = {"committee": "governance:committee", "budget_line": "budgets:line"}
        try:
            return reverse(names[self.subject_type], kwargs={"slug": self.subject_key})
        except (KeyError, NoReverseMatch):
            return "/"

    @property
    def subject_label(self) -> str:
        facts = self.facts or {}
        return str(facts.get("name") or self.subject_key)


class Override(models.Model):
    """An officer's written disagreement with one conclusion of an assessment."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="overrides"
    )
    target = models.CharField(
        _("conclusion"),
        max_length=100,
        help_text=_("What is overridden: owner, finding:CODE or action:CODE."),
    )
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("override")
        verbose_name_plural = _("overrides")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "target"], name="override_one_per_conclusion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.reason[:40]}"
