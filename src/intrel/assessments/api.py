"""API: a relation's assessment, the frameworks, the contract's JSON Schemas, evaluation."""

import datetime
from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from intrel.api.permissions import RolePermission
from intrel.api.throttling import WriteRateThrottle
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

SCHEMA_NAMES = {
    "relation": "relation.schema.json",
    "committee": "committee.schema.json",
    "budget-line": "budget_line.schema.json",
    "decision": "decision.schema.json",
}


class AssessmentQuerySerializer(serializers.Serializer):
    framework = serializers.CharField(
        required=False, help_text="Framework id; default: the installation's framework."
    )
    asOf = serializers.DateField(required=False, help_text="YYYY-MM-DD; default: today.")


def _framework(framework_id: str | None) -> Any:
    try:
        return load_framework(framework_id or settings.INTREL_DEFAULT_FRAMEWORK)
    except UnknownFrameworkError as exc:
        known = ", ".join(known_frameworks())
        raise DomainError(
            f"Onbekend beleidskader '{framework_id}'. Bekend: {known}.",
            problems=[{"name": "framework", "reason": f"unknown framework; known: {known}"}],
        ) from exc


DECISION = OpenApiTypes.OBJECT


class RelationAssessmentView(APIView):
    """The framework's decision on a stored relation (CONTRACT.md's decision)."""

    permission_classes = [RolePermission]
    permission_map = {"GET": "assessments.view_assessment"}

    @extend_schema(
        operation_id="relation_assessment_retrieve",
        tags=["assessments"],
        parameters=[
            OpenApiParameter("framework", str, description="Framework id (default: helmond-2013)."),
            OpenApiParameter("asOf", OpenApiTypes.DATE, description="YYYY-MM-DD; default today."),
        ],
        responses={200: DECISION},
        summary="The decision of a framework on a relation",
    )
    def get(self, request: Request, id: str) -> Response:
        query = AssessmentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        framework = _framework(query.validated_data.get("framework"))
        relation = relation_get(slug=id)
        as_of = query.validated_data.get("asOf") or timezone.localdate()
        decision = evaluate(framework, parse_subject(relation_to_subject(relation)), as_of)
        return Response(decision.to_dict())


class FrameworkListView(APIView):
    permission_classes = [RolePermission]
    permission_map = {"GET": "assessments.view_assessment"}

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
    def get(self, request: Request) -> Response:
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


class FrameworkDetailView(APIView):
    permission_classes = [RolePermission]
    permission_map = {"GET": "assessments.view_assessment"}

    @extend_schema(
        operation_id="framework_retrieve",
        tags=["frameworks"],
        summary="A framework with its clause register",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, id: str) -> Response:
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


class FrameworkEvaluationView(APIView):
    """Evaluate a posted subject (relation, committee or budget line) against a framework."""

    permission_classes = [RolePermission]
    permission_map = {"POST": "assessments.view_assessment"}
    throttle_classes = [WriteRateThrottle]

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
    def post(self, request: Request, id: str) -> Response:
        if id not in known_frameworks():
            raise Http404
        framework = load_framework(id)
        query = AssessmentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if not isinstance(request.data, dict):
            raise DomainError(
                "De invoer moet één subject zijn (een JSON-object).",
                problems=[{"name": "body", "reason": "must be one subject object"}],
            )
        try:
            subject = parse_subject(dict(request.data))
        except SubjectError as exc:
            raise DomainError(
                "Het subject voldoet niet aan het contract.",
                problems=[{"name": p.path, "reason": p.message} for p in exc.problems],
            ) from exc
        as_of: datetime.date | None = query.validated_data.get("asOf")
        return Response(evaluate(framework, subject, as_of).to_dict())


class SchemaView(APIView):
    permission_classes = [RolePermission]
    permission_map = {"GET": "assessments.view_assessment"}

    @extend_schema(
        operation_id="schema_retrieve",
        tags=["frameworks"],
        summary="JSON Schema of a subject (relation, committee, budget-line) or of the decision",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, name: str) -> Response:
        if name not in SCHEMA_NAMES:
            raise Http404
        return Response(generate_schemas()[SCHEMA_NAMES[name]])
