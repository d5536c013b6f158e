"""Reads for governance, and the committee's facts as the policy contract's `committee` subject."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from intrel.accounts.constants import Role
from intrel.accounts.models import User
from intrel.core.formatting import in_language
from intrel.core.models import held_on, overlapping
from intrel.policy import Framework, evaluate, in_date_range, load_framework, parse_subject
from intrel.relations.models import Relation
from intrel.relations.selectors import LifeChange, life_changes

from .constants import BoardRole, DecisionKind, VoteOption
from .models import (
    Attendance,
    BoardMembership,
    Committee,
    CommitteeGoals,
    CommitteeMembership,
    CouncilMembership,
    Decision,
    Meeting,
    Person,
    Portfolio,
    PortfolioHolding,
    Vote,
)


def framework_get(framework_id: str | None = None) -> Framework:
    """The framework (default: ``settings.INTREL_DEFAULT_FRAMEWORK``)."""
    return load_framework(framework_id or settings.INTREL_DEFAULT_FRAMEWORK)


def framework_effective_from(framework_id: str | None = None) -> date:
    """The date the framework takes effect, as its file says (``effective_from``; default
    framework: ``settings.INTREL_DEFAULT_FRAMEWORK``). A file that names no date: in effect
    from the beginning (``date.min``)."""
    spec = load_framework(framework_id or settings.INTREL_DEFAULT_FRAMEWORK).spec
    return spec.effective_from or date.min


def quorum_needed(voting_members: int) -> int:
    """How many voting members must be present: the setting, or more than half."""
    configured = int(getattr(settings, "INTREL_COMMITTEE_QUORUM", 0) or 0)
    return configured if configured > 0 else voting_members // 2 + 1


def is_council_member(*, person: Person, day: date) -> bool:
    return CouncilMembership.objects.filter(held_on(day), person=person).exists()


def is_mayor(*, person: Person, day: date) -> bool:
    return BoardMembership.objects.filter(
        held_on(day), person=person, role=BoardRole.MAYOR
    ).exists()


def committee_list() -> QuerySet[Committee]:
    return Committee.objects.order_by("name")


def committee_get(*, slug: str) -> Committee:
    return get_object_or_404(Committee, slug=slug)


def committee_members_on(*, committee: Committee, day: date) -> list[CommitteeMembership]:
    """The committee's seats on ``day``: chair first, then by role and name."""
    order = {"chair": 0, "member": 1, "secretary": 2, "advisor": 3}
    rows = CommitteeMembership.objects.filter(held_on(day), committee=committee).select_related(
        "person", "elected_in__decision"
    )
    return sorted(rows, key=lambda m: (order.get(m.role, 9), m.person.name))


def committee_history(*, committee: Committee) -> QuerySet[CommitteeMembership]:
    return (
        CommitteeMembership.objects.filter(committee=committee)
        .select_related("person", "elected_in__decision")
        .order_by("start", "role", "person__name")
    )


@dataclass(frozen=True)
class MemberFacts:
    membership: CommitteeMembership
    is_council_member: bool
    is_mayor: bool
    group: str


def committee_composition(*, committee: Committee, day: date) -> list[MemberFacts]:
    """Each seat on ``day`` with the facts the framework looks at."""
    result = []
    for m in committee_members_on(committee=committee, day=day):
        council = (
            CouncilMembership.objects.filter(held_on(day), person=m.person_id)
            .select_related("group")
            .first()
        )
        result.append(
            MemberFacts(
                membership=m,
                is_council_member=council is not None,
                is_mayor=is_mayor(person=m.person, day=day),
                group=str(council.group) if council and council.group else "",
            )
        )
    return result


def committee_to_subject(committee: Committee, as_of: date) -> dict[str, Any]:
    """The committee on ``as_of`` as a ``committee`` subject of shared/policy/CONTRACT.md."""
    members = [
        {
            "name": f.membership.person.name,
            "is_council_member": f.is_council_member,
            "is_mayor": f.is_mayor,
            "role": f.membership.role,
            "elected_by_committee": f.membership.elected_in_id is not None,
        }
        for f in committee_composition(committee=committee, day=as_of)
    ]
    return {
        "subject": "committee",
        "id": committee.slug,
        "as_of": as_of.isoformat(),
        "name": committee.name,
        "installed_by": committee.installed_by,
        "members": sorted(members, key=lambda m: (m["name"], m["role"])),
    }


