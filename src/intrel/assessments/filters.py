"""Query parameters of the assessments API's list (see intrel.api.filters)."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from rest_framework import serializers

from intrel.api.filters import ApiFilterSet
from intrel.core.filters import SHOWN_CHARS
from intrel.policy import known_frameworks

from .constants import AssessmentFilter
from .selectors import assessments_in_state


def validate_framework_id(value: str) -> None:
    """A framework named in a request: one of the registered ids, never a path (issue 9.1). The
    refusal repeats no more of the value than a page's filter notice does."""
    known = list(known_frameworks())
    if value not in known:
        raise serializers.ValidationError(
            _("Unknown framework '%(id)s'. Known: %(known)s.")
            % {"id": Truncator(value).chars(SHOWN_CHARS), "known": ", ".join(known)}
        )


class AssessmentParameters(serializers.Serializer):
    subjectType = serializers.ChoiceField(
        choices=["relation", "committee", "budget_line"], required=False
    )
    subjectId = serializers.CharField(required=False, help_text="The subject's id (slug).")
    framework = serializers.CharField(
        required=False,
        validators=[validate_framework_id],
        help_text="Framework id (one of GET /frameworks).",
    )
    current = serializers.BooleanField(
        required=False, default=True, help_text="Only current assessments (default true)."
    )
    violations = serializers.BooleanField(
        required=False, help_text="true: only those with violations; false: only those without."
    )
    state = serializers.ChoiceField(
        choices=AssessmentFilter.values,
        required=False,
        help_text=(
            "The work list, as on the relation list: `conflicting` (violations), `warning`, "
            "`unconfirmed` (awaiting confirmation), `overridden`, `owner_to_move` (the framework "
            "routes the relation to another owner than the registered one)."
        ),
    )


def _current(queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
    # false is "current or not", not "only the superseded ones".
    return queryset.filter(is_current=True) if value else queryset


def _violations(queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
    return queryset.filter(violation_count__gt=0) if value else queryset.filter(violation_count=0)


def _state(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    return assessments_in_state(queryset, value)


class AssessmentFilterSet(ApiFilterSet):
    parameters = AssessmentParameters
    subjectType = django_filters.CharFilter(field_name="subject_type")
    subjectId = django_filters.CharFilter(field_name="subject_key")
    framework = django_filters.CharFilter(field_name="framework")
    current = django_filters.BooleanFilter(method=_current)
    violations = django_filters.BooleanFilter(method=_violations)
    state = django_filters.CharFilter(method=_state)
