"""Side by side: two decisions, the registered situation beside a decision, and the impact of a
framework on a whole register (the review, HER-1, IMP-1, IMP-3).

Amounts in ``to_dict()`` output are decimal strings with two decimals (``"1250.00"``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypeVar

from intrel.policy.constants import Holder, OwnerKind, SubjectType
from intrel.policy.decision import Action, Decision, Finding
from intrel.policy.engine import evaluate, resolve_as_of
from intrel.policy.framework import HONOURS_AGREEMENTS, Framework
from intrel.policy.subjects import BudgetLine, Relation, Subject

Mode = Literal["strict", "honour_agreements"]
T = TypeVar("T", Finding, Action)


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


@dataclass(frozen=True)
class RegisteredSituation:
    """How a subject is filed today, to show beside the framework's decision."""

    subject: SubjectType
    id: str
    registered_kind: str | None = None
    status: str | None = None
    owner_kind: str | None = None
    owner_portfolio: str | None = None
    budget_held_by: str | None = None
    budget_portfolio: str | None = None
    money_eur_per_year: Decimal = Decimal(0)
    staff_hours_per_year: Decimal = Decimal(0)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"subject": self.subject.value, "id": self.id}
        if self.subject == SubjectType.RELATION:
            out["registered_kind"] = self.registered_kind
            out["status"] = self.status
            out["owner"] = {"kind": self.owner_kind, "portfolio": self.owner_portfolio}
        if self.subject != SubjectType.COMMITTEE:
            out["budget"] = {
                "held_by": self.budget_held_by,
                "portfolio": self.budget_portfolio,
                "money_eur_per_year": _amount(self.money_eur_per_year),
                "staff_hours_per_year": _amount(self.staff_hours_per_year),
            }
        return out


def registered_situation(subject: Subject) -> RegisteredSituation:
    """The registered kind, status, owner and budget of a subject (as filed, not as judged)."""
    if isinstance(subject, Relation):
        return RegisteredSituation(
            subject=SubjectType.RELATION,
            id=subject.id,
            registered_kind=subject.registered_kind.value,
            status=subject.status.value,
            owner_kind=subject.owner.kind.value,
            owner_portfolio=subject.owner.portfolio,
            budget_held_by=subject.budget.held_by.value,
            budget_portfolio=subject.budget.portfolio,
            money_eur_per_year=subject.budget.money_eur_per_year,
            staff_hours_per_year=subject.budget.staff_hours_per_year,
        )
    if isinstance(subject, BudgetLine):
        return RegisteredSituation(
            subject=SubjectType.BUDGET_LINE,
            id=subject.id,
            budget_held_by=subject.held_by.value,
            budget_portfolio=subject.portfolio,
            money_eur_per_year=subject.money_eur_per_year,
            staff_hours_per_year=subject.staff_hours_per_year,
        )
    return RegisteredSituation(subject=SubjectType.COMMITTEE, id=subject.id)


def _finding_key(f: Finding) -> str:
    return f.code


def _action_key(a: Action) -> tuple[str, str]:
    return (a.code, a.effective_from.isoformat())


def _match(
    before: list[T], after: list[T], key: Callable[[T], Hashable], text: Callable[[T], str]
) -> tuple[list[T], list[T], list[tuple[T, T]]]:
    """Pair the items of ``before`` and ``after`` that have the same ``key``; returns the
    items of ``after`` left unpaired (added), those of ``before`` (removed), and the pairs.

    Within one key, items with the same ``text`` are paired first, so that of two findings
    with one code (one per committee member, say) the one that went is the one reported;
    the rest pair in order. The text alone never makes a difference.
    """
    waiting: dict[Hashable, list[T]] = {}
    for item in before:
        waiting.setdefault(key(item), []).append(item)
    pairs: list[tuple[T, T]] = []
    unpaired: list[T] = []
    for item in after:
        candidates = waiting.get(key(item), [])
        same = next((c for c in candidates if text(c) == text(item)), None)
        if same is not None:
            candidates.remove(same)
            pairs.append((same, item))
        else:
            unpaired.append(item)
    added: list[T] = []
    for item in unpaired:
        candidates = waiting.get(key(item), [])
        if candidates:
            pairs.append((candidates.pop(0), item))
        else:
            added.append(item)
    left = {id(item) for items in waiting.values() for item in items}
    removed = [item for item in before if id(item) in left]
    return added, removed, pairs


