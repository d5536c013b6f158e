"""Writes of budgets: lines, transfers, allocations, realisations and releases.

Every write adds ledger entries and updates the line's running totals inside one database
transaction with the line's row locked (``select_for_update``; SQLite serialises writers with
IMMEDIATE transactions), so two allocations against one line can never both take the last
euro or hour (ACH-2). The line's CheckConstraints refuse what a bug might still let through.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from intrel.accounts.models import User
from intrel.core import assessing, formatting
from intrel.core.bounds import (
    BUDGET_YEAR_MAX,
    BUDGET_YEAR_MIN,
    HOURS_MAX,
    HOURS_PLACES,
    MONEY_MAX,
    MONEY_PLACES,
)
from intrel.core.errors import Conflict, DomainError
from intrel.core.models import overlapping
from intrel.governance.constants import DecisionResult
from intrel.governance.models import Committee, Decision, Portfolio, PortfolioHolding
from intrel.governance.selectors import framework_get
from intrel.relations.models import Activity, Relation

from .constants import (
    AVAILABLE_SIGN,
    CLAUSE_FINITE,
    COMMITTED_SIGN,
    SPENT_SIGN,
    EntryKind,
    HolderKind,
    LinePurpose,
)
from .models import Allocation, BudgetLine, BudgetTransfer, LedgerEntry
from .selectors import initiative_money_granted


class OverCommitment(Conflict):
    """A refusal because a line or allocation has too little left (ACH-2); says what is left."""

    def __init__(
        self, message: str, *, left_money: Decimal, left_hours: Decimal, problems: list[Any]
    ) -> None:
        super().__init__(message, clauses=[CLAUSE_FINITE], problems=problems)
        self.left_money = left_money
        self.left_hours = left_hours
        self.extra = {"left": {"money": f"{left_money:.2f}", "hours": f"{left_hours:.1f}"}}


def _ensure_enough(
    message: str, m: Decimal, h: Decimal, left_m: Decimal, left_h: Decimal, **params: str
) -> None:
    """Refuse (409, ACH-2) when more money or hours are asked than are left, saying what is
    left; ``message`` has ``%(money)s`` and ``%(hours)s`` for that."""
    if m > left_m or h > left_h:
        raise OverCommitment(
            message
            % {
                **params,
                "money": formatting.eur(left_m),
                "hours": formatting.hours(left_h, unit=False),
            },
            left_money=left_m,
            left_hours=left_h,
            problems=_over_problems(m, h, left_m, left_h),
        )


def parse_amount(value: Any, *, field: str, hours: bool = False) -> Decimal:
    """A non-negative amount with at most 2 (money) or 1 (hours) decimals, or a refusal."""
    places = HOURS_PLACES if hours else MONEY_PLACES
    maximum = HOURS_MAX if hours else MONEY_MAX
    if value is None or value == "":
        raise DomainError(
            _("%(field)s: give an amount (0 if none).") % {"field": field}, field=field
        )
    if isinstance(value, bool):
        raise DomainError(_("%(field)s: not a number.") % {"field": field}, field=field)
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(
            _("%(field)s: %(value)s is not a number.") % {"field": field, "value": value},
            field=field,
        ) from None
    if not amount.is_finite():
        raise DomainError(_("%(field)s: not a number.") % {"field": field}, field=field)
    if amount < 0:
        raise DomainError(
            _("%(field)s: must not be negative (a release or transfer moves amounts back).")
            % {"field": field},
            field=field,
        )
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        raise DomainError(
            _("%(field)s: at most %(places)d decimal(s).") % {"field": field, "places": places},
            field=field,
        )
    if amount > maximum:
        raise DomainError(
            _("%(field)s: at most %(max)s.") % {"field": field, "max": maximum}, field=field
        )
    return amount.quantize(Decimal(1).scaleb(-places))


def _amounts(money: Any, hours: Any, *, something: bool = True) -> tuple[Decimal, Decimal]:
    m = parse_amount(money, field="money")
    h = parse_amount(hours, field="hours", hours=True)
    if something and m == 0 and h == 0:
        raise DomainError(_("money: give an amount of money, of hours, or both."), field="money")
    return m, h


def _in_year(day: Any, year: int, *, field: str = "date") -> date:
    if not isinstance(day, date):
        raise DomainError(_("%(field)s: not a date.") % {"field": field}, field=field)
    if day.year != year:
        raise DomainError(
            _("%(field)s: %(day)s lies outside the line's year %(year)d.")
            % {"field": field, "day": formatting.day(day), "year": year},
            field=field,
        )
    return day


def _lock(line: BudgetLine) -> BudgetLine:
    """The line's row, locked until the transaction ends, with its current totals."""
    return BudgetLine.objects.select_for_update().get(pk=line.pk)


