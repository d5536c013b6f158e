"""Query parameters of the partners API's list (see intrel.api.filters)."""

import django_filters
from rest_framework import serializers

from intrel.api.filters import ApiFilterSet, ordering_field

from .constants import PartnerKind

PARTNER_ORDERING = {"name": "name", "country": "country"}


class PartnerParameters(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200, help_text="Search in the name.")
    country = serializers.RegexField(
        r"^[A-Za-z]{2}$", required=False, help_text="ISO 3166-1 alpha-2 country code."
    )
    kind = serializers.ChoiceField(choices=PartnerKind.values, required=False)
    ordering = ordering_field(PARTNER_ORDERING)


class PartnerFilterSet(ApiFilterSet):
    parameters = PartnerParameters
    ordering_fields = PARTNER_ORDERING
    default_ordering = ["name", "country", "pk"]
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    # Codes are stored in capitals; either case is asked for.
    country = django_filters.CharFilter(field_name="country", lookup_expr="iexact")
    kind = django_filters.CharFilter(field_name="kind")
