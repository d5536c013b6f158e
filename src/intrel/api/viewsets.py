"""The base of every API resource: how an endpoint is put together (see docs/api.md, ADR 0010)."""

from typing import Any, ClassVar

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from intrel.core.bounds import SLUG_REGEX

from .exceptions import invalid
from .filters import ApiFilterBackend, ApiFilterSet
from .permissions import RolePermission
from .throttling import WriteRateThrottle

# Identifiers in paths, said once for every resource. Slugs: the register's ids (core.bounds).
# Numeric ids: at most 18 digits, so a lookup never overflows the database's integer.
NUMBER_ID_REGEX = r"[0-9]{1,18}"
NUMBER_ID_MAX = 999_999_999_999_999_999


class ApiViewSet(viewsets.GenericViewSet):
    """Role permission per action, write throttle, documented filters, no OPTIONS.

    A subclass sets ``permission_map`` (action -> ``app.codename``; unnamed actions are
    refused) and, for a list with query parameters, ``filterset_class`` (an
    ``intrel.api.filters.ApiFilterSet``). Query parameters of other operations (``asOf``,
    ``date``) are read with ``query(SerializerClass)``.
    """

    permission_classes = [RolePermission]
    throttle_classes = [WriteRateThrottle]
    filter_backends = [ApiFilterBackend]
    metadata_class = None  # OPTIONS is not part of the API: 405
    permission_map: ClassVar[dict[str, str]] = {}
    filterset_class: type[ApiFilterSet] | None = None

    @property
    def allowed_methods(self) -> list[str]:
        return [m for m in super().allowed_methods if m != "OPTIONS"]

    def query(self, serializer_class: type[serializers.Serializer[Any]]) -> dict[str, Any]:
        """Query parameters of a non-list operation, validated (a bad one is a 400 naming it)."""
        serializer = serializer_class(data=dict(self.request.query_params.items()))
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def body(self, serializer_class: type[serializers.Serializer[Any]]) -> dict[str, Any]:
        """The request body, validated by ``serializer_class`` (not an object: 400 ``body``)."""
        if not isinstance(self.request.data, dict):
            raise invalid("body", _("Send a JSON object."))
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def out(
        self, instance: Any, serializer_class: type[serializers.BaseSerializer[Any]] | None = None
    ) -> Any:
        """``instance`` as the response body, links made absolute for this request."""
        cls = serializer_class or self.get_serializer_class()
        return cls(instance, context=self.get_serializer_context()).data

    def page(
        self, queryset: Any, serializer_class: type[serializers.BaseSerializer[Any]] | None = None
    ) -> Response:
        """One page of ``queryset`` (filtered for a list), with the pagination links."""
        page = self.paginate_queryset(self.filter_queryset(queryset))
        assert page is not None
        return self.get_paginated_response([self.out(item, serializer_class) for item in page])

    def created(self, data: Any) -> Response:
        """201 with the new resource, and ``Location`` when it has a ``self`` link."""
        response = Response(data, status=status.HTTP_201_CREATED)
        href = (data.get("_links") or {}).get("self", {}).get("href")
        if href:
            response["Location"] = href
        return response


def number_id_parameter(description: str) -> OpenApiParameter:
    return OpenApiParameter(
        "id",
        {"type": "integer", "minimum": 1, "maximum": NUMBER_ID_MAX},
        OpenApiParameter.PATH,
        description=description,
    )


def slug_id_parameter(description: str) -> OpenApiParameter:
    return OpenApiParameter(
        "id",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        description=description,
        pattern=f"^{SLUG_REGEX}$",
    )
