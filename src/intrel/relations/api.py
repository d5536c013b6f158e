"""The register's API: relations (as the contract's ``relation`` subject) and their parts.

A relation reads and writes as the ``relation`` subject of shared/policy/CONTRACT.md (same
field names), plus register-only fields (``start_date``, ``end_date``, ``end_reason``,
``description``; read-only ``verified``, ``source``, ``created_at``, ``updated_at``, ``_links``).
Writes go through ``relation_upsert_from_subject`` so the API validates through the contract.
Parties, agreements and involvements are read here and written through the relation's body;
activities have their own writes. See docs/api.md.
"""

from dataclasses import replace
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from intrel.accounts.selectors import request_user
from intrel.api.exceptions import invalid
from intrel.api.permissions import caller_has, require_object
from intrel.api.serializers import SelfLinkSerializer
from intrel.api.viewsets import (
    NUMBER_ID_REGEX,
    ApiViewSet,
    number_id_parameter,
    slug_id_parameter,
)
from intrel.core.bounds import (
    DESCRIPTION_MAX_LENGTH,
    HOURS_DIGITS,
    HOURS_PLACES,
    MONEY_DIGITS,
    MONEY_PLACES,
    SLUG_REGEX,
)
from intrel.partners.constants import PartnerKind

from .constants import (
    Actor,
    BudgetHolder,
    EndReason,
    Initiator,
    OwnerKind,
    Purpose,
    RegisteredKind,
    Sector,
    Source,
    Status,
)
from .filters import (
    ActivityFilterSet,
    AgreementFilterSet,
    InvolvementFilterSet,
    PartyFilterSet,
    RelationFilterSet,
)
from .life import STEP_PERMISSION, StepKind
from .models import Activity, Agreement, Involvement, LifeStep, Party, Relation
from .selectors import (
    InTransition,
    activity_list,
    agreement_list,
    involvement_list,
    life_steps,
    party_list,
    relation_count,
    relation_get,
    relation_list,
    relation_rows,
    relation_subjects_of_rows,
    relation_to_subject,
    relations_in_transition,
)
from .services import (
    ActivityData,
    LifeStepData,
    RegisterChanges,
    activity_delete,
    activity_save,
    life_step_record,
    relation_save,
)

PORTFOLIO: dict[str, Any] = {"max_length": 16, "allow_null": True, "required": False}

# ---------------------------------------------------------------------------------------------
# Relations: the body is the contract's `relation` subject plus register fields.


class PartnerRefSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    country = serializers.CharField(
        min_length=2, max_length=2, help_text=gettext_lazy("ISO 3166-1 alpha-2, e.g. BE.")
    )
    kind = serializers.ChoiceField(choices=PartnerKind.choices)


class PartySubjectSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    sector = serializers.ChoiceField(choices=Sector.choices)


class InvolvementSubjectSerializer(serializers.Serializer):
    actor = serializers.ChoiceField(choices=Actor.choices)
    portfolio = serializers.CharField(**PORTFOLIO)
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True, required=False)
    initiative = serializers.CharField(max_length=100, allow_null=True, required=False)


class AgreementSubjectSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    signed = serializers.DateField()
    ends = serializers.DateField(allow_null=True, required=False)
    notice_months = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    renews_automatically = serializers.BooleanField(required=False)
    renewal_months = serializers.IntegerField(
        min_value=1, max_value=32767, allow_null=True, required=False
    )


class BudgetSerializer(serializers.Serializer):
    money_eur_per_year = serializers.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, min_value=0
    )
    staff_hours_per_year = serializers.DecimalField(
        max_digits=HOURS_DIGITS, decimal_places=HOURS_PLACES, min_value=0
    )
    held_by = serializers.ChoiceField(choices=BudgetHolder.choices)
    portfolio = serializers.CharField(**PORTFOLIO)


class OwnerSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OwnerKind.choices)
    portfolio = serializers.CharField(**PORTFOLIO)


