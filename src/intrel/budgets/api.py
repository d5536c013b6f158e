"""Budgets API: lines (as the contract's ``budget_line`` subject plus balances), their ledger
and allocations, realisations and releases on allocations, transfers between lines.

Routes (no trailing slash, kebab-case; see docs/budgets.md and docs/api.md):
``/budget-lines``, ``/budget-lines/{id}``, ``/budget-lines/{id}/allocations``,
``/budget-lines/{id}/entries``, ``/budget-allocations/{id}``,
``/budget-allocations/{id}/realisations``, ``/budget-allocations/{id}/releases``,
``/budget-transfers``, ``/budget-transfers/{id}``.

Writes go through the services: an allocation (or transfer, realisation, release) that would
take more than is left answers 409 problem+json with ``clauses: ["ACH-2"]`` and
``left: {money, hours}``. Every role reads; who may write is checked per operation
(``permission_map``) and, for the clerk, per line (committee-held lines only).
"""

from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from intrel.accounts.selectors import request_user
from intrel.api.exceptions import invalid
from intrel.api.permissions import require_object
from intrel.api.serializers import SelfLinkSerializer
from intrel.api.viewsets import (
    NUMBER_ID_MAX,
    ApiViewSet,
    number_id_parameter,
    slug_id_parameter,
)
from intrel.core.bounds import (
    BUDGET_YEAR_MAX,
    BUDGET_YEAR_MIN,
    DESCRIPTION_MAX_LENGTH,
    HOURS_DIGITS,
    HOURS_PLACES,
    MONEY_DIGITS,
    MONEY_PLACES,
    SLUG_REGEX,
)
from intrel.core.errors import DomainError
from intrel.governance import selectors as governance_selectors
from intrel.governance.models import Decision
from intrel.relations import selectors as relations_selectors

from . import selectors, services
from .constants import (
    EntryKind,
    HolderKind,
    LinePurpose,
)
from .filters import BudgetLineFilterSet, TransferFilterSet
from .models import Allocation, BudgetLine, BudgetTransfer, LedgerEntry

if TYPE_CHECKING:
    from .selectors import AnnotatedAllocation


def money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, min_value=0, **kwargs
    )


def hours(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=HOURS_DIGITS, decimal_places=HOURS_PLACES, min_value=0, **kwargs
    )


