"""Writes of the review (herijking): start a round, the officer's progress per relation, the
steps committee advice -> board proposal -> council decision, and the actions the decision sets.

Every refusal is a ``DomainError`` naming the field and the reason (and the clause where the
framework is the reason); nothing of a refused write is saved (each service is one transaction).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import nullcontext
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intrel.accounts.constants import Role
from intrel.accounts.models import User
from intrel.assessments.constants import OVERRIDE_REASON_MIN_LENGTH
from intrel.assessments.services import (
    assessment_confirm,
    assessment_override,
    decision_targets,
    relation_assess,
    subject_assess,
)
from intrel.core.errors import DomainError, Forbidden
from intrel.core.formatting import day
from intrel.governance.constants import Body, CommitteeRole
from intrel.governance.models import Committee, Decision, Person, Portfolio
from intrel.governance.selectors import (
    committee_members_on,
    committee_to_subject,
    portfolio_holder_on,
)
from intrel.policy import (
    FIRST_YEAR,
    LAST_YEAR,
    FrameworkError,
    UnknownFrameworkError,
    in_date_range,
    load_framework,
)
from intrel.relations.constants import Status
from intrel.relations.models import Relation

from .constants import (
    ACTION_LEAD_DAYS,
    REPORT_STALE_MINUTES,
    ItemState,
    ReminderKind,
    ReportState,
    RoundStatus,
    Scenario,
)
from .models import ReviewAction, ReviewItem, ReviewReminder, ReviewReport, ReviewRound
from .reports import round_report_files
from .selectors import (
    action_may_close,
    action_owner_label,
    action_recipients,
    actions_to_remind,
    current_relations,
    open_rounds_sharing,
    relations_existing_on,
    round_impact,
)

logger = logging.getLogger(__name__)


def _framework(framework_id: str) -> Any:
    try:
        return load_framework(framework_id)
    except UnknownFrameworkError:
        raise DomainError(
            _("framework: there is no registered framework “%(id)s”.") % {"id": framework_id},
            field="framework",
        ) from None
    except FrameworkError as exc:
        raise DomainError(
            _(
                "framework: “%(id)s” fails the policy check (%(problem)s); a review cannot "
                "apply it. Ask the application manager to correct the file."
            )
            % {"id": framework_id, "problem": exc.problems[0] if exc.problems else ""},
            field="framework",
        ) from None


def _date_bounded(value: date, field: str) -> None:
    """A date the engine can work with (1800 to 2200): 9999-12-31 typed for "never" is refused
    by name rather than failing later in the engine or in date arithmetic."""
    if not in_date_range(value):
        raise DomainError(
            _("%(field)s: give a date between %(first)s and %(last)s.")
            % {
                "field": field,
                "first": day(date(FIRST_YEAR, 1, 1)),
                "last": day(date(LAST_YEAR, 12, 31)),
            },
            field=field,
        )


def _after(
    earlier: date | None,
    on: date,
    *,
    missing: str,
    missing_field: str,
    too_early: str,
    early_field: str,
) -> None:
    """A step that follows another: refused while the earlier step is missing, or dated before
    it (``too_early`` names the earlier step's day as ``%(day)s``)."""
    if earlier is None:
        raise DomainError(missing, field=missing_field)
    if on < earlier:
        raise DomainError(too_early % {"day": day(earlier)}, field=early_field)


@transaction.atomic
def review_round_start(
    *,
    title: str,
    framework_id: str,
    reference_date: date,
    relations: Iterable[Relation] | None = None,
    previous: ReviewRound | None = None,
    user: User | None = None,
) -> ReviewRound:
    """Start a round over ``relations`` (default: every current relation that existed on the
    reference date). Refused: a framework that fails the policy check, a relation that did not
    exist yet on the reference date, no relation at all, a relation another open round holds."""
    title = (title or "").strip()
    if not title:
        raise DomainError(_("title: give the round a title."), field="title")
    _date_bounded(reference_date, "reference_date")
    framework = _framework(framework_id)
    if relations is None:
        scope = relations_existing_on(reference_date)
        starts = [r.start_date for r in current_relations() if r.start_date]
        if not scope or (starts and reference_date < min(starts)):
            raise DomainError(
                _(
                    "reference_date: %(day)s is before the relations existed (the first started "
                    "%(start)s); choose a later reference date."
                )
                % {"day": day(reference_date), "start": day(min(starts)) if starts else "–"},
                field="reference_date",
            )
    else:
        scope = list(relations)
        if not scope:
            raise DomainError(_("relations: choose at least one relation."), field="relations")
        ended = sorted((r for r in scope if r.status == Status.ENDED), key=lambda r: r.name)
        if ended:
            raise DomainError(
                _(
                    "relations: %(relation)s has ended; a review covers current relations "
                    "only. Leave it out."
                )
                % {"relation": ended[0].name},
                field="relations",
            )
        late = sorted(
            (r for r in scope if r.start_date and r.start_date > reference_date),
            key=lambda r: r.name,
        )
        if late:
            raise DomainError(
                _(
                    "reference_date: %(day)s is before %(relation)s existed (started "
                    "%(start)s); choose a later reference date or leave the relation out."
                )
                % {
                    "day": day(reference_date),
                    "relation": late[0].name,
                    "start": day(late[0].start_date),
                },
                field="reference_date",
            )
    other = open_rounds_sharing(scope).first()
    if other is not None:
        raise DomainError(
            _(
                "relations: the round “%(round)s” is still open over the same relations; finish "
                "it (council decision) before starting another."
            )
            % {"round": other.title},
            field="relations",
        )
    if previous is not None and previous.is_open:
        raise DomainError(
            _("previous: compare with a round the council has decided."), field="previous"
        )
    review_round = ReviewRound.objects.create(
        title=title,
        framework=framework.id,
        framework_version=str(framework.version),
        reference_date=reference_date,
        previous=previous,
        created_by=user,
    )
    ReviewItem.objects.bulk_create(ReviewItem(round=review_round, relation=r) for r in scope)
    return review_round


def _open(review_round: ReviewRound, field: str = "status") -> None:
    if not review_round.is_open:
        raise DomainError(
            _("status: the council has decided on this round; it can no longer change."),
            field=field,
        )


def _touch(item: ReviewItem, user: User | None) -> None:
    item.updated_by = user
    item.updated_at = timezone.now()


@transaction.atomic
def review_item_assess(*, item: ReviewItem, user: User | None = None) -> ReviewItem:
    """Assess the relation against the round's framework on its reference date and record it.
    An earlier confirmation or override of the item is undone: the officer looks again."""
    _open(item.round)
    assessment = relation_assess(
        relation=item.relation, framework_id=item.round.framework, as_of=item.round.reference_date
    )
    item.assessment = assessment
    item.state = ItemState.ASSESSED
    item.override_reason = ""
    _touch(item, user)
    item.save()
    return item


@transaction.atomic
def review_round_assess(*, review_round: ReviewRound, user: User | None = None) -> int:
    """Assess every relation of the round still to assess. Returns how many were assessed."""
    _open(review_round)
    items = list(review_round.items.filter(state=ItemState.TO_ASSESS).select_related("relation"))
    for item in items:
        review_item_assess(item=item, user=user)
    return len(items)


def _assessed(item: ReviewItem) -> Any:
    if item.assessment is None or item.state == ItemState.TO_ASSESS:
        raise DomainError(
            _("state: %(relation)s is not assessed yet; assess it first.")
            % {"relation": item.relation.name},
            field="state",
        )
    if not item.assessment.is_current:
        raise DomainError(
            _("state: %(relation)s has been assessed again since; assess it in the round again.")
            % {"relation": item.relation.name},
            field="state",
        )
    return item.assessment


@transaction.atomic
def review_item_confirm(*, item: ReviewItem, user: User) -> ReviewItem:
    """The officer confirms the framework's conclusions for the relation."""
    _open(item.round)
    assessment_confirm(assessment=_assessed(item), user=user)
    item.state = ItemState.CONFIRMED
    item.override_reason = ""
    _touch(item, user)
    item.save()
    return item


@transaction.atomic
def review_item_override(
    *, item: ReviewItem, user: User, reason: str, target: str | None = None
) -> ReviewItem:
    """The officer sets a conclusion aside, with a reason (the framework's owner when no
    ``target`` is named)."""
    _open(item.round)
    reason = (reason or "").strip()
    if len(reason) < OVERRIDE_REASON_MIN_LENGTH:
        raise DomainError(
            _(
                "reason: an override needs a reason of at least %(n)d characters: why does the "
                "framework's conclusion not apply?"
            )
            % {"n": OVERRIDE_REASON_MIN_LENGTH},
            field="reason",
        )
    assessment = _assessed(item)
    targets = decision_targets(assessment.decision)
    target = target or (targets[0] if targets else "")
    if not target:
        raise DomainError(
            _("target: the assessment has no conclusion to override."), field="target"
        )
    assessment_override(assessment=assessment, user=user, target=target, reason=reason)
    item.state = ItemState.OVERRIDDEN
    item.override_reason = reason
    _touch(item, user)
    item.save()
    return item


def _check_record(record: Decision | None, body: str, field: str) -> None:
    if record is not None and record.body != body:
        raise DomainError(
            _("%(field)s: the decision record %(ref)s is not one of the %(body)s.")
            % {"field": field, "ref": record.identifier, "body": Body(body).label},
            field=field,
        )


@transaction.atomic
def review_advice_record(
    *,
    review_round: ReviewRound,
    text: str,
    on: date,
    record: Decision | None = None,
) -> ReviewRound:
    """The committee's advice on the round. Refused while a relation is still to assess."""
    _open(review_round)
    _date_bounded(on, "advice_date")
    if not (text or "").strip():
        raise DomainError(_("advice: give the committee's advice."), field="advice")
    left = review_round.items.filter(state=ItemState.TO_ASSESS).count()
    if left:
        raise DomainError(
            _("advice: %(n)d relation(s) of the round are still to assess; assess them first.")
            % {"n": left},
            field="advice",
        )
    _check_record(record, Body.COMMITTEE, "advice_decision")
    if review_round.proposal_date and on > review_round.proposal_date:
        raise DomainError(
            _("advice_date: the advice comes before the board's proposal of %(day)s.")
            % {"day": day(review_round.proposal_date)},
            field="advice_date",
        )
    review_round.advice = text.strip()
    review_round.advice_date = on
    review_round.advice_decision = record
    if review_round.status == RoundStatus.ASSESSING:
        review_round.status = RoundStatus.ADVISED
    review_round.save()
    return review_round


@transaction.atomic
def review_proposal_record(
    *,
    review_round: ReviewRound,
    text: str,
    on: date,
    record: Decision | None = None,
) -> ReviewRound:
    """The executive board's proposal to the council. Refused before the committee's advice."""
    _open(review_round)
    _date_bounded(on, "proposal_date")
    if not (text or "").strip():
        raise DomainError(_("proposal: give the board's proposal."), field="proposal")
    _after(
        review_round.advice_date,
        on,
        missing=_(
            "proposal: the board proposes after the committee's advice; record the advice first."
        ),
        missing_field="proposal",
        too_early=_(
            "proposal_date: the proposal cannot come before the committee's advice of %(day)s."
        ),
        early_field="proposal_date",
    )
    _check_record(record, Body.EXECUTIVE_BOARD, "proposal_decision")
    review_round.proposal = text.strip()
    review_round.proposal_date = on
    review_round.proposal_decision = record
    review_round.status = RoundStatus.PROPOSED
    review_round.save()
    return review_round


@transaction.atomic
def review_decision_record(
    *,
    review_round: ReviewRound,
    text: str,
    on: date,
    scenario: str = Scenario.HONOURING,
    record: Decision | None = None,
    user: User | None = None,
) -> ReviewRound:
    """The council's decision on the round, and the actions it sets (one per action the
    framework asks of a relation in scope, unless the officer overrode that conclusion).
    Refused without the board's proposal, or dated before it."""
    _open(review_round)
    _date_bounded(on, "decision_date")
    if not (text or "").strip():
        raise DomainError(_("decision: give the council's decision."), field="decision")
    _after(
        review_round.proposal_date,
        on,
        missing=_(
            "decision: the council decides on the executive board's proposal; record the "
            "proposal first."
        ),
        missing_field="decision",
        too_early=_(
            "decision_date: the council cannot decide before the board's proposal of %(day)s."
        ),
        early_field="decision_date",
    )
    if scenario not in Scenario.values:
        raise DomainError(
            _("scenario: choose strict or honouring existing agreements."), field="scenario"
        )
    _check_record(record, Body.COUNCIL, "decision_record")
    review_round.decision = text.strip()
    review_round.decision_date = on
    review_round.decision_record = record
    review_round.scenario = scenario
    review_round.status = RoundStatus.DECIDED
    review_round.save()
    _actions_create(review_round, user)
    return review_round


def _overridden(review_round: ReviewRound) -> dict[int, set[str]]:
    """Per relation, the conclusions the officer set aside in this round."""
    out: dict[int, set[str]] = {}
    for item in review_round.items.filter(state=ItemState.OVERRIDDEN).select_related("assessment"):
        if item.assessment is not None:
            out[item.relation_id] = set(item.assessment.overrides.values_list("target", flat=True))
    return out


def _owner(owner: dict[str, Any], on: date) -> tuple[Person | None, str]:
    """The person (or role) that carries an action of a relation the framework gives to
    ``owner``: the portfolio's holder, the committee's chair, else the policy officers."""
    kind, code = owner.get("kind"), owner.get("portfolio")
    if kind == "portfolio" and code:
        portfolio = Portfolio.objects.filter(code=code).first()
        holding = portfolio_holder_on(portfolio=portfolio, day=on) if portfolio else None
        if holding is not None:
            return holding.person, ""
        return None, str(Role.PORTFOLIO_HOLDER)
    if kind == "committee":
        committee = Committee.objects.order_by("pk").first()
        seats = committee_members_on(committee=committee, day=on) if committee else []
        chair = next((s.person for s in seats if s.role == CommitteeRole.CHAIR), None)
        if chair is not None:
            return chair, ""
        return None, str(Role.CLERK)
    return None, str(Role.POLICY_OFFICER)


def _finding_for(action: dict[str, Any], findings: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The finding an action resolves: the first (violations first) citing one of its clauses."""
    ordered = sorted(findings, key=lambda f: f["severity"] != "violation")
    clauses = set(action["clauses"])
    return next((f for f in ordered if clauses & set(f["clauses"])), None) or next(
        (f for f in ordered if f["severity"] != "info"), None
    )


def _actions_create(review_round: ReviewRound, user: User | None) -> list[ReviewAction]:
    assert review_round.decision_date is not None
    impact = round_impact(review_round)
    overridden = _overridden(review_round)
    relations = {r.slug: r for r in Relation.objects.filter(review_items__round=review_round)}
    earliest = review_round.decision_date + timedelta(days=ACTION_LEAD_DAYS)
    created = []
    for entry in impact["relations"]:
        relation = relations.get(entry["id"])
        if relation is None:
            continue
        set_aside = overridden.get(relation.pk, set())
        person, role = _owner(entry["owner_after"], review_round.decision_date)
        for action in entry["actions"]:
            if f"action:{action['code']}" in set_aside:
                continue
            finding = _finding_for(action, entry["findings"]) or {}
            effective = (
                date.fromisoformat(action["effective_from"])
                if review_round.scenario == Scenario.HONOURING
                else review_round.reference_date
            )
            created.append(
                ReviewAction(
                    round=review_round,
                    relation=relation,
                    code=action["code"],
                    text=action["description"],
                    text_en=action["description_en"],
                    finding=finding.get("message", ""),
                    finding_en=finding.get("message_en", ""),
                    owner_person=person,
                    owner_role=role,
                    due=max(effective, earliest),
                    created_by=user,
                )
            )
    created.extend(_committee_actions(review_round, impact, earliest, user))
    return ReviewAction.objects.bulk_create(created)


def _committee_actions(
    review_round: ReviewRound, impact: dict[str, Any], earliest: date, user: User | None
) -> list[ReviewAction]:
    """The committee's composition changes the framework asks (BES-10: a chair elected from
    its members, council members only): one action each, carried by the clerk (griffie), who
    prepares the council's appointments."""
    committees = {c.slug: c for c in Committee.objects.all()}
    out = []
    for entry in impact["committees"]:
        committee = committees.get(entry["id"])
        if committee is None:
            continue
        for action in entry["actions"]:
            finding = _finding_for(action, entry["findings"]) or {}
            effective = (
                date.fromisoformat(action["effective_from"])
                if review_round.scenario == Scenario.HONOURING
                else review_round.reference_date
            )
            out.append(
                ReviewAction(
                    round=review_round,
                    committee=committee,
                    code=action["code"],
                    text=action["description"],
                    text_en=action["description_en"],
                    finding=finding.get("message", ""),
                    finding_en=finding.get("message_en", ""),
                    owner_role=str(Role.CLERK),
                    due=max(effective, earliest),
                    created_by=user,
                )
            )
    return out


@transaction.atomic
def review_action_close(*, action: ReviewAction, user: User, note: str = "") -> ReviewAction:
    """Close an action and re-assess its relation (or committee) on today's facts (the round's
    framework): the assessment shows whether the finding is resolved. Only the action's owner
    closes it, or the application manager."""
    if not action_may_close(action, user):
        raise Forbidden(
            _(
                "owner: only the action's owner (%(owner)s) or the application manager "
                "(functioneel beheer) may close this action."
            )
            % {"owner": action_owner_label(action)},
            field="owner",
            permission="reviews.close_any_action",
        )
    if action.closed_at is not None:
        raise DomainError(_("closed_at: this action is closed already."), field="closed_at")
    action.closed_at = timezone.now()
    action.closed_by = user
    action.closing_note = (note or "").strip()
    if action.relation_id is not None:
        relation = Relation.objects.get(pk=action.relation_id)
        action.reassessment = relation_assess(
            relation=relation, framework_id=action.round.framework
        )
    else:
        committee = Committee.objects.get(pk=action.subject.pk)
        action.reassessment = subject_assess(
            facts=committee_to_subject(committee, timezone.localdate()),
            framework_id=action.round.framework,
        )
    action.save()
    return action


def review_reminders_send(*, today: date) -> list[ReviewReminder]:
    """E-mail each owner of an action due within two weeks or past its due date, once per
    action and kind, one message per owner listing their actions; what went out is recorded on
    the action. Safe to run twice: a second run sends nothing (ADR 0019). An owner without an
    e-mail address gets nothing yet (and is tried again on the next run)."""
    by_recipients: dict[tuple[str, ...], list[tuple[ReviewAction, str]]] = {}
    for action, kind in actions_to_remind(today=today):
        recipients = tuple(action_recipients(action))
        if recipients:
            by_recipients.setdefault(recipients, []).append((action, kind))
    sent = []
    for recipients, items in by_recipients.items():
        lines = [
            _("%(subject)s: %(action)s (due %(due)s%(late)s)")
            % {
                "subject": a.subject_name,
                "action": a.text_shown,
                "due": day(a.due),
                "late": _(", past its due date") if kind == ReminderKind.OVERDUE else "",
            }
            + f"\n  {settings.INTREL_SITE_URL.rstrip('/')}{a.get_absolute_url()}"
            for a, kind in items
        ]
        body = "\n\n".join(
            [
                _("Review actions you own are due or past their due date:"),
                "\n".join(lines),
                _("Close an action on its page once it is done."),
            ]
        )
        with transaction.atomic():
            send_mail(
                subject=_("Review actions due: %(n)d") % {"n": len(items)},
                message=body,
                from_email=None,
                recipient_list=list(recipients),
            )
            now = timezone.now()
            for action, kind in items:
                reminder, created = ReviewReminder.objects.get_or_create(
                    action=action,
                    kind=kind,
                    defaults={"sent_at": now, "recipients": "\n".join(recipients)},
                )
                if created:
                    sent.append(reminder)
    return sent


# --- the council report, built in the background (ADR 0019) -------------------------------------


def review_report_request(
    *, review_round: ReviewRound, language: str = "nl", user: User | None = None
) -> ReviewReport:
    """Ask for the round's council report in ``language``: recorded as waiting and handed to the
    task framework, which builds it (inline in development and tests, by the worker in
    production). A report of the same language still being built is returned as it is."""
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("language: choose Dutch (nl) or English (en)."), field="language")
    running = review_round.reports.filter(
        language=language,
        state__in=(ReportState.QUEUED, ReportState.RUNNING),
        # A worker that died mid-build leaves its report running: after this long, ask anew.
        created_at__gte=timezone.now() - timedelta(minutes=REPORT_STALE_MINUTES),
    ).first()
    if running is not None:
        return running
    report = ReviewReport.objects.create(round=review_round, language=language, created_by=user)
    # Imported here: the task module imports this one to run the build.
    from .tasks import report_build

    report_build.enqueue(report_id=report.pk)
    report.refresh_from_db()
    return report


