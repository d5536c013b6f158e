"""The review's API: the impact analysis over the register (ADR 0010 style)."""

import datetime
import tempfile
from typing import Any, ClassVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from intrel.accounts.selectors import request_user
from intrel.api.serializers import SelfLinkSerializer
from intrel.api.viewsets import ApiViewSet, number_id_parameter
from intrel.assessments.filters import validate_framework_id
from intrel.core.bounds import SLUG_MAX_LENGTH
from intrel.core.errors import DomainError
from intrel.governance.selectors import decision_by_reference
from intrel.policy import load_framework
from intrel.relations.constants import Status
from intrel.relations.models import Relation

from . import services
from .constants import ItemState, RoundStatus, Scenario
from .exports import impact_json_write
from .models import ReviewAction, ReviewRound
from .selectors import (
    action_get,
    action_is_overdue,
    action_list,
    round_get,
    round_items,
    round_list,
)


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
    def retrieve(self, request: Request) -> FileResponse:
        query = self.query(ImpactQuerySerializer)
        framework = load_framework(query.get("framework") or settings.INTREL_DEFAULT_FRAMEWORK)
        compare_to = load_framework(query["compareTo"]) if query.get("compareTo") else None
        as_of = query.get("asOf") or timezone.localdate()
        # Written one relation at a time to a temporary file (memory in MB, not GB, at 100,000
        # relations; issue 19), then sent: the same document as the command's.
        spool = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 (FileResponse closes it)
        try:
            impact_json_write(
                lambda text: spool.write(text.encode()),
                framework=framework,
                as_of=as_of,
                compare_to=compare_to,
            )
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return FileResponse(spool, content_type="application/json")


# --- review rounds and actions (issue 15) -------------------------------------------------------


