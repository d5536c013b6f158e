"""``intrel remind`` and the start page: overdue review actions reach their owner (issue 15)."""

import io
import json
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from intrel.accounts.models import User
from intrel.accounts.services import roles_sync
from intrel.governance.models import Person
from intrel.reviews import services
from intrel.reviews.models import ReviewAction, ReviewRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(demo_module: None) -> ReviewRound:
    ReviewAction.objects.all().delete()
    ReviewRound.objects.all().delete()
    r = services.review_round_start(
        title="Herijking", framework_id="helmond-2013", reference_date=date(2014, 1, 1)
    )
    services.review_round_assess(review_round=r)
    services.review_advice_record(review_round=r, text="Advies", on=date(2014, 5, 13))
    services.review_proposal_record(review_round=r, text="Voorstel", on=date(2014, 6, 3))
    services.review_decision_record(review_round=r, text="Besluit", on=date(2014, 7, 1))
    return r


def remind(*args: str) -> str:
    out = io.StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def test_remind_lists_overdue_actions_per_owner(decided: ReviewRound) -> None:
    text = remind("--date", "2015-01-01")
    assert "Marieke Jansen" in text and "Tom van Lieshout" in text
    assert "San Marcos" in text and "dagen te laat" in text
    data = json.loads(remind("--date", "2015-01-01", "--format", "json"))
    overdue = sum(len(v) for v in data["owners"].values())
    assert overdue == decided.actions.filter(due__lt=date(2015, 1, 1)).count() > 0
    # Zielona Góra's phase-out honours its jumelage: not overdue before 31 May 2018.
    zg = [a for v in data["owners"].values() for a in v if "Zielona" in a["relation"]]
    assert all(a["due"] < "2015-01-01" for a in zg)
    assert not any(a["due"] == "2018-05-31" for a in zg)
    assert "geen acties over tijd" in remind("--date", "2014-07-02")


def test_a_closed_action_is_no_longer_overdue(decided: ReviewRound) -> None:
    before = json.loads(remind("--date", "2030-01-01", "--format", "json"))
    action = decided.actions.all()[0]
    roles_sync()
    manager = User.objects.create_user(username="beheer", password="pw-for-tests-only")
    manager.groups.add(Group.objects.get(name="functioneel beheer"))
    services.review_action_close(action=action, user=manager)
    after = json.loads(remind("--date", "2030-01-01", "--format", "json"))
    count = lambda d: sum(len(v) for v in d["owners"].values())  # noqa: E731
    assert count(after) == count(before) - 1


def test_overdue_actions_appear_on_their_owners_start_page(decided: ReviewRound) -> None:
    roles_sync()
    account = User.objects.create_user(username="jansen", password="pw-for-tests-only")
    account.groups.add(*Group.objects.filter(name="commissielid"))
    Person.objects.filter(name="Marieke Jansen").update(account=account)
    client = Client()
    client.force_login(account)
    html = client.get(reverse("start:home")).content.decode()
    # Today (2026) every action of a 2014 decision due before 2018 is overdue.
    assert "San Marcos" in html and 'id="overdue-actions-h"' in html
    other = User.objects.create_user(username="other", password="pw-for-tests-only")
    client.force_login(other)
    assert 'id="overdue-actions-h"' not in client.get(reverse("start:home")).content.decode()
