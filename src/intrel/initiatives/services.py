"""Writes on initiatives (issue 13): the public submission, the initiator's private link, the
initiator's answers and report. Each write is one transaction; e-mail leaves after the commit."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from intrel.accounts.models import User
from intrel.budgets.constants import HolderKind
from intrel.budgets.models import BudgetLine
from intrel.budgets.services import budget_allocate
from intrel.core.errors import Conflict, DomainError
from intrel.core.formatting import eur
from intrel.governance.models import Meeting
from intrel.governance.selectors import framework_get
from intrel.governance.services import agenda_item_add
from intrel.relations.models import Relation

from . import tasks
from .constants import EventKind, Outcome, Step
from .links import TOKEN_BYTES, private_link_issue, token_hash
from .models import Initiative, InitiativeAttachment, InitiativeEvent, PrivateLink
from .selectors import initiatives_report_overdue
from .uploads import attachment_check

__all__ = ["TOKEN_BYTES", "private_link_issue", "token_hash"]


class TooManySubmissions(DomainError):
    """The public form's rate limit per address."""

    status = 429


class LinkNotUsable(DomainError):
    """A private link that is unknown, altered, expired or revoked."""

    status = 404


def address_hash(address: str) -> str:
    """A keyed hash of the submitter's address: enough to count, not to recover the address."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def next_reference(year: int) -> str:
    prefix = f"INI-{year}-"
    last = (
        Initiative.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def private_link_open(*, token: str) -> PrivateLink:
    """The link behind ``token``; refuses one that is unknown, expired or revoked."""
    link = (
        PrivateLink.objects.select_related("initiative")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None:
        raise LinkNotUsable(_("This link is not known. Check that you copied it completely."))
    if link.revoked_at is not None:
        raise LinkNotUsable(_("This link has been withdrawn. Ask the municipality for a new one."))
    if link.expires_at <= timezone.now():
        raise LinkNotUsable(_("This link has expired. Ask the municipality for a new one."))
    return link


def private_link_revoke(*, link: PrivateLink) -> None:
    with transaction.atomic():
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        InitiativeEvent.objects.create(
            initiative=link.initiative, kind=EventKind.LINK, text=_("private link withdrawn")
        )


def _language() -> str:
    """The language the e-mail is written in: the one the user works in (the site's default
    outside a request)."""
    return get_language() or settings.LANGUAGE_CODE


def initiative_submit(
    *,
    title: str,
    description: str,
    country: str,
    place: str,
    purposes: Sequence[str],
    support_asked: Sequence[str],
    money_asked: Decimal | None,
    hours_asked: Decimal | None,
    start: date,
    end: date | None,
    organisation: str,
    kvk_number: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    consent: bool,
    attachments: Sequence[UploadedFile],
    address: str,
    site: str,
) -> Initiative:
    """Record an initiative from the public form, with its attachments, and e-mail a private
    link to the contact person (a task after the commit, ``tasks.mail_receipt``; ``site`` is
    the address the form was used at). Refuses without consent, with a period that
    ends before it starts, with a file that is not what it claims, or past the rate limit."""
    if not consent:
        raise DomainError(
            _("consent: without consent to the processing of your data we cannot handle it."),
            field="consent",
        )
    if end is not None and end < start:
        raise DomainError(_("end: the period ends before it starts."), field="end")
    kinds = [attachment_check(upload, field="attachments") for upload in attachments]
    sender = address_hash(address)
    since = timezone.now() - timedelta(hours=1)
    recent = Initiative.objects.filter(submitted_from=sender, submitted_at__gte=since).count()
    if recent >= settings.INTREL_INITIATIVE_RATE_LIMIT:
        raise TooManySubmissions(
            _(
                "Too many initiatives were sent from this address in the last hour. Please try "
                "again later, or contact the municipality."
            )
        )
    with transaction.atomic():
        initiative = Initiative.objects.create(
            reference=next_reference(timezone.localdate().year),
            title=title,
            description=description,
            country=country,
            place=place,
            purposes=list(purposes),
            support_asked=list(support_asked),
            money_asked=money_asked,
            hours_asked=hours_asked,
            start=start,
            end=end,
            organisation=organisation,
            kvk_number=kvk_number,
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
            consent_at=timezone.now(),
            submitted_from=sender,
        )
        for upload, kind in zip(attachments, kinds, strict=True):
            InitiativeAttachment.objects.create(
                initiative=initiative,
                file=upload,
                name=(upload.name or "")[:200],
                content_type=kind,
                size=upload.size or 0,
            )
        InitiativeEvent.objects.create(
            initiative=initiative, by_initiator=True, kind=EventKind.STEP, step=Step.SUBMITTED
        )
        initiative_id, language = initiative.pk, _language()
        transaction.on_commit(lambda: tasks.mail_receipt.enqueue(initiative_id, site, language))
    return initiative


def initiative_answer(*, initiative: Initiative, text: str) -> InitiativeEvent:
    """The initiator's answer to the municipality's questions, through the private link."""
    text = text.strip()
    if not text:
        raise DomainError(_("text: write your answer."), field="text")
    if initiative.step == Step.CLOSED:
        raise DomainError(_("The initiative is closed; answers are no longer taken."))
    return InitiativeEvent.objects.create(
        initiative=initiative, by_initiator=True, kind=EventKind.ANSWER, text=text
    )


def initiative_report(*, initiative: Initiative, text: str) -> Initiative:
    """The initiator reports the results; only once the initiative is in progress."""
    text = text.strip()
    if not text:
        raise DomainError(_("report: describe the results."), field="report")
    if initiative.step != Step.IN_PROGRESS:
        raise DomainError(
            _("report: results can be reported once the initiative is in progress."),
            field="report",
        )
    with transaction.atomic():
        initiative.report = text
        initiative.reported_at = timezone.now()
        initiative.step = Step.REPORTED
        initiative.save(update_fields=["report", "reported_at", "step"])
        InitiativeEvent.objects.create(
            initiative=initiative, by_initiator=True, kind=EventKind.STEP, step=Step.REPORTED
        )
    return initiative


# --- the staff's workflow -----------------------------------------------------------------------

# Which step each step may follow.
NEXT_FROM: dict[str, tuple[str, ...]] = {
    Step.SCREENED: (Step.SUBMITTED,),
    Step.ON_AGENDA: (Step.SCREENED,),
    Step.DECIDED: (Step.ON_AGENDA,),
    Step.IN_PROGRESS: (Step.DECIDED,),
    Step.CLOSED: (Step.DECIDED, Step.REPORTED),
}


def _locked(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


def _advance(initiative: Initiative, step: str, *, user: User, text: str = "") -> InitiativeEvent:
    """Move to ``step`` (or refuse: 409 naming where it is) and record who and when."""
    allowed = NEXT_FROM[step]
    if initiative.step not in allowed:
        raise Conflict(
            _("The initiative is %(now)s; it cannot become %(step)s now.")
            % {"now": Step(initiative.step).label, "step": Step(step).label}
        )
    initiative.step = step
    initiative.save()
    return InitiativeEvent.objects.create(
        initiative=initiative, created_by=user, kind=EventKind.STEP, step=step, text=text
    )


def initiative_screen(*, initiative: Initiative, note: str, user: User) -> Initiative:
    """Screened: complete, and the framework's view of it noted (the pillar assessment is
    shown beside the form)."""
    with transaction.atomic():
        initiative = _locked(initiative)
        _advance(initiative, Step.SCREENED, user=user, text=note.strip())
    return initiative


def initiative_ask(*, initiative: Initiative, question: str, user: User) -> InitiativeEvent:
    """A question to the initiator, answered through the private link; e-mailed."""
    question = question.strip()
    if not question:
        raise DomainError(_("question: write the question."), field="question")
    if initiative.step == Step.CLOSED:
        raise Conflict(_("The initiative is closed."))
    with transaction.atomic():
        event = InitiativeEvent.objects.create(
            initiative=initiative, created_by=user, kind=EventKind.QUESTION, text=question
        )
        event_id, language = event.pk, _language()
        transaction.on_commit(lambda: tasks.mail_question.enqueue(event_id, language))
    return event


def initiative_schedule(*, initiative: Initiative, meeting: Meeting, user: User) -> Initiative:
    """On the agenda of a committee meeting: the meeting's agenda gets an item naming the
    initiative (and its relation, if it has one), through governance's own service."""
    if meeting.committee_id is None:
        raise DomainError(_("meeting: choose a meeting of the committee."), field="meeting")
    with transaction.atomic():
        initiative = _locked(initiative)
        initiative.meeting = meeting
        _advance(initiative, Step.ON_AGENDA, user=user, text=str(meeting))
        agenda_item_add(
            meeting=meeting,
            text=_("Citizen initiative %(reference)s: %(title)s")
            % {"reference": initiative.reference, "title": initiative.title},
            relation=initiative.relation,
        )
    return initiative


