"""Query parameters of the register's API lists (see intrel.api.filters)."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from rest_framework import serializers

from intrel.api.filters import ApiFilterSet, ordering_field
from intrel.core.bounds import SLUG_REGEX

from . import selectors
from .constants import ActivityKind, Actor, Purpose, RegisteredKind, Sector, Status

RELATION_ORDERING = {
    "name": "name",
    "id": "slug",
    "status": "status",
    "registeredKind": "registered_kind",
    "startDate": "start_date",
    "updatedAt": "updated_at",
}
ACTIVITY_ORDERING = {"date": "date", "title": "title"}


class RelationParameters(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=200, help_text="Search in name, id, partner and description."
    )
    registeredKind = serializers.ChoiceField(choices=RegisteredKind.values, required=False)
    status = serializers.ChoiceField(choices=Status.values, required=False)
    country = serializers.RegexField(
        r"^[A-Za-z]{2}$", required=False, help_text="The partner's ISO 3166-1 alpha-2 country."
    )
    purpose = serializers.ChoiceField(choices=Purpose.values, required=False)
    owner = serializers.RegexField(
        r"^[a-z_]+(:[A-Z][A-Z0-9_]{0,15})?$",
        required=False,
        help_text="Owner kind, optionally with a portfolio: `committee`, `portfolio:EZ`.",
    )
    verified = serializers.BooleanField(required=False, allow_null=True, default=None)
    endingWithinDays = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=3660,
        help_text=(
            "Only those with an agreement or involvement ending within this many days from "
            "today, or being ended (status `ending`)."
        ),
    )
    ordering = ordering_field(RELATION_ORDERING)


def _lookup(selector: Any) -> Any:
    """A filter ``method`` that applies one of the selectors' lookups to the queryset."""

    def method(queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return selector(queryset, value)

    return method


class RelationFilterSet(ApiFilterSet):
    """The list page's filters (``relation_list``), as query parameters."""

    parameters = RelationParameters
    ordering_fields = RELATION_ORDERING
    q = django_filters.CharFilter(method=_lookup(selectors.relations_matching))
    registeredKind = django_filters.CharFilter(field_name="registered_kind")
    status = django_filters.CharFilter(field_name="status")
    country = django_filters.CharFilter(method=_lookup(selectors.relations_in_country))
    purpose = django_filters.CharFilter(method=_lookup(selectors.relations_with_purpose))
    owner = django_filters.CharFilter(method=_lookup(selectors.relations_owned_by))
    verified = django_filters.BooleanFilter(field_name="verified")
    endingWithinDays = django_filters.NumberFilter(method="_ending_within")

    def _ending_within(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return selectors.relations_ending_within(queryset, int(value))


class RelationChildParameters(serializers.Serializer):
    relation = serializers.RegexField(
        f"^{SLUG_REGEX}$", required=False, help_text="Only those of this relation (its id)."
    )


class PartyParameters(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200, help_text="Search in the name.")
    sector = serializers.ChoiceField(choices=Sector.values, required=False)
    relation = serializers.RegexField(
        f"^{SLUG_REGEX}$", required=False, help_text="Only those taking part in this relation."
    )


class InvolvementParameters(RelationChildParameters):
    actor = serializers.ChoiceField(choices=Actor.values, required=False)


class ActivityParameters(RelationChildParameters):
    kind = serializers.ChoiceField(choices=ActivityKind.values, required=False)
    ordering = ordering_field(ACTIVITY_ORDERING)


class PartyFilterSet(ApiFilterSet):
    parameters = PartyParameters
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    sector = django_filters.CharFilter(field_name="sector")
    relation = django_filters.CharFilter(field_name="relations__slug")


class AgreementFilterSet(ApiFilterSet):
    parameters = RelationChildParameters
    relation = django_filters.CharFilter(field_name="relation__slug")


class InvolvementFilterSet(ApiFilterSet):
    parameters = InvolvementParameters
    relation = django_filters.CharFilter(field_name="relation__slug")
    actor = django_filters.CharFilter(field_name="actor")


class ActivityFilterSet(ApiFilterSet):
    parameters = ActivityParameters
    ordering_fields = ACTIVITY_ORDERING
    default_ordering = ["-date", "title", "pk"]
    relation = django_filters.CharFilter(field_name="relation__slug")
    kind = django_filters.CharFilter(field_name="kind")