def _post(
    line: BudgetLine,
    *,
    kind: EntryKind,
    day: date,
    money: Decimal,
    hours: Decimal,
    user: User | None = None,
    description: str = "",
    decision: Decision | None = None,
    transfer: BudgetTransfer | None = None,
    allocation: Allocation | None = None,
) -> LedgerEntry:
    """Add an entry and move the locked line's running totals with it."""
    entry = LedgerEntry.objects.create(
        line=line,
        date=day,
        kind=kind,
        money=money,
        hours=hours,
        description=description,
        decision=decision,
        transfer=transfer,
        allocation=allocation,
        created_by=_user(user),
    )
    if kind in AVAILABLE_SIGN:
        line.money_available += AVAILABLE_SIGN[kind] * money
        line.hours_available += AVAILABLE_SIGN[kind] * hours
    if kind in COMMITTED_SIGN:
        line.money_committed += COMMITTED_SIGN[kind] * money
        line.hours_committed += COMMITTED_SIGN[kind] * hours
    if kind in SPENT_SIGN:
        line.money_spent += SPENT_SIGN[kind] * money
        line.hours_spent += SPENT_SIGN[kind] * hours
    line.save(
        update_fields=[
            "money_available",
            "hours_available",
            "money_committed",
            "hours_committed",
            "money_spent",
            "hours_spent",
        ]
    )
    return entry


def _user(user: User | None) -> User | None:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _facts_changed(line: BudgetLine) -> None:
    """Re-assess the line in the same transaction (the assessments app registers how)."""
    assessing.facts_changed(subject_type="budget_line", instance=line)


# --- lines -------------------------------------------------------------------------------------


def _check_holder(
    *, holder_kind: str, year: int, portfolio: Portfolio | None, committee: Committee | None
) -> None:
    start, end = date(year, 1, 1), date(year, 12, 31)
    if holder_kind not in HolderKind.values:
        raise DomainError(_("holder_kind: unknown holder."), field="holder_kind")
    if holder_kind == HolderKind.PORTFOLIO:
        if portfolio is None:
            raise DomainError(
                _("portfolio: choose the portfolio that holds the line."), field="portfolio"
            )
        held = PortfolioHolding.objects.filter(portfolio=portfolio).filter(
            overlapping(start=start, end=end)
        )
        if not held.exists():
            raise DomainError(
                _("portfolio: %(code)s has no holder in %(year)d; record the holding first.")
                % {"code": portfolio.code, "year": year},
                field="portfolio",
            )
    elif portfolio is not None:
        raise DomainError(
            _("portfolio: only a line held by a portfolio names a portfolio."), field="portfolio"
        )
    if holder_kind == HolderKind.COMMITTEE:
        if committee is None:
            raise DomainError(
                _("committee: choose the committee that holds the line."), field="committee"
            )
        if committee.installed_on > end:
            raise DomainError(
                _("committee: %(name)s was not installed in %(year)d (installed on %(day)s).")
                % {"name": committee, "year": year, "day": formatting.day(committee.installed_on)},
                field="committee",
            )
    elif committee is not None:
        raise DomainError(
            _("committee: only a line held by the committee names a committee."), field="committee"
        )