def _href(request: Any, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


class ReviewItemSerializer(serializers.Serializer):
    relation = serializers.CharField(help_text="The relation's id (slug).")
    state = serializers.ChoiceField(choices=ItemState.choices)
    override_reason = serializers.CharField(allow_blank=True)
    owner_after = serializers.DictField(
        allow_null=True, help_text="The owner the framework asks ({kind, portfolio})."
    )


class ReviewRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    framework = serializers.CharField()
    framework_version = serializers.CharField()
    reference_date = serializers.DateField()
    status = serializers.ChoiceField(choices=RoundStatus.choices)
    previous = serializers.IntegerField(allow_null=True)
    advice = serializers.DictField(allow_null=True, help_text="{text, date, record}")
    proposal = serializers.DictField(allow_null=True, help_text="{text, date, record}")
    decision = serializers.DictField(allow_null=True, help_text="{text, date, record, scenario}")
    relations = ReviewItemSerializer(many=True)
    actions = serializers.IntegerField(help_text="How many actions the decision set.")
    _links = SelfLinkSerializer()

    def to_representation(self, review_round: ReviewRound) -> dict[str, Any]:
        def step(text: str, on: Any, record: Any, **extra: Any) -> dict[str, Any] | None:
            if on is None:
                return None
            return {
                "text": text,
                "date": on.isoformat(),
                "record": record.identifier if record else None,
                **extra,
            }

        items = []
        for item in round_items(review_round):
            owner = (item.assessment.decision.get("owner") if item.assessment else None) or None
            items.append(
                {
                    "relation": item.relation.slug,
                    "state": item.state,
                    "override_reason": item.override_reason,
                    "owner_after": {"kind": owner["kind"], "portfolio": owner["portfolio"]}
                    if owner
                    else None,
                }
            )
        path = f"/api/v1/review-rounds/{review_round.pk}"
        return {
            "id": review_round.pk,
            "title": review_round.title,
            "framework": review_round.framework,
            "framework_version": review_round.framework_version,
            "reference_date": review_round.reference_date.isoformat(),
            "status": review_round.status,
            "previous": review_round.previous_id,
            "advice": step(
                review_round.advice, review_round.advice_date, review_round.advice_decision
            ),
            "proposal": step(
                review_round.proposal, review_round.proposal_date, review_round.proposal_decision
            ),
            "decision": step(
                review_round.decision,
                review_round.decision_date,
                review_round.decision_record,
                scenario=review_round.scenario,
            ),
            "relations": items,
            "actions": review_round.actions.count(),
            "_links": {"self": {"href": _href(self.context.get("request"), path)}},
        }


class RoundStartSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    framework = serializers.CharField(validators=[validate_framework_id])
    reference_date = serializers.DateField()
    previous = serializers.PrimaryKeyRelatedField(
        queryset=ReviewRound.objects.all(), required=False, allow_null=True
    )
    relations = serializers.ListField(
        child=serializers.SlugRelatedField(
            slug_field="slug",
            queryset=Relation.objects.exclude(status=Status.ENDED),
            error_messages={
                "does_not_exist": gettext_lazy(
                    "There is no current relation “{value}”: a review covers current "
                    "relations only (an ended one is left out)."
                )
            },
        ),
        required=False,
        max_length=5000,
        help_text="The relations' ids; default: every current relation that existed on the "
        "reference date.",
    )


STEP_ACTIONS = ("assess", "confirm", "override", "advice", "proposal", "decision")


class RoundStepSerializer(serializers.Serializer):
    """The next step: ``action`` and the fields it takes (``relation`` for assess, confirm and
    override of one relation; ``text``, ``date`` and ``record`` for advice, proposal and
    decision; ``scenario`` for the decision)."""

    action = serializers.ChoiceField(choices=STEP_ACTIONS)
    relation = serializers.CharField(required=False, max_length=SLUG_MAX_LENGTH)
    target = serializers.CharField(required=False, max_length=200)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    text = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    date = serializers.DateField(required=False)
    record = serializers.CharField(
        required=False, max_length=40, help_text="A governance decision's reference."
    )
    scenario = serializers.ChoiceField(choices=Scenario.choices, required=False)


class ReviewActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField()
    relation = serializers.CharField(allow_null=True)
    action = serializers.CharField()
    action_en = serializers.CharField()
    finding = serializers.CharField()
    finding_en = serializers.CharField()
    owner = serializers.DictField(help_text="{person, role}: a person's name or a role.")
    due = serializers.DateField()
    overdue = serializers.BooleanField()
    closed_at = serializers.DateTimeField(allow_null=True)
    closing_note = serializers.CharField(allow_blank=True)
    committee = serializers.CharField(
        allow_null=True, help_text="The committee's id where the action is for the committee."
    )
    reminders = serializers.ListField(
        child=serializers.DictField(),
        help_text="The e-mail reminders sent to the owner: [{kind, sent_at, to}].",
    )
    _links = SelfLinkSerializer()

    def to_representation(self, a: ReviewAction) -> dict[str, Any]:
        path = f"/api/v1/review-actions/{a.pk}"
        return {
            "id": a.pk,
            "round": a.round_id,
            "relation": a.relation.slug if a.relation else None,
            "committee": a.committee.slug if a.committee else None,
            "action": a.text,
            "action_en": a.text_en,
            "finding": a.finding,
            "finding_en": a.finding_en,
            "owner": {
                "person": a.owner_person.name if a.owner_person else None,
                "role": a.owner_role or None,
            },
            "due": a.due.isoformat(),
            "overdue": action_is_overdue(a, timezone.localdate()),
            "closed_at": a.closed_at.isoformat() if a.closed_at else None,
            "closing_note": a.closing_note,
            "reminders": [
                {"kind": r.kind, "sent_at": r.sent_at.isoformat(), "to": r.recipient_list}
                for r in a.reminders.all()
            ],
            "_links": {"self": {"href": _href(self.context.get("request"), path)}},
        }


class ActionCloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=10_000)


ROUND_ID = number_id_parameter("The review round's number.")
ACTION_ID = number_id_parameter("The action's number.")


def _record(reference: str | None) -> Any:
    if not reference:
        return None
    record = decision_by_reference(reference=reference)
    if record is None:
        raise DomainError(
            _("record: there is no decision %(ref)s.") % {"ref": reference}, field="record"
        )
    return record


def _required(data: dict[str, Any], name: str) -> Any:
    if not data.get(name):
        raise DomainError(_("%(field)s: this field is required.") % {"field": name}, field=name)
    return data[name]


