"""The rule logic, registered by name. A framework file picks, orders and parameterises these.

Each logic looks at one subject (already in canonical order) and returns *hits*: one per
thing it objects to, each a dict of template variables for the rule's finding and actions.
The logic never decides severity, clauses or wording: the framework file does.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from intrel.policy.constants import (
    Actor,
    BudgetPurpose,
    Holder,
    Initiator,
    InstalledBy,
    MemberRole,
    OwnerKind,
    Sector,
    SubjectType,
    label,
)
from intrel.policy.dates import add_months, not_ended
from intrel.policy.formatting import format_date, format_eur_both, format_hours
from intrel.policy.subjects import BudgetLine, Committee, Involvement, Member, Relation

if TYPE_CHECKING:
    from intrel.policy.framework import Framework


class L(NamedTuple):
    """A value with a Dutch and an English form, for message templates."""

    nl: str
    en: str


Var = str | L
Hit = dict[str, Var]


@functools.cache
def lab(value: str) -> L:
    """The Dutch and English label of an enum value (cached: labels are fixed)."""
    return L(label(value, "nl"), label(value, "en"))


NONE_LISTED = L("geen", "none")


def join(values: list[L], empty: L = NONE_LISTED) -> L:
    if not values:
        return empty
    return L(", ".join(v.nl for v in values), ", ".join(v.en for v in values))


@functools.cache
def join_labels(values: tuple[str, ...]) -> L:
    """``join`` of the labels of enum values (cached: few distinct combinations)."""
    return join([lab(v) for v in values])


@functools.lru_cache(maxsize=4096)
def money(value: Decimal) -> L:
    """An amount as each language writes it: ``€ 10.000,00`` (nl, non-breaking space) and
    ``€10,000.00`` (en). Cached: amounts that compare equal are written alike (rounded to
    cents)."""
    return L(*format_eur_both(value))


@functools.lru_cache(maxsize=4096)
def hours(value: Decimal) -> L:
    """Staff hours with their unit: ``1.234,5 uur`` (nl) and ``1,234.5 hours`` (en). Cached:
    hours that compare equal are written alike (rounded to a tenth)."""
    return L(format_hours(value, "nl"), format_hours(value, "en"))


@functools.lru_cache(maxsize=8192)
def day(value: date) -> L:
    """A date inside a sentence: ``1 december 2026`` (nl) and ``1 December 2026`` (en)."""
    return L(format_date(value, "nl"), format_date(value, "en"))


def involvement_label(inv: Involvement, framework: Framework | None = None) -> L:
    """Names one involvement concretely: "een wethouder (portefeuille Cultuur, sinds 1 mei
    2010)": the portfolio by the framework's name for it, its code only when it has none."""
    nl_parts: list[str] = []
    en_parts: list[str] = []
    if inv.portfolio:
        names = framework.portfolio_names.get(inv.portfolio) if framework else None
        nl_parts.append(f"portefeuille {names.nl if names else inv.portfolio}")
        en_parts.append(f"{names.en} portfolio" if names else f"portfolio {inv.portfolio}")
    start = day(inv.start)
    nl_parts.append(f"sinds {start.nl}")
    en_parts.append(f"since {start.en}")
    if inv.end is not None:
        end = day(inv.end)
        nl_parts.append(f"tot en met {end.nl}")
        en_parts.append(f"until {end.en}")
    return L(
        f"{label(inv.actor, 'nl')} ({', '.join(nl_parts)})",
        f"{label(inv.actor, 'en')} ({', '.join(en_parts)})",
    )


def member_label(member: Member) -> L:
    """A member and their role: "J. Jansen (voorzitter)" / "J. Jansen (chair)"."""
    role = lab(member.role.value)
    return L(f"{member.name} ({role.nl})", f"{member.name} ({role.en})")


@dataclass
class Context:
    """What a logic may look at: the framework, the date, and the facts derived once."""

    framework: Framework
    as_of: date
    subject: Relation | Committee | BudgetLine
    conditions: dict[str, bool] = field(default_factory=dict)
    common: dict[str, Var] = field(default_factory=dict)
    # The routed owner of a relation: (kind, portfolio code or None).
    owner: tuple[str, str | None] | None = None
    # What several rules derive from the same facts (the counted involvements, an involvement's
    # label, the budget's amounts), derived once per assessment. Never mutated by a rule.
    memo: dict[Any, Any] = field(default_factory=dict)


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InitiatorParams(NoParams):
    initiators: list[Initiator]


