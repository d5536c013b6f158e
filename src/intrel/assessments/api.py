"""API: a relation's assessment, the frameworks, the contract's JSON Schemas, evaluation."""

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from intrel.accounts.selectors import request_user
from intrel.api.viewsets import NUMBER_ID_REGEX, ApiViewSet, number_id_parameter
from intrel.core.errors import DomainError
from intrel.policy import (
    SubjectError,
    UnknownFrameworkError,
    evaluate,
    known_frameworks,
    load_framework,
    parse_subject,
)
from intrel.policy.schemas import generate as generate_schemas
from intrel.relations.selectors import relation_get, relation_to_subject

from . import selectors, services
from .filters import AssessmentFilterSet, validate_framework_id
from .models import Assessment

SCHEMA_NAMES = {
    "relation": "relation.schema.json",
    "committee": "committee.schema.json",
    "budget-line": "budget_line.schema.json",
    "decision": "decision.schema.json",
}


class AssessmentQuerySerializer(serializers.Serializer):
    framework = serializers.CharField(
        required=False,
        validators=[validate_framework_id],
        help_text="Framework id (one of GET /frameworks); default: the installation's framework.",
    )
    asOf = serializers.DateField(
        required=False, help_text="YYYY-MM-DD, 1800-01-01 to 2200-12-31; default: today."
    )

    def validate_asOf(self, value: datetime.date) -> datetime.date:
        if not 1800 <= value.year <= 2200:
            raise serializers.ValidationError(_("A date between 1800-01-01 and 2200-12-31."))
        return value


def _framework(framework_id: str | None) -> Any:
    try:
        return load_framework(framework_id or settings.INTREL_DEFAULT_FRAMEWORK)
    except UnknownFrameworkError as exc:
        known = ", ".join(known_frameworks())
        raise DomainError(
            _("Unknown framework '%(id)s'. Known: %(known)s.")
            % {"id": framework_id, "known": known},
            problems=[{"name": "framework", "reason": f"unknown framework; known: {known}"}],
        ) from exc


DECISION = OpenApiTypes.OBJECT


class RelationAssessmentViewSet(ApiViewSet):
    """The framework's decision on a stored relation (CONTRACT.md's decision)."""

    permission_map: ClassVar[dict[str, str]] = {"retrieve": "assessments.view_assessment"}

    @extend_schema(
        operation_id="relation_assessment_retrieve",
        tags=["assessments"],
        parameters=[
            OpenApiParameter(
                "framework",
                str,
                description="Framework id, one of GET /frameworks (default: helmond-2013).",
            ),
            OpenApiParameter("asOf", OpenApiTypes.DATE, description="YYYY-MM-DD; default today."),
        ],
        responses={200: DECISION},
        summary="The decision of a framework on a relation",
    )
    def retrieve(self, request: Request, id: str) -> Response:
        query = self.query(AssessmentQuerySerializer)
        framework = _framework(query.get("framework"))
        relation = relation_get(slug=id)
        as_of = query.get("asOf") or timezone.localdate()
        decision = evaluate(framework, parse_subject(relation_to_subject(relation)), as_of)
        return Response(decision.to_dict())


class FrameworkViewSet(ApiViewSet):
    """The frameworks this installation knows; a posted subject is evaluated against one."""

    permission_map: ClassVar[dict[str, str]] = {
        "summaries": "assessments.view_assessment",
        "retrieve": "assessments.view_assessment",
        "evaluation_create": "assessments.view_assessment",
    }

    @extend_schema(
        operation_id="frameworks_list",
        tags=["frameworks"],
        summary="The frameworks this installation knows, with their versions",
        responses={
            200: inline_serializer(
                "FrameworkList",
                {
                    "results": inline_serializer(
                        "FrameworkSummary",
                        {
                            "id": serializers.CharField(),
                            "version": serializers.CharField(),
                            "title": serializers.DictField(child=serializers.CharField()),
                            "adopted": serializers.CharField(allow_null=True),
                        },
                        many=True,
                    )
                },
            )
        },
    )
    # Not ``list``: the frameworks are one small unpaginated document, not a page of a list.
    def summaries(self, request: Request) -> Response:
        results = []
        for framework_id in known_frameworks():
            framework = load_framework(framework_id)
            results.append(
                {
                    "id": framework.id,
                    "version": str(framework.version),
                    "title": {"nl": framework.title.nl, "en": framework.title.en},
                    "adopted": framework.spec.adopted,
                }
            )
        return Response({"results": results})

    @extend_schema(
        operation_id="framework_retrieve",
        tags=["frameworks"],
        summary="A framework with its clause register",
        responses={200: OpenApiTypes.OBJECT},
    )
    def retrieve(self, request: Request, id: str) -> Response:
        if id not in known_frameworks():
            raise Http404
        framework = load_framework(id)
        return Response(
            {
                "id": framework.id,
                "version": str(framework.version),
                "title": {"nl": framework.title.nl, "en": framework.title.en},
                "adopted": framework.spec.adopted,
                "clauses": [
                    {"id": c.id, "section": c.section, "kind": c.kind, "nl": c.nl, "en": c.en}
                    for c in framework.clauses.values()
                ],
            }
        )

    @extend_schema(
        operation_id="framework_evaluation_create",
        tags=["frameworks"],
        summary="Evaluate a subject of CONTRACT.md against a framework (nothing is stored)",
        parameters=[
            OpenApiParameter("asOf", OpenApiTypes.DATE, description="YYYY-MM-DD; default today.")
        ],
        request=OpenApiTypes.OBJECT,
        responses={200: DECISION},
    )
    def evaluation_create(self, request: Request, id: str) -> Response:
        """Evaluate a posted subject (relation, committee or budget line) against a framework."""
        if id not in known_frameworks():
            raise Http404
        framework = load_framework(id)
        query = self.query(AssessmentQuerySerializer)
        if not isinstance(request.data, dict):
            raise DomainError(
                _("The input must be one subject (a JSON object)."),
                problems=[{"name": "body", "reason": "must be one subject object"}],
            )
        try:
            subject = parse_subject(dict(request.data))
        except SubjectError as exc:
            raise DomainError(
                _("The subject does not meet the contract."),
                problems=[{"name": p.path, "reason": p.message} for p in exc.problems],
            ) from exc
        as_of: datetime.date | None = query.get("asOf")
        return Response(evaluate(framework, subject, as_of).to_dict())


