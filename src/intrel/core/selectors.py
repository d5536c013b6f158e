"""Reads for the start page: each capability adds what needs attention."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from intrel.imports.constants import ImportState
from intrel.imports.models import ImportBatch
from intrel.relations.models import Relation


def attention_for(*, user: Any) -> dict[str, Any]:
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
    if user.has_perm("imports.view_importbatch"):
        context["problem_imports"] = ImportBatch.objects.filter(state=ImportState.INVALID)[:5]
    return context
