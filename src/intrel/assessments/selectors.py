"""Reads of assessments, and their presentation with the framework's own words."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from intrel.budgets.models import BudgetLine
from intrel.core.formatting import in_language
from intrel.policy import (
    Finding,
    Framework,
    FrameworkError,
    SubjectError,
    UnknownFrameworkError,
    clause_text,
    compare_frameworks,
    known_frameworks,
    load_framework,
    parse_subject,
)
from intrel.relations.models import Relation
from intrel.relations.selectors import relation_to_subject

from .constants import AssessmentFilter
from .models import Assessment


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


_in_language = in_language


def framework_committee_name(*, framework_id: str | None = None) -> str | None:
    """The committee's name as the framework's labels give it, in the interface language and
    capitalised for a heading ("De commissie Internationale Betrekkingen"); None when the
    framework has no committee."""
    framework = framework_get(framework_id)
    names = framework.spec.committee
    if names is None:
        return None
    text = in_language(names.nl, names.en)
    return text[:1].upper() + text[1:]


def framework_get(framework_id: str | None = None) -> Framework:
    return load_framework(framework_id or settings.INTREL_DEFAULT_FRAMEWORK)


def framework_choices() -> list[tuple[str, str]]:
    """The registered frameworks as choices: by id (the only way a request names one), labelled
    with their title in the interface language (the id alone where the file does not load)."""
    choices = []
    for framework_id in known_frameworks():
        try:
            framework = load_framework(framework_id)
        except FrameworkError:
            choices.append((framework_id, framework_id))
            continue
        title = _in_language(framework.title.nl, framework.title.en)
        choices.append((framework_id, f"{title} ({framework_id})" if title else framework_id))
    return choices


def facts_digest(facts: Mapping[str, Any], framework_id: str, version: str) -> str:
    """The fingerprint stored with an assessment: the subject's facts with the framework's id
    and version. Equal fingerprints mean the engine would be asked the same question."""
    blob = json.dumps([facts, framework_id, version], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


StaleReason = Literal["", "never", "facts", "framework"]


@dataclass(frozen=True)
class AssessmentState:
    """What a page shows of a subject's stored assessment: the assessment itself (ready for
    the page, None if none is stored) and whether it still answers today's question."""

    subject_type: str
    subject_key: str
    view: dict[str, Any] | None
    stale: StaleReason

    @property
    def is_stale(self) -> bool:
        return bool(self.stale)


def subject_assessment_state(*, facts: Mapping[str, Any]) -> AssessmentState:
    """The subject's current stored assessment under the installation's framework, and whether
    it is stale: none stored yet, the framework's version changed, or the facts changed since
    it was made (their fingerprint differs from the stored one). Reads only: ADR 0009."""
    framework = framework_get()
    version = str(framework.version)
    subject_type, key = str(facts["subject"]), str(facts["id"])
    current = (
        Assessment.objects.filter(
            subject_type=subject_type, subject_key=key, framework=framework.id, is_current=True
        )
        .select_related("confirmed_by")
        .prefetch_related("overrides__created_by")
        .first()
    )
    stale: StaleReason = ""
    if current is None:
        stale = "never"
    elif current.framework_version != version:
        stale = "framework"
    elif current.facts_digest != facts_digest(facts, framework.id, version):
        stale = "facts"
    return AssessmentState(
        subject_type=subject_type,
        subject_key=key,
        view=assessment_present(current) if current is not None else None,
        stale=stale,
    )


def relation_assessment_state(*, relation: Relation) -> AssessmentState:
    """The relation's stored assessment for its page, with whether it is stale."""
    return subject_assessment_state(facts=relation_to_subject(relation))


def assessment_current(*, relation: Any, framework_id: str | None = None) -> Assessment | None:
    framework = framework_id or settings.INTREL_DEFAULT_FRAMEWORK
    return (
        Assessment.objects.filter(relation=relation, framework=framework, is_current=True)
        .select_related("confirmed_by")
        .prefetch_related("overrides__created_by")
        .first()
    )