class ActorParams(NoParams):
    actors: list[Actor] | None = Field(
        default=None, description="Actors that count; default: the framework's administrators."
    )


class OwnerKindParams(NoParams):
    kinds: list[OwnerKind]


class HolderParams(NoParams):
    holders: list[Holder]
    min_money_eur: Decimal = Decimal(0)
    min_staff_hours: Decimal = Decimal(0)


class HeldParams(NoParams):
    holders: list[Holder]


class SectorParams(NoParams):
    sectors: list[Sector]


class InstalledByParams(NoParams):
    allowed: list[InstalledBy]


class ExemptRoleParams(NoParams):
    exempt_roles: list[MemberRole] = Field(default_factory=lambda: [MemberRole.ADVISOR])


class AllowedHolder(NoParams):
    held_by: Holder
    portfolio: str | None = None


class BudgetLineHolderParams(NoParams):
    purposes: list[BudgetPurpose]
    allowed: list[AllowedHolder]


Run = Callable[[Context, Any], list[Hit]]
Check = Callable[[Any, "Framework | None"], str | None]


@dataclass(frozen=True)
class Logic:
    name: str
    subject: SubjectType
    params: type[NoParams]
    variables: frozenset[str]
    run: Run
    unreachable: Check
    doc: str


REGISTRY: dict[str, Logic] = {}

COMMON_VARIABLES: dict[SubjectType, frozenset[str]] = {
    SubjectType.RELATION: frozenset(
        {"id", "name", "partner", "country", "initiated_by", "purposes", "decided_by"}
    ),
    SubjectType.COMMITTEE: frozenset({"id", "name", "installed_by"}),
    SubjectType.BUDGET_LINE: frozenset(
        {"id", "name", "purpose", "money", "hours", "held_by", "portfolio"}
    ),
}


def _never(_params: Any, _framework: Framework | None) -> str | None:
    return None


def register(
    name: str,
    subject: SubjectType,
    params: type[NoParams] = NoParams,
    variables: tuple[str, ...] = (),
    unreachable: Check = _never,
) -> Callable[[Run], Run]:
    def decorate(run: Run) -> Run:
        REGISTRY[name] = Logic(
            name, subject, params, frozenset(variables), run, unreachable, (run.__doc__ or "")
        )
        return run

    return decorate


def _empty(field_name: str) -> Check:
    def check(params: Any, _framework: Framework | None) -> str | None:
        if not getattr(params, field_name):
            return f"params.{field_name} is empty, so the rule can never match"
        return None

    return check


def _relation(ctx: Context) -> Relation:
    assert isinstance(ctx.subject, Relation)
    return ctx.subject


def _committee(ctx: Context) -> Committee:
    assert isinstance(ctx.subject, Committee)
    return ctx.subject


def _budget_line(ctx: Context) -> BudgetLine:
    assert isinstance(ctx.subject, BudgetLine)
    return ctx.subject


# --- relations ---------------------------------------------------------------------------


@register("condition", SubjectType.RELATION, variables=("domains", "one_sided_purposes"))
def condition(ctx: Context, _params: NoParams) -> list[Hit]:
    """Fires once when the rule's ``when`` condition holds (e.g. neither pillar, one-sided)."""
    return [{}]


@register(
    "initiated_by",
    SubjectType.RELATION,
    InitiatorParams,
    unreachable=_empty("initiators"),
)
def initiated_by(ctx: Context, params: InitiatorParams) -> list[Hit]:
    """Fires when the relation was initiated by one of ``params.initiators`` (SOL-2)."""
    return [{}] if _relation(ctx).initiated_by in params.initiators else []


def _actors(ctx: Context, params: ActorParams) -> frozenset[str]:
    if params.actors is None:
        return ctx.framework.administrators
    return frozenset(params.actors)


def _actors_unreachable(params: Any, framework: Framework | None) -> str | None:
    if params.actors is not None and not params.actors:
        return "params.actors is empty, so the rule can never match"
    if params.actors is None and framework is not None and not framework.administrators:
        return "the framework names no administrators, so the rule can never match"
    return None


def _involvements(ctx: Context, params: ActorParams) -> list[Involvement]:
    """The involvements of counted actors that are active or planned at ``as_of``: not ended
    before it. One that starts after ``as_of`` is judged as if active (READING.md 8)."""
    key = ("involvements", None if params.actors is None else tuple(params.actors))
    found: list[Involvement] | None = ctx.memo.get(key)
    if found is None:
        actors = _actors(ctx, params)
        found = ctx.memo[key] = [
            inv
            for inv in _relation(ctx).involvements
            if inv.actor in actors and not_ended(inv.end, ctx.as_of)
        ]
    return found


