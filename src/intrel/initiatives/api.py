"""Initiatives API (issue 13, ADR 0010): ``/initiatives`` (list with filters),
``/initiatives/{id}`` (by reference) and ``/initiatives/{id}/steps`` (POST: take the next step
of the workflow through the same services as the pages). Contact data only for the roles
with ``initiatives.view_contact``."""

from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from intrel.accounts.selectors import request_user
from intrel.api.serializers import SelfLinkSerializer
from intrel.api.viewsets import ApiViewSet
from intrel.budgets.models import BudgetLine
from intrel.core.errors import DomainError
from intrel.governance.models import Meeting
from intrel.relations.models import Relation

from . import selectors, services
from .constants import Outcome, Step
from .filters import InitiativeFilterSet
from .models import Initiative

REFERENCE_REGEX = r"[-A-Z0-9]{1,20}"
ACTIONS = ("screen", "ask", "schedule", "decide", "start", "close")


class InitiativeSerializer(serializers.Serializer):
    id = serializers.CharField(help_text=gettext_lazy("The reference, e.g. INI-2026-0001."))
    title = serializers.CharField()
    description = serializers.CharField()
    country = serializers.CharField()
    place = serializers.CharField()
    purposes = serializers.ListField(child=serializers.CharField())
    support_asked = serializers.ListField(child=serializers.CharField())
    money_asked = serializers.CharField(allow_null=True)
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    organisation = serializers.CharField()
    contact = serializers.DictField(
        allow_null=True,
        help_text=gettext_lazy("Name, e-mail and phone; null for roles that may not see them."),
    )
    step = serializers.ChoiceField(choices=Step.choices)
    outcome = serializers.CharField(allow_blank=True)
    reasons = serializers.CharField(allow_blank=True)
    money_granted = serializers.CharField(allow_null=True)
    meeting = serializers.IntegerField(allow_null=True)
    relation = serializers.CharField(allow_null=True)
    steps = serializers.ListField(child=serializers.DictField())
    _links = SelfLinkSerializer()

    def to_representation(self, initiative: Initiative) -> dict[str, Any]:
        request = self.context.get("request")
        show_contact = bool(request and request.user.has_perm("initiatives.view_contact"))
        path = f"/api/v1/initiatives/{initiative.reference}"
        return {
            "id": initiative.reference,
            "title": initiative.title,
            "description": initiative.description,
            "country": initiative.country,
            "place": initiative.place,
            "purposes": list(initiative.purposes),
            "support_asked": list(initiative.support_asked),
            "money_asked": None if initiative.money_asked is None else str(initiative.money_asked),
            "start": initiative.start.isoformat(),
            "end": initiative.end.isoformat() if initiative.end else None,
            "organisation": initiative.organisation,
            "contact": {
                "name": initiative.contact_name,
                "email": initiative.contact_email,
                "phone": initiative.contact_phone,
            }
            if show_contact
            else None,
            "step": initiative.step,
            "outcome": initiative.outcome,
            "reasons": initiative.reasons,
            "money_granted": None
            if initiative.money_granted is None
            else str(initiative.money_granted),
            "meeting": initiative.meeting_id,
            "relation": initiative.relation.slug if initiative.relation else None,
            "steps": [
                {"step": e.step, "at": e.created_at.isoformat(), "by_initiator": e.by_initiator}
                for e in selectors.initiative_step_events(initiative)
            ],
            "_links": {"self": {"href": request.build_absolute_uri(path) if request else path}},
        }


class StepInSerializer(serializers.Serializer):
    """The next step: ``action`` and the fields that step takes."""

    action = serializers.ChoiceField(choices=ACTIONS)
    note = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    question = serializers.CharField(required=False, max_length=10_000)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    reasons = serializers.CharField(required=False, max_length=10_000)
    money = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    hours = serializers.DecimalField(
        max_digits=8, decimal_places=1, min_value=0, required=False, allow_null=True
    )
    line = serializers.SlugRelatedField(
        slug_field="slug", queryset=BudgetLine.objects.all(), required=False, allow_null=True
    )
    relation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Relation.objects.all(), required=False, allow_null=True
    )
    report_due = serializers.DateField(required=False, allow_null=True)


ID_PARAMETER = OpenApiParameter(
    "id",
    str,
    OpenApiParameter.PATH,
    description="The initiative's reference.",
    pattern=f"^{REFERENCE_REGEX}$",
)


@extend_schema_view(
    list=extend_schema(summary="List citizen initiatives"),
    retrieve=extend_schema(summary="Read a citizen initiative", parameters=[ID_PARAMETER]),
)
class InitiativeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Citizen initiatives and their workflow (docs/initiatives.md)."""

    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilterSet
    lookup_field = "reference"
    lookup_url_kwarg = "id"
    lookup_value_regex = REFERENCE_REGEX
    permission_map: ClassVar[dict[str, str]] = {
        "list": "initiatives.view_initiative",
        "retrieve": "initiatives.view_initiative",
        "steps": "initiatives.change_initiative",
    }

    def get_queryset(self) -> QuerySet[Initiative]:
        return selectors.initiative_list()

    @extend_schema(
        summary="Take the next step of an initiative's workflow",
        request=StepInSerializer,
        responses={200: InitiativeSerializer},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"], url_path="steps")
    def steps(self, request: Request, id: str) -> Response:
        initiative = self.get_object()
        data = self.body(StepInSerializer)
        user = request_user(request)
        name = data["action"]
        if name == "screen":
            services.initiative_screen(initiative=initiative, note=data.get("note", ""), user=user)
        elif name == "ask":
            services.initiative_ask(
                initiative=initiative, question=data.get("question", ""), user=user
            )
        elif name == "schedule":
            if "meeting" not in data:
                raise DomainError(_("meeting: choose a meeting of the committee."), field="meeting")
            services.initiative_schedule(initiative=initiative, meeting=data["meeting"], user=user)
        elif name == "decide":
            services.initiative_decide(
                initiative=initiative,
                outcome=data.get("outcome", ""),
                reasons=data.get("reasons", ""),
                money=data.get("money"),
                hours=data.get("hours"),
                line=data.get("line"),
                relation=data.get("relation"),
                user=user,
            )
        elif name == "start":
            services.initiative_start(
                initiative=initiative, report_due=data.get("report_due"), user=user
            )
        else:
            services.initiative_close(initiative=initiative, note=data.get("note", ""), user=user)
        return Response(self.out(selectors.initiative_get(reference=initiative.reference)))
