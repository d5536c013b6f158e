"""Reads for the start page: what needs the signed-in person now, by the roles they hold.

Each role gets the cards it can act on (issue 17): the policy officer the register's conflicts
and deadlines, the portfolio holder her portfolio, the clerk the meetings and initiatives to
prepare, the committee member the committee's budget and agenda, the council member an overview
for oversight, the application manager accounts, imports and the framework in force. A card is
shown only where the role also holds the permission to open what it links to.

The start page is the top layer (ADR 0008): it may read from every app, and no app reads from
it."""

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, Group
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone

from intrel.accounts.constants import Role
from intrel.accounts.models import User
from intrel.assessments.selectors import (
    SHOWN_PER_OWNER,
    assessments_awaiting_confirmation,
    assessments_needing_attention,
    budget_lines_with_violations,
    framework_committee_name,
    framework_get,
    other_subjects_with_violations,
    violations_by_owner,
)
from intrel.budgets.constants import HolderKind
from intrel.budgets.models import BudgetLine
from intrel.core.web import user_may
from intrel.governance.constants import Body
from intrel.governance.models import (
    CommitteeMembership,
    Decision,
    Meeting,
    Person,
    PortfolioHolding,
)
from intrel.governance.selectors import framework_effective_from
from intrel.imports.models import ImportBatch
from intrel.initiatives.constants import Step
from intrel.initiatives.models import Initiative
from intrel.relations.constants import OwnerKind, RegisteredKind, Status
from intrel.relations.models import Agreement, Involvement, Relation
from intrel.reviews.selectors import actions_overdue_for

# How far ahead "ending soon" looks (involvements, agreements) and how many items a card names.
ENDING_SOON_DAYS = 90
SHOWN = 10
LIVE_STATUSES = (Status.ACTIVE, Status.SUSPENDED, Status.FRIENDSHIP, Status.ENDING)


def _roles(user: User) -> set[str]:
    if user.is_superuser:
        return {str(role) for role in Role}
    return set(user.groups.values_list("name", flat=True))


def attention_for(*, user: User | AnonymousUser) -> dict[str, Any]:
    """What needs ``user``'s attention, card by card (nothing for a visitor who is not signed
    in). ``roles`` lists the roles whose cards are shown, in the order of the page."""
    context: dict[str, Any] = {"roles": []}
    if not isinstance(user, User) or not user.is_authenticated:
        return context
    roles = _roles(user)
    today = timezone.localdate()
    person = Person.objects.filter(account=user).first()
    builders = [
        (Role.POLICY_OFFICER, _policy_officer),
        (Role.PORTFOLIO_HOLDER, _portfolio_holder),
        (Role.CLERK, _clerk),
        (Role.COMMITTEE_MEMBER, _committee_member),
        (Role.COUNCIL_MEMBER, _council_member),
        (Role.APPLICATION_MANAGER, _application_manager),
    ]
    for role, build in builders:
        if str(role) in roles:
            context["roles"].append(str(role.label))
            context.update(build(user=user, person=person, today=today))
    if user.has_perm("reviews.view_reviewaction"):
        # The review's actions past their due date that this person (or one of their roles)
        # carries, whatever the role (issue 15).
        overdue = actions_overdue_for(user=user, today=today)
        context["overdue_actions"] = overdue[:SHOWN]
        context["overdue_actions_count"] = overdue.count()
    return context


# --- beleidsmedewerker ----------------------------------------------------------------------


def _policy_officer(*, user: User, person: Any, today: date) -> dict[str, Any]:
    context: dict[str, Any] = {}
    if user.has_perm("assessments.view_assessment"):
        context["violations_by_owner"] = violations_by_owner()
        context["other_violations"] = other_subjects_with_violations()
        context["committee_name"] = framework_committee_name()
    if user.has_perm("assessments.confirm_assessment"):
        awaiting = assessments_awaiting_confirmation()
        context["awaiting_confirmation"] = awaiting.defer("facts", "decision")[:SHOWN]
        context["awaiting_count"] = awaiting.count()
    if user.has_perm("budgets.view_budgetline") and user.has_perm("budgets.manage_any_line"):
        # Budget lines in conflict with the framework (e.g. BES-11: solidarity not with the
        # committee), counted apart from relations: a line has no owner to group by.
        context["budget_line_violations"] = budget_lines_with_violations()
    if user.has_perm("relations.change_relation"):
        context.update(_ending_soon(today))
        context.update(_dormant(today))
        context["unverified_relations"] = (
            Relation.objects.filter(verified=False)
            .select_related("partner")
            .order_by("name")[:SHOWN]
        )
        context["unverified_count"] = Relation.objects.filter(verified=False).count()
        since = timezone.now() - timedelta(days=30)
        context["recent_relations"] = (
            Relation.objects.filter(updated_at__gte=since)
            .select_related("partner")
            .order_by("-updated_at")[:SHOWN]
        )
    if user.has_perm("imports.add_importbatch"):
        context["problem_imports"] = _problem_imports()
    return context