SUBJECT_ONLY_KEYS = ("subject",)
REGISTER_KEYS = ("start_date", "end_date", "end_reason", "description")
READ_ONLY_KEYS = ("verified", "source", "created_at", "updated_at", "_links")


class RelationSerializer(serializers.Serializer):
    """A relation: the contract's ``relation`` subject, plus the register's own fields."""

    subject = serializers.ChoiceField(
        choices=["relation"],
        required=False,
        help_text=gettext_lazy("Always `relation`; may be left out in a write."),
    )
    id = serializers.SlugField(
        max_length=100, help_text=gettext_lazy("Stable identifier (slug), e.g. helmond-mechelen.")
    )
    name = serializers.CharField(max_length=200)
    partner = PartnerRefSerializer()
    registered_kind = serializers.ChoiceField(choices=RegisteredKind.choices)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    initiated_by = serializers.ChoiceField(choices=Initiator.choices)
    purposes = serializers.ListField(
        child=serializers.ChoiceField(choices=Purpose.choices), min_length=1
    )
    mutual_value = serializers.BooleanField(required=False)
    parties = PartySubjectSerializer(many=True, required=False)
    involvements = InvolvementSubjectSerializer(many=True, required=False)
    agreements = AgreementSubjectSerializer(many=True, required=False)
    budget = BudgetSerializer(required=False)
    owner = OwnerSerializer(required=False)
    last_activity = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("The date of the relation's latest recorded activity."),
    )
    # Register-only fields (not part of the contract's subject).
    start_date = serializers.DateField(allow_null=True, required=False)
    end_date = serializers.DateField(allow_null=True, required=False)
    end_reason = serializers.ChoiceField(
        choices=EndReason.choices, allow_blank=True, required=False
    )
    description = serializers.CharField(
        allow_blank=True, required=False, max_length=DESCRIPTION_MAX_LENGTH
    )
    verified = serializers.BooleanField(
        read_only=True, help_text=gettext_lazy("Checked by an officer (set in the web pages).")
    )
    # The stubs take a declared field named "source" for Field.source; DRF's metaclass moves it.
    source = serializers.ChoiceField(choices=Source.choices, read_only=True)  # type: ignore[assignment]
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    _links = SelfLinkSerializer(read_only=True)

    def to_representation(self, instance: Relation) -> dict[str, Any]:
        return relation_representation(
            instance, relation_to_subject(instance), self.context.get("request")
        )


def relation_representation(
    instance: Relation | Any,
    subject: dict[str, Any],
    request: Request | None,
    timestamps: serializers.DateTimeField | None = None,
    collection: str | None = None,
) -> dict[str, Any]:
    """A relation as the API sends it: its ``subject`` (``relation_to_subject``) and the
    register's own fields, read from ``instance``: the relation, or a row of ``relation_rows``
    with the same names. The list builds its page's subjects at once
    (``relation_subjects_of_rows``) and passes, for the whole page, one ``timestamps`` field
    bound to the current time zone and the ``collection``'s absolute address (a slug needs no
    escaping in a URL)."""
    timestamps = timestamps or serializers.DateTimeField()
    href = f"/api/v1/relations/{instance.slug}"
    if collection is not None:
        link = collection + instance.slug
    else:
        link = request.build_absolute_uri(href) if request else href
    return {
        **subject,
        "start_date": instance.start_date.isoformat() if instance.start_date else None,
        "end_date": instance.end_date.isoformat() if instance.end_date else None,
        "end_reason": instance.end_reason,
        "description": instance.description,
        "verified": instance.verified,
        "source": instance.source,
        "created_at": timestamps.to_representation(instance.created_at),
        "updated_at": timestamps.to_representation(instance.updated_at),
        "_links": {"self": {"href": link}},
    }


# ---------------------------------------------------------------------------------------------
# The life of a relation (issue 14): its steps, and the relations in transition.


