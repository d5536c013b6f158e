"""Budget lines per year and holder, and their ledger.

Every change of a line is an entry in the ledger (``LedgerEntry``); a line's balances are the
sums of its entries. The line also keeps those sums as running totals, written only by the
services, in the same transaction that adds the entry and with the line's row locked, so the
database itself can refuse a line whose commitments exceed it (CheckConstraints below, ACH-2).
``budgets.selectors.line_balances_from_ledger`` recomputes them from the entries.
"""

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    pass

from intrel.core.bounds import (
    BUDGET_YEAR_MAX,
    BUDGET_YEAR_MIN,
    NAME_MAX_LENGTH,
    SLUG_MAX_LENGTH,
)
from intrel.core.models import Recorded, hours_field, money_field

from .constants import (
    ALLOCATION_KINDS,
    TRANSFER_KINDS,
    EntryKind,
    HolderKind,
    LinePurpose,
)


def _non_negative(prefix: str, *fields: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(condition=Q(**{f"{f}__gte": 0}), name=f"{prefix}_{f}_not_negative")
        for f in fields
    ]


class BudgetLine(Recorded):
    """Money and staff hours for a year, held by the board, a portfolio or the committee."""

    slug = models.SlugField(
        _("identifier"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        help_text=_(
            "Stable identifier used in links, the API and assessments, e.g. solidarity-2014."
        ),
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The budget year."))
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    purpose = models.CharField(
        _("purpose"),
        max_length=20,
        choices=LinePurpose.choices,
        help_text=_("What the line is for; a solidarity line belongs to the committee (BES-11)."),
    )
    holder_kind = models.CharField(
        _("held by"),
        max_length=20,
        choices=HolderKind.choices,
        help_text=_("Who manages the line and decides on its allocations."),
    )
    portfolio = models.ForeignKey(
        "governance.Portfolio",
        verbose_name=_("portfolio"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        help_text=_("The portfolio holding the line (only when a portfolio holds it)."),
    )
    committee = models.ForeignKey(
        "governance.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        help_text=_("The committee holding the line (only when the committee holds it)."),
    )
    description = models.TextField(_("description"), blank=True)
    # Running totals of the ledger (see the module's docstring); never typed in.
    money_available = money_field(
        _("money available"), _("Opening amount plus transfers in, minus transfers out (EUR).")
    )
    hours_available = hours_field(
        _("hours available"), _("Opening hours plus transfers in, minus transfers out.")
    )
    money_committed = money_field(_("money committed"), _("Allocations minus releases (EUR)."))
    hours_committed = hours_field(_("hours committed"), _("Allocated hours minus released hours."))
    money_spent = money_field(
        _("money spent"), _("Realisations written against allocations (EUR).")
    )
    hours_spent = hours_field(
        _("hours spent"), _("Realisations of hours written against allocations.")
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["-year", "holder_kind", "name"]
        permissions = [
            (
                "manage_any_line",
                _("Can allocate, realise and release on lines of every holder"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=BUDGET_YEAR_MIN) & Q(year__lte=BUDGET_YEAR_MAX),
                name="budgetline_year_range",
            ),
            models.CheckConstraint(
                condition=(
                    Q(holder_kind=HolderKind.PORTFOLIO)
                    & Q(portfolio__isnull=False)
                    & Q(committee__isnull=True)
                )
                | (
                    Q(holder_kind=HolderKind.COMMITTEE)
                    & Q(committee__isnull=False)
                    & Q(portfolio__isnull=True)
                )
                | (
                    Q(holder_kind=HolderKind.EXECUTIVE_BOARD)
                    & Q(portfolio__isnull=True)
                    & Q(committee__isnull=True)
                ),
                name="budgetline_holder_consistent",
            ),
            *_non_negative(
                "budgetline",
                "money_available",
                "hours_available",
                "money_committed",
                "hours_committed",
                "money_spent",
                "hours_spent",
            ),
            # ACH-2: what is committed never exceeds the line, in money or in hours.
            models.CheckConstraint(
                condition=Q(money_committed__lte=F("money_available")),
                name="budgetline_money_committed_within_line",
            ),
            models.CheckConstraint(
                condition=Q(hours_committed__lte=F("hours_available")),
                name="budgetline_hours_committed_within_line",
            ),
            models.CheckConstraint(
                condition=Q(money_spent__lte=F("money_committed")),
                name="budgetline_money_spent_within_committed",
            ),
            models.CheckConstraint(
                condition=Q(hours_spent__lte=F("hours_committed")),
                name="budgetline_hours_spent_within_committed",
            ),
        ]
        indexes = [models.Index(fields=["year", "holder_kind"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("budgets:line", kwargs={"slug": self.slug})

    @property
    def holder_label(self) -> str:
        if self.holder_kind == HolderKind.PORTFOLIO and self.portfolio:
            # By its name, not its code ("portefeuille Cultuur"; issue 17).
            return _("%(name)s portfolio") % {"name": self.portfolio.name}
        if self.holder_kind == HolderKind.COMMITTEE and self.committee_id:
            return str(self.committee)
        return str(self.get_holder_kind_display())

    @property
    def money_left(self):
        return self.money_available - self.money_committed

    @property
    def hours_left(self):
        return self.hours_available - self.hours_committed


class BudgetTransfer(Recorded):
    """Money and hours moved from one line to another by a decision (two ledger entries)."""

    source = models.ForeignKey(
        BudgetLine,
        verbose_name=_("from line"),
        on_delete=models.PROTECT,
        related_name="transfers_out",
    )
    target = models.ForeignKey(
        BudgetLine,
        verbose_name=_("to line"),
        on_delete=models.PROTECT,
        related_name="transfers_in",
    )
    date = models.DateField(_("date"), help_text=_("The day the transfer takes effect."))
    money = money_field(_("money (EUR)"))
    hours = hours_field(_("staff hours"))
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="budget_transfers",
        help_text=_("The adopted decision that moves the money and hours."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("budget transfer")
        verbose_name_plural = _("budget transfers")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="budgettransfer_between_two_lines"
            ),
            *_non_negative("budgettransfer", "money", "hours"),
            models.CheckConstraint(
                condition=Q(money__gt=0) | Q(hours__gt=0), name="budgettransfer_moves_something"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.slug} → {self.target.slug} ({self.date})"


class Allocation(Recorded):
    """A commitment of money and hours from a line to a relation, an activity or an initiative."""

    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    date = models.DateField(_("date"), help_text=_("A day in the line's year."))
    money = money_field(_("money (EUR)"), _("The amount committed when allocated."))
    hours = hours_field(_("staff hours"), _("The hours committed when allocated."))
    relation = models.ForeignKey(
        "relations.Relation",
        verbose_name=_("relation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_allocations",
        help_text=_("The relation the money and hours go to."),
    )
    activity = models.ForeignKey(
        "relations.Activity",
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_allocations",
        help_text=_("The activity of that relation, if the allocation is for one."),
    )
    # The initiative record, by the lazy reference that imports nothing (ADR 0013), keyed by its
    # reference as an involvement's is (relations 0008).
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("citizen initiative"),
        to_field="reference",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        help_text=_("The citizen initiative supported, if any."),
        error_messages={"invalid": _("No citizen initiative has the reference %(value)r.")},
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_allocations",
        help_text=_("The decision granting it, if recorded."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["-date", "-id"], name="allocation_order_idx")]
        constraints = [
            *_non_negative("allocation", "money", "hours"),
            models.CheckConstraint(
                condition=Q(money__gt=0) | Q(hours__gt=0), name="allocation_commits_something"
            ),
            models.CheckConstraint(
                condition=Q(relation__isnull=False) | Q(initiative__isnull=False),
                name="allocation_has_a_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} ({self.date})"

    @property
    def recipient(self) -> str:
        parts = []
        if self.relation:
            parts.append(self.relation.name)
        if self.activity:
            parts.append(self.activity.title)
        if self.initiative_id:
            # The initiative's title, as a reader knows it (the selectors load it with the row).
            parts.append(self.initiative.title if self.initiative else self.initiative_id)
        return " · ".join(parts)


class LedgerEntry(Recorded):
    """One change of a line. Amounts are never negative: the kind says which way they move."""

    line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT, related_name="entries"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    money = money_field(_("money (EUR)"))
    hours = hours_field(_("staff hours"))
    description = models.TextField(_("description"), blank=True)
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        help_text=_("The decision behind the entry (required for transfers)."),
    )
    transfer = models.ForeignKey(
        BudgetTransfer,
        verbose_name=_("transfer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("allocation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["date", "pk"]
        constraints = [
            *_non_negative("ledgerentry", "money", "hours"),
            models.CheckConstraint(
                condition=Q(kind=EntryKind.OPENING) | Q(money__gt=0) | Q(hours__gt=0),
                name="ledgerentry_moves_something",
            ),
            # A transfer is always tied to a decision and to its transfer record.
            models.CheckConstraint(
                condition=~Q(kind__in=TRANSFER_KINDS)
                | (Q(decision__isnull=False) & Q(transfer__isnull=False)),
                name="ledgerentry_transfer_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=ALLOCATION_KINDS) | Q(allocation__isnull=False),
                name="ledgerentry_allocation_kinds_have_allocation",
            ),
        ]
        indexes = [
            models.Index(fields=["line", "kind"]),
            models.Index(fields=["date", "id"], name="ledgerentry_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.line.slug} {self.kind} {self.date}"