def _href(request: Request | None, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


# --- serializers ---------------------------------------------------------------------------------


class BudgetLineInSerializer(serializers.Serializer):
    """A new line: the contract's ``budget_line`` subject plus year, name and committee."""

    id = serializers.SlugField(
        max_length=100, help_text=gettext_lazy("Stable identifier (slug), e.g. solidarity-2014.")
    )
    year = serializers.IntegerField(min_value=BUDGET_YEAR_MIN, max_value=BUDGET_YEAR_MAX)
    name = serializers.CharField(max_length=200)
    purpose = serializers.ChoiceField(choices=LinePurpose.choices)
    held_by = serializers.ChoiceField(choices=HolderKind.choices)
    portfolio = serializers.CharField(
        max_length=16,
        allow_null=True,
        required=False,
        help_text=gettext_lazy("Portfolio code when a portfolio holds the line, e.g. EZ."),
    )
    committee = serializers.SlugField(
        max_length=100,
        allow_null=True,
        required=False,
        help_text=gettext_lazy("The committee's id when the committee holds the line."),
    )
    money_eur_per_year = money(help_text=gettext_lazy("The opening amount of money (EUR)."))
    staff_hours_per_year = hours(help_text=gettext_lazy("The opening staff hours."))
    description = serializers.CharField(
        allow_blank=True, required=False, max_length=DESCRIPTION_MAX_LENGTH
    )


class BudgetLineSerializer(serializers.Serializer):
    """A line: the contract's ``budget_line`` subject, plus its year, holder and balances."""

    subject = serializers.CharField(help_text=gettext_lazy("Always `budget_line`."))
    id = serializers.CharField()
    year = serializers.IntegerField()
    name = serializers.CharField()
    purpose = serializers.ChoiceField(choices=LinePurpose.choices)
    held_by = serializers.ChoiceField(choices=HolderKind.choices)
    portfolio = serializers.CharField(allow_null=True)
    committee = serializers.CharField(allow_null=True)
    money_eur_per_year = serializers.CharField(
        help_text=gettext_lazy("Available: opening plus transfers in, minus transfers out.")
    )
    staff_hours_per_year = serializers.CharField()
    money_committed = serializers.CharField()
    hours_committed = serializers.CharField()
    money_spent = serializers.CharField()
    hours_spent = serializers.CharField()
    money_left = serializers.CharField()
    hours_left = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    _links = SelfLinkSerializer()

    def to_representation(self, line: BudgetLine) -> dict[str, Any]:
        subject = selectors.budget_line_to_subject(line)
        return {
            "subject": "budget_line",
            "id": line.slug,
            "year": line.year,
            "name": line.name,
            "purpose": line.purpose,
            "held_by": line.holder_kind,
            "portfolio": subject["portfolio"],
            "committee": line.committee.slug if line.committee else None,
            "money_eur_per_year": f"{line.money_available:.2f}",
            "staff_hours_per_year": f"{line.hours_available:.1f}",
            "money_committed": f"{line.money_committed:.2f}",
            "hours_committed": f"{line.hours_committed:.1f}",
            "money_spent": f"{line.money_spent:.2f}",
            "hours_spent": f"{line.hours_spent:.1f}",
            "money_left": f"{line.money_left:.2f}",
            "hours_left": f"{line.hours_left:.1f}",
            "description": line.description,
            "_links": {
                "self": {
                    "href": _href(self.context.get("request"), f"/api/v1/budget-lines/{line.slug}")
                }
            },
        }


class AllocationInSerializer(serializers.Serializer):
    date = serializers.DateField(help_text=gettext_lazy("A day in the line's year."))
    money_eur = money()
    staff_hours = hours()
    relation = serializers.RegexField(
        f"^{SLUG_REGEX}$",
        max_length=100,
        allow_null=True,
        required=False,
        help_text=gettext_lazy("The relation's id."),
    )
    activity = serializers.IntegerField(
        min_value=1,
        max_value=NUMBER_ID_MAX,
        allow_null=True,
        required=False,
        help_text=gettext_lazy("An activity's number (its relation is taken)."),
    )
    initiative = serializers.CharField(
        max_length=20,
        allow_blank=True,
        allow_null=True,
        required=False,
        help_text=gettext_lazy("The supported citizen initiative's reference, e.g. INI-2026-0001."),
    )
    decision = serializers.CharField(
        max_length=40,
        allow_null=True,
        required=False,
        help_text=gettext_lazy("The granting decision's reference, e.g. IB-2014-002."),
    )
    description = serializers.CharField(
        allow_blank=True, required=False, max_length=DESCRIPTION_MAX_LENGTH
    )


class AllocationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    line = serializers.CharField(help_text=gettext_lazy("The budget line's id."))
    date = serializers.DateField()
    money_eur = serializers.CharField(help_text=gettext_lazy("Allocated money (EUR)."))
    staff_hours = serializers.CharField(help_text=gettext_lazy("Allocated hours."))
    relation = serializers.CharField(allow_null=True)
    activity = serializers.IntegerField(allow_null=True)
    initiative = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("The citizen initiative's reference.")
    )
    decision = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_blank=True)
    money_spent = serializers.CharField()
    hours_spent = serializers.CharField()
    money_released = serializers.CharField()
    hours_released = serializers.CharField()
    money_open = serializers.CharField()
    hours_open = serializers.CharField()
    _links = SelfLinkSerializer()

    def to_representation(self, allocation: Allocation) -> dict[str, Any]:
        a = (
            cast("AnnotatedAllocation", allocation)
            if hasattr(allocation, "money_spent")
            else selectors.allocation_get(pk=allocation.pk)
        )
        m_open = a.money - a.money_released - a.money_spent
        h_open = a.hours - a.hours_released - a.hours_spent
        return {
            "id": a.pk,
            "line": a.line.slug,
            "date": a.date.isoformat(),
            "money_eur": f"{a.money:.2f}",
            "staff_hours": f"{a.hours:.1f}",
            "relation": a.relation.slug if a.relation else None,
            "activity": a.activity_id,
            "initiative": a.initiative_id,
            "decision": a.decision.identifier if a.decision else None,
            "description": a.description,
            "money_spent": f"{a.money_spent:.2f}",
            "hours_spent": f"{a.hours_spent:.1f}",
            "money_released": f"{a.money_released:.2f}",
            "hours_released": f"{a.hours_released:.1f}",
            "money_open": f"{m_open:.2f}",
            "hours_open": f"{h_open:.1f}",
            "_links": {
                "self": {
                    "href": _href(self.context.get("request"), f"/api/v1/budget-allocations/{a.pk}")
                }
            },
        }