class LifeStepSerializer(serializers.Serializer):
    """A step in a relation's life (relations/life.py): read, and the body of a new one."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=StepKind.choices)
    date = serializers.DateField()
    text = serializers.CharField(allow_blank=True, required=False, max_length=10000)
    party = serializers.CharField(allow_blank=True, required=False, max_length=200)
    answered = serializers.BooleanField(allow_null=True, required=False, default=None)
    finding = serializers.CharField(allow_blank=True, required=False, max_length=60)
    decision = serializers.CharField(
        allow_blank=True,
        required=False,
        max_length=40,
        help_text=gettext_lazy("The reference of the governance decision, e.g. RAAD-2026-004."),
    )
    effective_date = serializers.DateField(allow_null=True, required=False)
    until = serializers.CharField(allow_blank=True, required=False, max_length=200)
    partner_consent = serializers.BooleanField(required=False, default=False)
    deviation = serializers.BooleanField(required=False, default=False)
    # Plain strings (a relation's `status` values): one enum name for the statuses in the schema.
    status_before = serializers.CharField(
        read_only=True, help_text=gettext_lazy("The relation's status before the step.")
    )
    status_after = serializers.CharField(
        read_only=True, help_text=gettext_lazy("The relation's status after the step.")
    )

    def to_representation(self, instance: LifeStep) -> dict[str, Any]:
        return {
            "id": instance.pk,
            "kind": instance.kind,
            "date": instance.date.isoformat(),
            "text": instance.text,
            "party": instance.party,
            "answered": instance.answered,
            "finding": instance.finding,
            "decision": instance.decision.identifier if instance.decision else "",
            "effective_date": instance.effective_date.isoformat()
            if instance.effective_date
            else None,
            "until": instance.until,
            "partner_consent": instance.partner_consent,
            "deviation": instance.deviation,
            "status_before": instance.status_before,
            "status_after": instance.status_after,
        }


class InTransitionSerializer(serializers.Serializer):
    """A relation that is suspended or being ended, with its latest step."""

    id = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    latest_step = LifeStepSerializer(read_only=True, allow_null=True)
    effective_date = serializers.DateField(read_only=True, allow_null=True)
    situation = serializers.ChoiceField(
        choices=[("ending", "ending"), ("suspended", "suspended"), ("dormant", "dormant")],
        read_only=True,
        help_text=gettext_lazy("Being ended (notice given or proposed), suspended, or dormant."),
    )
    next_step = serializers.ChoiceField(
        choices=StepKind.choices,
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("The step that comes next; null when the choice is open."),
    )
    next_date = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy(
            "When the ending takes effect; for an ending under way the earliest end if notice "
            "is given today (IMP-3); for a dormant relation the day it became dormant."
        ),
    )
    last_activity = serializers.DateField(read_only=True, allow_null=True)

    def to_representation(self, instance: InTransition) -> dict[str, Any]:
        def day(value: Any) -> str | None:
            return value.isoformat() if value else None

        return {
            "id": instance.relation.slug,
            "name": instance.relation.name,
            "status": instance.relation.status,
            "latest_step": LifeStepSerializer(instance.step).data if instance.step else None,
            "effective_date": day(instance.effective_date),
            "situation": instance.situation,
            "next_step": instance.next_step or None,
            "next_date": day(instance.next_date),
            "last_activity": day(instance.last_activity),
        }


ID_PARAMETER = slug_id_parameter("The relation's identifier (slug).")


EXAMPLE = OpenApiExample(
    "Helmond – Zhuzhou",
    request_only=True,
    value={
        "id": "helmond-zhuzhou",
        "name": "Helmond – Zhuzhou",
        "partner": {"name": "Zhuzhou", "country": "CN", "kind": "city"},
        "registered_kind": "twinning",
        "status": "active",
        "initiated_by": "municipality",
        "purposes": ["culture", "economy"],
        "mutual_value": True,
        "parties": [{"name": "Brainport Development", "sector": "business"}],
        "involvements": [{"actor": "mayor", "portfolio": None, "start": "2010-01-01"}],
        "agreements": [{"title": "Vriendschapsverdrag", "signed": "2010-05-01", "ends": None}],
        "budget": {
            "money_eur_per_year": "1500",
            "staff_hours_per_year": "40",
            "held_by": "executive_board",
            "portfolio": None,
        },
        "owner": {"kind": "executive_board", "portfolio": None},
        "start_date": "2010-05-01",
        "description": "Twinning since 2010.",
    },
)


def _body(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise invalid("body", _("Send a JSON object."))
    # Under /relations the subject type is implied; the contract wants it spelled out.
    return {"subject": "relation"} | {k: v for k, v in data.items() if k not in READ_ONLY_KEYS}


@extend_schema_view(
    list=extend_schema(summary="List relations"),
    retrieve=extend_schema(summary="Read a relation", parameters=[ID_PARAMETER]),
    create=extend_schema(
        summary="Register a relation", responses={201: RelationSerializer}, examples=[EXAMPLE]
    ),
    update=extend_schema(
        summary="Replace a relation", parameters=[ID_PARAMETER], examples=[EXAMPLE]
    ),
    partial_update=extend_schema(
        summary="Change some fields of a relation", parameters=[ID_PARAMETER]
    ),
)
class RelationViewSet(ApiViewSet):
    """Relations of the municipality with partners abroad (``/relations``)."""

    serializer_class = RelationSerializer
    filterset_class = RelationFilterSet
    lookup_url_kwarg = "id"
    lookup_value_regex = SLUG_REGEX
    permission_map: ClassVar[dict[str, str]] = {
        "list": "relations.view_relation",
        "retrieve": "relations.view_relation",
        "create": "relations.add_relation",
        "update": "relations.change_relation",
        "partial_update": "relations.change_relation",
        "life_steps": "relations.view_lifestep",
        "life_step_record": STEP_PERMISSION,
        "in_transition": "relations.view_relation",
    }

    def get_queryset(self) -> QuerySet[Relation]:
        # The list reads its rows with ``relation_rows`` (the stored last activity day among them).
        return relation_list()

    def count_rows(self, relations: QuerySet[Relation]) -> int:
        """The list's total, cached until a relation or partner is written (issue 19)."""
        return relation_count(relations)

    def list(self, request: Request) -> Response:
        # Plain rows, not model instances (issue 19): the page's relations and partners.
        page = self.paginate_queryset(relation_rows(self.filter_queryset(self.get_queryset())))
        assert page is not None
        rows = list(page)
        timestamps = serializers.DateTimeField(default_timezone=timezone.get_current_timezone())
        collection = request.build_absolute_uri("/api/v1/relations/")
        return self.get_paginated_response(
            [
                relation_representation(row, subject, request, timestamps, collection)
                for row, subject in zip(rows, relation_subjects_of_rows(rows), strict=True)
            ]
        )

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.out(relation_get(slug=id)))

    def create(self, request: Request) -> Response:
        body = _body(request.data)
        RelationSerializer(data=body).is_valid(raise_exception=True)
        return self.created(self.out(self._save(body, relation=None)))

    def update(self, request: Request, id: str) -> Response:
        relation = relation_get(slug=id)
        require_object(request, "relations.change_relation", relation)
        body = _body(request.data)
        body.setdefault("id", id)
        RelationSerializer(data=body).is_valid(raise_exception=True)
        return Response(self.out(self._save(body, relation=relation)))

    def partial_update(self, request: Request, id: str) -> Response:
        relation = relation_get(slug=id)
        require_object(request, "relations.change_relation", relation)
        current = RelationSerializer(relation).to_representation(relation)
        body = {k: v for k, v in current.items() if k not in READ_ONLY_KEYS} | _body(request.data)
        RelationSerializer(data=body).is_valid(raise_exception=True)
        return Response(self.out(self._save(body, relation=relation)))

    @extend_schema(
        summary="List the steps in a relation's life",
        parameters=[ID_PARAMETER],
        responses={200: LifeStepSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], url_path="life-steps", pagination_class=None)
    def life_steps(self, request: Request, id: str) -> Response:
        relation = relation_get(slug=id)
        return Response([self.out(s, LifeStepSerializer) for s in life_steps(relation=relation)])

    @extend_schema(
        summary="Record a step in a relation's life",
        parameters=[ID_PARAMETER],
        request=LifeStepSerializer,
        responses={201: LifeStepSerializer},
    )
    @life_steps.mapping.post
    def life_step_record(self, request: Request, id: str) -> Response:
        """A step the machine refuses (a skipped step, a date the agreements do not allow) is
        a 409 naming the field and the clause (IMP-3, IMP-4)."""
        relation = relation_get(slug=id)
        body = self.body(LifeStepSerializer)
        for key in ("status_before", "status_after", "id"):
            body.pop(key, None)
        step = life_step_record(
            relation=relation, user=request_user(request), data=LifeStepData(**body)
        )
        return self.created(self.out(step, LifeStepSerializer))

    @extend_schema(
        summary="List the relations in transition (suspended, dormant or being ended)",
        responses={200: InTransitionSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], url_path="in-transition", pagination_class=None)
    def in_transition(self, request: Request) -> Response:
        return Response([self.out(r, InTransitionSerializer) for r in relations_in_transition()])

    def _save(self, body: dict[str, Any], *, relation: Relation | None) -> Relation:
        """Split the body into the contract's subject and the register's fields; one service."""
        register = RelationSerializer(data=body, partial=True)
        register.is_valid(raise_exception=True)
        given = register.validated_data
        changes = RegisterChanges()
        if "start_date" in body:
            changes["start_date"] = given["start_date"]
        if "end_date" in body:
            changes["end_date"] = given["end_date"]
        if "end_reason" in body:
            changes["end_reason"] = given["end_reason"] or ""
        if "description" in body:
            changes["description"] = given["description"]
        saved = relation_save(
            subject={k: v for k, v in body.items() if k not in REGISTER_KEYS},
            register=changes,
            user=request_user(self.request),
            relation=relation,
            # Leaving a child out of a list deletes it: only for a caller who may delete it.
            may_delete=lambda permission: caller_has(self.request, permission, relation),
        )
        return relation_get(slug=saved.slug)


