"""E-mail to the initiator as background tasks (ADR 0019, issue 13): each decision is e-mailed
once, even when its task runs twice; ``intrel remind`` reminds an initiator whose report is
overdue once, however often it runs, and the reminder is on the initiative's page."""

import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from intrel.initiatives import tasks
from intrel.initiatives.constants import EventKind, Step
from intrel.initiatives.models import Initiative

from .conftest import Demo

pytestmark = pytest.mark.django_db

SAN_MARCOS = "INI-2026-0004"


def remind(*args: str) -> str:
    out = io.StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def _overdue() -> Initiative:
    initiative = Initiative.objects.get(reference=SAN_MARCOS)
    initiative.report_due = timezone.localdate() - timedelta(days=3)
    initiative.save()
    return initiative


def test_remind_emails_an_overdue_initiator_once_and_the_page_shows_it(demo: Demo) -> None:
    initiative = _overdue()
    mail.outbox.clear()
    first = remind()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sanmarcos@example.org"]
    assert SAN_MARCOS in message.subject and "te laat" in message.subject
    assert initiative.report_due is not None
    due = f"{initiative.report_due.day} "
    assert due in message.body
    assert SAN_MARCOS in first and "krijgt een e-mail" in first

    # Run again (the next day's cron, or twice by mistake): nothing is sent twice.
    second = json.loads(remind("--format", "json"))
    assert len(mail.outbox) == 1
    (entry,) = second["initiatives"]
    assert entry == {
        "initiative": SAN_MARCOS,
        "title": "Kadaster San Marcos",
        "report_due": initiative.report_due.isoformat(),
        "reminded_now": False,
    }
    assert "eerder herinnerd" in remind()

    # What was sent is on the record: the initiative's page, for the staff.
    client = Client()
    client.force_login(demo.users["griffie"])
    client.cookies["django_language"] = "nl"
    page = client.get(f"/initiatives/{SAN_MARCOS}/").content.decode()
    assert message.subject in page
    assert initiative.events.filter(kind=EventKind.MAIL).count() == 1


def test_a_reported_or_not_yet_due_initiative_gets_no_reminder(demo: Demo) -> None:
    mail.outbox.clear()
    remind()  # the demo's report is due in half a year
    assert mail.outbox == []
    initiative = _overdue()
    initiative.step, initiative.reported_at = Step.REPORTED, timezone.now()
    initiative.save()
    remind()
    assert mail.outbox == []


def test_a_decision_task_run_twice_sends_one_email(
    demo: Demo, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(demo.users["griffie"])
    client.cookies["django_language"] = "nl"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/initiatives/INI-2026-0003/decide/",
            {"decide-outcome": "declined", "decide-reasons": "Past niet in het kader."},
        )
    assert response.status_code == 302
    assert [m.subject for m in mail.outbox] == ["Besluit over uw initiatief INI-2026-0003"]
    decided = Initiative.objects.get(reference="INI-2026-0003").events.get(step=Step.DECIDED)
    # A worker that runs the same task again (a retry) sends nothing more.
    assert tasks.mail_decision.enqueue(decided.pk, "nl").return_value is False
    assert len(mail.outbox) == 1


def test_a_refused_step_sends_nothing(demo: Demo, django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    client.force_login(demo.users["griffie"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/initiatives/INI-2026-0003/decide/",
            {"decide-outcome": "supported", "decide-reasons": "Ja.", "decide-money": "999999"},
        )
    assert response.status_code == 400
    assert mail.outbox == []
    assert Initiative.objects.get(reference="INI-2026-0003").step == Step.ON_AGENDA