class BookingInSerializer(serializers.Serializer):
    """A realisation: money and hours actually spent on the allocation."""

    date = serializers.DateField()
    money_eur = money()
    staff_hours = hours()
    description = serializers.CharField(
        allow_blank=True, required=False, max_length=DESCRIPTION_MAX_LENGTH
    )


class ReleaseInSerializer(serializers.Serializer):
    """A release; without amounts, all that is open on the allocation is released."""

    date = serializers.DateField()
    money_eur = money(required=False, allow_null=True)
    staff_hours = hours(required=False, allow_null=True)
    description = serializers.CharField(
        allow_blank=True, required=False, max_length=DESCRIPTION_MAX_LENGTH
    )


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    line = serializers.CharField()
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    money_eur = serializers.CharField()
    staff_hours = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    decision = serializers.CharField(allow_null=True)
    allocation = serializers.IntegerField(allow_null=True)
    transfer = serializers.IntegerField(allow_null=True)

    def to_representation(self, e: LedgerEntry) -> dict[str, Any]:
        return {
            "id": e.pk,
            "line": e.line.slug,
            "date": e.date.isoformat(),
            "kind": e.kind,
            "money_eur": f"{e.money:.2f}",
            "staff_hours": f"{e.hours:.1f}",
            "description": e.description,
            "decision": e.decision.identifier if e.decision else None,
            "allocation": e.allocation_id,
            "transfer": e.transfer_id,
        }


class TransferInSerializer(serializers.Serializer):
    # The stubs take a declared field named "source" for Field.source; DRF's metaclass moves it.
    source = serializers.RegexField(  # type: ignore[assignment]
        f"^{SLUG_REGEX}$", max_length=100, help_text=gettext_lazy("The id of the line it leaves.")
    )
    target = serializers.RegexField(
        f"^{SLUG_REGEX}$", max_length=100, help_text=gettext_lazy("The id of the line it enters.")
    )
    date = serializers.DateField()
    money_eur = money()
    staff_hours = hours()
    decision = serializers.CharField(
        max_length=40,
        help_text=gettext_lazy("The adopted decision's reference (required), e.g. RAAD-2014-001."),
    )
    description = serializers.CharField(
        allow_blank=True, required=False, max_length=DESCRIPTION_MAX_LENGTH
    )


class TransferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField()  # type: ignore[assignment]  # as in TransferInSerializer
    target = serializers.CharField()
    date = serializers.DateField()
    money_eur = serializers.CharField()
    staff_hours = serializers.CharField()
    decision = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    _links = SelfLinkSerializer()

    def to_representation(self, t: BudgetTransfer) -> dict[str, Any]:
        return {
            "id": t.pk,
            "source": t.source.slug,
            "target": t.target.slug,
            "date": t.date.isoformat(),
            "money_eur": f"{t.money:.2f}",
            "staff_hours": f"{t.hours:.1f}",
            "decision": t.decision.identifier,
            "description": t.description,
            "_links": {
                "self": {
                    "href": _href(self.context.get("request"), f"/api/v1/budget-transfers/{t.pk}")
                }
            },
        }


# --- references in a body: each unknown one is a 400 naming its field ------------------------


def _decision(reference: str | None, *, field: str = "decision") -> Decision | None:
    if not reference:
        return None
    decision = governance_selectors.decision_by_reference(reference=reference)
    if decision is None:
        raise invalid(field, _("no decision with reference %(ref)s.") % {"ref": reference})
    return decision


def _line(slug: str, field: str) -> BudgetLine:
    line = selectors.budget_line_by_slug(slug=slug)
    if line is None:
        raise invalid(field, _("no budget line with id %(id)s.") % {"id": slug})
    return line


def _may_book(request: Request, line: BudgetLine, permission: str) -> None:
    """The line's object rule (budgets/rules.py): the role's permission is checked before (403);
    a line that is not the caller's to book on answers 404, as an unknown one (ADR 0020)."""
    require_object(request, permission, line)


LINE_ID = slug_id_parameter("The budget line's id (slug).")
NUMBER_ID = number_id_parameter("The number.")
TAGS = ["budgets"]
# A service's argument and the API field it comes from, for the names in a refusal.
_API_FIELDS = {"money": "money_eur", "hours": "staff_hours"}