# ---------------------------------------------------------------------------------------------
# Parties, agreements, involvements: read here, written through the relation's body.


class RelationSlugField(serializers.SlugRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Relation.objects.all())
        super().__init__(
            slug_field="slug",
            help_text=gettext_lazy("The relation's identifier (slug)."),
            **kwargs,
        )


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["id", "name", "sector", "website"]


class AgreementSerializer(serializers.ModelSerializer):
    relation = RelationSlugField(read_only=True)
    has_document = serializers.SerializerMethodField(
        help_text=gettext_lazy("Whether the signed document is uploaded.")
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "relation",
            "title",
            "signed",
            "ends",
            "notice_months",
            "renews_automatically",
            "renewal_months",
            "has_document",
        ]

    def get_has_document(self, agreement: Agreement) -> bool:
        return bool(agreement.document)


class InvolvementSerializer(serializers.ModelSerializer):
    relation = RelationSlugField(read_only=True)

    class Meta:
        model = Involvement
        fields = [
            "id",
            "relation",
            "actor",
            "portfolio",
            "person",
            "start",
            "end",
            "initiative",
            "description",
        ]


class ActivitySerializer(serializers.ModelSerializer):
    relation = RelationSlugField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "relation",
            "kind",
            "date",
            "end_date",
            "title",
            "description",
            "participants",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        date = attrs.get("date", getattr(self.instance, "date", None))
        end_date = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if date and end_date and end_date < date:
            raise serializers.ValidationError({"end_date": _("The end date lies before the date.")})
        if self.instance is not None and attrs.get("relation", self.instance.relation) != (
            self.instance.relation
        ):
            raise serializers.ValidationError(
                {"relation": _("An activity cannot move to another relation.")}
            )
        return attrs


