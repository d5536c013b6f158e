"""Writes for governance. Each service validates, then saves, inside one transaction.

Refusals raise :class:`DomainError` naming the field and the rule (with a clause id where the
framework is the reason).
"""

import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from intrel.accounts.models import User
from intrel.core import assessing, formatting
from intrel.core.errors import DomainError
from intrel.core.failures import log_text
from intrel.core.models import held_on, overlapping
from intrel.core.uploads import document_check
from intrel.core.validators import date_in_range
from intrel.policy import (
    SeatingProblem,
    chair_candidate_refusal,
    chair_seating_refusal,
    load_framework,
)
from intrel.relations import tasks as relation_tasks
from intrel.relations.models import Agreement, EndReminder, Involvement, Relation

from . import selectors
from .constants import (
    VOTING_ROLES,
    BoardRole,
    Body,
    CommitteeRole,
    DecisionKind,
    DecisionResult,
    InstalledBy,
    VoteOption,
)
from .models import (
    AgendaItem,
    Attendance,
    BoardMembership,
    ChairElection,
    ChairVote,
    Committee,
    CommitteeGoals,
    CommitteeMembership,
    CouncilMembership,
    Decision,
    DecisionCounter,
    Meeting,
    MeetingDocument,
    Person,
    PoliticalGroup,
    Portfolio,
    PortfolioHolding,
    Vote,
)

logger = logging.getLogger(__name__)