# --- viewsets ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        operation_id="budget_lines_list",
        summary="List budget lines",
        tags=TAGS,
        responses={200: BudgetLineSerializer(many=True)},
    ),
    create=extend_schema(
        operation_id="budget_lines_create",
        summary="Open a budget line with its opening amounts",
        tags=TAGS,
        request=BudgetLineInSerializer,
        responses={201: BudgetLineSerializer},
    ),
    retrieve=extend_schema(
        operation_id="budget_line_retrieve",
        summary="Read a budget line with its balances",
        tags=TAGS,
        parameters=[LINE_ID],
        responses={200: BudgetLineSerializer},
    ),
)
class BudgetLineViewSet(ApiViewSet):
    """Budget lines per year (the contract's ``budget_line``), their allocations and ledger."""

    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilterSet
    lookup_url_kwarg = "id"
    lookup_value_regex = SLUG_REGEX
    permission_map: ClassVar[dict[str, str]] = {
        "list": "budgets.view_budgetline",
        "create": "budgets.add_budgetline",
        "retrieve": "budgets.view_budgetline",
        "allocations": "budgets.view_allocation",
        "allocation_create": "budgets.add_allocation",
        "entries": "budgets.view_ledgerentry",
    }

    def get_queryset(self) -> QuerySet[BudgetLine]:
        return selectors.budget_line_list()

    def list(self, request: Request) -> Response:
        return self.page(self.get_queryset())

    def create(self, request: Request) -> Response:
        data = self.body(BudgetLineInSerializer)
        portfolio = committee = None
        if data.get("portfolio"):
            portfolio = governance_selectors.portfolio_by_code(code=data["portfolio"])
            if portfolio is None:
                raise invalid(
                    "portfolio", _("no portfolio with code %(c)s.") % {"c": data["portfolio"]}
                )
        if data.get("committee"):
            committee = governance_selectors.committee_by_slug(slug=data["committee"])
            if committee is None:
                raise invalid(
                    "committee", _("no committee with id %(c)s.") % {"c": data["committee"]}
                )
        line = services.budget_line_create(
            slug=data["id"],
            year=data["year"],
            name=data["name"],
            purpose=data["purpose"],
            holder_kind=data["held_by"],
            portfolio=portfolio,
            committee=committee,
            money=data["money_eur_per_year"],
            hours=data["staff_hours_per_year"],
            description=data.get("description", ""),
            user=request_user(request),
        )
        return self.created(self.out(line))

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.out(selectors.budget_line_get(slug=id)))

    @extend_schema(
        operation_id="budget_line_allocations_list",
        summary="List a line's allocations",
        tags=TAGS,
        parameters=[LINE_ID],
        responses={200: AllocationSerializer(many=True)},
    )
    def allocations(self, request: Request, id: str) -> Response:
        line = selectors.budget_line_get(slug=id)
        return self.page(selectors.line_allocations(line=line), AllocationSerializer)

    @extend_schema(
        operation_id="budget_line_allocations_create",
        summary="Allocate money and hours from a line (409 when it would exceed the line, ACH-2)",
        tags=TAGS,
        parameters=[LINE_ID],
        request=AllocationInSerializer,
        responses={201: AllocationSerializer},
    )
    def allocation_create(self, request: Request, id: str) -> Response:
        data = self.body(AllocationInSerializer)
        line = selectors.budget_line_get(slug=id)
        _may_book(request, line, "budgets.add_allocation")
        relation = activity = None
        if data.get("relation"):
            relation = relations_selectors.relation_by_slug(slug=data["relation"])
            if relation is None:
                raise invalid(
                    "relation", _("no relation with id %(id)s.") % {"id": data["relation"]}
                )
        if data.get("activity"):
            activity = relations_selectors.activity_by_number(pk=data["activity"])
            if activity is None:
                raise invalid(
                    "activity", _("no activity with number %(n)s.") % {"n": data["activity"]}
                )
        try:
            allocation = services.budget_allocate(
                line=line,
                date=data["date"],
                money=data["money_eur"],
                hours=data["staff_hours"],
                relation=relation,
                activity=activity,
                initiative=data.get("initiative") or "",
                decision=_decision(data.get("decision")),
                description=data.get("description", ""),
                user=request_user(request),
            )
        except DomainError as exc:
            # The service names its own arguments; the API names its fields.
            exc.field = _API_FIELDS.get(exc.field or "", exc.field)
            raise
        return self.created(self.out(allocation, AllocationSerializer))

    @extend_schema(
        operation_id="budget_line_entries_list",
        summary="List a line's ledger entries (its balances are their sums)",
        tags=TAGS,
        parameters=[LINE_ID],
        responses={200: EntrySerializer(many=True)},
    )
    def entries(self, request: Request, id: str) -> Response:
        line = selectors.budget_line_get(slug=id)
        return self.page(selectors.line_entries(line=line), EntrySerializer)