@transaction.atomic
def budget_line_create(
    *,
    slug: str,
    year: int,
    name: str,
    purpose: str,
    holder_kind: str,
    money: Any,
    hours: Any,
    portfolio: Portfolio | None = None,
    committee: Committee | None = None,
    description: str = "",
    user: User | None = None,
) -> BudgetLine:
    """Open a line for a year with its opening amounts (an ``opening`` entry on 1 January)."""
    from django.core.validators import validate_slug

    try:
        validate_slug(slug)
    except Exception:
        raise DomainError(
            _("slug: use letters, digits, hyphens and underscores only."), field="slug"
        ) from None
    if BudgetLine.objects.filter(slug=slug).exists():
        raise Conflict(_("slug: a budget line with this identifier exists."), field="slug")
    if (
        not isinstance(year, int)
        or isinstance(year, bool)
        or not BUDGET_YEAR_MIN <= year <= BUDGET_YEAR_MAX
    ):
        raise DomainError(
            _("year: give a year from %(min)d to %(max)d.")
            % {"min": BUDGET_YEAR_MIN, "max": BUDGET_YEAR_MAX},
            field="year",
        )
    if not (name or "").strip():
        raise DomainError(_("name: a line needs a name."), field="name")
    if purpose not in LinePurpose.values:
        raise DomainError(_("purpose: unknown purpose."), field="purpose")
    m, h = _amounts(money, hours, something=False)
    _check_holder(holder_kind=holder_kind, year=year, portfolio=portfolio, committee=committee)
    line = BudgetLine.objects.create(
        slug=slug,
        year=year,
        name=name.strip(),
        purpose=purpose,
        holder_kind=holder_kind,
        portfolio=portfolio,
        committee=committee,
        description=description,
        created_by=_user(user),
    )
    _post(
        _lock(line),
        kind=EntryKind.OPENING,
        day=date(year, 1, 1),
        money=m,
        hours=h,
        user=user,
        description=_("Opening amount"),
    )
    line.refresh_from_db()
    _facts_changed(line)
    return line


# --- transfers ---------------------------------------------------------------------------------


@transaction.atomic
def budget_transfer(
    *,
    source: BudgetLine,
    target: BudgetLine,
    date: Any,
    money: Any,
    hours: Any,
    decision: Decision | None,
    description: str = "",
    user: User | None = None,
) -> BudgetTransfer:
    """Move money and hours from one line to another, by a decision: two ledger entries."""
    if decision is None:
        raise DomainError(
            _("decision: a transfer needs the decision that moves the budget."), field="decision"
        )
    if decision.result != DecisionResult.ADOPTED:
        raise DomainError(
            _("decision: %(ref)s was not adopted; only an adopted decision moves a budget.")
            % {"ref": decision.identifier},
            field="decision",
        )
    if source.pk == target.pk:
        raise DomainError(_("target: choose another line than the source."), field="target")
    if source.year != target.year:
        raise DomainError(
            _("target: a transfer stays within one year (%(a)d → %(b)d).")
            % {"a": source.year, "b": target.year},
            field="target",
        )
    day = _in_year(date, source.year)
    if decision.meeting.date > day:
        raise DomainError(
            _("date: the transfer cannot take effect before its decision (%(day)s).")
            % {"day": formatting.day(decision.meeting.date)},
            field="date",
        )
    m, h = _amounts(money, hours)
    # Lock both lines in a fixed order so two opposite transfers cannot deadlock.
    locked = {
        line.pk: line
        for line in BudgetLine.objects.select_for_update()
        .filter(pk__in=[source.pk, target.pk])
        .order_by("pk")
    }
    src, dst = locked[source.pk], locked[target.pk]
    _ensure_enough(
        _(
            "The transfer would take more than is left uncommitted on %(line)s (ACH-2): "
            "left %(money)s and %(hours)s hours."
        ),
        m,
        h,
        src.money_left,
        src.hours_left,
        line=src.name,
    )
    transfer = BudgetTransfer.objects.create(
        source=src,
        target=dst,
        date=day,
        money=m,
        hours=h,
        decision=decision,
        description=description,
        created_by=_user(user),
    )
    text = description or decision.title
    _post(
        src,
        kind=EntryKind.TRANSFER_OUT,
        day=day,
        money=m,
        hours=h,
        user=user,
        description=text,
        decision=decision,
        transfer=transfer,
    )
    _post(
        dst,
        kind=EntryKind.TRANSFER_IN,
        day=day,
        money=m,
        hours=h,
        user=user,
        description=text,
        decision=decision,
        transfer=transfer,
    )
    _facts_changed(src)
    _facts_changed(dst)
    return transfer