def _full_clean(instance: Any, *, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude or [], validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(f"{field}: {' '.join(messages)}", field=field) from exc


def _save(instance: Any) -> None:
    """Save; a database constraint that still refuses becomes a clear message, not a 500.

    The database's own text (constraint names, values) is logged, never shown to the user.
    """
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        logger.warning("integrity error saving %s: %s", type(instance).__name__, log_text(exc))
        raise DomainError(
            _("The record conflicts with an existing one; nothing was saved. Try again.")
        ) from exc


def _overlapping(qs: QuerySet[Any], *, start: date, end: date | None) -> QuerySet[Any]:
    """Rows of ``qs`` (a ``core.models.Term``) sharing a day with ``start``..``end``."""
    return qs.filter(overlapping(start=start, end=end))


def _check_term(start: date, end: date | None) -> None:
    # A term's dates are days the committee is assessed on (and the day after an end): they
    # stay within the engine's dates, as every date of the register does (date_in_range).
    for field, day in (("start", start), ("end", end)):
        try:
            date_in_range(day)
        except ValidationError as exc:
            raise DomainError(f"{field}: {' '.join(exc.messages)}", field=field) from exc
    if end is not None and end < start:
        raise DomainError(_("end: the end date lies before the start date."), field="end")


def _committee_facts_changed(committees: Iterable[Committee]) -> None:
    """Store the assessment of each committee whose facts a write changed, in the same
    transaction (ADR 0009: every write that changes facts assesses; a page never does)."""
    for committee in committees:
        assessing.facts_changed(subject_type="committee", instance=committee)


def _committees_of(person: Person) -> QuerySet[Committee]:
    """The committees ``person`` sits or sat in: their facts include the person's council seat
    and whether they are the mayor."""
    return Committee.objects.filter(memberships__person=person).distinct().order_by("pk")


# --- people and bodies -----------------------------------------------------------------------


@transaction.atomic
def person_create(*, name: str) -> Person:
    person = Person(name=name.strip())
    _full_clean(person)
    person.save()
    return person


@transaction.atomic
def person_account_set(*, person: Person, account: User | None) -> Person:
    """Link ``person`` to a user account (or unlink with ``None``): the account then acts as
    this person (the alderman of a portfolio, a member of the committee). One account is one
    person; the change is kept in the person's history."""
    if account is not None:
        other = Person.objects.filter(account=account).exclude(pk=person.pk).first()
        if other is not None:
            raise DomainError(
                _("account: %(user)s is already linked to %(person)s.")
                % {"user": account.get_full_name() or account.get_username(), "person": other.name},
                field="account",
            )
    person.account = account
    person.save(update_fields=["account"])
    return person


@transaction.atomic
def political_group_get_or_create(*, name: str, abbreviation: str = "") -> PoliticalGroup:
    group, _created = PoliticalGroup.objects.get_or_create(
        name=name, defaults={"abbreviation": abbreviation}
    )
    return group


@transaction.atomic
def council_membership_add(
    *, person: Person, group: PoliticalGroup | None, start: date, end: date | None = None
) -> CouncilMembership:
    """Seat a person in the council. The same person cannot hold two overlapping seats."""
    _check_term(start, end)
    clash = _overlapping(CouncilMembership.objects.filter(person=person), start=start, end=end)
    if clash.exists():
        raise DomainError(
            _("start: %(person)s already sits in the council during this term.")
            % {"person": person},
            field="start",
        )
    membership = CouncilMembership(person=person, group=group, start=start, end=end)
    _full_clean(membership)
    _save(membership)
    _committee_facts_changed(_committees_of(person))
    return membership


@transaction.atomic
def board_membership_add(
    *, person: Person, role: str, start: date, end: date | None = None
) -> BoardMembership:
    """Seat a mayor or alderman. There is one mayor at a time; nobody holds two seats at once."""
    _check_term(start, end)
    if _overlapping(BoardMembership.objects.filter(person=person), start=start, end=end).exists():
        raise DomainError(
            _("start: %(person)s already sits in the executive board during this term.")
            % {"person": person},
            field="start",
        )
    if role == BoardRole.MAYOR:
        mayors = BoardMembership.objects.filter(role=BoardRole.MAYOR)
        if _overlapping(mayors, start=start, end=end).exists():
            raise DomainError(
                _("start: there is already a mayor during this term (one mayor at a time)."),
                field="start",
            )
    membership = BoardMembership(person=person, role=role, start=start, end=end)
    _full_clean(membership)
    _save(membership)
    _committee_facts_changed(_committees_of(person))
    return membership


@transaction.atomic
def portfolio_upsert(
    *, code: str, name_nl: str, name_en: str, purposes: Iterable[str] = ()
) -> Portfolio:
    portfolio = Portfolio.objects.filter(code=code).first() or Portfolio(code=code)
    portfolio.name_nl = name_nl
    portfolio.name_en = name_en
    portfolio.purposes = sorted(set(purposes))
    _full_clean(portfolio)
    portfolio.save()
    return portfolio


@transaction.atomic
def portfolios_sync_from_framework(*, framework_id: str | None = None) -> list[Portfolio]:
    """The portfolios the framework names (EZ and its topical table), with their purposes."""
    spec = load_framework(framework_id or settings.INTREL_DEFAULT_FRAMEWORK).spec
    economic = spec.economic_portfolio
    # code -> (nl, en, purposes): one portfolio may be economic and carry a topic too (the
    # example's mayor: economy and city marketing); a portfolio of `portfolios` owns none.
    found: dict[str, tuple[str, str, list[str]]] = {
        economic.code: (economic.nl, economic.en, [str(p) for p in spec.purpose_groups.economic])
    }
    for topical in spec.topical_portfolios:
        nl, en, purposes = found.get(topical.code, (topical.nl, topical.en, []))
        found[topical.code] = (nl, en, [*purposes, *(str(p) for p in topical.purposes)])
    for other in spec.portfolios:
        found.setdefault(other.code, (other.nl, other.en, []))
    return [
        portfolio_upsert(code=code, name_nl=nl, name_en=en, purposes=purposes)
        for code, (nl, en, purposes) in found.items()
    ]


@transaction.atomic
def portfolio_holding_add(
    *, portfolio: Portfolio, person: Person, start: date, end: date | None = None
) -> PortfolioHolding:
    """One holder per portfolio at a time."""
    _check_term(start, end)
    clash = _overlapping(PortfolioHolding.objects.filter(portfolio=portfolio), start=start, end=end)
    if clash.exists():
        raise DomainError(
            _("start: portfolio %(code)s already has a holder during this term.")
            % {"code": portfolio.code},
            field="start",
        )
    holding = PortfolioHolding(portfolio=portfolio, person=person, start=start, end=end)
    _full_clean(holding)
    _save(holding)
    return holding


@transaction.atomic
def committee_create(
    *,
    slug: str,
    name: str,
    installed_by: str = InstalledBy.COUNCIL,
    installed_on: date,
    installation_decision: Decision | None = None,
) -> Committee:
    committee = Committee(
        slug=slug,
        name=name,
        installed_by=installed_by,
        installed_on=installed_on,
        installation_decision=installation_decision,
    )
    _full_clean(committee, exclude=["installation_decision"])
    _save(committee)
    _committee_facts_changed([committee])
    return committee


@transaction.atomic
def committee_membership_add(
    *,
    committee: Committee,
    person: Person,
    role: str,
    start: date,
    end: date | None = None,
    elected_in: ChairElection | None = None,
    chair_by_office: bool = False,
) -> CommitteeMembership:
    """Seat a person in the committee.

    Refused: a chair without the committee's election (BES-10; only before the framework took
    effect may the mayor chair by office, ACH-3), the same person twice at once, two chairs at
    once.
    """
    _check_term(start, end)
    if role == CommitteeRole.CHAIR:
        # The framework's chair_election (helmond-2013: BES-10) decides what is refused.
        refusal = chair_seating_refusal(
            selectors.framework_get(),
            elected=elected_in is not None,
            by_office=chair_by_office,
            start=start,
        )
        if refusal is not None and refusal.problem == SeatingProblem.CHAIR_NOT_ELECTED:
            raise DomainError(
                _("role: a chair must be elected by the committee itself (%(clauses)s).")
                % {"clauses": ", ".join(refusal.clauses)},
                field="role",
                clauses=list(refusal.clauses),
            )
        if elected_in is None and not chair_by_office:
            # No framework rule; a chair still comes from an election or an office.
            raise DomainError(
                _("role: a chair is elected by the committee or chairs by virtue of office."),
                field="role",
            )
        if refusal is not None:
            raise DomainError(
                _(
                    "role: since %(date)s the committee elects its own chair (%(clauses)s); "
                    "chairing by virtue of office ended then."
                )
                % {
                    "date": formatting.day(selectors.framework_effective_from()),
                    "clauses": ", ".join(refusal.clauses),
                },
                field="role",
                clauses=list(refusal.clauses),
            )
    elif elected_in is not None or chair_by_office:
        raise DomainError(_("role: only a chair is elected or chairs by office."), field="role")
    rows = CommitteeMembership.objects.select_for_update().filter(committee=committee)
    if _overlapping(rows.filter(person=person), start=start, end=end).exists():
        raise DomainError(
            _("person: %(person)s already sits in the committee during this term.")
            % {"person": person},
            field="person",
        )
    chairs = rows.filter(role=CommitteeRole.CHAIR)
    if role == CommitteeRole.CHAIR and _overlapping(chairs, start=start, end=end).exists():
        raise DomainError(
            _("role: the committee already has a chair during this term (one chair at a time)."),
            field="role",
            clauses=["BES-10"],
        )
    membership = CommitteeMembership(
        committee=committee,
        person=person,
        role=role,
        start=start,
        end=end,
        elected_in=elected_in,
        chair_by_office=chair_by_office,
    )
    _full_clean(membership, exclude=["elected_in"])
    _save(membership)
    _committee_facts_changed([committee])
    return membership


@transaction.atomic
def committee_membership_end(*, membership: CommitteeMembership, end: date) -> CommitteeMembership:
    _check_term(membership.start, end)
    membership.end = end
    membership.save(update_fields=["end"])
    _committee_facts_changed([membership.committee])
    return membership


@transaction.atomic
def committee_goals_set(*, committee: Committee, year: int, text: str) -> CommitteeGoals:
    if not text.strip():
        raise DomainError(_("text: give the committee's goals for the year."), field="text")
    goals, _created = CommitteeGoals.objects.update_or_create(
        committee=committee, year=year, defaults={"text": text.strip()}
    )
    return goals


# --- meetings ---------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    body: str,
    date: date,
    title: str,
    committee: Committee | None = None,
    minutes: str = "",
) -> Meeting:
    if body == Body.COMMITTEE and committee is None:
        raise DomainError(_("committee: say which committee met."), field="committee")
    if body != Body.COMMITTEE and committee is not None:
        # Silently dropping the committee would record another meeting than the one entered.
        raise DomainError(
            _(
                "Only a committee meeting names a committee: a meeting of the council or the "
                "executive board belongs to that body. Leave the committee empty, or record a "
                "committee meeting."
            ),
            field="committee",
        )
    meeting = Meeting(body=body, committee=committee, date=date, title=title, minutes=minutes)
    _full_clean(meeting, exclude=["committee"])
    _save(meeting)
    return meeting


