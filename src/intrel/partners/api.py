"""Partners abroad in the API: read here; written through a relation's `partner`."""

from typing import ClassVar

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from intrel.api.viewsets import NUMBER_ID_REGEX, ApiViewSet, number_id_parameter, ordering_field

from .constants import PartnerKind
from .models import Partner

PARTNER_ORDERING = {"name": "name", "country": "country"}


class PartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ["id", "name", "country", "kind", "latitude", "longitude", "website"]


class PartnerFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200, help_text="Search in the name.")
    country = serializers.RegexField(
        r"^[A-Za-z]{2}$", required=False, help_text="ISO 3166-1 alpha-2 country code."
    )
    kind = serializers.ChoiceField(choices=PartnerKind.values, required=False)
    ordering = ordering_field(PARTNER_ORDERING)


@extend_schema_view(
    list=extend_schema(summary="List partners", parameters=[PartnerFilterSerializer]),
    retrieve=extend_schema(
        summary="Read a partner",
        parameters=[number_id_parameter("The partner's number.")],
    ),
)
class PartnerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Cities, regions, countries and organisations abroad (``/partners``)."""

    serializer_class = PartnerSerializer
    filter_serializer_class = PartnerFilterSerializer
    ordering_fields = PARTNER_ORDERING
    default_ordering = ["name", "country", "pk"]
    lookup_url_kwarg = "id"
    lookup_value_regex = NUMBER_ID_REGEX
    permission_map: ClassVar[dict[str, str]] = {
        "list": "partners.view_partner",
        "retrieve": "partners.view_partner",
    }

    def get_queryset(self) -> QuerySet[Partner]:
        params = self.query_params() if self.action == "list" else {}
        qs = Partner.objects.all()
        if params.get("q"):
            qs = qs.filter(name__icontains=params["q"])
        if params.get("country"):
            qs = qs.filter(country=params["country"].upper())
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        return self.order(qs, params.get("ordering"))