def committee_stored_facts(committee: Committee, day: date) -> dict[str, Any]:
    """The committee as it stands on ``day``, as stored with its assessment: without the date,
    so that the stored assessment changes only when the composition or the framework does."""
    facts = committee_to_subject(committee, day)
    facts.pop("as_of", None)
    return facts


@dataclass
class CommitteeAssessment:
    """The framework's decision on the committee on a date, and whether it applied then."""

    as_of: date
    framework: str
    framework_title: str
    effective_from: date
    decision: dict[str, Any]
    findings: list[dict[str, Any]] = field(default_factory=list)
    chairs: list[str] = field(default_factory=list)

    @property
    def in_force(self) -> bool:
        return self.as_of >= self.effective_from

    @property
    def violations(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["severity"] == "violation"]


def committee_assess(
    *, committee: Committee, as_of: date, framework_id: str | None = None
) -> CommitteeAssessment:
    """Assess the committee on ``as_of`` with the policy engine (default: the adopted framework).

    The findings are computed for any date; before the framework took effect they describe what
    the framework would say, and the page says the old situation (ACH-3) applied then.
    """
    framework = load_framework(framework_id or settings.INTREL_DEFAULT_FRAMEWORK)
    facts = committee_to_subject(committee, as_of)
    subject = parse_subject(facts)
    decision = evaluate(framework, subject, as_of).to_dict()
    return CommitteeAssessment(
        as_of=as_of,
        framework=framework.id,
        framework_title=in_language(framework.title.nl, framework.title.en),
        effective_from=framework_effective_from(framework.id),
        decision=decision,
        # Each finding's ``text``: its message in the interface language.
        findings=[
            {**f, "text": in_language(f["message"], f["message_en"])}
            for f in decision.get("findings", [])
        ],
        chairs=[m["name"] for m in facts["members"] if m["role"] == "chair"],
    )


def committee_change_dates(*, committee: Committee) -> list[date]:
    """The dates the composition changed: starts, and the day after each end."""
    from datetime import timedelta

    days: set[date] = {committee.installed_on}
    for m in CommitteeMembership.objects.filter(committee=committee):
        days.add(m.start)
        if m.end is not None and m.end < date.max:
            days.add(m.end + timedelta(days=1))
    days.add(framework_effective_from())
    # Only days the engine assesses on: a seat ending on its last day (2200-12-31) changes
    # nothing it can show.
    return sorted(d for d in days if d >= committee.installed_on and in_date_range(d))


def committee_compliance_timeline(
    *, committee: Committee, framework_id: str | None = None
) -> list[CommitteeAssessment]:
    """The assessment at each date the composition (or the framework's force) changed."""
    return [
        committee_assess(committee=committee, as_of=day, framework_id=framework_id)
        for day in committee_change_dates(committee=committee)
    ]


# --- meetings and decisions --------------------------------------------------------------------


