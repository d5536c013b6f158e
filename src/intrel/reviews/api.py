"""The review's API: the impact analysis over the register (ADR 0010 style)."""

import datetime
from typing import ClassVar

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from intrel.api.viewsets import ApiViewSet
from intrel.assessments.filters import validate_framework_id
from intrel.policy import load_framework

from .selectors import register_impact


class ImpactQuerySerializer(serializers.Serializer):
    framework = serializers.CharField(
        required=False,
        validators=[validate_framework_id],
        help_text="Framework id (one of GET /frameworks); default: the installation's framework.",
    )
    asOf = serializers.DateField(
        required=False, help_text="Reference date, YYYY-MM-DD (1800-2200); default: today."
    )
    compareTo = serializers.CharField(
        required=False,
        validators=[validate_framework_id],
        help_text="A second framework id: its impact and the relations that differ are added.",
    )

    def validate_asOf(self, value: datetime.date) -> datetime.date:
        if not 1800 <= value.year <= 2200:
            raise serializers.ValidationError(_("A date between 1800-01-01 and 2200-12-31."))
        return value


class ImpactViewSet(ApiViewSet):
    """The review's impact analysis over the register (CONTRACT.md, "The review's impact
    analysis"): the same JSON as ``intrel impact --format json``."""

    permission_map: ClassVar[dict[str, str]] = {"retrieve": "assessments.view_assessment"}

    @extend_schema(
        operation_id="impact_retrieve",
        tags=["reviews"],
        summary="The impact analysis of a framework over every current relation",
        parameters=[ImpactQuerySerializer],
        responses={200: OpenApiTypes.OBJECT},
    )
    def retrieve(self, request: Request) -> Response:
        query = self.query(ImpactQuerySerializer)
        framework = load_framework(query.get("framework") or settings.INTREL_DEFAULT_FRAMEWORK)
        compare_to = load_framework(query["compareTo"]) if query.get("compareTo") else None
        as_of = query.get("asOf") or timezone.localdate()
        return Response(register_impact(framework=framework, as_of=as_of, compare_to=compare_to))
