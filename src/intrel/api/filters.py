"""Query parameters of list operations: declared once per resource, applied by django-filter.

A resource's filters are an ``ApiFilterSet`` (in ``<app>/filters.py``): one django-filter
``Filter`` per documented parameter, naming its lookup (``field_name``/``lookup_expr``) or a
selector's lookup (``method``). What a parameter accepts is said once, by the set's
``parameters`` serializer (camelCase names, ``ChoiceField``s for enums, bounds): it validates
the request (a bad value is a 400 problem naming the parameter) and it is what the OpenAPI
document shows for the operation (``ApiFilterExtension``). Sorting is part of the set too:
``ordering_fields`` (API name -> model field) and ``default_ordering``. See ADR 0010.
"""

from typing import Any, ClassVar

import django_filters
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiFilterExtension
from drf_spectacular.plumbing import build_parameter_type
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import ValidationError


def ordering_field(fields: dict[str, str], help_text: str = "") -> serializers.ChoiceField:
    """A documented ``ordering`` parameter: a field name, ``-`` in front for descending."""
    choices = [name for field in fields for name in (field, f"-{field}")]
    return serializers.ChoiceField(
        choices=choices,
        required=False,
        help_text=help_text or "Sort by this field; put `-` in front for descending order.",
    )


class ApiFilterSet(django_filters.FilterSet):
    """The documented query parameters of one list: validated, then applied filter by filter.

    A subclass sets ``parameters`` (a Serializer of the parameters) and declares one ``Filter``
    per parameter with the same name; ``ordering`` is not a filter but ``ordering_fields``.
    """

    parameters: ClassVar[type[serializers.Serializer[Any]]]
    ordering_fields: ClassVar[dict[str, str]] = {}
    default_ordering: ClassVar[list[str]] = []

    def __init__(self, data: Any = None, queryset: Any = None, **kwargs: Any) -> None:
        super().__init__(data, queryset, **kwargs)
        # One value per parameter (the last, as ``QueryDict.get`` gives it).
        raw = {key: value for key, value in (data or {}).items()}
        self.parameter_serializer = self.parameters(data=raw)

    def is_valid(self) -> bool:
        return self.parameter_serializer.is_valid()

    @property
    def errors(self) -> Any:
        self.is_valid()
        return self.parameter_serializer.errors

    @property
    def values(self) -> dict[str, Any]:
        """The validated parameters (with their defaults); raises a 400 when one is bad."""
        self.parameter_serializer.is_valid(raise_exception=True)
        return dict(self.parameter_serializer.validated_data)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        values = self.values
        for name, value in values.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return self.order(queryset, values.get("ordering"))

    def order(self, queryset: QuerySet[Any], ordering: str | None) -> QuerySet[Any]:
        if not ordering:
            return queryset.order_by(*self.default_ordering) if self.default_ordering else queryset
        desc = ordering.startswith("-")
        field = self.ordering_fields[ordering.lstrip("-")]
        # A unique tie-breaker keeps pages stable.
        return queryset.order_by(f"-{field}" if desc else field, "pk")


class ApiFilterBackend(DjangoFilterBackend):
    """Applies a viewset's ``filterset_class`` to its list; a bad parameter is a 400 naming it."""

    def get_filterset_class(self, view: Any, queryset: Any = None) -> Any:
        if getattr(view, "action", None) != "list":
            return None  # filters belong to lists; other actions take no filter parameters
        return getattr(view, "filterset_class", None)

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset.qs


class ApiFilterExtension(OpenApiFilterExtension):
    """The OpenAPI parameters of a list: those of its filter set's ``parameters`` serializer."""

    target_class = "intrel.api.filters.ApiFilterBackend"
    priority = 1  # before drf-spectacular's own extension for DjangoFilterBackend

    def get_schema_operation_parameters(
        self, auto_schema: Any, *args: Any, **kwargs: Any
    ) -> list[dict[str, Any]]:
        view = auto_schema.view
        filterset_class = getattr(view, "filterset_class", None)
        if getattr(view, "action", None) != "list" or filterset_class is None:
            return []
        serializer = filterset_class.parameters()
        mapped = auto_schema._map_serializer(serializer, "request")
        parameters = []
        for name, schema in mapped["properties"].items():
            field = serializer.fields.get(name)
            parameters.append(
                build_parameter_type(
                    name=name,
                    schema=schema,
                    description=schema.pop("description", None),
                    location=OpenApiParameter.QUERY,
                    allow_blank=getattr(field, "allow_blank", True),
                    required=bool(name in mapped.get("required", [])),
                )
            )
        return parameters
