from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from intrel.core.bounds import (
    HOURS_DIGITS,
    HOURS_PLACES,
    MONEY_DIGITS,
    MONEY_PLACES,
    NAME_MAX_LENGTH,
    PORTFOLIO_CODE_MAX_LENGTH,
    SLUG_MAX_LENGTH,
)
from intrel.core.models import TERM_END_AFTER_START, Recorded, Term, end_field, history_records
from intrel.core.validators import date_in_range
from intrel.partners.models import Partner
from intrel.policy import load_framework
from intrel.policy.framework import PORTFOLIO_PATTERN

from .constants import (
    ActivityKind,
    Actor,
    BudgetHolder,
    EndReason,
    Initiator,
    OwnerKind,
    RegisteredKind,
    Sector,
    Source,
    Status,
)
from .life import StepKind

# One definition of what a portfolio code looks like: the framework files' (which codes exist
# is the default framework's too: services.portfolio_code_problem).
portfolio_code_validator = RegexValidator(
    PORTFOLIO_PATTERN, _("A portfolio code is upper case letters and digits, e.g. EZ.")
)


class Party(models.Model):
    """An organisation that takes part in relations (not the municipality itself)."""

    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, unique=True)
    sector = models.CharField(
        _("sector"),
        max_length=20,
        choices=Sector.choices,
        help_text=_("Government, business, knowledge institution or civil society (triple helix)."),
    )
    website = models.URLField(_("website"), blank=True)
    history = history_records()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def portfolio_name(code: str) -> str:
    """A portfolio code by its name in the framework in force, in the active language; the code
    itself only when the framework gives it no name."""
    if not code:
        return ""
    names = load_framework(settings.INTREL_DEFAULT_FRAMEWORK).portfolio_names.get(code)
    if names is None:
        return code
    return (names.nl if (translation.get_language() or "nl").startswith("nl") else names.en) or code