def _involvement_hit(ctx: Context, inv: Involvement) -> Hit:
    key = ("involvement", id(inv))
    found: Hit | None = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = _involvement_hit_uncached(ctx, inv)
    return found


def _involvement_hit_uncached(ctx: Context, inv: Involvement) -> Hit:
    return {
        "involvement": involvement_label(inv, ctx.framework),
        "actor": lab(inv.actor),
        "start": day(inv.start),
        "portfolio": inv.portfolio or "-",
    }


def _involvement_hits(ctx: Context, params: ActorParams, missing: str) -> list[Hit]:
    return [
        _involvement_hit(ctx, inv)
        for inv in _involvements(ctx, params)
        if getattr(inv, missing) is None
    ]


_INV_VARS = ("involvement", "actor", "start", "portfolio")


@register(
    "involvement_of_actor",
    SubjectType.RELATION,
    ActorParams,
    _INV_VARS,
    _actors_unreachable,
)
def involvement_of_actor(ctx: Context, params: ActorParams) -> list[Hit]:
    """One hit per active (or planned) involvement of a counted actor (e.g. a friendship,
    which has no administrative involvement, IMP-2)."""
    return [_involvement_hit(ctx, inv) for inv in _involvements(ctx, params)]


@register(
    "involvement_too_long",
    SubjectType.RELATION,
    ActorParams,
    (*_INV_VARS, "max_involvement_months"),
    _actors_unreachable,
)
def involvement_too_long(ctx: Context, params: ActorParams) -> list[Hit]:
    """One hit per active (or planned) involvement of a counted actor whose end is more than
    the framework's ``max_involvement_months`` after its start: temporary means bounded
    (SOL-4, BES-5; READING.md 8). An involvement without an end is the business of
    ``involvement_without_end``."""
    limit = ctx.framework.spec.max_involvement_months
    if limit is None:
        return []
    return [
        {**_involvement_hit(ctx, inv), "max_involvement_months": str(limit)}
        for inv in _involvements(ctx, params)
        if inv.end is not None and inv.end > add_months(inv.start, limit)
    ]


@register(
    "involvement_without_initiative",
    SubjectType.RELATION,
    ActorParams,
    _INV_VARS,
    _actors_unreachable,
)
def involvement_without_initiative(ctx: Context, params: ActorParams) -> list[Hit]:
    """One hit per active involvement of a counted actor that names no citizen initiative."""
    return _involvement_hits(ctx, params, "initiative")


@register(
    "involvement_without_end",
    SubjectType.RELATION,
    ActorParams,
    _INV_VARS,
    _actors_unreachable,
)
def involvement_without_end(ctx: Context, params: ActorParams) -> list[Hit]:
    """One hit per active involvement of a counted actor that has no end date."""
    return _involvement_hits(ctx, params, "end")


@register(
    "registered_owner",
    SubjectType.RELATION,
    OwnerKindParams,
    ("registered_owner",),
    _empty("kinds"),
)
def registered_owner(ctx: Context, params: OwnerKindParams) -> list[Hit]:
    """Fires when the registered owner is of one of ``params.kinds``."""
    owner = _relation(ctx).owner
    if owner.kind not in params.kinds:
        return []
    return [{"registered_owner": owner_label(owner.kind, owner.portfolio, ctx.framework)}]


def _budget_vars(ctx: Context, budget: Any) -> dict[str, Var]:
    """The template variables every budget rule gives its messages."""
    key = ("budget", id(budget))
    found: dict[str, Var] | None = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = _budget_vars_uncached(ctx, budget)
    return found


def _budget_vars_uncached(ctx: Context, budget: Any) -> dict[str, Var]:
    return {
        "money": money(budget.money_eur_per_year),
        "hours": hours(budget.staff_hours_per_year),
        "held_by": owner_label(budget.held_by, budget.portfolio, ctx.framework),
    }