@transaction.atomic
def meeting_minutes_set(*, meeting: Meeting, minutes: str) -> Meeting:
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, text: str, relation: Relation | None = None) -> AgendaItem:
    if not text.strip():
        raise DomainError(_("text: an agenda item needs a text."), field="text")
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem(
        meeting=meeting, position=(last or 0) + 1, text=text.strip(), relation=relation
    )
    _full_clean(item, exclude=["meeting", "relation"])
    item.save()
    return item


@transaction.atomic
def meeting_attendance_set(*, meeting: Meeting, present: Iterable[Person]) -> list[Attendance]:
    """Record who was present; every other member on the meeting date is recorded absent.

    Only committee members on the meeting date can attend a committee meeting.
    """
    if meeting.committee is None:
        raise DomainError(
            _("meeting: attendance is recorded for committee meetings."), field="meeting"
        )
    members = {
        m.person_id: m.person
        for m in selectors.committee_members_on(committee=meeting.committee, day=meeting.date)
    }
    present_ids = {p.pk for p in present}
    strangers = [p for p in present if p.pk not in members]
    if strangers:
        raise DomainError(
            _("present: %(person)s was not a member of the committee on %(date)s.")
            % {"person": strangers[0], "date": formatting.day(meeting.date)},
            field="present",
        )
    meeting.attendance.all().delete()
    rows = [
        Attendance(meeting=meeting, person=person, present=pk in present_ids)
        for pk, person in members.items()
    ]
    Attendance.objects.bulk_create(rows)
    return rows


