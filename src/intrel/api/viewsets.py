"""The base of every API viewset: how an endpoint is put together (see docs/api.md)."""

from typing import Any, ClassVar

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, viewsets

from .permissions import RolePermission
from .throttling import WriteRateThrottle


class ApiViewSet(viewsets.GenericViewSet):
    """Role permission per action, write throttle, validated query parameters, ordering.

    A subclass sets ``permission_map`` (action -> ``app.codename``; unnamed actions are
    refused), optionally ``filter_serializer_class`` (a Serializer of the documented query
    parameters, camelCase) and ``ordering_fields`` (API name -> model field).
    """

    permission_classes = [RolePermission]
    throttle_classes = [WriteRateThrottle]
    metadata_class = None  # OPTIONS is not part of the API: 405
    permission_map: ClassVar[dict[str, str]] = {}
    filter_serializer_class: type[serializers.Serializer] | None = None
    ordering_fields: ClassVar[dict[str, str]] = {}
    default_ordering: ClassVar[list[str]] = []

    @property
    def allowed_methods(self) -> list[str]:
        return [m for m in super().allowed_methods if m != "OPTIONS"]

    def query_params(self) -> dict[str, Any]:
        """The documented query parameters, validated (a bad one is a 400 naming it)."""
        if self.filter_serializer_class is None:
            return {}
        raw = {k: v for k, v in self.request.query_params.items()}
        serializer = self.filter_serializer_class(data=raw)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def order(self, queryset: QuerySet, ordering: str | None) -> QuerySet:
        if not ordering:
            return queryset.order_by(*self.default_ordering) if self.default_ordering else queryset
        desc = ordering.startswith("-")
        field = self.ordering_fields[ordering.lstrip("-")]
        # A unique tie-breaker keeps pages stable.
        return queryset.order_by(f"-{field}" if desc else field, "pk")


def ordering_field(fields: dict[str, str], help_text: str = "") -> serializers.ChoiceField:
    """A documented ``ordering`` parameter: a field name, ``-`` in front for descending."""
    choices = [name for field in fields for name in (field, f"-{field}")]
    return serializers.ChoiceField(
        choices=choices,
        required=False,
        help_text=help_text or "Sort by this field; put `-` in front for descending order.",
    )


# Numeric ids in paths: at most 18 digits, so a lookup never overflows the database's integer.
NUMBER_ID_REGEX = r"[0-9]{1,18}"


def number_id_parameter(description: str) -> OpenApiParameter:
    return OpenApiParameter(
        "id",
        {"type": "integer", "minimum": 1, "maximum": 999_999_999_999_999_999},
        OpenApiParameter.PATH,
        description=description,
    )
