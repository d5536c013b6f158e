"""Query parameters of the budgets API's lists (see intrel.api.filters)."""

import django_filters
from rest_framework import serializers

from intrel.api.filters import ApiFilterSet
from intrel.core.bounds import BUDGET_YEAR_MAX, BUDGET_YEAR_MIN

from .constants import HolderKind, LinePurpose


class LineParameters(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=BUDGET_YEAR_MIN, max_value=BUDGET_YEAR_MAX, required=False
    )
    heldBy = serializers.ChoiceField(choices=HolderKind.values, required=False)
    purpose = serializers.ChoiceField(choices=LinePurpose.values, required=False)


class BudgetLineFilterSet(ApiFilterSet):
    parameters = LineParameters
    year = django_filters.NumberFilter(field_name="year")
    heldBy = django_filters.CharFilter(field_name="holder_kind")
    purpose = django_filters.CharFilter(field_name="purpose")


class TransferParameters(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=BUDGET_YEAR_MIN, max_value=BUDGET_YEAR_MAX, required=False
    )


class TransferFilterSet(ApiFilterSet):
    parameters = TransferParameters
    # A transfer belongs to the year of the lines it moves between (source and target alike).
    year = django_filters.NumberFilter(field_name="source__year")
