"""Governance API: persons, committees, committee memberships, meetings, decisions with votes.

Every role reads; the clerk (griffie) and the application manager write. Writes go through the
services, so the API refuses what the pages refuse (problem+json naming the field and rule).
Routes (no trailing slash): ``/persons``, ``/committees``, ``/committee-memberships``,
``/meetings``, ``/decisions``; see docs/governance.md.
"""

from datetime import date
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from intrel.api.fields import ReadWiderChoiceField
from intrel.api.viewsets import NUMBER_ID_REGEX, ApiViewSet, number_id_parameter
from intrel.core.bounds import SLUG_REGEX
from intrel.core.validators import date_in_range
from intrel.relations.models import Relation

from . import selectors, services
from .constants import (
    RECORDED_DECISION_KINDS,
    SEAT_ROLES,
    Body,
    CommitteeRole,
    DecisionKind,
    DecisionResult,
    InstalledBy,
    VoteOption,
)
from .filters import (
    CommitteeMembershipFilterSet,
    CouncilMembershipFilterSet,
    DecisionFilterSet,
    MeetingFilterSet,
)
from .models import (
    AgendaItem,
    Committee,
    CommitteeMembership,
    CouncilMembership,
    Decision,
    Meeting,
    Person,
    PoliticalGroup,
    Portfolio,
)

# Numeric ids: at most 18 digits (a longer one is no URL here, not an overflow in the database).
ID_REGEX = NUMBER_ID_REGEX


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name"]


class MemberSerializer(serializers.Serializer):
    """A seat as the contract's ``committee.members[]`` item, with the seat's term."""

    name = serializers.CharField()
    person = serializers.IntegerField(help_text=gettext_lazy("The person's id."))
    role = serializers.ChoiceField(choices=CommitteeRole.choices)
    is_council_member = serializers.BooleanField()
    is_mayor = serializers.BooleanField()
    elected_by_committee = serializers.BooleanField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)


class FindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.CharField()
    clauses = serializers.ListField(child=serializers.CharField())
    message = serializers.CharField()
    message_en = serializers.CharField()


class CommitteeSerializer(serializers.ModelSerializer):
    id = serializers.SlugField(source="slug", read_only=True)
    installed_by = serializers.ChoiceField(choices=InstalledBy.choices, read_only=True)
    installation_decision: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="identifier", read_only=True, allow_null=True
    )

    class Meta:
        model = Committee
        fields = ["id", "name", "installed_by", "installed_on", "installation_decision"]


class CommitteeDetailSerializer(CommitteeSerializer):
    """The committee on ``as_of``: its members and the adopted framework's findings."""

    as_of = serializers.DateField()
    framework = serializers.CharField()
    framework_in_force = serializers.BooleanField(
        help_text=gettext_lazy("False before the framework took effect (the old situation).")
    )
    members = MemberSerializer(many=True)
    findings = FindingSerializer(many=True)

    class Meta(CommitteeSerializer.Meta):
        fields = [
            *CommitteeSerializer.Meta.fields,
            "as_of",
            "framework",
            "framework_in_force",
            "members",
            "findings",
        ]


class DateQuerySerializer(serializers.Serializer):
    date = serializers.DateField(
        required=False,
        # The framework assesses the committee on this day: the engine's range of dates.
        validators=[date_in_range],
        help_text=gettext_lazy(
            "The day to show (ISO date, 1800-01-01 to 2200-12-31); default today."
        ),
    )


class CommitteeMembershipSerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(slug_field="slug", queryset=Committee.objects.all())
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    role = ReadWiderChoiceField(
        choices=CommitteeRole.choices,
        write_choices=SEAT_ROLES,
        help_text=gettext_lazy("A chair is made only by the committee's election (BES-10)."),
    )
    elected_in = serializers.SerializerMethodField()

    class Meta:
        model = CommitteeMembership
        fields = ["id", "committee", "person", "role", "start", "end", "elected_in"]
        read_only_fields = ["id", "elected_in"]

    def get_elected_in(self, obj: CommitteeMembership) -> str | None:
        return obj.elected_in.decision.identifier if obj.elected_in else None


class AgendaItemSerializer(serializers.ModelSerializer):
    relation: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = AgendaItem
        fields = ["position", "text", "relation"]


class AttendanceSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    present = serializers.BooleanField()


class MeetingSerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(
        slug_field="slug", queryset=Committee.objects.all(), required=False, allow_null=True
    )
    body = serializers.ChoiceField(choices=Body.choices)
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    attendance = AttendanceSerializer(many=True, read_only=True)
    present = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        many=True,
        write_only=True,
        required=False,
        help_text=gettext_lazy("Committee meetings: the ids of the members present."),
    )
    # many=True makes a ManyRelatedField (RelatedField.__new__), which the stubs do not know.
    decisions: serializers.ManyRelatedField = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="identifier", many=True, read_only=True
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "committee",
            "date",
            "title",
            "minutes",
            "agenda",
            "attendance",
            "present",
            "decisions",
        ]
        read_only_fields = ["id"]


class VoteSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    option = serializers.ChoiceField(choices=VoteOption.choices)


class DecisionSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="identifier", read_only=True)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())
    kind = ReadWiderChoiceField(
        choices=DecisionKind.choices,
        write_choices=RECORDED_DECISION_KINDS,
        help_text=gettext_lazy("A chair election is recorded on the pages, with its ballot."),
    )
    result = serializers.ChoiceField(
        choices=DecisionResult.choices,
        required=False,
        help_text=gettext_lazy(
            "Computed from the votes for committee decisions; given for council and board ones."
        ),
    )
    relation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Relation.objects.all(), required=False, allow_null=True
    )
    votes = VoteSerializer(many=True, required=False)
    tally = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "body",
            "kind",
            "title",
            "text",
            "result",
            "relation",
            "votes",
            "tally",
        ]
        read_only_fields = ["id", "body"]

    def get_tally(self, obj: Decision) -> dict[str, int]:
        return selectors.decision_tally(decision=obj)

    def to_representation(self, instance: Decision) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["votes"] = [
            {"person": v.person_id, "option": v.option}
            for v in selectors.decision_votes(decision=instance)
        ]
        return data


@extend_schema_view(
    list=extend_schema(summary="List persons"),
    retrieve=extend_schema(
        summary="Read a person", parameters=[number_id_parameter("The person's number.")]
    ),
    create=extend_schema(summary="Add a person"),
)
class PersonViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet
):
    """Persons holding public office (name only)."""

    serializer_class = PersonSerializer
    lookup_url_kwarg = "id"
    lookup_value_regex = ID_REGEX
    permission_map: ClassVar[dict[str, str]] = {
        "list": "governance.view_person",
        "retrieve": "governance.view_person",
        "create": "governance.add_person",
    }

    def get_queryset(self) -> QuerySet[Person]:
        return selectors.person_list()

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.person_create(name=serializer.validated_data["name"])


def _committee_detail(committee: Committee, day: date) -> dict[str, Any]:
    assessment = selectors.committee_assess(committee=committee, as_of=day)
    members = [
        {
            "name": f.membership.person.name,
            "person": f.membership.person_id,
            "role": f.membership.role,
            "is_council_member": f.is_council_member,
            "is_mayor": f.is_mayor,
            "elected_by_committee": f.membership.elected_in_id is not None,
            "start": f.membership.start,
            "end": f.membership.end,
        }
        for f in selectors.committee_composition(committee=committee, day=day)
    ]
    # The serializer reads the committee itself (its related fields need the model, not the
    # rendered values) with the state on ``day`` beside it.
    on_day = _CommitteeOnDay(
        committee,
        as_of=day,
        framework=assessment.framework,
        framework_in_force=assessment.in_force,
        members=members,
        findings=assessment.findings,
    )
    return dict(CommitteeDetailSerializer(on_day).data)


class _CommitteeOnDay:
    """A committee with its composition and findings on a day, as one object to serialize."""

    def __init__(self, committee: Committee, **state: Any) -> None:
        self._committee = committee
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._committee, name)


@extend_schema_view(
    list=extend_schema(summary="List committees"),
    retrieve=extend_schema(
        summary="Read a committee: members and findings on a date",
        parameters=[DateQuerySerializer],
        responses=CommitteeDetailSerializer,
    ),
)
class CommitteeViewSet(mixins.ListModelMixin, ApiViewSet):
    """Council committees; one committee reads with its composition and compliance on ``date``."""

    serializer_class = CommitteeSerializer
    lookup_url_kwarg = "id"
    lookup_value_regex = SLUG_REGEX
    permission_map: ClassVar[dict[str, str]] = {
        "list": "governance.view_committee",
        "retrieve": "governance.view_committee",
    }

    def get_queryset(self) -> QuerySet[Committee]:
        return selectors.committee_list()

    def retrieve(self, request: Request, id: str) -> Response:
        committee = selectors.committee_get(slug=id)
        day = self.query(DateQuerySerializer).get("date") or timezone.localdate()
        return Response(_committee_detail(committee, day))


@extend_schema_view(
    list=extend_schema(summary="List committee seats"),
    retrieve=extend_schema(
        summary="Read a committee seat", parameters=[number_id_parameter("The seat's number.")]
    ),
    create=extend_schema(summary="Seat a member, secretary or advisor"),
)
class CommitteeMembershipViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet
):
    """Seats in committees over time. Chairs come from elections (BES-10), not from here."""

    serializer_class = CommitteeMembershipSerializer
    filterset_class = CommitteeMembershipFilterSet
    lookup_url_kwarg = "id"
    lookup_value_regex = ID_REGEX
    permission_map: ClassVar[dict[str, str]] = {
        "list": "governance.view_committeemembership",
        "retrieve": "governance.view_committeemembership",
        "create": "governance.add_committeemembership",
    }

    def get_queryset(self) -> QuerySet[CommitteeMembership]:
        return selectors.committee_seat_list()

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.committee_membership_add(**serializer.validated_data)