def initiative_decide(
    *,
    initiative: Initiative,
    outcome: str,
    reasons: str,
    money: Decimal | None,
    hours: Decimal | None,
    line: BudgetLine | None,
    relation: Relation | None,
    user: User,
) -> Initiative:
    """The committee's answer: support, partly or decline, with reasons. Money and hours are
    allocated from the committee's budget line through the budgets services, never above the
    framework's per-initiative maximum (ACH-2, BES-11). The initiator is e-mailed."""
    reasons = reasons.strip()
    if outcome not in Outcome.values:
        raise DomainError(_("outcome: choose support, partly or decline."), field="outcome")
    if not reasons:
        raise DomainError(_("reasons: say why, for the initiator."), field="reasons")
    money = money or Decimal(0)
    hours = hours or Decimal(0)
    if outcome == Outcome.DECLINED and (money or hours):
        raise DomainError(_("money: a declined initiative gets no money or hours."), field="money")
    limit = framework_get().spec.max_per_initiative_eur
    if limit is not None and money > limit:
        raise DomainError(
            _(
                "money: %(money)s is more than the framework's maximum of %(limit)s per "
                "initiative (ACH-2, BES-11)."
            )
            % {"money": eur(money), "limit": eur(limit)},
            field="money",
            clauses=["ACH-2", "BES-11"],
        )
    if (money or hours) and line is None:
        raise DomainError(_("line: choose the committee's budget line."), field="line")
    if line is not None and line.holder_kind != HolderKind.COMMITTEE:
        raise DomainError(
            _("line: the money comes from the committee's budget line (BES-11)."),
            field="line",
            clauses=["BES-11"],
        )
    with transaction.atomic():
        initiative = _locked(initiative)
        initiative.outcome = outcome
        initiative.reasons = reasons
        initiative.money_granted = money
        initiative.hours_granted = hours
        if relation is not None:
            initiative.relation = relation
        decided = _advance(initiative, Step.DECIDED, user=user, text=str(Outcome(outcome).label))
        if line is not None and (money or hours):
            budget_allocate(
                line=line,
                # Allocated on the day the committee decided it, in its meeting.
                date=initiative.meeting.date if initiative.meeting else timezone.localdate(),
                money=money,
                hours=hours,
                relation=initiative.relation,
                initiative=initiative.reference,
                description=initiative.title[:200],
                user=user,
            )
        event_id, language = decided.pk, _language()
        transaction.on_commit(lambda: tasks.mail_decision.enqueue(event_id, language))
    return initiative