def _check_document(file: UploadedFile) -> str:
    return document_check(file, field="file")


@transaction.atomic
def meeting_document_add(*, meeting: Meeting, title: str, file: UploadedFile) -> MeetingDocument:
    """Attach a PDF or DOCX, checked by its content (not its name) and its size."""
    _check_document(file)
    document = MeetingDocument(meeting=meeting, title=title.strip() or (file.name or ""), file=file)
    _full_clean(document, exclude=["meeting", "file"])
    document.save()
    return document


# --- decisions and votes ----------------------------------------------------------------------

IDENTIFIER_PREFIX = {Body.COUNCIL: "RAAD", Body.EXECUTIVE_BOARD: "BW", Body.COMMITTEE: "IB"}


def _next_identifier(meeting: Meeting) -> str:
    """The next reference of the meeting's body and year, from a locked counter (ADR 0006).

    The counter row stays locked until the caller's transaction ends, so a simultaneous
    decision of the same body and year waits for this one to be committed and takes the next
    number. Numbers already taken (decisions from before the counter) are never given again.
    Call inside a transaction, right before saving the decision.
    """
    body, year = Body(meeting.body), meeting.date.year
    # Create the row when missing; a concurrent creator's row is kept (no error, no race).
    DecisionCounter.objects.bulk_create(
        [DecisionCounter(body=body, year=year)], ignore_conflicts=True
    )
    counter = DecisionCounter.objects.select_for_update().get(body=body, year=year)
    prefix = f"{IDENTIFIER_PREFIX[body]}-{year}-"
    taken = Decision.objects.filter(identifier__startswith=prefix).values_list(
        "identifier", flat=True
    )
    numbers = [int(i.rsplit("-", 1)[1]) for i in taken if i.rsplit("-", 1)[1].isdigit()]
    counter.last = max([counter.last, *numbers]) + 1
    counter.save(update_fields=["last"])
    return f"{prefix}{counter.last:03d}"


def _check_quorum(meeting: Meeting) -> list[Person]:
    """The voting members present, or a refusal when they are too few for a decision."""
    if meeting.committee is None:  # only a committee votes member by member
        raise DomainError(_("Votes are recorded for committee meetings only."))
    voting = [
        m.person
        for m in selectors.committee_members_on(committee=meeting.committee, day=meeting.date)
        if m.role in VOTING_ROLES
    ]
    present_ids = set(meeting.attendance.filter(present=True).values_list("person_id", flat=True))
    present = [p for p in voting if p.pk in present_ids]
    needed = selectors.quorum_needed(len(voting))
    if len(present) < needed:
        raise DomainError(
            _(
                "meeting: no quorum: %(present)d of %(voting)d voting members present, "
                "%(needed)d needed. Record the attendance first."
            )
            % {"present": len(present), "voting": len(voting), "needed": needed},
            field="meeting",
        )
    return present