def meeting_list(*, body: str = "", committee: Committee | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("committee").prefetch_related("decisions")
    if body:
        qs = qs.filter(body=body)
    if committee is not None:
        qs = qs.filter(committee=committee)
    return qs.order_by("-date", "title")


def meeting_get(*, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("committee").prefetch_related(
            "agenda_items__relation",
            "documents",
            Prefetch("attendance", queryset=Attendance.objects.select_related("person")),
            "decisions",
        ),
        pk=pk,
    )


def meeting_voters_present(*, meeting: Meeting) -> list[Person]:
    """Voting members present (attendance recorded), for the vote forms."""
    from .constants import VOTING_ROLES

    if meeting.committee is None:
        return []
    present = set(meeting.attendance.filter(present=True).values_list("person_id", flat=True))
    return [
        m.person
        for m in committee_members_on(committee=meeting.committee, day=meeting.date)
        if m.role in VOTING_ROLES and m.person_id in present
    ]


def decision_list(*, kind: str = "", year: int | None = None) -> QuerySet[Decision]:
    qs = Decision.objects.select_related("meeting", "meeting__committee", "relation")
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(meeting__date__year=year)
    return qs.order_by("-meeting__date", "identifier")


def decision_get(*, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related("meeting", "meeting__committee", "relation"), pk=pk
    )


def decision_tally(*, decision: Decision) -> dict[str, int]:
    counts = Counter(decision.votes.values_list("option", flat=True))
    return {option: counts.get(option, 0) for option in VoteOption.values}


def decision_votes(*, decision: Decision) -> QuerySet[Vote]:
    return decision.votes.select_related("person").order_by("person__name")


def chair_election_tally(*, decision: Decision) -> list[tuple[Person, int]]:
    election = getattr(decision, "chair_election", None)
    if election is None:
        return []
    counts = Counter(election.votes.values_list("candidate_id", flat=True))
    return sorted(
        ((c, counts.get(c.pk, 0)) for c in election.candidates.all()),
        key=lambda pair: (-pair[1], pair[0].name),
    )


# --- portfolios ----------------------------------------------------------------------------------


@dataclass
class PortfolioRow:
    portfolio: Portfolio
    holder: Person | None
    relations: list[Relation]  # registered with this portfolio as owner today
    routed: list[Relation]  # the framework routes to this portfolio (current assessments)


def portfolio_overview(*, day: date, routed: dict[str, list[Relation]]) -> list[PortfolioRow]:
    """Each portfolio with its holder on ``day``, the relations registered with it, and the
    relations the framework routes to it (``routed``, per portfolio code: from the current
    assessments, which the page reads one layer up)."""
    rows = []
    for portfolio in Portfolio.objects.order_by("code"):
        holding = (
            PortfolioHolding.objects.filter(held_on(day), portfolio=portfolio)
            .select_related("person")
            .first()
        )
        relations = list(
            Relation.objects.filter(owner_portfolio=portfolio.code)
            .select_related("partner")
            .order_by("name")
        )
        rows.append(
            PortfolioRow(
                portfolio,
                holding.person if holding else None,
                relations,
                routed.get(portfolio.code, []),
            )
        )
    return rows


def board_on(*, day: date) -> list[BoardMembership]:
    return list(
        BoardMembership.objects.filter(held_on(day))
        .select_related("person")
        .order_by("role", "start")
    )


def council_on(*, day: date) -> list[CouncilMembership]:
    return list(
        CouncilMembership.objects.filter(held_on(day))
        .select_related("person", "group")
        .order_by("group__name", "person__name")
    )


def council_members_on(*, day: date) -> list[Person]:
    return [m.person for m in council_on(day=day)]


# --- annual report ------------------------------------------------------------------------


@dataclass
class Spending:
    """Money the committee spent in a year, from the budgets' ledger (per recipient)."""

    available: bool
    total_eur: Decimal
    lines: list[tuple[str, Decimal]]
    budget_lines: list[Any] = field(default_factory=list)  # intrel.budgets BudgetLine


@dataclass
class AnnualReport:
    committee: Committee
    year: int
    goals: str
    meetings: list[Meeting]
    decisions: list[Decision]
    tallies: dict[int, dict[str, int]]
    decisions_by_kind: dict[str, int]
    chairs: list[CommitteeMembership]
    members: list[CommitteeMembership]
    spending: Spending
    # The relations' changes of status in the year, a council's deviation marked (issue 14).
    life_changes: list[LifeChange] = field(default_factory=list)


def committee_annual_report(*, committee: Committee, year: int, spending: Spending) -> AnnualReport:
    """The committee's year; ``spending`` comes from the budgets (``committee_spending``), which
    sit above governance."""
    goals = CommitteeGoals.objects.filter(committee=committee, year=year).first()
    meetings = list(Meeting.objects.filter(committee=committee, date__year=year).order_by("date"))
    decisions = list(
        Decision.objects.filter(meeting__committee=committee, meeting__date__year=year)
        .select_related("meeting")
        .order_by("meeting__date", "identifier")
    )
    start, end = date(year, 1, 1), date(year, 12, 31)
    seats = (
        CommitteeMembership.objects.filter(overlapping(start=start, end=end), committee=committee)
        .select_related("person")
        .order_by("start", "person__name")
    )
    kinds = Counter(d.kind for d in decisions)
    tallies = {d.pk: decision_tally(decision=d) for d in decisions}
    return AnnualReport(
        committee=committee,
        year=year,
        goals=goals.text if goals else "",
        meetings=meetings,
        decisions=decisions,
        tallies=tallies,
        decisions_by_kind={str(DecisionKind(k).label): n for k, n in sorted(kinds.items())},
        chairs=[s for s in seats if s.role == "chair"],
        members=[s for s in seats if s.role != "chair"],
        spending=spending,
        life_changes=life_changes(start=start, end=end),
    )


# --- references named in other apps' requests (None when there is none) ----------------------


def decision_by_reference(*, reference: str) -> Decision | None:
    """The decision with this stable reference (``RAAD-2014-001``), or None."""
    return Decision.objects.select_related("meeting").filter(identifier=reference).first()


def portfolio_by_code(*, code: str) -> Portfolio | None:
    return Portfolio.objects.filter(code=code).first()


def committee_by_slug(*, slug: str) -> Committee | None:
    return Committee.objects.filter(slug=slug).first()


# --- the lists of the governance API (filtered by its filter sets) ------------------------------


def person_list() -> QuerySet[Person]:
    return Person.objects.order_by("name", "pk")


def person_list_with_accounts() -> QuerySet[Person]:
    """Persons with their linked account, for the page where accounts are linked."""
    return Person.objects.select_related("account").order_by("name", "pk")


def person_for_account_form(raw_pk: str | None) -> Person | None:
    """The person a 'change' link preselects (``?person=``); anything else preselects none."""
    if not raw_pk or not (raw_pk.isascii() and raw_pk.isdigit()) or len(raw_pk) > 18:
        return None
    return Person.objects.filter(pk=int(raw_pk)).first()


def committee_seat_list() -> QuerySet[CommitteeMembership]:
    return CommitteeMembership.objects.select_related("committee", "elected_in__decision").order_by(
        "start", "pk"
    )


def council_seat_list() -> QuerySet[CouncilMembership]:
    return CouncilMembership.objects.select_related("person", "group").order_by(
        "person__name", "start", "pk"
    )


def meetings_with_agenda() -> QuerySet[Meeting]:
    """Meetings with their agenda, attendance and decisions, newest first."""
    return (
        Meeting.objects.select_related("committee")
        .prefetch_related("agenda_items__relation", "attendance", "decisions")
        .order_by("-date", "pk")
    )


def meeting_by_number(*, pk: int) -> Meeting:
    return Meeting.objects.get(pk=pk)


def portfolio_list() -> QuerySet[Portfolio]:
    return Portfolio.objects.order_by("code")


def portfolios_held_by(*, user: Any, day: date) -> dict[str, int]:
    """The portfolios ``user`` holds on ``day`` through the person linked to the account, code
    -> primary key (empty for an account linked to no person: docs/governance.md)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    holdings = PortfolioHolding.objects.filter(held_on(day), person__account=user)
    return dict(holdings.values_list("portfolio__code", "portfolio_id"))


def portfolio_holder_on(*, portfolio: Portfolio, day: date) -> PortfolioHolding | None:
    """Who holds ``portfolio`` on ``day`` (the earliest holding if two overlap)."""
    return (
        portfolio.holdings.filter(held_on(day)).select_related("person").order_by("start").first()
    )


# --- who owns a relation, to write to (``intrel remind``) ---------------------------------------


def relation_owner_emails(*, relation: Relation, day: date) -> list[str]:
    """The e-mail addresses of the people who own ``relation`` on ``day``: the portfolio's
    holder for a portfolio, the committee's chair for the committee, through the account linked
    to their person record; the policy officers (who keep the register) for the executive board,
    for no owner, and whenever the owner has no account with an address."""
    person: Person | None = None
    if relation.owner_kind == "portfolio" and relation.owner_portfolio:
        portfolio = Portfolio.objects.filter(code=relation.owner_portfolio).first()
        holding = portfolio_holder_on(portfolio=portfolio, day=day) if portfolio else None
        person = holding.person if holding else None
    elif relation.owner_kind == "committee":
        chair = (
            CommitteeMembership.objects.filter(held_on(day), role="chair")
            .select_related("person__account")
            .order_by("start")
            .first()
        )
        person = chair.person if chair else None
    account = person.account if person is not None else None
    if account is not None and account.email:
        return [account.email]
    return sorted(
        set(
            User.objects.filter(groups__name=str(Role.POLICY_OFFICER), is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