def _progress(report_id: int) -> Any:
    def update(percent: int, step: str) -> None:
        ReviewReport.objects.filter(pk=report_id).update(
            state=ReportState.RUNNING, progress=percent, step=step[:200]
        )

    return update


def review_report_build(*, report_id: int) -> ReviewReport | None:
    """Build the report's files and store them, its progress recorded as it goes (each step a
    write of its own, so the page sees it while the worker builds). A failure is recorded on the
    report, with what to do, instead of escaping. Safe to run twice: a finished report is left
    as it is."""
    report = ReviewReport.objects.filter(pk=report_id).select_related("round").first()
    if report is None or report.state == ReportState.DONE:
        return report
    # Inline (inside a request's transaction) a failed build must not spoil the transaction:
    # a savepoint holds it. In the worker there is none, so each progress write commits.
    inline = transaction.get_connection().in_atomic_block
    try:
        with transaction.atomic() if inline else nullcontext():
            files = round_report_files(
                review_round=report.round,
                language=report.language,
                progress=_progress(report.pk),
            )
    except Exception:
        logger.exception("council report %s of round %s failed", report.pk, report.round_id)
        with translation.override(report.language):
            message = _(
                "The report could not be built. Try again; if it fails again, tell the "
                "application manager (the error is in the server's log)."
            )
        ReviewReport.objects.filter(pk=report.pk).update(
            state=ReportState.FAILED, error=message, finished_at=timezone.now()
        )
    else:
        ReviewReport.objects.filter(pk=report.pk).update(
            state=ReportState.DONE,
            progress=100,
            step="",
            error="",
            finished_at=timezone.now(),
            **files,
        )
    report.refresh_from_db()
    return report