def result_of(counts: Mapping[str, int]) -> str:
    """Adopted with more votes for than against; equal votes are a tie (not adopted)."""
    yes, no = counts.get(VoteOption.FOR, 0), counts.get(VoteOption.AGAINST, 0)
    if yes > no:
        return DecisionResult.ADOPTED
    if yes == no:
        return DecisionResult.TIED
    return DecisionResult.REJECTED


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    kind: str,
    title: str,
    text: str = "",
    votes: Mapping[Person, str] | None = None,
    result: str | None = None,
    relation: Relation | None = None,
) -> Decision:
    """Record a decision of the meeting's body.

    In a committee meeting: quorum is needed, every vote comes from a voting member on the
    meeting date, members present vote for, against or abstain, the others are recorded absent,
    and the result is computed. Council and board decisions are recorded with the result the
    minutes give (votes of those bodies are not kept).
    """
    if kind not in DecisionKind.values:
        raise DomainError(_("kind: unknown kind of decision."), field="kind")
    if not title.strip():
        raise DomainError(_("title: a decision needs a title."), field="title")
    if kind == DecisionKind.RELATION_ENDING and relation is None:
        raise DomainError(
            _(
                "A decision to end a relation names the relation it ends: choose the relation, "
                "or record another kind of decision."
            ),
            field="relation",
        )
    decision = Decision(
        meeting=meeting,
        body=meeting.body,
        kind=kind,
        title=title.strip(),
        text=text,
        relation=relation,
    )
    vote_rows: list[Vote] = []
    if meeting.committee is not None:
        votes = dict(votes or {})
        present = _check_quorum(meeting)
        members = {
            m.person_id
            for m in selectors.committee_members_on(committee=meeting.committee, day=meeting.date)
            if m.role in VOTING_ROLES
        }
        for person, option in votes.items():
            if person.pk not in members:
                raise DomainError(
                    _("votes: %(person)s was not a voting member of the committee on %(date)s.")
                    % {"person": person, "date": formatting.day(meeting.date)},
                    field="votes",
                )
            if option not in VoteOption.values:
                raise DomainError(
                    _("votes: %(option)s is not a vote (for, against, abstain, absent).")
                    % {"option": option},
                    field="votes",
                )
        present_ids = {p.pk for p in present}
        by_id = {p.pk: o for p, o in votes.items()}
        for person in present:
            given = by_id.get(person.pk)
            if given is None or given == VoteOption.ABSENT:
                raise DomainError(
                    _("votes: %(person)s was present: give a vote (for, against or abstain).")
                    % {"person": person},
                    field="votes",
                )
            vote_rows.append(Vote(person=person, option=given))
        for person, option in votes.items():
            if person.pk not in present_ids and option != VoteOption.ABSENT:
                raise DomainError(
                    _("votes: %(person)s was absent and cannot vote.") % {"person": person},
                    field="votes",
                )
        absent = sorted(members - present_ids)
        vote_rows.extend(Vote(person_id=pk, option=VoteOption.ABSENT) for pk in absent)
        decision.result = result_of(Counter(v.option for v in vote_rows))
    else:
        if votes:
            raise DomainError(
                _("votes: votes are recorded for committee decisions only."), field="votes"
            )
        if result not in DecisionResult.values:
            raise DomainError(
                _("result: give the result (adopted, rejected or tied)."), field="result"
            )
        decision.result = result
    decision.identifier = _next_identifier(meeting)
    _full_clean(decision, exclude=["meeting", "relation"])
    _save(decision)
    for vote in vote_rows:
        vote.decision = decision
    Vote.objects.bulk_create(vote_rows)
    return decision


