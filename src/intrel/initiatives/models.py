"""Citizen initiatives (SOL-2, SOL-3): residents and organisations propose, the committee decides.

An initiative is a subject of the register like a relation. It sits above the register apps it
points to (relations, governance, budgets); the involvements and allocations that follow it point
back to it by a lazy reference (``"initiatives.Initiative"``), which imports nothing (ADR 0013).
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intrel.core.bounds import (
    NAME_MAX_LENGTH,
)
from intrel.core.models import (
    TERM_END_AFTER_START,
    Recorded,
    Term,
    end_field,
    history_records,
    hours_field,
    money_field,
    start_field,
)
from intrel.partners.models import validate_country_code

from .constants import EventKind, Outcome, Step

KVK_NUMBER = RegexValidator(r"^[0-9]{8}$", _("A Chamber of Commerce number has 8 digits."))


class Initiative(Term):
    """An initiative from the city, as submitted through the public form (or recorded by staff),
    with the answer it got and what it became. ``start``/``end`` are the period it runs."""

    reference = models.CharField(
        _("reference"),
        max_length=20,
        unique=True,
        help_text=_("The number the initiator quotes, e.g. INI-2026-0001."),
    )
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    description = models.TextField(_("what and why"))
    country = models.CharField(
        _("partner country"), max_length=2, validators=[validate_country_code]
    )
    place = models.CharField(_("partner place"), max_length=NAME_MAX_LENGTH)
    purposes = models.JSONField(_("purposes"), default=list)
    support_asked = models.JSONField(
        _("support asked"), default=list, help_text=_("Codes of SupportKind.")
    )
    money_asked = money_field(_("money asked (EUR)"), optional=True)
    hours_asked = hours_field(_("staff hours asked"), optional=True)
    start = start_field(_("The first day of the initiative."))
    end = end_field(_("The last day of the initiative."))
    # The organisation and its contact person: personal data, pseudonymised when the initiative
    # closes (``pseudonymised_at``), in the history tables too.
    organisation = models.CharField(_("organisation"), max_length=NAME_MAX_LENGTH)
    kvk_number = models.CharField(
        _("Chamber of Commerce number"), max_length=8, blank=True, validators=[KVK_NUMBER]
    )
    contact_name = models.CharField(_("contact person"), max_length=NAME_MAX_LENGTH)
    contact_email = models.EmailField(_("e-mail address"))
    contact_phone = models.CharField(_("telephone"), max_length=30, blank=True)
    consent_at = models.DateTimeField(_("consent to processing given at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_from = models.CharField(
        _("submitted from (keyed hash of the address)"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("For the public form's rate limit; the address itself is not kept."),
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.SUBMITTED)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    reasons = models.TextField(
        _("reasons"), blank=True, help_text=_("Why, as told to the initiator.")
    )
    money_granted = money_field(_("money granted (EUR)"), optional=True)
    hours_granted = hours_field(_("staff hours granted"), optional=True)
    relation = models.ForeignKey(
        "relations.Relation",
        verbose_name=_("relation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        help_text=_("The relation it led to or is part of."),
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        help_text=_("The meeting whose agenda it is on."),
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    report = models.TextField(_("results reported"), blank=True)
    report_due = models.DateField(_("report due"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    pseudonymised_at = models.DateTimeField(_("pseudonymised at"), null=True, blank=True)
    history = history_records()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["-submitted_at", "-id"], name="initiative_order_idx")]
        constraints = [TERM_END_AFTER_START]
        permissions = [
            ("view_contact", _("Can see the initiator's contact data")),
        ]

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", args=[self.reference])

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class InitiativeEvent(Recorded):
    """One entry of an initiative's history: a step, a question and its answer, an e-mail sent.
    ``created_by`` is the staff member; empty with ``by_initiator`` for the initiator, and for a
    command."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="events"
    )
    by_initiator = models.BooleanField(_("by the initiator"), default=False)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    mail_key = models.CharField(
        _("e-mail key"),
        max_length=60,
        blank=True,
        help_text=_("For an e-mail sent: which one (each is sent once, ADR 0019)."),
    )

    class Meta:
        verbose_name = _("initiative history entry")
        verbose_name_plural = _("initiative history")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "mail_key"],
                condition=~models.Q(mail_key=""),
                name="initiative_mail_sent_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative.reference} {self.kind} {self.created_at:%Y-%m-%d}"


class InitiativeAttachment(models.Model):
    """A file the initiator sent (PDF or image), checked by content and size (core/uploads.py)."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="initiatives/%Y/")
    name = models.CharField(_("file name"), max_length=NAME_MAX_LENGTH)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class PrivateLink(models.Model):
    """The initiator's way back in without an account: only the SHA-256 of the token is kept, so
    a copy of the database opens nothing; it expires and can be revoked."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="private_links",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("private link")
        verbose_name_plural = _("private links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.initiative.reference} ({self.expires_at:%Y-%m-%d})"