def assessments_current_by_relation(
    *, relations: Iterable[Any], framework_id: str | None = None
) -> dict[int, Assessment]:
    """The current assessment of each of ``relations``, by relation id, in one query (and one
    for their overrides): for lists that show every relation's standing."""
    framework = framework_id or settings.INTREL_DEFAULT_FRAMEWORK
    found = (
        Assessment.objects.filter(
            relation__in=[r.pk for r in relations], framework=framework, is_current=True
        )
        .select_related("confirmed_by")
        .prefetch_related("overrides__created_by")
    )
    return {a.relation_id: a for a in found if a.relation_id is not None}


def owner_label(kind: str | None, portfolio: str | None, framework: Framework) -> str:
    """How an owner reads in the interface: 'portefeuille Economische Zaken' (no code in a
    sentence; the code only when the framework gives the portfolio no name)."""
    if kind == "portfolio":
        names = framework.portfolio_names.get(portfolio or "")
        name = _in_language(names.nl, names.en) if names else ""
        if name:
            return _("the %(name)s portfolio") % {"name": name}
        return _("portfolio %(code)s") % {"code": portfolio or "?"}
    committee = framework.spec.committee
    if kind == "committee" and committee is not None:
        return _in_language(committee.nl, committee.en)
    return {
        "committee": _("the International Relations committee"),
        "executive_board": _("the executive board"),
        "civil_society": _("civil society"),
        "none": _("no owner (rests on neither pillar)"),
    }.get(kind or "none", kind or "")


def _clauses(ids: list[str], framework: Framework) -> list[dict[str, str]]:
    out = []
    for clause_id in ids:
        try:
            spec = framework.clauses[clause_id]
        except KeyError:
            continue
        out.append(
            {
                "id": clause_id,
                "section": spec.section,
                "text": clause_text(framework, clause_id, _lang()),
                "nl": spec.nl,
                "en": spec.en,
            }
        )
    return out


def _severity_label(severity: str) -> str:
    return {
        "violation": _("violation"),
        "warning": _("warning"),
        "info": _("information"),
    }.get(severity, severity)


def _day(value: str) -> date | str:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


def assessment_present(assessment: Assessment) -> dict[str, Any]:
    """Everything a page shows of an assessment, in the active language."""
    try:
        framework = framework_get(assessment.framework)
    except UnknownFrameworkError:
        framework = framework_get()
    decision = assessment.decision
    overrides = {o.target: o for o in assessment.overrides.all()}
    view: dict[str, Any] = {
        "assessment": assessment,
        "framework_title": _in_language(framework.title.nl, framework.title.en),
        "framework_id": assessment.framework,
        "framework_version": assessment.framework_version,
        "as_of": assessment.as_of,
        "trace": decision.get("trace", []),
        "overrides": overrides,
        "targets": [],
    }
    pillars = decision.get("pillars")
    if pillars:
        view["pillars"] = [
            {
                "key": key,
                "name": _("Solidarity") if key == "solidarity" else _("Added value"),
                "applies": p["applies"],
                "because": _in_language(p["because"], p.get("because_en")),
                "domains": p.get("domains", []),
                "clauses": _clauses(p["clauses"], framework),
            }
            for key, p in (
                ("solidarity", pillars["solidarity"]),
                ("added_value", pillars["added_value"]),
            )
        ]
    owner = decision.get("owner")
    if owner:
        registered = assessment.facts.get("owner") or {}
        view["owner"] = {
            "label": owner_label(owner["kind"], owner.get("portfolio"), framework),
            "kind": owner["kind"],
            "because": _in_language(owner["because"], owner.get("because_en")),
            "clauses": _clauses(owner["clauses"], framework),
            "registered_label": owner_label(
                registered.get("kind"), registered.get("portfolio"), framework
            ),
            "differs": (registered.get("kind"), registered.get("portfolio"))
            != (owner["kind"], owner.get("portfolio")),
            "override": overrides.get("owner"),
        }
        view["targets"].append(("owner", _("Owner")))
    view["findings"] = [
        {
            "code": f["code"],
            "severity": f["severity"],
            "severity_label": _severity_label(f["severity"]),
            "message": _in_language(f["message"], f["message_en"]),
            "clauses": _clauses(f["clauses"], framework),
            "override": overrides.get(f"finding:{f['code']}"),
        }
        for f in decision.get("findings", [])
    ]
    view["actions"] = [
        {
            "code": a["code"],
            "effective_from": _day(a["effective_from"]),
            "description": _in_language(a["description"], a["description_en"]),
            "clauses": _clauses(a["clauses"], framework),
            "override": overrides.get(f"action:{a['code']}"),
        }
        for a in decision.get("actions", [])
    ]
    view["targets"] += [(f"finding:{f['code']}", f["message"]) for f in view["findings"]]
    view["targets"] += [(f"action:{a['code']}", a["description"]) for a in view["actions"]]
    return view