@transaction.atomic
def chair_elect(
    *,
    meeting: Meeting,
    candidates: Iterable[Person],
    votes: Mapping[Person, Person],
    title: str = "",
) -> ChairElection:
    """The committee elects its chair (BES-10).

    Every voting member present casts one vote for a candidate; candidates are council members on
    the meeting date. Most votes wins; a tie is reported with no winner. The winner chairs from
    the meeting date: the sitting chair's term and the winner's own seat end the day before.
    """
    committee = meeting.committee
    if committee is None:
        raise DomainError(
            _("meeting: a chair is elected in a meeting of the committee."), field="meeting"
        )
    candidates = list(dict.fromkeys(candidates))
    if not candidates:
        raise DomainError(_("candidates: name at least one candidate."), field="candidates")
    framework = selectors.framework_get()
    for candidate in candidates:
        refusal = chair_candidate_refusal(
            framework,
            is_council_member=selectors.is_council_member(person=candidate, day=meeting.date),
        )
        if refusal is not None:
            raise DomainError(
                _(
                    "candidates: %(person)s was not a council member on %(date)s; the "
                    "committee consists of council members only (%(clauses)s)."
                )
                % {
                    "person": candidate,
                    "date": formatting.day(meeting.date),
                    "clauses": ", ".join(refusal.clauses),
                },
                field="candidates",
                clauses=list(refusal.clauses),
            )
    present = _check_quorum(meeting)
    present_ids = {p.pk for p in present}
    candidate_ids = {c.pk for c in candidates}
    for voter, candidate in votes.items():
        if voter.pk not in present_ids:
            raise DomainError(
                _("votes: %(person)s was not a voting member present at the meeting on %(date)s.")
                % {"person": voter, "date": formatting.day(meeting.date)},
                field="votes",
            )
        if candidate.pk not in candidate_ids:
            raise DomainError(
                _("votes: %(person)s is not a candidate.") % {"person": candidate},
                field="votes",
            )
    missing = [p for p in present if p.pk not in {v.pk for v in votes}]
    if missing:
        raise DomainError(
            _("votes: %(person)s was present: give their vote.") % {"person": missing[0]},
            field="votes",
        )
    tally = Counter(c.pk for c in votes.values())
    ranked = tally.most_common()
    top = ranked[0][1] if ranked else 0
    leaders = [pk for pk, n in ranked if n == top]
    winner = next(c for c in candidates if c.pk == leaders[0]) if len(leaders) == 1 else None
    names = ", ".join(
        f"{c.name}: {tally.get(c.pk, 0)}" for c in sorted(candidates, key=lambda c: c.name)
    )
    if winner is not None:
        wording = _("%(name)s is elected chair of the committee (%(votes)s).") % {
            "name": winner.name,
            "votes": names,
        }
    else:
        wording = _("Tie: no chair elected (%(votes)s).") % {"votes": names}
    decision = Decision(
        meeting=meeting,
        body=meeting.body,
        kind=DecisionKind.CHAIR_ELECTION,
        title=title.strip() or _("Election of the chair"),
        text=wording,
        result=DecisionResult.ADOPTED if winner else DecisionResult.TIED,
        identifier=_next_identifier(meeting),
    )
    _save(decision)
    election = ChairElection.objects.create(decision=decision, winner=winner)
    election.candidates.set(candidates)
    ChairVote.objects.bulk_create(
        ChairVote(election=election, voter=voter, candidate=candidate)
        for voter, candidate in votes.items()
    )
    if winner is not None:
        day_before = meeting.date - timedelta(days=1)
        sitting = CommitteeMembership.objects.filter(committee=committee).filter(
            held_on(meeting.date)
        )
        for membership in sitting.filter(Q(role=CommitteeRole.CHAIR) | Q(person=winner)):
            if membership.start > day_before:
                raise DomainError(
                    _("votes: %(person)s's seat starts on the meeting date; end it first.")
                    % {"person": membership.person},
                    field="votes",
                )
            membership.end = day_before
            membership.save(update_fields=["end"])
        committee_membership_add(
            committee=committee,
            person=winner,
            role=CommitteeRole.CHAIR,
            start=meeting.date,
            elected_in=election,
        )
    return election


# --- reminders of ends (``intrel remind``) ------------------------------------------------------


def end_reminders_send(*, today: date, days: int) -> list[dict[str, Any]]:
    """E-mail the owners of every involvement and agreement that ends within ``days`` from
    ``today`` (a task each, ``relations.tasks.mail_end_reminder``), once per end date. Returns
    what ends, to whom, and whether it was sent now (False: reminded before)."""
    until = today + timedelta(days=days)
    language = translation.get_language() or settings.LANGUAGE_CODE
    out: list[dict[str, Any]] = []
    things: list[tuple[str, Any, date]] = []
    for i in Involvement.objects.filter(end__gte=today, end__lte=until).select_related("relation"):
        assert i.end is not None
        things.append((relation_tasks.INVOLVEMENT, i, i.end))
    for a in Agreement.objects.filter(ends__gte=today, ends__lte=until).select_related("relation"):
        assert a.ends is not None
        things.append((relation_tasks.AGREEMENT, a, a.ends))
    for kind, thing, ends in sorted(things, key=lambda t: (t[2], t[1].relation.name)):
        recipients = selectors.relation_owner_emails(relation=thing.relation, day=today)
        before = EndReminder.objects.filter(**{kind: thing}, ends=ends).exists()
        if not before and recipients:
            relation_tasks.mail_end_reminder.enqueue(
                kind, thing.pk, ends.isoformat(), recipients, language
            )
        out.append(
            {
                "relation": thing.relation.name,
                "kind": kind,
                "what": str(
                    thing.title if kind == relation_tasks.AGREEMENT else thing.get_actor_display()
                ),
                "ends": ends.isoformat(),
                "to": recipients,
                "reminded_now": not before and bool(recipients),
            }
        )
    return out
