"""Partners abroad in the API: read here; written through a relation's `partner`."""

from typing import ClassVar

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from intrel.api.viewsets import NUMBER_ID_REGEX, ApiViewSet, number_id_parameter

from .filters import PartnerFilterSet
from .models import Partner
from .selectors import partner_list


class PartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ["id", "name", "country", "kind", "latitude", "longitude", "website"]


@extend_schema_view(
    list=extend_schema(summary="List partners"),
    retrieve=extend_schema(
        summary="Read a partner",
        parameters=[number_id_parameter("The partner's number.")],
    ),
)
class PartnerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Cities, regions, countries and organisations abroad (``/partners``)."""

    serializer_class = PartnerSerializer
    filterset_class = PartnerFilterSet
    lookup_url_kwarg = "id"
    lookup_value_regex = NUMBER_ID_REGEX
    permission_map: ClassVar[dict[str, str]] = {
        "list": "partners.view_partner",
        "retrieve": "partners.view_partner",
    }

    def get_queryset(self) -> QuerySet[Partner]:
        return partner_list()