def _ending_soon(today: date) -> dict[str, Any]:
    until = today + timedelta(days=ENDING_SOON_DAYS)
    involvements = (
        Involvement.objects.filter(end__gte=today, end__lte=until)
        .select_related("relation")
        .order_by("end")
    )
    agreements = (
        Agreement.objects.filter(ends__gte=today, ends__lte=until)
        .select_related("relation")
        .order_by("ends")
    )
    return {
        "ending_soon_days": ENDING_SOON_DAYS,
        "involvements_ending": involvements[:SHOWN],
        "agreements_ending": agreements[:SHOWN],
    }


def _dormant(today: date) -> dict[str, Any]:
    """Live relations with no recorded activity for the framework's dormancy period (shown,
    not a state: issue 14). A relation with no activity at all is not called dormant: its last
    activity is not known (the engine's reading)."""
    months = framework_get().spec.dormant_after_months
    if not months:
        return {}
    cutoff = dormant_cutoff(today, months)
    # The day each relation stores (kept by the writes of its activities), read in its order
    # from an index: not every activity of the register grouped per relation (issue 19).
    dormant = (
        Relation.objects.filter(status__in=LIVE_STATUSES, last_activity_on__lt=cutoff)
        .annotate(last=F("last_activity_on"))
        .order_by("last_activity_on", "name")
    )
    return {"dormant_relations": dormant[:SHOWN], "dormant_months": months}