def assessments_needing_attention(*, framework_id: str | None = None) -> QuerySet[Assessment]:
    """Current relation assessments with a violation or a warning (a warning needs a human look:
    e.g. a relation registered with another owner than the framework routes it to)."""
    framework = framework_id or settings.INTREL_DEFAULT_FRAMEWORK
    return (
        # Relations only: other subjects (budget lines) have no owner and their own start-page card.
        Assessment.objects.filter(is_current=True, framework=framework, relation__isnull=False)
        .filter(Q(violation_count__gt=0) | Q(warning_count__gt=0))
        .select_related("relation")
        .prefetch_related("overrides")
        .order_by("routed_owner_kind", "routed_owner_portfolio", "subject_key")
    )


# The start page names this many relations per owner and counts the rest (issue 19: a register of
# thousands of relations must not make the start page list them all).
SHOWN_PER_OWNER = 10


def violations_by_owner(*, framework_id: str | None = None) -> list[dict[str, Any]]:
    """Current assessments with violations or warnings, grouped by the owner the framework
    routes to (the start page): per owner the count, the first :data:`SHOWN_PER_OWNER`
    assessments and how many more there are.

    One query counts the groups (from ``assessment_attention_idx`` alone); one (with its
    overrides) loads the first rows of every owner at once, without the stored facts and
    decision (which the start page does not show): per owner the first ids by subject, read
    from the same index with a LIMIT. Neither the number of queries nor the rows loaded grow
    with the register (issue 19)."""
    framework = framework_get(framework_id)
    needing = assessments_needing_attention(framework_id=framework_id)
    counts = sorted(
        needing.order_by()
        .values_list("routed_owner_kind", "routed_owner_portfolio")
        # COUNT(*), not of a column: read from the index alone (an index-only scan).
        .annotate(n=Count("*"))
    )
    shown: dict[tuple[str, str], list[Assessment]] = {}
    if counts:
        # Per owner its first ids (a sliced subquery each, which SQLite allows inside IN but
        # not as a part of a UNION); the parts joined with UNION ALL: one query in all.
        firsts = [
            Assessment.objects.filter(
                pk__in=needing.filter(routed_owner_kind=kind, routed_owner_portfolio=portfolio)
                .order_by("subject_key")
                .values("pk")[:SHOWN_PER_OWNER]
            )
            .order_by()
            .values("pk")
            for kind, portfolio, _count in counts
        ]
        first = needing.defer("facts", "decision").filter(
            pk__in=firsts[0].union(*firsts[1:], all=True)
        )
        for assessment in first:
            owner = (assessment.routed_owner_kind, assessment.routed_owner_portfolio)
            shown.setdefault(owner, []).append(assessment)
    groups = []
    for kind, portfolio, count in counts:
        rows = shown.get((kind, portfolio), [])
        groups.append(
            {
                "owner": owner_label(kind or "none", portfolio or None, framework),
                "assessments": rows,
                "count": count,
                "more": count - len(rows),
            }
        )
    return groups


def _current_relation_assessments(framework_id: str | None = None) -> QuerySet[Assessment]:
    framework = framework_id or settings.INTREL_DEFAULT_FRAMEWORK
    return Assessment.objects.filter(is_current=True, framework=framework, relation__isnull=False)


def assessment_filter_choices() -> list[tuple[str, str]]:
    """The work-list filters of the relation list, in the active language."""
    return [(str(value), str(label)) for value, label in AssessmentFilter.choices]