class SchemaViewSet(ApiViewSet):
    """JSON Schemas of the contract's subjects and of its decision."""

    permission_map: ClassVar[dict[str, str]] = {"retrieve": "assessments.view_assessment"}

    @extend_schema(
        operation_id="schema_retrieve",
        tags=["frameworks"],
        summary="JSON Schema of a subject (relation, committee, budget-line) or of the decision",
        responses={200: OpenApiTypes.OBJECT},
    )
    def retrieve(self, request: Request, name: str) -> Response:
        if name not in SCHEMA_NAMES:
            raise Http404
        return Response(generate_schemas()[SCHEMA_NAMES[name]])


# --- stored assessments: read, confirm, override ------------------------------------------


class OverrideSerializer(serializers.Serializer):
    target = serializers.CharField(help_text="owner, finding:CODE or action:CODE.")
    reason = serializers.CharField(help_text="Why the conclusion does not apply.")
    created_by = serializers.CharField(source="created_by.__str__", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    carried_over = serializers.SerializerMethodField()

    def get_carried_over(self, obj: Any) -> bool:
        return obj.carried_from_id is not None


class AssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    subject_type = serializers.CharField()
    subject_id = serializers.CharField(source="subject_key")
    framework = serializers.CharField()
    framework_version = serializers.CharField()
    as_of = serializers.DateField()
    is_current = serializers.BooleanField()
    violations = serializers.IntegerField(source="violation_count")
    warnings = serializers.IntegerField(source="warning_count")
    created_at = serializers.DateTimeField()
    confirmed_by = serializers.SerializerMethodField()
    confirmed_at = serializers.DateTimeField(allow_null=True)
    overrides = OverrideSerializer(many=True)
    facts = serializers.JSONField(help_text="The subject exactly as the engine saw it.")
    decision = serializers.JSONField(help_text="The decision of CONTRACT.md, with its trace.")

    def get_confirmed_by(self, obj: Any) -> str | None:
        return str(obj.confirmed_by) if obj.confirmed_by_id else None


class OverrideInputSerializer(serializers.Serializer):
    target = serializers.CharField(help_text="owner, finding:CODE or action:CODE.")
    reason = serializers.CharField(help_text="At least 20 characters.")


@extend_schema_view(
    list=extend_schema(summary="List stored assessments"),
    retrieve=extend_schema(
        summary="Read a stored assessment with its facts, decision and overrides",
        parameters=[number_id_parameter("The assessment's number.")],
    ),
    confirmation=extend_schema(
        summary="Confirm the current decision (who and when are recorded)",
        request=None,
        responses={200: AssessmentSerializer},
        parameters=[number_id_parameter("The assessment's number.")],
    ),
    overrides=extend_schema(
        summary="Override one conclusion with a written reason",
        request=OverrideInputSerializer,
        responses={201: AssessmentSerializer},
        parameters=[number_id_parameter("The assessment's number.")],
    ),
)
class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Decisions of the engine stored per subject; officers confirm or override them."""

    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    lookup_url_kwarg = "id"
    lookup_value_regex = NUMBER_ID_REGEX
    permission_map: ClassVar[dict[str, str]] = {
        "list": "assessments.view_assessment",
        "retrieve": "assessments.view_assessment",
        "confirmation": "assessments.confirm_assessment",
        "overrides": "assessments.add_override",
    }

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.assessment_list()

    @action(detail=True, methods=["post"])
    def confirmation(self, request: Request, id: str) -> Response:
        assessment = self.get_object()
        services.assessment_confirm(assessment=assessment, user=request_user(request))
        return Response(AssessmentSerializer(self.get_object()).data)

    @action(detail=True, methods=["post"])
    def overrides(self, request: Request, id: str) -> Response:
        assessment = self.get_object()
        data = OverrideInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.assessment_override(
            assessment=assessment,
            user=request_user(request),
            target=data.validated_data["target"],
            reason=data.validated_data["reason"],
        )
        return Response(
            AssessmentSerializer(self.get_object()).data, status=status.HTTP_201_CREATED
        )
