"""Query parameters of the governance API's lists (see intrel.api.filters)."""

from datetime import date
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from intrel.api.filters import ApiFilterSet
from intrel.core.bounds import DECISION_FILTER_YEAR_MAX, DECISION_FILTER_YEAR_MIN

from .constants import Body, DecisionKind
from .selectors import held_on


def _held_on(queryset: QuerySet[Any], name: str, day: date) -> QuerySet[Any]:
    return queryset.filter(held_on(day))


class MembershipParameters(serializers.Serializer):
    committee = serializers.SlugField(required=False)
    date = serializers.DateField(required=False, help_text=gettext_lazy("Seats held that day."))


class CommitteeMembershipFilterSet(ApiFilterSet):
    parameters = MembershipParameters
    committee = django_filters.CharFilter(field_name="committee__slug")
    date = django_filters.DateFilter(method=_held_on)


class MeetingParameters(serializers.Serializer):
    body = serializers.ChoiceField(choices=Body.choices, required=False)
    committee = serializers.SlugField(required=False)


class MeetingFilterSet(ApiFilterSet):
    parameters = MeetingParameters
    body = django_filters.CharFilter(field_name="body")
    committee = django_filters.CharFilter(field_name="committee__slug")


class DecisionParameters(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DecisionKind.choices, required=False)
    year = serializers.IntegerField(
        required=False, min_value=DECISION_FILTER_YEAR_MIN, max_value=DECISION_FILTER_YEAR_MAX
    )


class DecisionFilterSet(ApiFilterSet):
    parameters = DecisionParameters
    kind = django_filters.CharFilter(field_name="kind")
    year = django_filters.NumberFilter(field_name="meeting__date__year")


class CouncilParameters(serializers.Serializer):
    date = serializers.DateField(
        required=False, help_text=gettext_lazy("Seats held that day (the council on a date).")
    )


class CouncilMembershipFilterSet(ApiFilterSet):
    parameters = CouncilParameters
    date = django_filters.DateFilter(method=_held_on)