def _in_state(
    assessments: QuerySet[Assessment], state: str, *, owner_kind: Any, owner_portfolio: Any
) -> QuerySet[Assessment]:
    """``assessments`` narrowed to the work-list ``state`` (an :class:`AssessmentFilter` value);
    ``owner_kind``/``owner_portfolio`` name the relation's registered owner (an ``OuterRef`` in a
    subquery, an ``F`` across the join)."""
    if state == AssessmentFilter.CONFLICTING:
        return assessments.filter(violation_count__gt=0)
    if state == AssessmentFilter.WARNING:
        return assessments.filter(warning_count__gt=0)
    if state == AssessmentFilter.UNCONFIRMED:
        return assessments.filter(confirmed_at__isnull=True)
    if state == AssessmentFilter.OVERRIDDEN:
        return assessments.filter(overrides__isnull=False).distinct()
    if state == AssessmentFilter.OWNER:
        # The framework routes the relation to an owner other than the registered one ("none":
        # the framework routes it nowhere, which the phase-out findings say, not a move).
        return (
            assessments.filter(relation__isnull=False)
            .exclude(routed_owner_kind__in=("", "none"))
            .exclude(routed_owner_kind=owner_kind, routed_owner_portfolio=owner_portfolio)
        )
    raise ValueError(f"unknown assessment filter {state!r}")


def relations_by_assessment(
    qs: QuerySet[Relation], state: str, *, framework_id: str | None = None
) -> QuerySet[Relation]:
    """The relations of ``qs`` whose current assessment is in ``state`` (an
    :class:`AssessmentFilter` value): the relation list as a work list (issue 17)."""
    current = _current_relation_assessments(framework_id).filter(relation=OuterRef("pk"))
    current = _in_state(
        current,
        state,
        owner_kind=OuterRef("owner_kind"),
        owner_portfolio=OuterRef("owner_portfolio"),
    )
    return qs.filter(Exists(current))


def assessments_in_state(qs: QuerySet[Assessment], state: str) -> QuerySet[Assessment]:
    """The assessments of ``qs`` in the work-list ``state``: the API's ``state`` filter, the
    same five as the relation list's (issue 17)."""
    return _in_state(
        qs,
        state,
        owner_kind=F("relation__owner_kind"),
        owner_portfolio=F("relation__owner_portfolio"),
    )


def relation_assessment_summaries(
    relations: Iterable[Relation], *, framework_id: str | None = None
) -> dict[int, Assessment]:
    """Each relation's current assessment (without its facts and decision), with
    ``override_count``, in one query: what the relation list shows per row."""
    ids = [r.pk for r in relations]
    rows = (
        _current_relation_assessments(framework_id)
        .filter(relation_id__in=ids)
        .defer("facts", "decision")
        .annotate(override_count=Count("overrides"))
    )
    return {a.relation_id: a for a in rows if a.relation_id is not None}


def assessments_awaiting_confirmation(*, framework_id: str | None = None) -> QuerySet[Assessment]:
    framework = framework_id or settings.INTREL_DEFAULT_FRAMEWORK
    return (
        Assessment.objects.filter(
            is_current=True, framework=framework, confirmed_at__isnull=True, relation__isnull=False
        )
        .select_related("relation")
        .order_by("-violation_count", "subject_key")
    )


def other_subjects_with_violations(*, framework_id: str | None = None) -> list[Assessment]:
    """The committee, as it stands today, where it conflicts with the framework (the start
    page heads them with :func:`framework_committee_name`).

    (Budget lines have their own card on the start page, from the budgets app.)"""
    framework = framework_id or settings.INTREL_DEFAULT_FRAMEWORK
    return list(
        Assessment.objects.filter(
            is_current=True,
            framework=framework,
            violation_count__gt=0,
            subject_type="committee",
        ).order_by("subject_type", "subject_key")
    )


def _finding_row(finding: Finding) -> dict[str, str]:
    return {
        "severity": finding.severity.value,
        "severity_label": _severity_label(finding.severity),
        "message": _in_language(finding.message, finding.message_en),
    }