# --- allocations -------------------------------------------------------------------------------


def _over_problems(m: Decimal, h: Decimal, left_m: Decimal, left_h: Decimal) -> list[Any]:
    problems = []
    if m > left_m:
        problems.append(
            {
                "name": "money",
                "reason": _("%(asked)s asked, %(left)s left (ACH-2).")
                % {"asked": formatting.eur(m), "left": formatting.eur(left_m)},
            }
        )
    if h > left_h:
        problems.append(
            {
                "name": "hours",
                "reason": _("%(asked)s hours asked, %(left)s left (ACH-2).")
                % {
                    "asked": formatting.hours(h, unit=False),
                    "left": formatting.hours(left_h, unit=False),
                },
            }
        )
    return problems


def initiative_exists(reference: str) -> bool:
    """Whether an initiative has this reference, read through the allocation's own link (budgets
    imports nothing of the initiatives app above it, ADR 0013)."""
    initiatives = Allocation._meta.get_field("initiative").related_model
    return bool(initiatives._default_manager.filter(reference=reference).exists())


def _within_initiative_maximum(reference: str, money: Decimal) -> None:
    """The framework's maximum per citizen initiative (``max_per_initiative_eur``; ACH-2,
    BES-11) judged per initiative, over every line and year: what the initiative was granted
    and not released, plus ``money``. The initiative's row is locked, so two allocations to one
    initiative at once cannot both pass (issue 11)."""
    limit = framework_get().spec.max_per_initiative_eur
    if limit is None:
        return
    initiatives = Allocation._meta.get_field("initiative").related_model
    initiatives._default_manager.select_for_update().filter(reference=reference).first()
    granted = initiative_money_granted(reference=reference)
    if granted + money > limit:
        raise DomainError(
            _(
                "money: the initiative %(reference)s would get %(total)s in all, more than the "
                "framework's maximum of %(limit)s per initiative (ACH-2, BES-11); it has "
                "%(granted)s already."
            )
            % {
                "reference": reference,
                "total": formatting.eur(granted + money),
                "limit": formatting.eur(limit),
                "granted": formatting.eur(granted),
            },
            field="money",
            clauses=["ACH-2", "BES-11"],
        )