@extend_schema_view(
    list=extend_schema(summary="List meetings"),
    retrieve=extend_schema(
        summary="Read a meeting", parameters=[number_id_parameter("The meeting's number.")]
    ),
    create=extend_schema(summary="Add a meeting (with who was present)"),
)
class MeetingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet
):
    """Meetings of the council, the executive board and committees."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    lookup_url_kwarg = "id"
    lookup_value_regex = ID_REGEX
    permission_map: ClassVar[dict[str, str]] = {
        "list": "governance.view_meeting",
        "retrieve": "governance.view_meeting",
        "create": "governance.add_meeting",
    }

    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors.meetings_with_agenda()

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        present = data.pop("present", None)
        meeting = services.meeting_create(**data)
        if present is not None:
            services.meeting_attendance_set(meeting=meeting, present=present)
        serializer.instance = selectors.meeting_by_number(pk=meeting.pk)


@extend_schema_view(
    list=extend_schema(summary="List decisions"),
    retrieve=extend_schema(summary="Read a decision with its votes"),
    create=extend_schema(summary="Record a decision (committee: with a vote per member)"),
)
class DecisionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet
):
    """Decisions of the council, the board and committees, by their stable reference."""

    serializer_class = DecisionSerializer
    filterset_class = DecisionFilterSet
    lookup_field = "identifier"
    lookup_url_kwarg = "id"
    lookup_value_regex = r"[-A-Z0-9]+"
    permission_map: ClassVar[dict[str, str]] = {
        "list": "governance.view_decision",
        "retrieve": "governance.view_decision",
        "create": "governance.add_decision",
    }

    def get_queryset(self) -> QuerySet[Decision]:
        return selectors.decision_list()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "id", str, OpenApiParameter.PATH, description="The decision's reference."
            )
        ]
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        votes = data.pop("votes", None)
        decision = services.decision_record(
            meeting=data["meeting"],
            kind=data["kind"],
            title=data["title"],
            text=data.get("text", ""),
            relation=data.get("relation"),
            result=data.get("result"),
            votes={v["person"]: v["option"] for v in votes} if votes is not None else None,
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


# --- the council and the portfolios ---------------------------------------------------------


class CouncilMembershipSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    group = serializers.SlugRelatedField(
        slug_field="name",
        queryset=PoliticalGroup.objects.all(),
        allow_null=True,
        required=False,
        help_text=gettext_lazy("The political group's name; empty for a member without one."),
    )

    class Meta:
        model = CouncilMembership
        fields = ["id", "person", "group", "start", "end"]
        read_only_fields = ["id"]


@extend_schema_view(
    list=extend_schema(summary="List council seats"),
    retrieve=extend_schema(
        summary="Read a council seat", parameters=[number_id_parameter("The seat's number.")]
    ),
    create=extend_schema(summary="Seat a person in the council"),
)
class CouncilMembershipViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet
):
    """The municipal council: who sits in it, for which group, from when to when."""

    serializer_class = CouncilMembershipSerializer
    filterset_class = CouncilMembershipFilterSet
    lookup_url_kwarg = "id"
    lookup_value_regex = ID_REGEX
    permission_map: ClassVar[dict[str, str]] = {
        "list": "governance.view_councilmembership",
        "retrieve": "governance.view_councilmembership",
        "create": "governance.add_councilmembership",
    }

    def get_queryset(self) -> QuerySet[CouncilMembership]:
        return selectors.council_seat_list()

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = services.council_membership_add(
            person=data["person"], group=data.get("group"), start=data["start"], end=data.get("end")
        )


class PortfolioSerializer(serializers.ModelSerializer):
    holder = serializers.SerializerMethodField()

    class Meta:
        model = Portfolio
        fields = ["code", "name_nl", "name_en", "purposes", "holder"]

    def get_holder(self, obj: Portfolio) -> str | None:
        holding = selectors.portfolio_holder_on(portfolio=obj, day=timezone.localdate())
        return holding.person.name if holding else None


@extend_schema_view(
    list=extend_schema(summary="List the portfolios with today's holder"),
    retrieve=extend_schema(summary="Read a portfolio"),
)
class PortfolioViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Portfolios of the executive board (codes from the framework, e.g. EZ)."""

    serializer_class = PortfolioSerializer
    lookup_field = "code"
    lookup_url_kwarg = "id"
    lookup_value_regex = r"[A-Z][A-Z0-9_]{0,15}"
    permission_map: ClassVar[dict[str, str]] = {
        "list": "governance.view_portfolio",
        "retrieve": "governance.view_portfolio",
    }

    def get_queryset(self) -> QuerySet[Portfolio]:
        return selectors.portfolio_list()