@dataclass(frozen=True)
class Comparison:
    """What changes for one subject from ``before`` to ``after``.

    Findings are matched by ``code``, actions by (``code``, ``effective_from``), as
    CONTRACT.md says: a reworded message is no difference. A finding that stays under its
    code with another severity is listed in ``severity_changed`` (before, after).
    """

    subject: SubjectType
    id: str
    before: str
    after: str
    owner_before: dict[str, str | None] | None
    owner_after: dict[str, str | None] | None
    findings_added: list[Finding]
    findings_removed: list[Finding]
    actions_added: list[Action]
    actions_removed: list[Action]
    pillars_before: dict[str, bool] | None = None
    pillars_after: dict[str, bool] | None = None
    severity_changed: list[tuple[Finding, Finding]] = field(default_factory=list)

    @property
    def owner_changed(self) -> bool:
        return self.owner_before != self.owner_after

    @property
    def changed(self) -> bool:
        return bool(
            self.owner_changed
            or self.findings_added
            or self.findings_removed
            or self.actions_added
            or self.actions_removed
            or self.severity_changed
            or self.pillars_before != self.pillars_after
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject.value,
            "id": self.id,
            "before": self.before,
            "after": self.after,
            "changed": self.changed,
            "owner_changed": self.owner_changed,
            "owner_before": self.owner_before,
            "owner_after": self.owner_after,
            "pillars_before": self.pillars_before,
            "pillars_after": self.pillars_after,
            "findings_added": [f.to_dict() for f in self.findings_added],
            "findings_removed": [f.to_dict() for f in self.findings_removed],
            "actions_added": [a.to_dict() for a in self.actions_added],
            "actions_removed": [a.to_dict() for a in self.actions_removed],
            "severity_changed": [
                {"code": b.code, "before": b.severity.value, "after": a.severity.value}
                for b, a in self.severity_changed
            ],
        }


def _owner_of(decision: Decision) -> dict[str, str | None] | None:
    if decision.owner is None:
        return None
    return {"kind": decision.owner.kind.value, "portfolio": decision.owner.portfolio}


def _pillars_of(decision: Decision) -> dict[str, bool] | None:
    if decision.pillars is None:
        return None
    return {
        "solidarity": decision.pillars.solidarity.applies,
        "added_value": decision.pillars.added_value.applies,
    }


def compare(before: Decision | RegisteredSituation, after: Decision) -> Comparison:
    """What changes between two decisions on the same subject (e.g. under two frameworks),
    or between the registered situation and a decision."""
    if before.id != after.id or before.subject != after.subject:
        raise ValueError(
            f"cannot compare {before.subject} {before.id!r} with {after.subject} {after.id!r}"
        )
    after_label = f"{after.framework}@{after.framework_version}"
    if isinstance(before, RegisteredSituation):
        owner_before: dict[str, str | None] | None = None
        if before.subject == SubjectType.RELATION:
            owner_before = {"kind": before.owner_kind, "portfolio": before.owner_portfolio}
        return Comparison(
            subject=after.subject,
            id=after.id,
            before="registered",
            after=after_label,
            owner_before=owner_before,
            owner_after=_owner_of(after),
            findings_added=list(after.findings),
            findings_removed=[],
            actions_added=list(after.actions),
            actions_removed=[],
        )
    findings_added, findings_removed, finding_pairs = _match(
        list(before.findings), list(after.findings), _finding_key, lambda f: f.message_en
    )
    actions_added, actions_removed, _pairs = _match(
        list(before.actions), list(after.actions), _action_key, lambda a: a.description_en
    )
    return Comparison(
        subject=after.subject,
        id=after.id,
        before=f"{before.framework}@{before.framework_version}",
        after=after_label,
        owner_before=_owner_of(before),
        owner_after=_owner_of(after),
        findings_added=findings_added,
        findings_removed=findings_removed,
        actions_added=actions_added,
        actions_removed=actions_removed,
        pillars_before=_pillars_of(before),
        pillars_after=_pillars_of(after),
        severity_changed=[(b, a) for b, a in finding_pairs if b.severity != a.severity],
    )


# --- two frameworks on the same subjects (a "reform", in OpenFisca's words) ----------------


