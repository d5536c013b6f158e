"""Reads of budgets: balances (from the ledger), overviews, charts' data, costs per relation."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from intrel.governance.models import Committee
from intrel.governance.selectors import Spending

from .constants import (
    AVAILABLE_SIGN,
    COMMITTED_SIGN,
    SPENT_SIGN,
    ZERO_HOURS,
    ZERO_MONEY,
    EntryKind,
    HolderKind,
    LinePurpose,
)
from .models import Allocation, BudgetLine, BudgetTransfer, LedgerEntry

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class AllocationLedger(TypedDict):
    """What allocations_annotated() adds to each allocation, from the ledger."""

    money_released: Decimal
    hours_released: Decimal
    money_spent: Decimal
    hours_spent: Decimal


if TYPE_CHECKING:
    AnnotatedAllocation: TypeAlias = WithAnnotations[Allocation, AllocationLedger]
else:
    AnnotatedAllocation = Allocation

# --- lines ---------------------------------------------------------------------------------------


def budget_line_list(
    *, year: int | None = None, holder_kind: str = "", purpose: str = ""
) -> QuerySet[BudgetLine]:
    qs = BudgetLine.objects.select_related("portfolio", "committee")
    if year:
        qs = qs.filter(year=year)
    if holder_kind:
        qs = qs.filter(holder_kind=holder_kind)
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs.order_by("-year", "holder_kind", "portfolio__code", "name", "pk")


def budget_line_get(*, slug: str) -> BudgetLine:
    return get_object_or_404(BudgetLine.objects.select_related("portfolio", "committee"), slug=slug)


def budget_years() -> list[int]:
    return sorted(set(BudgetLine.objects.values_list("year", flat=True)), reverse=True)


def line_entries(*, line: BudgetLine) -> QuerySet[LedgerEntry]:
    return line.entries.select_related(
        "decision", "allocation__relation", "transfer__source", "transfer__target", "created_by"
    ).order_by("date", "pk")


@dataclass(frozen=True)
class Balances:
    money_available: Decimal
    hours_available: Decimal
    money_committed: Decimal
    hours_committed: Decimal
    money_spent: Decimal
    hours_spent: Decimal

    @property
    def money_left(self) -> Decimal:
        return self.money_available - self.money_committed

    @property
    def hours_left(self) -> Decimal:
        return self.hours_available - self.hours_committed


def line_balances_from_ledger(*, line: BudgetLine) -> Balances:
    """The line's balances summed from its entries (what the running totals must equal)."""
    money: dict[str, Decimal] = defaultdict(lambda: ZERO_MONEY)
    hours: dict[str, Decimal] = defaultdict(lambda: ZERO_HOURS)
    for row in line.entries.values("kind").annotate(m=Sum("money"), h=Sum("hours")):
        money[row["kind"]] = row["m"] or ZERO_MONEY
        hours[row["kind"]] = row["h"] or ZERO_HOURS

    def total(values: dict[str, Decimal], signs: dict[Any, int], zero: Decimal) -> Decimal:
        return sum((sign * values[str(kind)] for kind, sign in signs.items()), zero)

    return Balances(
        money_available=total(money, AVAILABLE_SIGN, ZERO_MONEY),
        hours_available=total(hours, AVAILABLE_SIGN, ZERO_HOURS),
        money_committed=total(money, COMMITTED_SIGN, ZERO_MONEY),
        hours_committed=total(hours, COMMITTED_SIGN, ZERO_HOURS),
        money_spent=total(money, SPENT_SIGN, ZERO_MONEY),
        hours_spent=total(hours, SPENT_SIGN, ZERO_HOURS),
    )


def budget_line_to_subject(line: BudgetLine) -> dict[str, Any]:
    """The line as the ``budget_line`` subject of shared/policy/CONTRACT.md."""
    return {
        "subject": "budget_line",
        "id": line.slug,
        "as_of": date(line.year, 12, 31).isoformat(),
        "purpose": line.purpose,
        "money_eur_per_year": f"{line.money_available:.2f}",
        "staff_hours_per_year": f"{line.hours_available:.1f}",
        "held_by": line.holder_kind,
        "portfolio": line.portfolio.code if line.portfolio else None,
    }


# --- allocations ---------------------------------------------------------------------------------

_MONEY = DecimalField(max_digits=14, decimal_places=2)
_HOURS = DecimalField(max_digits=10, decimal_places=1)


def _sum(column: str, kind: str, output: DecimalField) -> Coalesce:
    return Coalesce(
        Sum(f"entries__{column}", filter=Q(entries__kind=kind)), Value(0), output_field=output
    )