def _int_id(description: str) -> OpenApiParameter:
    return number_id_parameter(description)


class _ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    lookup_url_kwarg = "id"
    lookup_value_regex = NUMBER_ID_REGEX


@extend_schema_view(
    list=extend_schema(summary="List parties"),
    retrieve=extend_schema(summary="Read a party", parameters=[_int_id("The party's number.")]),
)
class PartyViewSet(_ReadOnlyViewSet):
    """Organisations taking part in relations (triple helix); written through relations."""

    serializer_class = PartySerializer
    filterset_class = PartyFilterSet
    permission_map: ClassVar[dict[str, str]] = {
        "list": "relations.view_party",
        "retrieve": "relations.view_party",
    }

    def get_queryset(self) -> QuerySet[Party]:
        return party_list()


@extend_schema_view(
    list=extend_schema(summary="List agreements"),
    retrieve=extend_schema(
        summary="Read an agreement", parameters=[_int_id("The agreement's number.")]
    ),
)
class AgreementViewSet(_ReadOnlyViewSet):
    """Agreements under relations; written through the relation's `agreements`."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    permission_map: ClassVar[dict[str, str]] = {
        "list": "relations.view_agreement",
        "retrieve": "relations.view_agreement",
    }

    def get_queryset(self) -> QuerySet[Agreement]:
        return agreement_list()


@extend_schema_view(
    list=extend_schema(summary="List involvements"),
    retrieve=extend_schema(
        summary="Read an involvement", parameters=[_int_id("The involvement's number.")]
    ),
)
class InvolvementViewSet(_ReadOnlyViewSet):
    """Administrative involvement in relations; written through the relation's `involvements`."""

    serializer_class = InvolvementSerializer
    filterset_class = InvolvementFilterSet
    permission_map: ClassVar[dict[str, str]] = {
        "list": "relations.view_involvement",
        "retrieve": "relations.view_involvement",
    }

    def get_queryset(self) -> QuerySet[Involvement]:
        return involvement_list()