@dataclass(frozen=True)
class FrameworkComparison:
    """Every subject assessed under framework ``a`` and under ``b``: ``changed`` holds the
    :class:`Comparison` of each subject with a difference, in (subject type, id) order;
    ``unchanged`` counts the others (they are not kept: a long input is compared in
    memory bounded by its differences)."""

    a: str
    a_version: str
    b: str
    b_version: str
    as_of: date | None
    changed: list[Comparison]
    unchanged: int

    def to_dict(self) -> dict[str, Any]:
        """What ``intrel policy compare`` prints: the subjects with a difference are listed,
        the others counted. Per subject, ``owner`` and ``pillars`` (``{"a", "b"}``) appear
        only when they differ; the lists are always present."""
        differences = []
        for c in self.changed:
            item: dict[str, Any] = {"subject": c.subject.value, "id": c.id}
            if c.owner_changed:
                item["owner"] = {"a": c.owner_before, "b": c.owner_after}
            if c.pillars_before != c.pillars_after:
                item["pillars"] = {"a": c.pillars_before, "b": c.pillars_after}
            full = c.to_dict()
            for key in (
                "findings_added",
                "findings_removed",
                "severity_changed",
                "actions_added",
                "actions_removed",
            ):
                item[key] = full[key]
            differences.append(item)
        return {
            "a": {"framework": self.a, "version": self.a_version},
            "b": {"framework": self.b, "version": self.b_version},
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "subjects": len(self.changed) + self.unchanged,
            "changed": len(differences),
            "unchanged": self.unchanged,
            "differences": differences,
        }


def compare_frameworks(
    a: Framework, b: Framework, subjects: Iterable[Subject], as_of: date | None = None
) -> FrameworkComparison:
    """Assess every subject under ``a`` and under ``b`` (on the same date: ``as_of``, else
    the subject's own, else today) and compare the two decisions (:func:`compare`).

    ``subjects`` is consumed as it comes (a generator reading a file is never held whole);
    only the comparisons with a difference are kept."""
    changed: list[Comparison] = []
    unchanged = 0
    for subject in subjects:
        when = resolve_as_of(subject, as_of)
        comparison = compare(evaluate(a, subject, when), evaluate(b, subject, when))
        if comparison.changed:
            changed.append(comparison)
        else:
            unchanged += 1
    changed.sort(key=lambda c: (c.subject, c.id))
    return FrameworkComparison(a.id, a.version, b.id, b.version, as_of, changed, unchanged)


# --- impact of a framework on the register (the review) -----------------------------------