def allocations_annotated(
    qs: QuerySet[Allocation] | None = None,
) -> QuerySet[AnnotatedAllocation]:
    """Allocations with what was released and spent on each (from the ledger)."""
    qs = qs if qs is not None else Allocation.objects.all()
    return qs.select_related("line", "relation", "activity", "initiative", "decision").annotate(
        money_released=_sum("money", EntryKind.RELEASE, _MONEY),
        hours_released=_sum("hours", EntryKind.RELEASE, _HOURS),
        money_spent=_sum("money", EntryKind.REALISATION, _MONEY),
        hours_spent=_sum("hours", EntryKind.REALISATION, _HOURS),
    )


@dataclass(frozen=True)
class AllocationTotals:
    money_allocated: Decimal
    hours_allocated: Decimal
    money_released: Decimal
    hours_released: Decimal
    money_spent: Decimal
    hours_spent: Decimal

    @property
    def money_open(self) -> Decimal:
        return self.money_allocated - self.money_released - self.money_spent

    @property
    def hours_open(self) -> Decimal:
        return self.hours_allocated - self.hours_released - self.hours_spent


def allocation_totals(*, allocation: Allocation) -> AllocationTotals:
    a = allocations_annotated(Allocation.objects.filter(pk=allocation.pk)).get()
    return AllocationTotals(
        a.money, a.hours, a.money_released, a.hours_released, a.money_spent, a.hours_spent
    )


def initiative_money_granted(*, reference: str) -> Decimal:
    """The money allocated to a citizen initiative over every line and year, less what was
    released."""
    rows = allocations_annotated(Allocation.objects.filter(initiative_id=reference))
    return sum((a.money - a.money_released for a in rows), Decimal(0))


def allocation_get(*, pk: int) -> AnnotatedAllocation:
    return get_object_or_404(allocations_annotated(), pk=pk)


def line_allocations(*, line: BudgetLine) -> QuerySet[AnnotatedAllocation]:
    return allocations_annotated(line.allocations.all()).order_by("date", "pk")


def transfer_list(*, year: int | None = None) -> QuerySet[BudgetTransfer]:
    qs = BudgetTransfer.objects.select_related("source", "target", "decision")
    if year:
        qs = qs.filter(source__year=year)
    return qs.order_by("-date", "-pk")


def transfer_get(*, pk: int) -> BudgetTransfer:
    return get_object_or_404(transfer_list(), pk=pk)


# --- overviews -----------------------------------------------------------------------------------


@dataclass
class Totals:
    money_available: Decimal = ZERO_MONEY
    hours_available: Decimal = ZERO_HOURS
    money_committed: Decimal = ZERO_MONEY
    hours_committed: Decimal = ZERO_HOURS
    money_spent: Decimal = ZERO_MONEY
    hours_spent: Decimal = ZERO_HOURS

    def add(self, line: Any) -> None:
        for name in (
            "money_available",
            "hours_available",
            "money_committed",
            "hours_committed",
            "money_spent",
            "hours_spent",
        ):
            setattr(self, name, getattr(self, name) + getattr(line, name))

    @property
    def money_left(self) -> Decimal:
        return self.money_available - self.money_committed

    @property
    def hours_left(self) -> Decimal:
        return self.hours_available - self.hours_committed


@dataclass
class Group:
    key: str
    label: str
    lines: list[BudgetLine] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


@dataclass
class Overview:
    year: int
    holders: list[Group]
    purposes: list[Group]
    totals: Totals
    monthly: list[tuple[int, Decimal, Decimal]]  # month, money spent, hours spent


def _holder_key(line: BudgetLine) -> tuple[str, str]:
    if line.holder_kind == HolderKind.PORTFOLIO and line.portfolio:
        return f"portfolio:{line.portfolio.code}", line.holder_label
    if line.holder_kind == HolderKind.COMMITTEE and line.committee:
        return f"committee:{line.committee.slug}", line.holder_label
    return line.holder_kind, line.holder_label