@register(
    "budget_holder",
    SubjectType.RELATION,
    HolderParams,
    ("money", "hours", "held_by", "budget_portfolio"),
    _empty("holders"),
)
def budget_holder(ctx: Context, params: HolderParams) -> list[Hit]:
    """Fires when the relation's budget is held by one of ``params.holders`` and its money
    exceeds ``params.min_money_eur`` or its staff hours exceed ``params.min_staff_hours``
    (money and hours alike, ACH-2)."""
    budget = _relation(ctx).budget
    if budget.held_by not in params.holders:
        return []
    if (
        budget.money_eur_per_year <= params.min_money_eur
        and budget.staff_hours_per_year <= params.min_staff_hours
    ):
        return []
    return [{**_budget_vars(ctx, budget), "budget_portfolio": budget.portfolio or "-"}]


@register(
    "budget_not_with_owner",
    SubjectType.RELATION,
    variables=("money", "hours", "held_by", "owner"),
)
def budget_not_with_owner(ctx: Context, _params: NoParams) -> list[Hit]:
    """Fires when the relation is routed to a portfolio and its budget (money or staff hours)
    is held by another portfolio."""
    if ctx.owner is None or ctx.owner[0] != "portfolio":
        return []
    budget = _relation(ctx).budget
    if budget.held_by != "portfolio" or budget.portfolio == ctx.owner[1]:
        return []
    if budget.money_eur_per_year <= 0 and budget.staff_hours_per_year <= 0:
        return []
    return [
        {
            **_budget_vars(ctx, budget),
            "owner": owner_label("portfolio", ctx.owner[1], ctx.framework),
        }
    ]


@register(
    "budget_held",
    SubjectType.RELATION,
    HeldParams,
    ("money", "hours", "held_by", "budget_portfolio"),
    _empty("holders"),
)
def budget_held(ctx: Context, params: HeldParams) -> list[Hit]:
    """Fires when the relation's budget is held by one of ``params.holders``, or has any money
    or staff hours whoever holds it (a friendship carries none, IMP-2)."""
    budget = _relation(ctx).budget
    if (
        budget.held_by not in params.holders
        and budget.money_eur_per_year <= 0
        and budget.staff_hours_per_year <= 0
    ):
        return []
    return [{**_budget_vars(ctx, budget), "budget_portfolio": budget.portfolio or "-"}]


@register(
    "missing_sectors",
    SubjectType.RELATION,
    SectorParams,
    ("missing_sectors",),
    _empty("sectors"),
)
def missing_sectors(ctx: Context, params: SectorParams) -> list[Hit]:
    """Fires when no party of some sector of ``params.sectors`` takes part (triple helix)."""
    present = {p.sector for p in _relation(ctx).parties}
    missing = tuple(s.value for s in params.sectors if s not in present)
    return [{"missing_sectors": join_labels(missing)}] if missing else []


@register("no_parties", SubjectType.RELATION)
def no_parties(ctx: Context, _params: NoParams) -> list[Hit]:
    """Fires when the municipality takes part alone (no other parties)."""
    return [] if _relation(ctx).parties else [{}]


@register("dormant", SubjectType.RELATION, variables=("last_activity", "dormant_after_months"))
def dormant(ctx: Context, _params: NoParams) -> list[Hit]:
    """Fires when the relation's ``last_activity`` is more than the framework's
    ``dormant_after_months`` before ``as_of``. A relation whose last activity is not known
    (``last_activity`` null) is not judged."""
    limit = ctx.framework.spec.dormant_after_months
    last = _relation(ctx).last_activity
    if limit is None or last is None or add_months(last, limit) >= ctx.as_of:
        return []
    return [{"last_activity": day(last), "dormant_after_months": str(limit)}]


@register(
    "budget_over_initiative_max",
    SubjectType.RELATION,
    variables=("money", "max_per_initiative", "initiatives"),
)
def budget_over_initiative_max(ctx: Context, _params: NoParams) -> list[Hit]:
    """Fires when the relation's money per year is more than the framework's
    ``max_per_initiative_eur`` for each citizen initiative it supports. The subject carries no
    amount per initiative, so the initiatives are those its involvements name (at least one),
    ended ones included: ending an involvement must never raise a finding (the initiative it
    followed was supported all the same): money per year > maximum x number of initiatives."""
    limit = ctx.framework.spec.max_per_initiative_eur
    if limit is None:
        return []
    relation = _relation(ctx)
    named = {inv.initiative for inv in relation.involvements if inv.initiative is not None}
    count = max(len(named), 1)
    if relation.budget.money_eur_per_year <= limit * count:
        return []
    return [
        {
            "money": _budget_vars(ctx, relation.budget)["money"],
            "max_per_initiative": money(limit),
            "initiatives": str(count),
        }
    ]


