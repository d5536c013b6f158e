"""Assessing the contract's other subjects: committees and budget lines.

The orchestration layer (ADR 0008): each register app builds its subject's facts
(``governance.selectors.committee_to_subject``, ``budgets.selectors.budget_line_to_subject``);
this module hands them to the engine and stores the decision (``services.subject_assess``).
Relations, the first subject, are assessed in ``services``.
"""

from datetime import date
from typing import Any

from django.utils import timezone

from intrel.budgets.models import BudgetLine
from intrel.budgets.selectors import budget_line_to_subject
from intrel.governance.models import Committee
from intrel.governance.selectors import committee_stored_facts
from intrel.relations.models import Relation

from .constants import SubjectType
from .models import Assessment
from .services import relation_assess, subject_assess


def committee_assess_and_store(
    *, committee: Committee, framework_id: str | None = None, as_of: date | None = None
) -> Any:
    """Store the assessment of the committee (confirmable and overridable like a relation's).

    The subject is the committee as it stands on ``as_of`` (default today), without its date,
    so a new assessment is stored only when the composition or the framework changes;
    ``framework_id`` defaults to the installation's framework.
    """
    day = as_of or timezone.localdate()
    facts = committee_stored_facts(committee, day)
    return subject_assess(facts=facts, framework_id=framework_id, as_of=day)


def committees_assess_all(*, framework_id: str | None = None, as_of: date | None = None) -> int:
    """Store the assessment of every committee under ``framework_id`` on ``as_of`` (default:
    the installation's framework, today); ``intrel assess_all`` runs it."""
    count = 0
    for committee in Committee.objects.order_by("pk"):
        committee_assess_and_store(committee=committee, framework_id=framework_id, as_of=as_of)
        count += 1
    return count


def budget_line_assess(
    *, line: BudgetLine, framework_id: str | None = None, as_of: date | None = None
) -> Any:
    """Assess the line as the contract's ``budget_line`` subject, as of ``as_of`` (default: its
    year's end) under ``framework_id`` (default: the installation's framework)."""
    facts = budget_line_to_subject(line)
    if as_of is not None:
        facts["as_of"] = as_of.isoformat()
    return subject_assess(
        facts=facts,
        framework_id=framework_id,
        as_of=as_of or date(line.year, 12, 31),
    )


def budget_lines_assess_all(*, framework_id: str | None = None, as_of: date | None = None) -> int:
    """Assess every budget line (``intrel assess_all`` runs it)."""
    count = 0
    for line in BudgetLine.objects.select_related("portfolio").order_by("pk"):
        budget_line_assess(line=line, framework_id=framework_id, as_of=as_of)
        count += 1
    return count


def subject_reassess(*, subject_type: str, key: str) -> Assessment:
    """Assess one stored subject now, on its current facts, under the installation's framework
    (the page's re-assess button; ADR 0009). Raises the model's ``DoesNotExist`` for an unknown
    subject, ``KeyError`` for an unknown type and ``SubjectError`` for facts the contract
    cannot read."""
    if subject_type == SubjectType.RELATION:
        return relation_assess(relation=Relation.objects.select_related("partner").get(slug=key))
    assessment: Assessment
    if subject_type == SubjectType.COMMITTEE:
        assessment = committee_assess_and_store(committee=Committee.objects.get(slug=key))
    elif subject_type == SubjectType.BUDGET_LINE:
        line = BudgetLine.objects.select_related("portfolio").get(slug=key)
        assessment = budget_line_assess(line=line)
    else:
        raise KeyError(subject_type)
    return assessment