@dataclass
class ImpactRow:
    subject: SubjectType
    id: str
    name: str | None
    decision: Decision
    registered: RegisteredSituation
    owner_moved: bool = False
    money_to_committee: Decimal = Decimal(0)
    hours_to_committee: Decimal = Decimal(0)
    money_to_economic_portfolio: Decimal = Decimal(0)
    hours_to_economic_portfolio: Decimal = Decimal(0)
    involvements_to_end: int = 0
    involvements_to_link: int = 0
    phase_out_from: date | None = None
    actions: list[tuple[str, date]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        owner = self.decision.owner
        return {
            "subject": self.subject.value,
            "id": self.id,
            "name": self.name,
            "registered": self.registered.to_dict(),
            "owner": ({"kind": owner.kind.value, "portfolio": owner.portfolio} if owner else None),
            "owner_moved": self.owner_moved,
            "money_to_committee": _amount(self.money_to_committee),
            "hours_to_committee": _amount(self.hours_to_committee),
            "money_to_economic_portfolio": _amount(self.money_to_economic_portfolio),
            "hours_to_economic_portfolio": _amount(self.hours_to_economic_portfolio),
            "involvements_to_end": self.involvements_to_end,
            "involvements_to_link": self.involvements_to_link,
            "phase_out_from": self.phase_out_from.isoformat() if self.phase_out_from else None,
            "violations": sum(1 for f in self.decision.findings if f.severity == "violation"),
            "warnings": sum(1 for f in self.decision.findings if f.severity == "warning"),
            "actions": [{"code": c, "effective_from": d.isoformat()} for c, d in self.actions],
        }


@dataclass
class Impact:
    framework: str
    framework_version: str
    as_of: date
    mode: Mode
    rows: list[ImpactRow]

    def totals(self) -> dict[str, Any]:
        phase_outs = [r for r in self.rows if r.phase_out_from is not None]
        dates = [d for r in self.rows for _, d in r.actions]
        return {
            "subjects": len(self.rows),
            "relations": sum(1 for r in self.rows if r.subject == SubjectType.RELATION),
            "owners_moved": sum(1 for r in self.rows if r.owner_moved),
            "money_to_committee": _amount(
                sum((r.money_to_committee for r in self.rows), Decimal(0))
            ),
            "hours_to_committee": _amount(
                sum((r.hours_to_committee for r in self.rows), Decimal(0))
            ),
            "money_to_economic_portfolio": _amount(
                sum((r.money_to_economic_portfolio for r in self.rows), Decimal(0))
            ),
            "hours_to_economic_portfolio": _amount(
                sum((r.hours_to_economic_portfolio for r in self.rows), Decimal(0))
            ),
            "involvements_to_end": sum(r.involvements_to_end for r in self.rows),
            "involvements_to_link": sum(r.involvements_to_link for r in self.rows),
            "relations_to_phase_out": len(phase_outs),
            "phase_outs": [
                {"id": r.id, "from": r.phase_out_from.isoformat()}
                for r in phase_outs
                if r.phase_out_from is not None
            ],
            "violations": sum(
                1 for r in self.rows for f in r.decision.findings if f.severity == "violation"
            ),
            "last_effective_from": max(dates).isoformat() if dates else None,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "framework_version": self.framework_version,
            "as_of": self.as_of.isoformat(),
            "mode": self.mode,
            "rows": [r.to_dict() for r in self.rows],
            "totals": self.totals(),
        }


def _impact_row(
    framework: Framework,
    subject: Subject,
    decision: Decision,
    registered: RegisteredSituation,
    as_of: date,
    mode: Mode,
) -> ImpactRow:
    row = ImpactRow(
        subject=decision.subject,
        id=subject.id,
        name=getattr(subject, "name", None),
        decision=decision,
        registered=registered,
    )
    ez = framework.spec.economic_portfolio.code
    for action in decision.actions:
        effect = framework.effect_of.get(action.code, "review")
        when = action.effective_from if mode == "honour_agreements" else as_of
        row.actions.append((action.code, when))
        if effect == "move_owner":
            row.owner_moved = True
        elif effect == "end_involvement":
            row.involvements_to_end += 1
        elif effect == "link_involvement":
            row.involvements_to_link += 1
        elif effect in HONOURS_AGREEMENTS:
            row.phase_out_from = (
                when if row.phase_out_from is None else max(row.phase_out_from, when)
            )
        elif effect == "transfer_to_committee" and isinstance(subject, BudgetLine):
            row.money_to_committee = subject.money_eur_per_year
            row.hours_to_committee = subject.staff_hours_per_year
        elif effect == "transfer_to_economic_portfolio" and isinstance(subject, BudgetLine):
            row.money_to_economic_portfolio = subject.money_eur_per_year
            row.hours_to_economic_portfolio = subject.staff_hours_per_year
    if isinstance(subject, Relation) and decision.owner is not None:
        budget = subject.budget
        owner = decision.owner
        if owner.kind == OwnerKind.COMMITTEE and budget.held_by != Holder.COMMITTEE:
            row.money_to_committee = budget.money_eur_per_year
            row.hours_to_committee = budget.staff_hours_per_year
        elif (
            owner.kind == OwnerKind.PORTFOLIO
            and owner.portfolio == ez
            and (budget.held_by, budget.portfolio) != (Holder.PORTFOLIO, ez)
        ):
            row.money_to_economic_portfolio = budget.money_eur_per_year
            row.hours_to_economic_portfolio = budget.staff_hours_per_year
    row.actions.sort(key=lambda a: (a[1], a[0]))
    return row


def impact_rows(
    framework: Framework, subject: Subject, as_of: date | None = None
) -> tuple[ImpactRow, ImpactRow]:
    """One subject's rows of :func:`impact` in both modes, ``(strict, honour_agreements)``,
    from one evaluation: the decision does not depend on the mode, only the dates the rows
    give its actions do (a register's review assesses each relation once, not twice)."""
    when = resolve_as_of(subject, as_of)
    decision = evaluate(framework, subject, when)
    registered = registered_situation(subject)
    return (
        _impact_row(framework, subject, decision, registered, when, "strict"),
        _impact_row(framework, subject, decision, registered, when, "honour_agreements"),
    )


def impact(
    framework: Framework,
    subjects: Iterable[Subject],
    as_of: date | None = None,
    mode: Mode = "honour_agreements",
) -> Impact:
    """The registered state beside what ``framework`` asks, subject by subject and in totals.

    ``mode="strict"``: every action effective at ``as_of`` (IMP-1 shows how heavy that is);
    ``mode="honour_agreements"``: actions that end or reduce a relation wait for the
    agreements in force (IMP-3). ``as_of`` defaults as in :func:`evaluate` (per subject, when
    None, the subject's own date or today; the report's date is the first subject's).
    Rows are sorted by (subject type, id).
    """
    if mode not in ("strict", "honour_agreements"):
        raise ValueError(f"mode must be strict or honour_agreements, not {mode!r}")
    items = sorted(subjects, key=lambda s: (s.subject, s.id))
    rows = []
    for s in items:
        when = resolve_as_of(s, as_of)
        decision = evaluate(framework, s, when)
        rows.append(_impact_row(framework, s, decision, registered_situation(s), when, mode))
    report_date = as_of or (rows[0].decision.as_of if rows else date.today())
    return Impact(framework.id, framework.version, report_date, mode, rows)