@extend_schema_view(
    list=extend_schema(summary="List activities"),
    retrieve=extend_schema(
        summary="Read an activity", parameters=[_int_id("The activity's number.")]
    ),
    create=extend_schema(summary="Record an activity"),
    update=extend_schema(
        summary="Replace an activity", parameters=[_int_id("The activity's number.")]
    ),
    partial_update=extend_schema(
        summary="Change some fields of an activity", parameters=[_int_id("The activity's number.")]
    ),
    destroy=extend_schema(
        summary="Delete an activity", parameters=[_int_id("The activity's number.")]
    ),
)
class ActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ApiViewSet,
):
    """Visits, projects, events and exchanges under relations (flat, filter by `relation`)."""

    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet
    lookup_url_kwarg = "id"
    lookup_value_regex = NUMBER_ID_REGEX
    permission_map: ClassVar[dict[str, str]] = {
        "list": "relations.view_activity",
        "retrieve": "relations.view_activity",
        "create": "relations.add_activity",
        "update": "relations.change_activity",
        "partial_update": "relations.change_activity",
        "destroy": "relations.delete_activity",
    }

    def get_queryset(self) -> QuerySet[Activity]:
        return activity_list()

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        relation = data.pop("relation")
        if not caller_has(self.request, "relations.add_activity", relation):
            # Another portfolio's relation: refused as an unknown one is (ADR 0020).
            raise serializers.ValidationError(
                {
                    "relation": [
                        RelationSlugField.default_error_messages["does_not_exist"].format(
                            slug_name="slug", value=relation.slug
                        )
                    ]
                }
            )
        serializer.instance = activity_save(
            relation=relation, user=request_user(self.request), data=ActivityData(**data)
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        data.pop("relation", None)
        activity = serializer.instance
        assert activity is not None  # an update has the object it changes
        serializer.instance = activity_save(
            relation=activity.relation,
            user=request_user(self.request),
            data=replace(ActivityData.of(activity), **data),
            activity=activity,
        )

    def perform_destroy(self, instance: Activity) -> None:
        activity_delete(activity=instance, user=request_user(self.request))