class Relation(models.Model):
    """A relation of the municipality with a partner abroad (the `relation` subject)."""

    slug = models.SlugField(
        _("identifier"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        help_text=_("Stable identifier, e.g. helmond-mechelen. Used in links and the API."),
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="relations"
    )
    registered_kind = models.CharField(
        _("registered as"),
        max_length=20,
        choices=RegisteredKind.choices,
        help_text=_("How the relation is filed today."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    initiated_by = models.CharField(_("initiated by"), max_length=30, choices=Initiator.choices)
    purposes = models.JSONField(
        _("purposes"),
        default=list,
        help_text=_("What the relation is for; at least one."),
    )
    mutual_value = models.BooleanField(
        _("mutual value"),
        default=False,
        help_text=_("Does it bring comparable value to both partners?"),
    )
    parties = models.ManyToManyField(
        Party, verbose_name=_("parties taking part"), blank=True, related_name="relations"
    )
    owner_kind = models.CharField(
        _("owner"),
        max_length=20,
        choices=OwnerKind.choices,
        default=OwnerKind.NONE,
        help_text=_("Who in the municipality owns the relation today."),
    )
    owner_portfolio = models.CharField(
        _("owner's portfolio"),
        max_length=PORTFOLIO_CODE_MAX_LENGTH,
        blank=True,
        validators=[portfolio_code_validator],
        help_text=_("Portfolio code when the owner is a portfolio, e.g. EZ."),
    )
    budget_money_eur_per_year = models.DecimalField(
        _("money per year (EUR)"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    budget_staff_hours_per_year = models.DecimalField(
        _("staff hours per year"),
        max_digits=HOURS_DIGITS,
        decimal_places=HOURS_PLACES,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    budget_held_by = models.CharField(
        _("budget held by"), max_length=20, choices=BudgetHolder.choices, default=BudgetHolder.NONE
    )
    budget_portfolio = models.CharField(
        _("budget's portfolio"),
        max_length=PORTFOLIO_CODE_MAX_LENGTH,
        blank=True,
        validators=[portfolio_code_validator],
        help_text=_("Portfolio code when a portfolio holds the budget."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=EndReason.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    verified = models.BooleanField(
        _("verified"),
        default=True,
        help_text=_("Proposed records (e.g. from the twin-towns list) await an officer's check."),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    assumed = models.JSONField(
        _("assumed facts"),
        default=list,
        blank=True,
        help_text=_(
            "Which facts are assumed rather than sourced (demo data): start_date, status, "
            "initiated_by, purposes, mutual_value, owner, budget, partner, parties, agreements, "
            "involvements. The relation's page marks them."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The day of the latest activity (its end date where it has one), kept by every write of
    # activities (``services.relation_last_activity_refresh``): the dormant relations and the
    # lists read it instead of grouping every activity (issue 19). Derived, so not a change of
    # the relation: no history, no ``updated_at``, and a save of the relation leaves it alone.
    last_activity_on = models.DateField(_("last activity"), null=True, blank=True, editable=False)
    # Which facts are assumed is a note on the demo data, not a fact whose changes matter.
    history = history_records(m2m_fields=[parties], excluded_fields=["assumed", "last_activity_on"])

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["name"]
        # The list's default order and every filter and sort of the list page and the API
        # (issue 19): a page of 50 is read from an index, not a sort of the whole register.
        indexes = [
            models.Index(fields=["name"], name="relation_name_idx"),
            models.Index(fields=["status", "name"], name="relation_status_name_idx"),
            models.Index(fields=["registered_kind", "name"], name="relation_kind_name_idx"),
            models.Index(fields=["verified", "name"], name="relation_verified_name_idx"),
            models.Index(
                fields=["owner_kind", "owner_portfolio", "name"], name="relation_owner_name_idx"
            ),
            models.Index(fields=["start_date"], name="relation_start_date_idx"),
            models.Index(fields=["updated_at"], name="relation_updated_at_idx"),
            models.Index(fields=["last_activity_on"], name="relation_last_activity_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="relation_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(budget_money_eur_per_year__gte=0)
                & models.Q(budget_staff_hours_per_year__gte=0),
                name="relation_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ended") | models.Q(end_date__isnull=False),
                name="relation_ended_has_end_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A change of a relation already stored writes every field but ``last_activity_on``:
        an instance read before an activity was added must not put the old day back."""
        stored = not self._state.adding and not kwargs.get("force_insert")
        if stored and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()  # left out as Django's own save leaves them
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "last_activity_on" and f.attname not in deferred
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("relations:detail", kwargs={"slug": self.slug})

    @property
    def owner_portfolio_name(self) -> str:
        """The owner's portfolio by its name in the framework in force (no code on a page)."""
        return portfolio_name(self.owner_portfolio)

    @property
    def budget_portfolio_name(self) -> str:
        return portfolio_name(self.budget_portfolio)


class Agreement(models.Model):
    """A signed agreement under a relation: its term, notice and renewal (IMP-3)."""

    relation = models.ForeignKey(
        Relation, verbose_name=_("relation"), on_delete=models.CASCADE, related_name="agreements"
    )
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    signed = models.DateField(_("signed on"))
    ends = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Empty when the agreement has no end.")
    )
    notice_months = models.PositiveSmallIntegerField(
        _("notice (months)"),
        default=0,
        validators=[MaxValueValidator(600)],
        help_text=_("Notice period to end it, in months (at most 600)."),
    )
    renews_automatically = models.BooleanField(_("renews automatically"), default=False)
    renewal_months = models.PositiveSmallIntegerField(
        _("renewal term (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Term of each renewal; empty means the original term."),
    )
    document = models.FileField(
        _("signed document"),
        upload_to="agreements/%Y/",
        blank=True,
        help_text=_("PDF or DOCX, at most 10 MB."),
    )
    history = history_records()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["signed", "title"]
        indexes = [models.Index(fields=["signed", "title"], name="agreement_order_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__isnull=True) | models.Q(ends__gte=models.F("signed")),
                name="agreement_ends_after_signed",
            ),
            models.CheckConstraint(
                condition=models.Q(renewal_months__isnull=True) | models.Q(renewal_months__gte=1),
                name="agreement_renewal_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Involvement(Term):
    """Administrative involvement in a relation: who, for which portfolio, from when to when."""

    relation = models.ForeignKey(
        Relation, verbose_name=_("relation"), on_delete=models.CASCADE, related_name="involvements"
    )
    actor = models.CharField(_("actor"), max_length=20, choices=Actor.choices)
    portfolio = models.CharField(
        _("portfolio"),
        max_length=PORTFOLIO_CODE_MAX_LENGTH,
        blank=True,
        validators=[portfolio_code_validator],
    )
    person = models.CharField(
        _("person"), max_length=200, blank=True, help_text=_("Who takes part, e.g. the mayor.")
    )
    end = end_field(
        _("Involvement in solidarity relations is temporary (SOL-4): give an end date.")
    )
    # The initiative record, by the lazy reference that imports nothing (ADR 0013), keyed by its
    # reference ("INI-2026-0001") as the contract's subject names it.
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("citizen initiative"),
        to_field="reference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="involvements",
        help_text=_("The citizen initiative this involvement follows (SOL-3)."),
        error_messages={"invalid": _("No citizen initiative has the reference %(value)r.")},
    )
    description = models.TextField(_("description"), blank=True)
    history = history_records()

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        ordering = ["start", "actor"]
        indexes = [models.Index(fields=["start", "actor"], name="involvement_order_idx")]
        constraints = [
            TERM_END_AFTER_START,
        ]

    def __str__(self) -> str:
        return f"{self.get_actor_display()} ({self.start})"


class Activity(models.Model):
    """Something done under a relation: a visit, project, event or exchange."""

    relation = models.ForeignKey(
        Relation, verbose_name=_("relation"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    date = models.DateField(_("date"), validators=[date_in_range])
    end_date = models.DateField(_("end date"), null=True, blank=True, validators=[date_in_range])
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True)
    participants = models.TextField(
        _("who took part"), blank=True, help_text=_("Organisations and roles, not private persons.")
    )
    history = history_records()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "title"]
        indexes = [models.Index(fields=["-date", "title"], name="activity_order_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("date")),
                name="activity_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ContactPerson(models.Model):
    """A contact for a relation. Personal data: kept minimal, pseudonymised when the file closes."""

    relation = models.ForeignKey(
        Relation,
        verbose_name=_("relation"),
        on_delete=models.CASCADE,
        related_name="contact_persons",
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    pseudonymised_at = models.DateTimeField(_("pseudonymised at"), null=True, blank=True)
    history = history_records(excluded_fields=["email", "phone"])

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LifeStep(Recorded):
    """One step in the life of a relation (``life.StepKind``): what, when, who, and why.

    Steps are only added, by ``services.life_step_record``; the status they lead to is kept on
    the step, so the timeline shows every change of status.
    """

    relation = models.ForeignKey(
        Relation, verbose_name=_("relation"), on_delete=models.CASCADE, related_name="life_steps"
    )
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    date = models.DateField(_("date"), validators=[date_in_range])
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Reasons of a proposal, what was said in a consultation, the reason for a "
            "suspension, the partner's letter."
        ),
    )
    party = models.CharField(
        _("consulted party"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        help_text=_("The partner or a party involved (foundation, school, club)."),
    )
    answered = models.BooleanField(
        _("answered"), null=True, blank=True, help_text=_("Did the consulted party answer?")
    )
    finding = models.CharField(
        _("finding"),
        max_length=60,
        blank=True,
        help_text=_("The code of the finding that led to the proposal, if any."),
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="life_steps",
    )
    effective_date = models.DateField(
        _("effective date"),
        null=True,
        blank=True,
        validators=[date_in_range],
        help_text=_("The date the notice takes effect: the relation ends then."),
    )
    until = models.CharField(
        _("until"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        help_text=_("The condition to resume a suspended relation."),
    )
    partner_consent = models.BooleanField(
        _("partner consents"),
        default=False,
        help_text=_("The partner agreed to an earlier end than the agreements allow (IMP-3)."),
    )
    deviation = models.BooleanField(
        _("deviation from the framework"),
        default=False,
        help_text=_("The council ends at once against IMP-3/IMP-4, by its own decision."),
    )
    document = models.FileField(
        _("document"),
        upload_to="life/%Y/",
        blank=True,
        help_text=_("PDF or DOCX, at most 10 MB."),
    )
    status_before = models.CharField(_("status before"), max_length=20, choices=Status.choices)
    status_after = models.CharField(_("status after"), max_length=20, choices=Status.choices)
    history = history_records()

    class Meta:
        verbose_name = _("life step")
        verbose_name_plural = _("life steps")
        ordering = ["date", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.date})"

    @property
    def has_letter(self) -> bool:
        """The step calls for a letter to the partner (relations/letters.py): the notice, a
        council's deviating end, or the acknowledgement of an end by the partner."""
        return self.kind in ("notice", "ended_by_partner") or (
            self.kind == "ended" and self.deviation
        )


class EndReminder(models.Model):
    """An e-mail to a relation's owner that an involvement or an agreement ends soon, sent by
    ``intrel remind`` once per end date (a changed end date is reminded again). Shown on the
    relation's page."""

    relation = models.ForeignKey(
        Relation,
        verbose_name=_("relation"),
        on_delete=models.CASCADE,
        related_name="end_reminders",
    )
    involvement = models.ForeignKey(
        Involvement,
        verbose_name=_("involvement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="end_reminders",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="end_reminders",
    )
    ends = models.DateField(_("ends"))
    sent_to = models.TextField(_("sent to"), help_text=_("The owners' e-mail addresses."))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("end reminder")
        verbose_name_plural = _("end reminders")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["involvement", "ends"],
                condition=Q(involvement__isnull=False),
                name="end_reminder_once_per_involvement_end",
            ),
            models.UniqueConstraint(
                fields=["agreement", "ends"],
                condition=Q(agreement__isnull=False),
                name="end_reminder_once_per_agreement_end",
            ),
            models.CheckConstraint(
                condition=Q(involvement__isnull=False) ^ Q(agreement__isnull=False),
                name="end_reminder_names_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relation_id} {self.ends}"