@extend_schema_view(
    retrieve=extend_schema(
        operation_id="budget_allocation_retrieve",
        summary="Read an allocation with what is spent, released and open",
        tags=TAGS,
        parameters=[NUMBER_ID],
        responses={200: AllocationSerializer},
    ),
)
class AllocationViewSet(ApiViewSet):
    """Allocations from budget lines, with the realisations and releases written against them."""

    serializer_class = AllocationSerializer
    permission_map: ClassVar[dict[str, str]] = {
        "retrieve": "budgets.view_allocation",
        "realisations": "budgets.view_ledgerentry",
        "realisation_create": "budgets.add_ledgerentry",
        "release_create": "budgets.add_ledgerentry",
    }

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.out(selectors.allocation_get(pk=int(id))))

    @extend_schema(
        operation_id="budget_allocation_realisations_list",
        summary="List the realisations written against an allocation",
        tags=TAGS,
        parameters=[NUMBER_ID],
        responses={200: EntrySerializer(many=True)},
    )
    def realisations(self, request: Request, id: str) -> Response:
        allocation = selectors.allocation_get(pk=int(id))
        return self.page(selectors.allocation_realisations(allocation=allocation), EntrySerializer)

    @extend_schema(
        operation_id="budget_allocation_realisations_create",
        summary="Write actual spending and hours against an allocation",
        tags=TAGS,
        parameters=[NUMBER_ID],
        request=BookingInSerializer,
        responses={201: EntrySerializer},
    )
    def realisation_create(self, request: Request, id: str) -> Response:
        data = self.body(BookingInSerializer)
        allocation = selectors.allocation_get(pk=int(id))
        _may_book(request, allocation.line, "budgets.add_ledgerentry")
        entry = services.allocation_realise(
            allocation=allocation,
            date=data["date"],
            money=data["money_eur"],
            hours=data["staff_hours"],
            description=data.get("description", ""),
            user=request_user(request),
        )
        return self.created(self.out(entry, EntrySerializer))

    @extend_schema(
        operation_id="budget_allocation_releases_create",
        summary="Release to the line what will not be spent (default: all that is open)",
        tags=TAGS,
        parameters=[NUMBER_ID],
        request=ReleaseInSerializer,
        responses={201: EntrySerializer},
    )
    def release_create(self, request: Request, id: str) -> Response:
        data = self.body(ReleaseInSerializer)
        allocation = selectors.allocation_get(pk=int(id))
        _may_book(request, allocation.line, "budgets.add_ledgerentry")
        entry = services.allocation_release(
            allocation=allocation,
            date=data["date"],
            money=data.get("money_eur"),
            hours=data.get("staff_hours"),
            description=data.get("description", ""),
            user=request_user(request),
        )
        return self.created(self.out(entry, EntrySerializer))


@extend_schema_view(
    list=extend_schema(
        operation_id="budget_transfers_list",
        summary="List transfers between budget lines",
        tags=TAGS,
        responses={200: TransferSerializer(many=True)},
    ),
    create=extend_schema(
        operation_id="budget_transfers_create",
        summary="Move money and hours between lines by a decision (two ledger entries)",
        tags=TAGS,
        request=TransferInSerializer,
        responses={201: TransferSerializer},
    ),
    retrieve=extend_schema(
        operation_id="budget_transfer_retrieve",
        summary="Read a transfer",
        tags=TAGS,
        parameters=[NUMBER_ID],
        responses={200: TransferSerializer},
    ),
)
class TransferViewSet(ApiViewSet):
    """Transfers of money and hours between budget lines, each by an adopted decision."""

    serializer_class = TransferSerializer
    filterset_class = TransferFilterSet
    permission_map: ClassVar[dict[str, str]] = {
        "list": "budgets.view_budgettransfer",
        "create": "budgets.add_budgettransfer",
        "retrieve": "budgets.view_budgettransfer",
    }

    def get_queryset(self) -> QuerySet[BudgetTransfer]:
        return selectors.transfer_list()

    def list(self, request: Request) -> Response:
        return self.page(self.get_queryset())

    def create(self, request: Request) -> Response:
        data = self.body(TransferInSerializer)
        transfer = services.budget_transfer(
            source=_line(data["source"], "source"),
            target=_line(data["target"], "target"),
            date=data["date"],
            money=data["money_eur"],
            hours=data["staff_hours"],
            decision=_decision(data["decision"]),
            description=data.get("description", ""),
            user=request_user(request),
        )
        return self.created(self.out(transfer))

    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.out(selectors.transfer_get(pk=int(id))))


__all__ = ["AllocationViewSet", "BudgetLineViewSet", "TransferViewSet"]