def initiative_start(*, initiative: Initiative, report_due: date | None, user: User) -> Initiative:
    """In progress: a supported initiative is being carried out; results are due then."""
    with transaction.atomic():
        initiative = _locked(initiative)
        if initiative.outcome == Outcome.DECLINED:
            raise Conflict(_("A declined initiative is not carried out; close it."))
        initiative.report_due = report_due
        _advance(initiative, Step.IN_PROGRESS, user=user)
    return initiative


def initiative_close(*, initiative: Initiative, note: str, user: User) -> Initiative:
    with transaction.atomic():
        initiative = _locked(initiative)
        if initiative.step == Step.DECIDED and initiative.outcome != Outcome.DECLINED:
            raise Conflict(_("A supported initiative closes once its results are reported."))
        _advance(initiative, Step.CLOSED, user=user, text=note.strip())
        initiative_pseudonymise(initiative=initiative)
    return initiative


PSEUDONYM_NAME = "[verwijderd]"


def _pseudonym_email(initiative: Initiative) -> str:
    # A valid address that reaches no one (.invalid is reserved, RFC 2606).
    return f"verwijderd-{initiative.pk}@pseudoniem.invalid"


def initiative_pseudonymise(*, initiative: Initiative) -> Initiative:
    """The contact person's data replaced by a pseudonym, in the record *and* in every row of
    its history table (the file itself is kept permanently: Selectielijst gemeenten 2020); the
    keyed hash of the sender's address goes too and the private links are withdrawn. The
    organisation (and its public KvK number) stay: they are no person's data. Recorded in the
    initiative's history. Doing it again changes nothing."""
    with transaction.atomic():
        initiative = _locked(initiative)
        if initiative.pseudonymised_at is not None:
            return initiative
        pseudonym = {
            "contact_name": PSEUDONYM_NAME,
            "contact_email": _pseudonym_email(initiative),
            "contact_phone": "",
            "submitted_from": "",
        }
        Initiative.history.filter(id=initiative.pk).update(**pseudonym)
        for field, value in pseudonym.items():
            setattr(initiative, field, value)
        initiative.pseudonymised_at = timezone.now()
        initiative.save()
        initiative.private_links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        InitiativeEvent.objects.create(initiative=initiative, kind=EventKind.PSEUDONYMISED)
    return initiative


def initiative_report_reminders(*, today: date) -> list[tuple[Initiative, bool]]:
    """Remind each initiator whose report is overdue (``intrel remind``), once per due date:
    the e-mail is a task (``tasks.mail_report_overdue``) that sends it only if it is not yet
    in the initiative's history. Returns each overdue initiative with whether a reminder was
    sent now (False: it was sent before)."""
    out = []
    language = _language()
    for initiative in initiatives_report_overdue(today=today):
        assert initiative.report_due is not None
        due = initiative.report_due.isoformat()
        sent_before = initiative.events.filter(
            kind=EventKind.MAIL, mail_key=tasks.report_due_key(due)
        ).exists()
        if not sent_before:
            tasks.mail_report_overdue.enqueue(initiative.pk, due, language)
        out.append((initiative, not sent_before))
    return out
