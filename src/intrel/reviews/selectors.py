"""Reads of the review (herijking): the impact analysis over the register.

``register_impact`` is what ``intrel impact --format json`` prints and what the impact page and
the exports show (shared/policy/CONTRACT.md, "The review's impact analysis"). It reads every
current relation (status not ``ended``), every committee and the budget lines of the year of
``as_of`` and the year before (the register at the turn of the year), has the engine assess
each once and read both modes from the decision (``impact_rows``: strict, IMP-1; honouring
agreements, IMP-3) and sets the registered situation beside what the framework asks.
``ImpactPass`` does it one relation at a time, so the command can write the JSON as it goes
(``exports.impact_json_write``, issue 19).

Numbers in the result are JSON numbers (money and hours as floats with two decimals at most),
dates ISO strings. Decisions on what the contract leaves open: docs/adr/0014-impact-analysis.md.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from intrel.accounts.constants import Role
from intrel.accounts.models import User
from intrel.assessments.selectors import owner_label
from intrel.budgets.models import BudgetLine
from intrel.budgets.selectors import budget_line_to_subject
from intrel.core import versions
from intrel.governance.models import Committee, Person
from intrel.governance.selectors import committee_to_subject
from intrel.policy import (
    Decision,
    Framework,
    ImpactRow,
    Subject,
    SubjectError,
    impact,
    impact_rows,
    load_framework,
    parse_subject,
)
from intrel.policy.rules import involvement_label
from intrel.policy.subjects import Relation as RelationSubject
from intrel.relations.constants import Status
from intrel.relations.models import Relation
from intrel.relations.selectors import relation_subjects_by_slug, slug_in_code_points

from .constants import OPEN_STATUSES, REMINDER_LEAD_DAYS, ItemState, ReminderKind
from .models import ReviewAction, ReviewItem, ReviewReminder, ReviewReport, ReviewRound

# The action effects that resolve an administrator's involvement (link it to an initiative,
# give it an end, end it).
INVOLVEMENT_EFFECTS = frozenset({"link_involvement", "end_involvement"})


def _num(value: Decimal) -> float:
    """Money and hours as a JSON number (two decimals at most)."""
    return float(round(value, 2))


def current_relations() -> list[Relation]:
    """Every current relation (any status but ``ended``), in id (slug) order: the relations
    themselves with their partner (a round's scope), none of their children."""
    return list(
        Relation.objects.exclude(status=Status.ENDED).select_related("partner").order_by("slug")
    )


# A part of the register: the current relations whose slug (in code-point order) is at least
# the first and below the second; None: no bound.
Part = tuple[str | None, str | None]
WHOLE: Part = (None, None)


def _current(scope: QuerySet[Any, Any] | None, part: Part = WHOLE) -> QuerySet[Relation]:
    qs = Relation.objects.exclude(status=Status.ENDED)
    if scope is not None:
        qs = qs.filter(pk__in=scope)
    first, below = part
    if first is not None or below is not None:
        qs = qs.alias(slug_order=slug_in_code_points("slug"))
        if first is not None:
            qs = qs.filter(slug_order__gte=first)
        if below is not None:
            qs = qs.filter(slug_order__lt=below)
    return qs


def register_parts(count: int, scope: QuerySet[Any, Any] | None = None) -> list[Part]:
    """The current relations (in ``scope``) cut into at most ``count`` parts of about as many
    relations each, in id order (for processes that assess a part each)."""
    qs = _current(scope)
    total = qs.count()
    count = max(1, min(count, total))
    if count == 1:
        return [WHOLE]
    ordered = qs.order_by(slug_in_code_points("slug")).values_list("slug", flat=True)
    cuts = [ordered[total * i // count] for i in range(1, count)]
    bounds: list[str | None] = [None, *cuts, None]
    return [(bounds[i], bounds[i + 1]) for i in range(count)]


def _parse(facts: dict[str, Any], unassessable: list[str]) -> Subject | None:
    try:
        return parse_subject(facts)
    except SubjectError:
        unassessable.append(str(facts.get("id")))
        return None


def _relation_subjects(
    as_of: date, scope: QuerySet[Any, Any] | None, part: Part, unassessable: list[str]
) -> Iterator[Subject]:
    """The facts of every current relation on ``as_of`` (of those in ``scope``, the relation
    ids of a round's items, when given; in ``part``) as engine subjects, in id order as the
    engine sorts them, streamed (issue 19: plain rows, a few thousand at a time, whatever the
    register's size); the ids of those the contract cannot read go to ``unassessable``. The
    latest activity's day is the one the relation stores, no activity is read."""
    for facts in relation_subjects_by_slug(_current(scope, part), as_of=as_of):
        subject = _parse(facts, unassessable)
        if subject is not None:
            yield subject


def _in_stored_order(slugs: list[str]) -> list[str]:
    """Relation ids in the database's order of their slugs (as the ids the contract cannot
    read always came)."""
    if len(slugs) < 2:
        return slugs
    stored = Relation.objects.filter(slug__in=slugs).order_by("slug")
    ordered = list(stored.values_list("slug", flat=True))
    return ordered + sorted(set(slugs) - set(ordered))


def _other_subjects(as_of: date, unassessable: list[str]) -> tuple[list[Subject], list[Subject]]:
    """Every committee and the budget lines of the year of ``as_of`` and the year before, as
    engine subjects; the ids of those the contract cannot read go to ``unassessable``."""
    committees = [
        s
        for s in (
            _parse(committee_to_subject(c, as_of), unassessable)
            for c in Committee.objects.order_by("slug")
        )
        if s is not None
    ]
    lines = []
    years = (as_of.year - 1, as_of.year)
    for line in BudgetLine.objects.filter(year__in=years).select_related("portfolio"):
        facts = budget_line_to_subject(line)
        facts["as_of"] = as_of.isoformat()
        subject = _parse(facts, unassessable)
        if subject is not None:
            lines.append(subject)
    lines.sort(key=lambda s: s.id)
    return committees, lines


def _owner(kind: str | None, portfolio: str | None) -> dict[str, str | None]:
    return {"kind": kind, "portfolio": portfolio}


def _asked_holder(decision: Decision) -> tuple[str, str | None] | None:
    """The holder of a relation's budget that the framework asks: its routed owner's."""
    owner = decision.owner
    if owner is None or owner.kind.value in ("none", "civil_society"):
        return None
    return owner.kind.value, owner.portfolio if owner.kind.value == "portfolio" else None


def _involvements_to_resolve(subject: RelationSubject, decision: Decision, fw: Framework) -> int:
    """How many of the relation's involvements an action links, gives an end or ends (each
    involvement once, however many actions name it)."""
    texts = [
        a.description for a in decision.actions if fw.effect_of.get(a.code) in INVOLVEMENT_EFFECTS
    ]
    if not texts:
        return 0
    return sum(
        1 for inv in subject.involvements if any(involvement_label(inv).nl in t for t in texts)
    )


def _relation_entry(
    subject: RelationSubject, strict: ImpactRow, honour: ImpactRow, fw: Framework, as_of: date
) -> dict[str, Any]:
    decision = honour.decision
    reg = honour.registered
    owner_after = decision.owner
    actions = list(decision.actions)
    asked = _asked_holder(decision)
    held = (reg.budget_held_by, reg.budget_portfolio if reg.budget_held_by == "portfolio" else None)
    moves = asked is not None and held != asked and subject.status.value != "friendship"
    money = reg.money_eur_per_year if moves else Decimal(0)
    hours = reg.staff_hours_per_year if moves else Decimal(0)
    if not (money or hours):
        moves = False
    return {
        "id": subject.id,
        "name": subject.name,
        "status": subject.status.value,
        "owner_before": _owner(reg.owner_kind, reg.owner_portfolio),
        "owner_after": _owner(
            owner_after.kind.value if owner_after else None,
            owner_after.portfolio if owner_after else None,
        ),
        "owner_changed": honour.owner_moved,
        "findings": [f.to_dict() for f in decision.findings],
        "actions": [a.to_dict() for a in actions],
        "effective_from_strict": as_of.isoformat() if actions else None,
        "effective_from_honouring": (
            max(a.effective_from for a in actions).isoformat() if actions else None
        ),
        "budget_before": {
            "held_by": reg.budget_held_by,
            "portfolio": reg.budget_portfolio,
            "money_eur_per_year": _num(reg.money_eur_per_year),
            "staff_hours_per_year": _num(reg.staff_hours_per_year),
        },
        "budget_moves_to": (
            {"held_by": asked[0], "portfolio": asked[1]} if moves and asked else None
        ),
        "money_eur_moved": _num(money),
        "staff_hours_moved": _num(hours),
        "involvements_to_resolve": _involvements_to_resolve(subject, decision, fw),
        "phase_out_from_strict": (
            strict.phase_out_from.isoformat() if strict.phase_out_from else None
        ),
        "phase_out_from_honouring": (
            honour.phase_out_from.isoformat() if honour.phase_out_from else None
        ),
    }


def _other_entry(row: ImpactRow, name: str | None) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": name,
        "findings": [f.to_dict() for f in row.decision.findings],
        "actions": [a.to_dict() for a in row.decision.actions],
        "money_eur_moved_to_committee": _num(row.money_to_committee),
        "staff_hours_moved_to_committee": _num(row.hours_to_committee),
        "money_eur_moved_to_ez": _num(row.money_to_economic_portfolio),
        "staff_hours_moved_to_ez": _num(row.hours_to_economic_portfolio),
    }


def _sum(entries: Iterable[dict[str, Any]], key: str) -> float:
    return _num(sum((Decimal(str(e[key])) for e in entries), Decimal(0)))


class _RunningTotals:
    """The totals of one framework's relation entries, kept as the entries come (the register
    is never held whole), then closed with the committees and budget lines."""

    def __init__(self, ez: str) -> None:
        self.ez = ez
        self.assessed = 0
        self.owners_changed = 0
        # Moved money and hours per destination ("committee", EZ's code, or topical), summed
        # as the written numbers (``Decimal(str(float))``), rounded once at the end.
        self.moved: dict[tuple[str, str], Decimal] = {}
        self.involvements = 0
        self.triple_helix = 0
        self.phase_outs: list[dict[str, Any]] = []
        self.with_violations = 0
        self.violations = 0
        self.last_strict: str | None = None
        self.last_honouring: str | None = None

    def add(self, r: dict[str, Any]) -> None:
        self.assessed += 1
        if r["owner_changed"]:
            self.owners_changed += 1
        to = _moves_to(r)
        if to:
            where = to if to in ("committee", self.ez) else ""  # "": a topical portfolio
            for key in ("money_eur_moved", "staff_hours_moved"):
                self.moved[where, key] = self.moved.get((where, key), Decimal(0)) + Decimal(
                    str(r[key])
                )
        self.involvements += r["involvements_to_resolve"]
        if any(a["code"] == "ADD_TRIPLE_HELIX_PARTNERS" for a in r["actions"]):
            self.triple_helix += 1
        if r["phase_out_from_honouring"]:
            self.phase_outs.append(
                {
                    "id": r["id"],
                    "from_strict": r["phase_out_from_strict"],
                    "from_honouring": r["phase_out_from_honouring"],
                }
            )
        violations = sum(1 for f in r["findings"] if f["severity"] == "violation")
        if violations:
            self.with_violations += 1
            self.violations += violations
        strict, honouring = r["effective_from_strict"], r["effective_from_honouring"]
        if strict and (self.last_strict is None or strict > self.last_strict):
            self.last_strict = strict
        if honouring and (self.last_honouring is None or honouring > self.last_honouring):
            self.last_honouring = honouring

    def absorb(self, later: _RunningTotals) -> None:
        """Count in the totals of the relations that come after these."""
        self.assessed += later.assessed
        self.owners_changed += later.owners_changed
        for key, value in later.moved.items():
            self.moved[key] = self.moved.get(key, Decimal(0)) + value
        self.involvements += later.involvements
        self.triple_helix += later.triple_helix
        self.phase_outs += later.phase_outs
        self.with_violations += later.with_violations
        self.violations += later.violations
        for name in ("last_strict", "last_honouring"):
            mine, theirs = getattr(self, name), getattr(later, name)
            if theirs is not None and (mine is None or theirs > mine):
                setattr(self, name, theirs)

    def result(
        self, committees: list[dict[str, Any]], lines: list[dict[str, Any]]
    ) -> dict[str, Any]:
        def moved(where: str, key: str) -> float:
            return _num(self.moved.get((where, key), Decimal(0)))

        return {
            "relations_assessed": self.assessed,
            "owners_changed": self.owners_changed,
            "money_eur_moved_to_committee": moved("committee", "money_eur_moved"),
            "staff_hours_moved_to_committee": moved("committee", "staff_hours_moved"),
            "money_eur_moved_to_ez": moved(self.ez, "money_eur_moved"),
            "staff_hours_moved_to_ez": moved(self.ez, "staff_hours_moved"),
            "money_eur_moved_to_topical_portfolios": moved("", "money_eur_moved"),
            "staff_hours_moved_to_topical_portfolios": moved("", "staff_hours_moved"),
            "involvements_to_resolve": self.involvements,
            "triple_helix_to_complete": self.triple_helix,
            "relations_to_phase_out": len(self.phase_outs),
            "phase_outs": self.phase_outs,
            "relations_with_violations": self.with_violations,
            "violations": self.violations,
            "last_effective_from_strict": self.last_strict,
            "last_effective_from_honouring": self.last_honouring,
            "committee_changes": sum(len(c["actions"]) for c in committees),
            "budget_lines_assessed": len(lines),
            "budget_lines_money_eur_moved_to_committee": _sum(
                lines, "money_eur_moved_to_committee"
            ),
            "budget_lines_staff_hours_moved_to_committee": _sum(
                lines, "staff_hours_moved_to_committee"
            ),
            "budget_lines_money_eur_moved_to_ez": _sum(lines, "money_eur_moved_to_ez"),
            "budget_lines_staff_hours_moved_to_ez": _sum(lines, "staff_hours_moved_to_ez"),
        }


def _moves_to(relation: dict[str, Any]) -> str:
    to = relation["budget_moves_to"]
    if not to:
        return ""
    return str(to["portfolio"] if to["held_by"] == "portfolio" else to["held_by"])


@dataclass
class PartSummary:
    """What a part's pass leaves besides its entries: per framework its running totals, the
    relations it assessed and the ids the contract could not read (sent from a worker process
    to the one that writes)."""

    totals: list[_RunningTotals]
    assessed: int
    unassessable: list[str]


class ImpactPass:
    """The impact analysis of one or two frameworks over the register (or over one ``part``
    of it), one relation at a time (issue 19: the whole register is never held, and each
    relation is assessed once per framework).

    Iterate :meth:`relations` once, in id order: per relation one entry per framework. A pass
    over the first part takes in the summaries of the passes over the others, in order
    (:meth:`absorb`). Then :meth:`half` gives each framework's committees, budget lines and
    totals, and :meth:`unassessable` the ids whose facts the contract cannot read.
    ``register_impact`` keeps the entries in lists; ``exports.impact_json_write`` writes them
    as they come."""

    def __init__(
        self,
        frameworks: list[Framework],
        as_of: date,
        scope: QuerySet[Any, Any] | None = None,
        part: Part = WHOLE,
    ) -> None:
        self.frameworks = frameworks
        self.as_of = as_of
        self.scope = scope
        self.part = part
        self.assessed = 0
        self._unassessable: list[str] = []
        self._totals = [_RunningTotals(fw.spec.economic_portfolio.code) for fw in frameworks]
        self._others: tuple[list[Subject], list[Subject], list[str]] | None = None

    def relations(self) -> Iterator[list[dict[str, Any]]]:
        subjects = _relation_subjects(self.as_of, self.scope, self.part, self._unassessable)
        for subject in subjects:
            entries = []
            for fw, totals in zip(self.frameworks, self._totals, strict=True):
                strict, honour = impact_rows(fw, subject, self.as_of)
                entry = _relation_entry(subject, strict, honour, fw, self.as_of)  # type: ignore[arg-type]
                totals.add(entry)
                entries.append(entry)
            self.assessed += 1
            yield entries

    def summary(self) -> PartSummary:
        return PartSummary(self._totals, self.assessed, self._unassessable)

    def absorb(self, later: PartSummary) -> None:
        """Count in the pass over the next part of the register."""
        for totals, theirs in zip(self._totals, later.totals, strict=True):
            totals.absorb(theirs)
        self.assessed += later.assessed
        self._unassessable += later.unassessable

    def _other_subjects(self) -> tuple[list[Subject], list[Subject], list[str]]:
        if self._others is None:
            unassessable: list[str] = []
            committees, lines = _other_subjects(self.as_of, unassessable)
            self._others = (committees, lines, unassessable)
        return self._others

    def unassessable(self) -> list[str]:
        """The ids whose facts the contract cannot read: the relations', the committees', the
        budget lines' (after every part is counted)."""
        return [*_in_stored_order(self._unassessable), *self._other_subjects()[2]]

    def half(self, index: int) -> dict[str, Any]:
        """Framework ``index``'s result but its relations: framework, version, date,
        committees, budget lines, totals (after every part is counted)."""
        framework = self.frameworks[index]
        committees, lines, _ = self._other_subjects()
        names = {s.id: getattr(s, "name", None) for s in [*committees, *lines]}
        committee_entries = [
            _other_entry(r, names.get(r.id))
            for r in impact(framework, committees, self.as_of, "honour_agreements").rows
        ]
        line_entries = [
            _other_entry(r, names.get(r.id))
            for r in impact(framework, lines, self.as_of, "honour_agreements").rows
        ]
        return {
            "framework": framework.id,
            "framework_version": framework.version,
            "as_of": self.as_of.isoformat(),
            "committees": committee_entries,
            "budget_lines": line_entries,
            "totals": self._totals[index].result(committee_entries, line_entries),
        }


def framework_impact(
    framework: Framework, as_of: date, scope: QuerySet[Any, Any] | None = None
) -> dict[str, Any]:
    """The impact of ``framework`` on the register on ``as_of`` (on the relations in ``scope``,
    a query of relation ids, when given; the committees and budget lines always all)."""
    run = ImpactPass([framework], as_of, scope)
    relations = [entries[0] for entries in run.relations()]
    half = run.half(0)
    result = {**_head(half), "relations": relations, **_tail(half)}
    result["unassessable"] = run.unassessable()
    return result


def _head(half: dict[str, Any]) -> dict[str, Any]:
    return {k: half[k] for k in ("framework", "framework_version", "as_of")}


def _tail(half: dict[str, Any]) -> dict[str, Any]:
    return {k: half[k] for k in ("committees", "budget_lines", "totals")}


def _codes(items: list[dict[str, Any]]) -> Counter[str]:
    return Counter(i["code"] for i in items)


def impact_difference(ra: dict[str, Any], rb: dict[str, Any]) -> dict[str, Any] | None:
    """How one relation's entries under two frameworks differ (owner, finding codes, action
    codes, matched by code, never by message); None when they do not."""
    fa, fb = _codes(ra["findings"]), _codes(rb["findings"])
    aa, ab = _codes(ra["actions"]), _codes(rb["actions"])
    if ra["owner_after"] == rb["owner_after"] and fa == fb and aa == ab:
        return None
    return {
        "id": ra["id"],
        "name": ra["name"],
        "owner": {"framework": ra["owner_after"], "compare_to": rb["owner_after"]},
        "owner_differs": ra["owner_after"] != rb["owner_after"],
        "findings_added": sorted((fb - fa).elements()),
        "findings_removed": sorted((fa - fb).elements()),
        "actions_added": sorted((ab - aa).elements()),
        "actions_removed": sorted((aa - ab).elements()),
    }


def impact_differences(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    """The relations whose owner, finding codes or action codes differ between two impacts,
    matched by code (never by message), in id order."""
    other = {r["id"]: r for r in b["relations"]}
    out = []
    for ra in a["relations"]:
        rb = other.get(ra["id"])
        if rb is None:
            continue
        difference = impact_difference(ra, rb)
        if difference is not None:
            out.append(difference)
    return out


def register_impact(
    *, framework: Framework, as_of: date, compare_to: Framework | None = None
) -> dict[str, Any]:
    """The review's impact analysis over the database (CONTRACT.md): per current relation and
    in totals, strict and honouring agreements; with ``compare_to``, the same under the second
    framework and the relations that differ. (The whole result in memory: the page and the
    files; ``exports.impact_json_write`` writes the same JSON without holding it.)"""
    if compare_to is None:
        return framework_impact(framework, as_of)
    run = ImpactPass([framework, compare_to], as_of)
    first: list[dict[str, Any]] = []
    second: list[dict[str, Any]] = []
    differences = []
    for a, b in run.relations():
        first.append(a)
        second.append(b)
        difference = impact_difference(a, b)
        if difference is not None:
            differences.append(difference)
    one, two = run.half(0), run.half(1)
    return {
        **_head(one),
        "relations": first,
        **_tail(one),
        "unassessable": run.unassessable(),
        "compare_to": {**_head(two), "relations": second, **_tail(two)},
        "differences": differences,
    }


# --- the impact page ----------------------------------------------------------------------------

# The impact page (issue 19): the analysis of the whole register is kept without its rows, as
# long as the facts it reads are unchanged (a write to any model of these apps bumps the
# version: ``apps.ReviewsConfig.ready``), at most an hour, and at most ``IMPACT_KEPT`` of them
# (a choice of frameworks and date each) per server process, the least recently shown
# dropped first: a user trying date after date costs time, not memory. Each page's rows are
# assessed afresh.
IMPACT_VERSION = "impact"
IMPACT_SECONDS = 3600
IMPACT_KEPT = 4
IMPACT_APPS = frozenset({"partners", "relations", "governance", "budgets"})
_kept: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
_kept_lock = threading.Lock()


def _kept_summary(key: str) -> dict[str, Any] | None:
    with _kept_lock:
        found = _kept.get(key)
        if found is None:
            return None
        made, summary = found
        if time.monotonic() - made > IMPACT_SECONDS:
            del _kept[key]
            return None
        _kept.move_to_end(key)
        return summary


def _keep_summary(key: str, summary: dict[str, Any]) -> None:
    with _kept_lock:
        _kept[key] = (time.monotonic(), summary)
        _kept.move_to_end(key)
        while len(_kept) > IMPACT_KEPT:
            _kept.popitem(last=False)


def impact_facts_changed(sender: Any, **kwargs: Any) -> None:
    """Signal receiver: a model whose data the analysis reads was written."""
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in IMPACT_APPS:
        versions.bump(IMPACT_VERSION)


@dataclass
class ImpactPage:
    """What the impact page shows: ``result`` is ``register_impact``'s result with only the
    rows of the page asked (``relations``), at most ``list_limit`` phase-outs and differences,
    their ``names`` and full counts (``phase_outs_count``, ``differences_count``); ``page`` is
    the page of the ids of every relation row, in order."""

    result: dict[str, Any]
    page: Page[str]


def _impact_summary(
    framework: Framework, as_of: date, compare_to: Framework | None, list_limit: int
) -> dict[str, Any]:
    """``register_impact``'s result without its relation rows, made in one pass that holds
    one relation at a time: what every page of the analysis shows, with the ids of every row
    (``ids``), the first ``list_limit`` phase-outs and differences, their ``names`` and their
    full counts."""
    run = ImpactPass([framework] if compare_to is None else [framework, compare_to], as_of)
    ids: list[str] = []
    names: dict[str, str] = {}
    differences: list[dict[str, Any]] = []
    differing = 0
    for entries in run.relations():
        entry = entries[0]
        ids.append(entry["id"])
        names[entry["id"]] = entry["name"]
        if compare_to is not None:
            difference = impact_difference(entry, entries[1])
            if difference is not None:
                differing += 1
                if len(differences) < list_limit:
                    differences.append(difference)
    one = run.half(0)
    phase_outs = one["totals"]["phase_outs"]
    summary = {**_head(one), **_tail(one), "unassessable": run.unassessable(), "ids": ids}
    summary["totals"] = {**one["totals"], "phase_outs": phase_outs[:list_limit]}
    summary["phase_outs_count"] = len(phase_outs)
    shown = [p["id"] for p in phase_outs[:list_limit]] + [d["id"] for d in differences]
    summary["names"] = {id_: names[id_] for id_ in shown}
    if compare_to is not None:
        two = run.half(1)
        summary["compare_to"] = {**_head(two), **_tail(two)}
        summary["compare_to"]["totals"] = {**two["totals"], "phase_outs": []}
        summary["differences"] = differences
        summary["differences_count"] = differing
    return summary


def _framework_key(framework: Framework) -> str:
    return hashlib.sha256(framework.spec.model_dump_json().encode()).hexdigest()[:32]


def impact_page(
    *,
    framework: Framework,
    as_of: date,
    compare_to: Framework | None,
    page_of: Callable[[Paginator[str]], Page[str]],
    page_size: int,
    list_limit: int,
) -> ImpactPage:
    """One page of the impact analysis over the register. The first request analyses the whole
    register (``_impact_summary``, one relation at a time) and keeps what every page shows (in
    the process: with gunicorn's sync workers each worker makes its own first analysis);
    every request, while the facts are unchanged, assesses only the relations of its page.
    ``page_of`` picks the page of a paginator (the view's ``page_param``: the number asked, or
    a notice)."""
    key = ":".join(
        [
            "impact-page",
            versions.version(IMPACT_VERSION),
            _framework_key(framework),
            _framework_key(compare_to) if compare_to is not None else "-",
            as_of.isoformat(),
            str(list_limit),
        ]
    )
    summary = _kept_summary(key)
    if summary is None:
        summary = _impact_summary(framework, as_of, compare_to, list_limit)
        _keep_summary(key, summary)
    page = page_of(Paginator(summary["ids"], page_size))
    ids = list(page.object_list)
    page_rows = []
    if ids:
        scope = Relation.objects.filter(slug__in=ids).values("pk")
        page_rows = [entries[0] for entries in ImpactPass([framework], as_of, scope).relations()]
    return ImpactPage({**summary, "relations": page_rows}, page)


# --- review rounds ------------------------------------------------------------------------------


def relations_existing_on(day: date) -> list[Relation]:
    """The current relations that existed on ``day`` (no start date known counts as existing):
    a round's default scope."""
    return [r for r in current_relations() if r.start_date is None or r.start_date <= day]


def round_impact(review_round: ReviewRound) -> dict[str, Any]:
    """The impact analysis of the round's framework on its reference date, over the relations in
    its scope (the totals counted over those only; committees and budget lines as a whole)."""
    framework = load_framework(review_round.framework)
    return framework_impact(
        framework, review_round.reference_date, review_round.items.values("relation_id")
    )


def round_list() -> QuerySet[ReviewRound]:
    return ReviewRound.objects.annotate(
        relation_count=Count("items", distinct=True),
        open_actions=Count("actions", filter=Q(actions__closed_at__isnull=True), distinct=True),
    ).order_by("-reference_date", "-pk")


def round_get(*, pk: int) -> ReviewRound:
    """The round, or 404 (the same for every reader: every role that reads reviews may see every
    round)."""
    return get_object_or_404(ReviewRound, pk=pk)


def round_items(review_round: ReviewRound) -> QuerySet[ReviewItem]:
    return review_round.items.select_related("relation", "relation__partner", "assessment")


def round_progress(review_round: ReviewRound) -> dict[str, int]:
    """How many relations of the round are in each state (every state, zero included)."""
    counts = dict(
        review_round.items.order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in ItemState.values}


def open_rounds_sharing(relations: Iterable[Relation], *, exclude: int | None = None):
    """Open rounds that already hold one of ``relations``."""
    qs = ReviewRound.objects.filter(
        status__in=OPEN_STATUSES, items__relation__in=list(relations)
    ).distinct()
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs


def rounds_compare(a: ReviewRound, b: ReviewRound) -> list[dict[str, Any]]:
    """Per relation in either round: the owner the framework asked in each (from the stored
    assessments) and each round's progress; ``differs`` where the owner or progress differs."""

    def by_relation(r: ReviewRound) -> dict[int, ReviewItem]:
        return {i.relation_id: i for i in round_items(r)}

    ia, ib = by_relation(a), by_relation(b)
    rows = []
    for relation_id in sorted(set(ia) | set(ib), key=lambda k: (ia.get(k) or ib[k]).relation.name):
        x, y = ia.get(relation_id), ib.get(relation_id)
        owner_x = _item_owner(x)
        owner_y = _item_owner(y)
        rows.append(
            {
                "relation": (x or y).relation,  # type: ignore[union-attr]
                "a": x,
                "b": y,
                "owner_a": owner_x,
                "owner_b": owner_y,
                "differs": x is None or y is None or owner_x != owner_y or x.state != y.state,
            }
        )
    return rows


def rounds_compare_rows(a: ReviewRound, b: ReviewRound) -> list[dict[str, Any]]:
    """``rounds_compare`` as the compare page shows it: each owner as a label under its own
    round's framework ('–' where the relation was not assessed)."""
    fw_a, fw_b = load_framework(a.framework), load_framework(b.framework)

    def label(owner: tuple[str, str] | None, fw: Framework) -> str:
        return owner_label(owner[0], owner[1], fw) if owner else "–"

    return [
        {
            **row,
            "owner_a": label(row["owner_a"], fw_a),
            "owner_b": label(row["owner_b"], fw_b),
        }
        for row in rounds_compare(a, b)
    ]


def _item_owner(item: ReviewItem | None) -> tuple[str, str] | None:
    if item is None or item.assessment is None:
        return None
    return item.assessment.routed_owner_kind, item.assessment.routed_owner_portfolio


def actions_open() -> QuerySet[ReviewAction]:
    return ReviewAction.objects.filter(closed_at__isnull=True).select_related(
        "relation", "committee", "owner_person", "round"
    )


def actions_by_owner(*, include_closed: bool = False) -> list[dict[str, Any]]:
    """Actions grouped per owner (a person, or a role where no person holds it), owners by name;
    each group's actions by due date."""
    qs = ReviewAction.objects.select_related("relation", "committee", "owner_person", "round")
    if not include_closed:
        qs = qs.filter(closed_at__isnull=True)
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for action in qs.order_by("due", "relation__name", "pk"):
        key = (
            ("person", str(action.owner_person_id))
            if action.owner_person_id
            else ("role", action.owner_role)
        )
        group = groups.setdefault(
            key,
            {"owner": action_owner_label(action), "actions": [], "overdue": 0},
        )
        group["actions"].append(action)
        group["overdue"] += action_is_overdue(action, timezone.localdate())
    return sorted(groups.values(), key=lambda g: str(g["owner"]).lower())


def action_owner_label(action: ReviewAction) -> str:
    if action.owner_person is not None:
        return action.owner_person.name
    return str(Role(action.owner_role).label) if action.owner_role else ""


def action_is_overdue(action: ReviewAction, today: date) -> bool:
    return action.closed_at is None and action.due < today


def actions_overdue(*, today: date) -> QuerySet[ReviewAction]:
    return actions_open().filter(due__lt=today).order_by("due", "relation__name")


def actions_overdue_for(*, user: User, today: date) -> QuerySet[ReviewAction]:
    """The overdue actions ``user`` owns: as the person linked to the account, or through one of
    the roles the account holds."""
    roles = list(user.groups.values_list("name", flat=True))
    owned = Q(owner_role__in=roles) if roles else Q(pk__in=[])
    person = Person.objects.filter(account=user).first()
    if person is not None:
        owned |= Q(owner_person=person)
    return actions_overdue(today=today).filter(owned)


def action_get(*, pk: int) -> ReviewAction:
    return get_object_or_404(
        ReviewAction.objects.select_related(
            "relation", "committee", "owner_person", "round"
        ).prefetch_related("reminders"),
        pk=pk,
    )


def action_list() -> QuerySet[ReviewAction]:
    return (
        ReviewAction.objects.select_related("relation", "committee", "owner_person", "round")
        .prefetch_related("reminders")
        .order_by("due", "relation__name", "pk")
    )


def action_owned_by(action: ReviewAction, user: User) -> bool:
    """Whether ``user`` owns the action: as the person linked to the account, or, where a role
    carries it, through that role."""
    if not user.is_authenticated:
        return False
    if action.owner_person_id is not None:
        return Person.objects.filter(pk=action.owner_person_id, account=user).exists()
    return user.groups.filter(name=action.owner_role).exists()


def action_may_close(action: ReviewAction, user: User) -> bool:
    """The action's owner closes it; the application manager may close anyone's."""
    return user.has_perm("reviews.close_any_action") or action_owned_by(action, user)


def action_recipients(action: ReviewAction) -> list[str]:
    """The e-mail addresses of the action's owner: the linked person's account, or every active
    account of the role that carries it (sorted, without duplicates)."""
    if action.owner_person is not None:
        account = action.owner_person.account
        users = [account] if account is not None and account.is_active else []
    else:
        users = list(User.objects.filter(groups__name=action.owner_role, is_active=True))
    return sorted({u.email.strip().lower() for u in users if u.email.strip()})


def actions_to_remind(*, today: date) -> list[tuple[ReviewAction, str]]:
    """The open actions whose owner is still to hear of them, with the kind of reminder: past
    their due date ("overdue"), or due within ``REMINDER_LEAD_DAYS`` ("due"). An action already
    reminded of that kind is left out (a reminder goes once)."""
    sent = set(ReviewReminder.objects.values_list("action_id", "kind"))
    out = []
    horizon = today + timedelta(days=REMINDER_LEAD_DAYS)
    for action in actions_open().filter(due__lte=horizon).order_by("due", "pk"):
        kind = ReminderKind.OVERDUE if action.due < today else ReminderKind.DUE
        if (action.pk, kind) not in sent:
            out.append((action, str(kind)))
    return out


def report_get(*, review_round: ReviewRound, pk: int) -> ReviewReport:
    return get_object_or_404(
        ReviewReport.objects.defer("pdf", "docx", "xlsx"), round=review_round, pk=pk
    )


def report_latest(review_round: ReviewRound) -> ReviewReport | None:
    """The round's most recent council report (without its files' bytes)."""
    return review_round.reports.defer("pdf", "docx", "xlsx").order_by("-created_at", "-pk").first()