def budget_overview(*, year: int, holder: str = "") -> Overview:
    """A year's lines grouped per holder and per purpose, with totals and spending by month.

    ``holder`` narrows to one holder key (``executive_board``, ``portfolio:EZ``,
    ``committee:<slug>``); the totals are then that holder's.
    """
    lines = list(budget_line_list(year=year))
    if holder:
        lines = [line for line in lines if _holder_key(line)[0] == holder]
    holders: dict[str, Group] = {}
    purposes: dict[str, Group] = {p.value: Group(p.value, str(p.label)) for p in LinePurpose}
    totals = Totals()
    for line in sorted(lines, key=lambda x: (_holder_key(x)[1], x.name)):
        key, label = _holder_key(line)
        group = holders.setdefault(key, Group(key, label))
        group.lines.append(line)
        group.totals.add(line)
        purposes[line.purpose].lines.append(line)
        purposes[line.purpose].totals.add(line)
        totals.add(line)
    return Overview(
        year=year,
        holders=list(holders.values()),
        purposes=[g for g in purposes.values() if g.lines],
        totals=totals,
        monthly=monthly_spending(lines=lines),
    )


def monthly_spending(*, lines: list[BudgetLine]) -> list[tuple[int, Decimal, Decimal]]:
    """Realisations on these lines per month of the year: (month, money, hours)."""
    money = {m: ZERO_MONEY for m in range(1, 13)}
    hours = {m: ZERO_HOURS for m in range(1, 13)}
    rows = LedgerEntry.objects.filter(
        line__in=[line.pk for line in lines], kind=EntryKind.REALISATION
    ).values_list("date", "money", "hours")
    for day, m, h in rows:
        money[day.month] += m
        hours[day.month] += h
    return [(month, money[month], hours[month]) for month in range(1, 13)]


@dataclass
class RelationCostYear:
    year: int
    allocations: list[AnnotatedAllocation]
    money_allocated: Decimal
    hours_allocated: Decimal
    money_spent: Decimal
    hours_spent: Decimal
    money_released: Decimal
    hours_released: Decimal


def relation_costs(*, relation: Any) -> list[RelationCostYear]:
    """What a relation cost, per year: allocations to it, with spent and released amounts."""
    years: dict[int, list[AnnotatedAllocation]] = defaultdict(list)
    for a in allocations_annotated(Allocation.objects.filter(relation=relation)).order_by(
        "-line__year", "date", "pk"
    ):
        years[a.line.year].append(a)
    return [
        RelationCostYear(
            year=year,
            allocations=items,
            money_allocated=sum((a.money for a in items), ZERO_MONEY),
            hours_allocated=sum((a.hours for a in items), ZERO_HOURS),
            money_spent=sum((a.money_spent for a in items), ZERO_MONEY),
            hours_spent=sum((a.hours_spent for a in items), ZERO_HOURS),
            money_released=sum((a.money_released for a in items), ZERO_MONEY),
            hours_released=sum((a.hours_released for a in items), ZERO_HOURS),
        )
        for year, items in sorted(years.items(), reverse=True)
    ]


def committee_spent(
    *, committee: Any, year: int
) -> tuple[list[BudgetLine], Decimal, list[tuple[str, Decimal]]]:
    """Money spent in ``year`` from the committee's budget: the lines ``committee`` held that
    year and the year's solidarity lines, which are the committee's by the framework (BES-11)
    even where another holder still held them (the executive board in 2013, before the
    transfer). Returns those lines (empty: no budget recorded for that year), the total spent and
    the total per recipient."""
    lines = list(
        BudgetLine.objects.filter(year=year)
        .filter(
            Q(holder_kind=HolderKind.COMMITTEE, committee=committee)
            | Q(purpose=LinePurpose.SOLIDARITY)
        )
        .select_related("portfolio", "committee")
        .order_by("name", "pk")
    )
    per: dict[str, Decimal] = defaultdict(lambda: ZERO_MONEY)
    for a in allocations_annotated(Allocation.objects.filter(line__in=lines)).order_by(
        "date", "pk"
    ):
        if a.money_spent:
            per[a.recipient] += a.money_spent
    total = sum((line.money_spent for line in lines), ZERO_MONEY)
    return lines, total, sorted(per.items())


def committee_spending(*, committee: Committee, year: int) -> Spending:
    """The realisations on the committee's budget lines of ``year``: those it held and the
    year's solidarity lines (BES-11); ``available`` is False when the budgets record no such
    line for that year. The committee's annual report shows it."""
    budget_lines, total, lines = committee_spent(committee=committee, year=year)
    return Spending(
        available=bool(budget_lines), total_eur=total, lines=lines, budget_lines=budget_lines
    )


def allocation_realisations(*, allocation: Allocation) -> QuerySet[LedgerEntry]:
    """The realisations written against ``allocation``, oldest first."""
    return (
        allocation.entries.filter(kind=EntryKind.REALISATION)
        .select_related("line", "decision")
        .order_by("date", "pk")
    )


def budget_line_by_slug(*, slug: str) -> BudgetLine | None:
    return BudgetLine.objects.filter(slug=slug).first()
