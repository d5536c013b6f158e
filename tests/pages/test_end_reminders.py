"""``intrel remind`` e-mails the owners of involvements and agreements that end soon, once per end
date, and the relation's page shows what was sent (issue 13). On the demo the 'wethouder' account
is the EZ alderman; a relation of the executive board goes to the policy officers."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from intrel.relations.models import Agreement, EndReminder, Involvement, Relation

from .conftest import Demo

pytestmark = pytest.mark.django_db


def remind(*args: str) -> str:
    out = io.StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def _agreement_of_ez(today: date) -> Agreement:
    relation = Relation.objects.filter(owner_kind="portfolio", owner_portfolio="EZ").first()
    assert relation is not None
    return Agreement.objects.create(
        relation=relation,
        title="Samenwerkingsovereenkomst 2026",
        signed=today - timedelta(days=700),
        ends=today + timedelta(days=20),
        notice_months=3,
    )


def test_the_ez_alderman_is_reminded_once_and_the_relation_page_shows_it(demo: Demo) -> None:
    today = timezone.localdate()
    Involvement.objects.filter(end__gte=today).update(end=None)
    Agreement.objects.filter(ends__gte=today).update(ends=None)
    demo.users["wethouder"].email = "wethouder@helmond.example"
    demo.users["wethouder"].save()
    agreement = _agreement_of_ez(today)
    mail.outbox.clear()

    # --no-mail: the review's action reminders (the alderman owns one) are not this test's.
    text = remind("--days", "30", "--no-mail")
    assert [m.to for m in mail.outbox] == [["wethouder@helmond.example"]]
    message = mail.outbox[0]
    assert agreement.relation.name in message.subject
    assert "Samenwerkingsovereenkomst 2026" in message.body
    assert "wethouder@helmond.example" in text

    # The next day's run (or a second one by mistake) sends nothing again.
    data = json.loads(remind("--days", "30", "--no-mail", "--format", "json"))
    assert len(mail.outbox) == 1
    (entry,) = data["ending"]
    assert entry["reminded_now"] is False and entry["ends"] == agreement.ends.isoformat()
    assert EndReminder.objects.get().agreement == agreement

    client = Client()
    client.force_login(demo.users["beleid"])
    client.cookies["django_language"] = "nl"
    page = client.get(agreement.relation.get_absolute_url()).content.decode()
    assert "Verstuurde herinneringen" in page and "wethouder@helmond.example" in page

    # A new end date is a new reminder.
    agreement.ends = today + timedelta(days=25)
    agreement.save()
    remind("--days", "30", "--no-mail")
    assert len(mail.outbox) == 2


def test_outside_the_window_nothing_and_the_board_goes_to_the_policy_officers(
    demo: Demo,
) -> None:
    today = timezone.localdate()
    Involvement.objects.filter(end__gte=today).update(end=None)
    Agreement.objects.filter(ends__gte=today).update(ends=None)
    demo.users["beleid"].email = "beleid@helmond.example"
    demo.users["beleid"].save()
    involvement = Involvement.objects.filter(relation__owner_kind="executive_board").first()
    assert involvement is not None
    involvement.end = today + timedelta(days=50)
    involvement.save()
    mail.outbox.clear()
    remind("--days", "30", "--no-mail")
    assert mail.outbox == []
    remind("--days", "60", "--no-mail")
    assert [m.to for m in mail.outbox] == [["beleid@helmond.example"]]
    assert EndReminder.objects.get().involvement == involvement
