"""Reads for the start page: each capability adds what needs attention.

The start page is the top layer (ADR 0008): it may read from every app, and no app reads from
it."""

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from intrel.accounts.models import User
from intrel.assessments.selectors import (
    assessments_awaiting_confirmation,
    budget_lines_with_violations,
    framework_committee_name,
    other_subjects_with_violations,
    violations_by_owner,
)
from intrel.imports.models import ImportBatch
from intrel.relations.models import Relation


def attention_for(*, user: User | AnonymousUser) -> dict[str, Any]:
    """What needs ``user``'s attention, by what the user may see (nothing for a visitor who
    is not signed in: an anonymous user holds no permission)."""
    context: dict[str, Any] = {}
    if user.has_perm("relations.view_relation"):
        since = timezone.now() - timedelta(days=30)
        context["recent_relations"] = (
            Relation.objects.filter(updated_at__gte=since)
            .select_related("partner")
            .order_by("-updated_at")[:10]
        )
        context["unverified_relations"] = (
            Relation.objects.filter(verified=False).select_related("partner").order_by("name")[:10]
        )
        context["unverified_count"] = Relation.objects.filter(verified=False).count()
    if user.has_perm("assessments.view_assessment"):
        context["other_violations"] = other_subjects_with_violations()
        context["committee_name"] = framework_committee_name()

        context["violations_by_owner"] = violations_by_owner()
        awaiting = assessments_awaiting_confirmation()
        context["awaiting_confirmation"] = awaiting.defer("facts", "decision")[:10]
        context["awaiting_count"] = awaiting.count()
    if user.has_perm("budgets.view_budgetline"):
        # Budget lines in conflict with the framework (e.g. BES-11: solidarity not with the
        # committee), counted apart from relations: a line has no owner to group by.
        context["budget_line_violations"] = budget_lines_with_violations()
    if user.has_perm("imports.view_importbatch"):
        # Uploads refused for problems, and twin-towns seeds that could not read some rows.
        context["problem_imports"] = ImportBatch.objects.filter(problem_count__gt=0).defer(
            "rows", "problems"
        )[:5]
    return context