@transaction.atomic
def budget_allocate(
    *,
    line: BudgetLine,
    date: Any,
    money: Any,
    hours: Any,
    relation: Relation | None = None,
    activity: Activity | None = None,
    initiative: str = "",
    decision: Decision | None = None,
    description: str = "",
    user: User | None = None,
) -> Allocation:
    """Commit money and hours from a line; refused (409, ACH-2) when too little is left."""
    day = _in_year(date, line.year)
    m, h = _amounts(money, hours)
    initiative = (initiative or "").strip()
    if activity is not None:
        if relation is not None and activity.relation_id != relation.pk:
            raise DomainError(
                _("activity: this activity belongs to another relation."), field="activity"
            )
        relation = activity.relation
    if relation is None and not initiative:
        raise DomainError(
            _("relation: say what the allocation is for: a relation, activity or initiative."),
            field="relation",
        )
    if initiative and not initiative_exists(initiative):
        raise DomainError(
            _("initiative: no citizen initiative has the reference %(reference)s.")
            % {"reference": initiative},
            field="initiative",
        )
    if initiative and m:
        _within_initiative_maximum(initiative, m)
    locked = _lock(line)
    _ensure_enough(
        _(
            "The allocation would exceed the budget line %(line)s (ACH-2): left on the line "
            "%(money)s and %(hours)s hours."
        ),
        m,
        h,
        locked.money_left,
        locked.hours_left,
        line=locked.name,
    )
    allocation = Allocation.objects.create(
        line=locked,
        date=day,
        money=m,
        hours=h,
        relation=relation,
        activity=activity,
        initiative_id=initiative or None,
        decision=decision,
        description=description,
        created_by=_user(user),
    )
    _post(
        locked,
        kind=EntryKind.ALLOCATION,
        day=day,
        money=m,
        hours=h,
        user=user,
        description=description or allocation.recipient,
        decision=decision,
        allocation=allocation,
    )
    return allocation


@dataclass(frozen=True)
class Open:
    money: Decimal
    hours: Decimal


def _open_on(allocation: Allocation) -> Open:
    """What is neither spent nor released on the allocation (read under the line's lock)."""
    from .selectors import allocation_totals

    totals = allocation_totals(allocation=allocation)
    return Open(totals.money_open, totals.hours_open)


def _check_after(allocation: Allocation, day: Any, line: BudgetLine) -> date:
    day = _in_year(day, line.year)
    if day < allocation.date:
        raise DomainError(
            _("date: lies before the allocation (%(day)s).")
            % {"day": formatting.day(allocation.date)},
            field="date",
        )
    return day


@transaction.atomic
def allocation_realise(
    *,
    allocation: Allocation,
    date: Any,
    money: Any,
    hours: Any,
    description: str = "",
    user: User | None = None,
) -> LedgerEntry:
    """Write actual spending and hours against an allocation (never more than is open on it)."""
    line = _lock(allocation.line)
    day = _check_after(allocation, date, line)
    m, h = _amounts(money, hours)
    open_ = _open_on(allocation)
    _ensure_enough(
        _(
            "The realisation exceeds what is open on the allocation (ACH-2): open "
            "%(money)s and %(hours)s hours. Allocate more first."
        ),
        m,
        h,
        open_.money,
        open_.hours,
    )
    return _post(
        line,
        kind=EntryKind.REALISATION,
        day=day,
        money=m,
        hours=h,
        user=user,
        description=description,
        allocation=allocation,
        decision=allocation.decision,
    )


@transaction.atomic
def allocation_release(
    *,
    allocation: Allocation,
    date: Any,
    money: Any = None,
    hours: Any = None,
    description: str = "",
    user: User | None = None,
) -> LedgerEntry:
    """Give back to the line what will not be spent (default: all that is open)."""
    line = _lock(allocation.line)
    day = _check_after(allocation, date, line)
    open_ = _open_on(allocation)
    if money in (None, "") and hours in (None, ""):
        m, h = open_.money, open_.hours
        if m == 0 and h == 0:
            raise DomainError(_("money: nothing is open on this allocation."), field="money")
    else:
        m, h = _amounts(
            money if money not in (None, "") else 0, hours if hours not in (None, "") else 0
        )
    _ensure_enough(
        _("Only what is open on the allocation can be released: %(money)s and %(hours)s hours."),
        m,
        h,
        open_.money,
        open_.hours,
    )
    return _post(
        line,
        kind=EntryKind.RELEASE,
        day=day,
        money=m,
        hours=h,
        user=user,
        description=description or _("Not spent: released"),
        allocation=allocation,
    )