@extend_schema_view(
    list=extend_schema(summary="List the review rounds", tags=["reviews"]),
    retrieve=extend_schema(summary="Read a review round", tags=["reviews"], parameters=[ROUND_ID]),
)
class ReviewRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Review rounds (herijking): per relation the progress, the steps advice -> proposal ->
    decision (docs/review.md)."""

    serializer_class = ReviewRoundSerializer
    lookup_url_kwarg = "id"
    permission_map: ClassVar[dict[str, str]] = {
        "list": "reviews.view_reviewround",
        "retrieve": "reviews.view_reviewround",
        "create": "reviews.add_reviewround",
        "steps": "reviews.change_reviewround",
    }

    def get_queryset(self) -> QuerySet[ReviewRound]:
        return round_list()

    @extend_schema(
        summary="Start a review round over every current relation that existed on its date",
        tags=["reviews"],
        request=RoundStartSerializer,
        responses={201: ReviewRoundSerializer},
    )
    def create(self, request: Request) -> Response:
        data = self.body(RoundStartSerializer)
        review_round = services.review_round_start(
            title=data["title"],
            framework_id=data["framework"],
            reference_date=data["reference_date"],
            relations=data.get("relations"),
            previous=data.get("previous"),
            user=request_user(request),
        )
        return self.created(self.out(review_round))

    @extend_schema(
        summary="Take a step of a review round",
        tags=["reviews"],
        request=RoundStepSerializer,
        responses={200: ReviewRoundSerializer},
        parameters=[ROUND_ID],
    )
    def steps(self, request: Request, id: str) -> Response:
        review_round = self.get_object()
        data = self.body(RoundStepSerializer)
        user = request_user(request)
        name = data["action"]
        if name in ("assess", "confirm", "override") and not data.get("relation"):
            if name != "assess":
                _required(data, "relation")
            services.review_round_assess(review_round=review_round, user=user)
        elif name in ("assess", "confirm", "override"):
            item = review_round.items.filter(relation__slug=data["relation"]).first()
            if item is None:
                raise DomainError(
                    _("relation: %(id)s is not in this round.") % {"id": data["relation"]},
                    field="relation",
                )
            if name == "assess":
                services.review_item_assess(item=item, user=user)
            elif name == "confirm":
                services.review_item_confirm(item=item, user=user)
            else:
                services.review_item_override(
                    item=item, user=user, reason=data.get("reason", ""), target=data.get("target")
                )
        else:
            text, on = data.get("text", ""), _required(data, "date")
            record = _record(data.get("record"))
            if name == "advice":
                services.review_advice_record(
                    review_round=review_round, text=text, on=on, record=record
                )
            elif name == "proposal":
                services.review_proposal_record(
                    review_round=review_round, text=text, on=on, record=record
                )
            else:
                services.review_decision_record(
                    review_round=review_round,
                    text=text,
                    on=on,
                    scenario=data.get("scenario") or Scenario.HONOURING,
                    record=record,
                    user=user,
                )
        return Response(self.out(round_get(pk=review_round.pk)))


class ActionFilterSerializer(serializers.Serializer):
    open = serializers.BooleanField(required=False, help_text="Only open (true) or closed (false).")
    overdue = serializers.BooleanField(required=False, help_text="Only those past their due date.")


@extend_schema_view(
    list=extend_schema(
        summary="List the review's actions",
        tags=["reviews"],
        parameters=[ActionFilterSerializer],
    ),
    retrieve=extend_schema(summary="Read an action", tags=["reviews"], parameters=[ACTION_ID]),
)
class ReviewActionViewSet(mixins.RetrieveModelMixin, ApiViewSet):
    """The actions a council's decision on a review round set, each with an owner and a due
    date; closing one re-assesses its relation."""

    serializer_class = ReviewActionSerializer
    lookup_url_kwarg = "id"
    permission_map: ClassVar[dict[str, str]] = {
        "list": "reviews.view_reviewaction",
        "retrieve": "reviews.view_reviewaction",
        # Whose action it is decides further (the owner, or the application manager): the
        # service refuses anyone else with 403 naming the owner.
        "close": "reviews.view_reviewaction",
    }

    def get_queryset(self) -> QuerySet[ReviewAction]:
        return action_list()

    def list(self, request: Request) -> Response:
        query = self.query(ActionFilterSerializer)
        qs = self.get_queryset()
        if "open" in query:
            qs = qs.filter(closed_at__isnull=query["open"])
        if query.get("overdue"):
            qs = qs.filter(closed_at__isnull=True, due__lt=timezone.localdate())
        return self.page(qs)

    @extend_schema(
        summary="Close an action (its relation is re-assessed)",
        tags=["reviews"],
        request=ActionCloseSerializer,
        responses={200: ReviewActionSerializer},
        parameters=[ACTION_ID],
    )
    def close(self, request: Request, id: str) -> Response:
        action = self.get_object()
        data = self.body(ActionCloseSerializer)
        services.review_action_close(
            action=action, user=request_user(request), note=data.get("note", "")
        )
        return Response(self.out(action_get(pk=action.pk)))
