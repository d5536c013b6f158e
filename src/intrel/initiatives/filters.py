"""Query parameters of the initiatives API's list (see intrel.api.filters)."""

import django_filters
from rest_framework import serializers

from intrel.api.filters import ApiFilterSet

from .constants import Step


class InitiativeParameters(serializers.Serializer):
    step = serializers.ChoiceField(choices=Step.values, required=False)
    country = serializers.RegexField(
        r"^[A-Za-z]{2}$", required=False, help_text="ISO 3166-1 alpha-2 code, e.g. UG."
    )


class InitiativeFilterSet(ApiFilterSet):
    parameters = InitiativeParameters
    step = django_filters.CharFilter(field_name="step")
    country = django_filters.CharFilter(field_name="country", lookup_expr="iexact")