def dormant_cutoff(today: date, months: int) -> date:
    """A relation whose last activity lies before this day is dormant on the start page: the
    start of the month ``months`` back (conservative)."""
    cutoff = date(today.year - (months // 12), today.month, 1)
    if months % 12:
        month = cutoff.month - months % 12
        cutoff = date(cutoff.year - (month <= 0), (month - 1) % 12 + 1, 1)
    return cutoff


def _problem_imports() -> Any:
    # Uploads refused for problems, and twin-towns seeds that could not read some rows.
    return ImportBatch.objects.filter(problem_count__gt=0).defer("rows", "problems")[:5]


# --- portefeuillehouder -----------------------------------------------------------------------


def _portfolio_holder(*, user: User, person: Any, today: date) -> dict[str, Any]:
    if person is None:
        return {"holder_unlinked": True}
    holdings = (
        PortfolioHolding.objects.held_on(today)
        .filter(person=person)
        .select_related("portfolio")
        .order_by("portfolio__code")
    )
    codes = [h.portfolio.code for h in holdings]
    year = _budget_year(today)
    portfolios = []
    for holding in holdings:
        code = holding.portfolio.code
        portfolios.append(
            {
                "portfolio": holding.portfolio,
                "relations": Relation.objects.filter(
                    owner_kind=OwnerKind.PORTFOLIO, owner_portfolio=code
                ).order_by("name")[:SHOWN],
                "lines": BudgetLine.objects.filter(
                    holder_kind=HolderKind.PORTFOLIO, portfolio=holding.portfolio, year=year
                ).order_by("name"),
            }
        )
    line: Any
    for entry in portfolios:
        # The line's own object rule decides the Allocate link (ADR 0020), as on its page.
        entry["lines"] = list(entry["lines"])
        for line in entry["lines"]:
            line.may_allocate = user_may(user, "budgets.add_allocation", line)
    asks = (
        assessments_needing_attention()
        .filter(routed_owner_kind=OwnerKind.PORTFOLIO, routed_owner_portfolio__in=codes)
        .defer("facts", "decision")
    )
    return {
        "holder_person": person,
        "holder_portfolios": portfolios,
        "holder_asks": asks[:SHOWN_PER_OWNER],
        "holder_asks_count": asks.count(),
        "budget_year": year,
    }


def _budget_year(today: date) -> int:
    """This year's budget, or the latest there is before it (the demo's are of 2014)."""
    years = BudgetLine.objects.filter(year__lte=today.year).aggregate(y=Max("year"))["y"]
    return int(years or today.year)


# --- griffie ----------------------------------------------------------------------------------


def _clerk(*, user: User, person: Any, today: date) -> dict[str, Any]:
    context: dict[str, Any] = {
        "meetings_ahead": Meeting.objects.filter(date__gte=today)
        .select_related("committee")
        .order_by("date")[:5],
        "meetings_without_minutes": Meeting.objects.filter(date__lt=today, minutes="")
        .select_related("committee")
        .order_by("-date")[:5],
    }
    if user.has_perm("assessments.view_assessment"):
        context["other_violations"] = other_subjects_with_violations()
        context["committee_name"] = framework_committee_name()
        context["committee_compliance"] = True
    if user.has_perm("initiatives.view_initiative"):
        submitted = Initiative.objects.filter(step=Step.SUBMITTED).order_by("submitted_at")
        context["initiatives_to_screen"] = submitted[:SHOWN]
        context["initiatives_to_screen_count"] = submitted.count()
    return context


# --- commissielid -----------------------------------------------------------------------------


def _committee_member(*, user: User, person: Any, today: date) -> dict[str, Any]:
    committees = []
    if person is not None:
        committees = list(
            CommitteeMembership.objects.held_on(today)
            .filter(person=person)
            .values_list("committee_id", flat=True)
        )
    year = _budget_year(today)
    lines = BudgetLine.objects.filter(holder_kind=HolderKind.COMMITTEE, year=year)
    meetings = Meeting.objects.filter(body=Body.COMMITTEE, date__gte=today)
    if committees:
        lines = lines.filter(committee_id__in=committees)
        meetings = meetings.filter(committee_id__in=committees)
    next_meeting = meetings.order_by("date").prefetch_related("agenda_items").first()
    context: dict[str, Any] = {
        "committee_lines": lines.order_by("name"),
        "budget_year": year,
        "next_meeting": next_meeting,
        "solidarity_relations": Relation.objects.filter(
            registered_kind=RegisteredKind.SOLIDARITY, status__in=LIVE_STATUSES
        ).order_by("name")[:SHOWN],
        "committee_member_unlinked": person is None,
    }
    if user.has_perm("initiatives.view_initiative"):
        context["initiatives_on_agenda"] = Initiative.objects.filter(step=Step.ON_AGENDA).order_by(
            "submitted_at"
        )[:SHOWN]
    return context


# --- raadslid ---------------------------------------------------------------------------------


def _council_member(*, user: User, person: Any, today: date) -> dict[str, Any]:
    live = Relation.objects.filter(status__in=LIVE_STATUSES)
    by_kind = [
        (str(RegisteredKind(row["registered_kind"]).label), row["n"])
        for row in live.order_by()
        .values("registered_kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "registered_kind")
        if row["registered_kind"] in RegisteredKind.values
    ]
    by_owner = [
        (str(OwnerKind(row["owner_kind"]).label), row["n"])
        for row in live.order_by()
        .values("owner_kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner_kind")
        if row["owner_kind"] in OwnerKind.values
    ]
    money_by_year = (
        BudgetLine.objects.order_by()
        .values("year")
        .annotate(
            money=Sum("money_available"),
            committed=Sum("money_committed"),
            hours=Sum("hours_available"),
        )
        .order_by("-year")[:5]
    )
    decisions = (
        Decision.objects.filter(Q(body=Body.COUNCIL) | Q(meeting__body=Body.COUNCIL))
        .select_related("meeting")
        .order_by("-meeting__date", "-pk")[:5]
    )
    return {
        "oversight_by_kind": by_kind,
        "oversight_by_owner": by_owner,
        "oversight_money": list(money_by_year),
        "council_decisions": decisions,
    }


# --- functioneel beheer -----------------------------------------------------------------------


def _application_manager(*, user: User, person: Any, today: date) -> dict[str, Any]:
    counts = dict(
        Group.objects.filter(name__in=[str(r) for r in Role])
        .annotate(n=Count("user", filter=Q(user__is_active=True)))
        .values_list("name", "n")
    )
    framework = framework_get()
    return {
        "accounts_by_role": [(str(role.label), counts.get(str(role), 0)) for role in Role],
        "accounts_unlinked": User.objects.filter(
            is_active=True,
            groups__name__in=[str(Role.PORTFOLIO_HOLDER), str(Role.COMMITTEE_MEMBER)],
            person__isnull=True,
        )
        .distinct()
        .count(),
        "problem_imports": _problem_imports(),
        "recent_imports": ImportBatch.objects.defer("rows", "problems").order_by("-created_at")[:5],
        "framework_in_force": framework,
        "framework_effective_from": framework_effective_from(),
    }
