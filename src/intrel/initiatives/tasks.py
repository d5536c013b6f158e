"""The initiatives' background work (ADR 0019): every e-mail to the initiator is a task.

Each task takes ids and plain values (never a model instance), re-reads what it needs, and sends
a given e-mail once: the e-mail is recorded in the initiative's history under a key (the
receipt, a question's or a decision's entry, a report due date), and a task that finds its key
recorded does nothing. The row lock on the initiative makes two workers wait for each other. A
worker that dies after sending and before its commit sends again on the retry (at least once,
never silently lost). The enqueueing services do so after their commit (``transaction.on_commit``),
so a rolled-back step sends nothing.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from intrel.core import doors
from intrel.core.formatting import day, eur

from .constants import EventKind, Outcome
from .links import private_link_issue
from .models import Initiative, InitiativeEvent


def _send_once(*, initiative_id: int, key: str, compose: object) -> bool:
    """Send the e-mail ``compose(initiative)`` returns (subject, body) unless ``key`` is recorded
    for the initiative; record it. False when nothing was sent (already sent, or no address
    left: the contact data are pseudonymised)."""
    with doors.through(doors.TASK), transaction.atomic():
        initiative = Initiative.objects.select_for_update().filter(pk=initiative_id).first()
        if initiative is None or initiative.pseudonymised_at is not None:
            return False
        if initiative.events.filter(kind=EventKind.MAIL, mail_key=key).exists():
            return False
        subject, body = compose(initiative)  # type: ignore[operator]
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [initiative.contact_email])
        InitiativeEvent.objects.create(
            initiative=initiative, kind=EventKind.MAIL, mail_key=key, text=subject
        )
    return True


@task()
def mail_receipt(initiative_id: int, site: str, language: str) -> bool:
    """The receipt with the private link. The link is issued here, when it is sent, so its
    token is written nowhere but in the e-mail. ``site`` is the address the form was used at."""

    def compose(initiative: Initiative) -> tuple[str, str]:
        token = private_link_issue(initiative=initiative)
        url = site.rstrip("/") + reverse("initiatives:link", args=[token])
        link = initiative.private_links.order_by("-created_at").first()
        assert link is not None
        subject = _("Your initiative %(reference)s has been received") % {
            "reference": initiative.reference
        }
        body = _(
            'Dear %(name)s,\n\nThank you for your initiative "%(title)s" (%(reference)s). '
            "Through this private link you can follow it, answer our questions and later "
            "report the results:\n\n%(url)s\n\nThe link works until %(expires)s. Keep it to "
            "yourself: whoever has it can see your initiative.\n"
        ) % {
            "name": initiative.contact_name,
            "title": initiative.title,
            "reference": initiative.reference,
            "url": url,
            "expires": day(link.expires_at.date()),
        }
        return subject, body

    with translation.override(language):
        return _send_once(initiative_id=initiative_id, key="receipt", compose=compose)


@task()
def mail_question(event_id: int, language: str) -> bool:
    """A question of the municipality (the history entry ``event_id``)."""
    event = InitiativeEvent.objects.get(pk=event_id, kind=EventKind.QUESTION)

    def compose(initiative: Initiative) -> tuple[str, str]:
        subject = _("A question about your initiative %(reference)s") % {
            "reference": initiative.reference
        }
        body = _(
            'Dear %(name)s,\n\nWe have a question about your initiative "%(title)s":\n\n'
            "%(question)s\n\nPlease answer through the private link you received.\n"
        ) % {"name": initiative.contact_name, "title": initiative.title, "question": event.text}
        return subject, body

    with translation.override(language):
        return _send_once(
            initiative_id=event.initiative_id, key=f"question:{event.pk}", compose=compose
        )


@task()
def mail_decision(event_id: int, language: str) -> bool:
    """The committee's decision (the history entry of the step ``decided``, ``event_id``)."""
    event = InitiativeEvent.objects.get(pk=event_id, kind=EventKind.STEP)

    def compose(initiative: Initiative) -> tuple[str, str]:
        outcome = str(Outcome(initiative.outcome).label) if initiative.outcome else ""
        granted = ""
        if initiative.money_granted:
            granted = _("Granted: %(money)s.") % {"money": eur(initiative.money_granted)}
        subject = _("Decision on your initiative %(reference)s") % {
            "reference": initiative.reference
        }
        body = _(
            'Dear %(name)s,\n\nThe decision on your initiative "%(title)s": %(outcome)s.'
            "\n\n%(reasons)s\n\nThe private link you received shows the details.\n"
        ) % {
            "name": initiative.contact_name,
            "title": initiative.title,
            "outcome": outcome,
            "reasons": f"{initiative.reasons}\n\n{granted}".strip(),
        }
        return subject, body

    with translation.override(language):
        return _send_once(
            initiative_id=event.initiative_id, key=f"decision:{event.pk}", compose=compose
        )


def report_due_key(due: str) -> str:
    return f"report-due:{due}"


@task()
def mail_report_overdue(initiative_id: int, due: str, language: str) -> bool:
    """The initiator's report was due on ``due`` (ISO date) and has not come: one reminder per
    due date (``intrel remind``)."""

    def compose(initiative: Initiative) -> tuple[str, str]:
        subject = _("Your report on initiative %(reference)s is overdue") % {
            "reference": initiative.reference
        }
        body = _(
            'Dear %(name)s,\n\nThe results of your initiative "%(title)s" were due on '
            "%(due)s. Please report them through the private link you received; if the link "
            "no longer works, ask the municipality for a new one.\n"
        ) % {
            "name": initiative.contact_name,
            "title": initiative.title,
            "due": day(date.fromisoformat(due)),
        }
        return subject, body

    with translation.override(language):
        return _send_once(initiative_id=initiative_id, key=report_due_key(due), compose=compose)