# --- the committee -----------------------------------------------------------------------


@register(
    "committee_installed_by",
    SubjectType.COMMITTEE,
    InstalledByParams,
    unreachable=_empty("allowed"),
)
def committee_installed_by(ctx: Context, params: InstalledByParams) -> list[Hit]:
    """Fires when the committee was installed by a body not in ``params.allowed``."""
    return [] if _committee(ctx).installed_by in params.allowed else [{}]


@register(
    "committee_non_council_member",
    SubjectType.COMMITTEE,
    ExemptRoleParams,
    ("member", "member_name", "role"),
)
def committee_non_council_member(ctx: Context, params: ExemptRoleParams) -> list[Hit]:
    """One hit per member who is not a council member (roles in ``exempt_roles`` excepted)."""
    return [
        {"member": member_label(m), "member_name": m.name, "role": lab(m.role.value)}
        for m in _committee(ctx).members
        if not m.is_council_member and m.role not in params.exempt_roles
    ]


def _chairs(ctx: Context) -> list[Member]:
    return [m for m in _committee(ctx).members if m.role == MemberRole.CHAIR]


@register("committee_without_chair", SubjectType.COMMITTEE)
def committee_without_chair(ctx: Context, _params: NoParams) -> list[Hit]:
    """Fires when no member has the role chair."""
    return [] if _chairs(ctx) else [{}]


@register("committee_several_chairs", SubjectType.COMMITTEE, variables=("chairs",))
def committee_several_chairs(ctx: Context, _params: NoParams) -> list[Hit]:
    """Fires when more than one member has the role chair."""
    chairs = _chairs(ctx)
    if len(chairs) < 2:
        return []
    names = ", ".join(c.name for c in chairs)
    return [{"chairs": names}]


@register("committee_chair_is_mayor", SubjectType.COMMITTEE, variables=("chair",))
def committee_chair_is_mayor(ctx: Context, _params: NoParams) -> list[Hit]:
    """One hit per chair who is the mayor."""
    return [{"chair": c.name} for c in _chairs(ctx) if c.is_mayor]


@register("committee_chair_not_elected", SubjectType.COMMITTEE, variables=("chair",))
def committee_chair_not_elected(ctx: Context, _params: NoParams) -> list[Hit]:
    """One hit per chair not elected by the committee itself."""
    return [{"chair": c.name} for c in _chairs(ctx) if not c.elected_by_committee]


# --- budget lines ------------------------------------------------------------------------


def _budget_line_unreachable(params: Any, _framework: Framework | None) -> str | None:
    if not params.purposes:
        return "params.purposes is empty, so the rule can never match"
    return None


@register(
    "budget_line_holder",
    SubjectType.BUDGET_LINE,
    BudgetLineHolderParams,
    ("allowed",),
    _budget_line_unreachable,
)
def budget_line_holder(ctx: Context, params: BudgetLineHolderParams) -> list[Hit]:
    """Fires when a line of one of ``params.purposes`` with money or staff hours is held by
    someone not in ``params.allowed`` (a holder, optionally with a portfolio code)."""
    line = _budget_line(ctx)
    if line.purpose not in params.purposes:
        return []
    if line.money_eur_per_year <= 0 and line.staff_hours_per_year <= 0:
        return []  # neither money nor hours: nothing to transfer (READING.md 8)
    for allowed in params.allowed:
        if line.held_by == allowed.held_by and (
            allowed.portfolio is None or allowed.portfolio == line.portfolio
        ):
            return []
    names = [owner_label(a.held_by, a.portfolio, ctx.framework) for a in params.allowed]
    return [{"allowed": join(names)}]


# --- labels that need the framework ------------------------------------------------------


def owner_label(kind: str, portfolio: str | None, framework: Framework) -> L:
    """E.g. "de portefeuille Cultuur" / "the Culture portfolio": by its name, the code only
    when the framework names none (codes stay out of sentences, issue 17)."""
    if kind == "portfolio":
        if portfolio is None:
            return L("een portefeuille", "a portfolio")
        names = framework.portfolio_names.get(portfolio)
        if names is None:
            return L(f"de portefeuille {portfolio}", f"the {portfolio} portfolio")
        return L(f"de portefeuille {names.nl}", f"the {names.en} portfolio")
    committee = framework.spec.committee
    if kind == "committee" and committee is not None:
        return L(committee.nl, committee.en)
    return lab(kind)