def framework_comparison(*, a: Framework, b: Framework, as_of: date) -> dict[str, Any]:
    """Every relation of the register judged under framework ``a`` and under ``b`` on
    ``as_of``: per relation whose outcome differs, what changes (owner, pillars, findings and
    actions, matched by code), in the interface language; and how many do not change.

    Relations whose facts break the contract cannot be judged: they are counted apart."""
    relations = (
        Relation.objects.select_related("partner")
        .prefetch_related("parties", "agreements", "involvements", "activities")
        .order_by("slug")
    )
    subjects, by_slug, unassessable = [], {}, []
    for relation in relations:
        try:
            subjects.append(parse_subject(relation_to_subject(relation)))
        except SubjectError:
            unassessable.append(relation)
        else:
            by_slug[relation.slug] = relation
    result = compare_frameworks(a, b, subjects, as_of)
    rows = []
    for c in result.changed:
        row: dict[str, Any] = {"relation": by_slug[c.id]}
        if c.owner_changed:
            before, after = c.owner_before or {}, c.owner_after or {}
            row["owner"] = {
                "before": owner_label(before.get("kind"), before.get("portfolio"), a),
                "after": owner_label(after.get("kind"), after.get("portfolio"), b),
            }
        pillars_before, pillars_after = c.pillars_before or {}, c.pillars_after or {}
        row["pillars"] = [
            {"name": name, "before": pillars_before.get(key), "after": pillars_after.get(key)}
            for key, name in (("solidarity", _("Solidarity")), ("added_value", _("Added value")))
            if pillars_before.get(key) != pillars_after.get(key)
        ]
        row["findings_added"] = [_finding_row(f) for f in c.findings_added]
        row["findings_removed"] = [_finding_row(f) for f in c.findings_removed]
        row["severity_changed"] = [
            {
                "message": _in_language(new.message, new.message_en),
                "before": _severity_label(old.severity),
                "after": _severity_label(new.severity),
            }
            for old, new in c.severity_changed
        ]
        row["actions_added"] = [
            {
                "description": _in_language(x.description, x.description_en),
                "from": x.effective_from,
            }
            for x in c.actions_added
        ]
        row["actions_removed"] = [
            {
                "description": _in_language(x.description, x.description_en),
                "from": x.effective_from,
            }
            for x in c.actions_removed
        ]
        rows.append(row)
    return {
        "a_title": _in_language(a.title.nl, a.title.en),
        "b_title": _in_language(b.title.nl, b.title.en),
        "a_id": a.id,
        "b_id": b.id,
        "as_of": as_of,
        "rows": rows,
        "relations": len(by_slug) + len(unassessable),
        "changed": len(rows),
        "unchanged": result.unchanged,
        "unassessable": unassessable,
    }


# --- the other subjects: budget lines, portfolios -------------------------------------------------


def budget_line_assessment(*, line: BudgetLine) -> Assessment | None:
    """The current stored assessment of the line under the adopted framework, or None."""
    return (
        Assessment.objects.filter(
            subject_type="budget_line",
            subject_key=line.slug,
            framework=settings.INTREL_DEFAULT_FRAMEWORK,
            is_current=True,
        )
        .prefetch_related("overrides")
        .first()
    )


def budget_lines_with_violations() -> list[tuple[BudgetLine, int]]:
    """Lines whose current assessment has a violation (for the start page)."""
    keys = dict(
        Assessment.objects.filter(
            subject_type="budget_line",
            framework=settings.INTREL_DEFAULT_FRAMEWORK,
            is_current=True,
            violation_count__gt=0,
        ).values_list("subject_key", "violation_count")
    )
    lines = BudgetLine.objects.filter(slug__in=keys).order_by("-year", "name")
    return [(line, keys[line.slug]) for line in lines]


def relations_routed_to_portfolios() -> dict[str, list[Relation]]:
    """Per portfolio code, the relations the framework routes to it (current assessments under
    the adopted framework), by name: the portfolio overview shows them."""
    routed: dict[str, list[Relation]] = {}
    for assessment in (
        Assessment.objects.filter(
            is_current=True,
            framework=settings.INTREL_DEFAULT_FRAMEWORK,
            routed_owner_kind="portfolio",
            relation__isnull=False,
        )
        .select_related("relation")
        .order_by("relation__name")
    ):
        assert assessment.relation is not None  # filtered above
        routed.setdefault(assessment.routed_owner_portfolio, []).append(assessment.relation)
    return routed


def assessment_list() -> QuerySet[Assessment]:
    """Stored assessments with who confirmed and overrode them, by subject, newest first."""
    return (
        Assessment.objects.select_related("confirmed_by")
        .prefetch_related("overrides__created_by")
        .order_by("subject_type", "subject_key", "-pk")
    )
