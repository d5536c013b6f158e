"""The relation page puts its deadlines in front of the reader and links the decisions about it,
both ways (issue 17), on the Helmond demo."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import Client

from intrel.accounts.models import User

from .conftest import Demo

pytestmark = pytest.mark.django_db

ZIELONA = "/relations/helmond-zielona-gora/"


def _get(demo: Demo, role: str, url: str, language: str = "nl") -> str:
    client = Client()
    client.force_login(demo.users[role])
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", response.content.decode())


@time_machine.travel("2026-12-02 10:00 +0000", tick=False)
def test_zielona_gora_says_when_notice_must_be_given(demo: Demo) -> None:
    html = _get(demo, "beleid", ZIELONA)
    section = html[html.index('id="deadlines"') : html.index('id="parties"')]
    # The jumelage runs to 31 May 2028 with six months' notice: the last day is 30 November 2027.
    assert "30 november 2027" in section
    assert "Laatste dag om op te zeggen met ingang van 31 mei 2028" in section
    assert section.index("30 november 2027") < section.index("31 mei 2028")


@time_machine.travel("2026-12-02 10:00 +0000", tick=False)
def test_a_rolling_notice_has_no_last_day(demo: Demo) -> None:
    html = _get(demo, "beleid", "/relations/helmond-mechelen/", "en")
    section = html[html.index('id="deadlines"') : html.index('id="parties"')]
    assert "Last day to give notice" not in section
    assert "Earliest end, for notice given today" in section


@time_machine.travel("2028-06-01 10:00 +0000", tick=False)
def test_no_deadline_in_the_past(demo: Demo) -> None:
    html = _get(demo, "beleid", ZIELONA, "en")
    section = html[html.index('id="deadlines"') : html.index('id="parties"')]
    assert "30 November 2027" not in section


def test_decisions_link_both_ways(demo: Demo) -> None:
    html = _get(demo, "griffie", ZIELONA)
    section = html[html.index('id="decisions"') : html.index('id="parties"')]
    match = re.search(r'<a href="(/governance/decisions/[^"]+)">IB-2014-003</a>', section)
    assert match, section
    decision = _get(demo, "griffie", match.group(1))
    assert f'href="{ZIELONA}"' in decision


def test_decisions_only_for_who_may_see_them(demo: Demo) -> None:
    # Every demo role may see governance's decisions; a user without that right sees the page
    # without them (and no empty heading).
    user = User.objects.create_user(username="alleen-register", password="x")
    user.user_permissions.add(*Permission.objects.filter(codename="view_relation"))
    client = Client()
    client.force_login(user)
    response = client.get(ZIELONA)
    assert response.status_code == 200
    assert 'id="decisions"' not in response.content.decode()
    assert "IB-2014-003" not in response.content.decode()


@time_machine.travel("2026-12-02 10:00 +0000", tick=False)
def test_open_review_actions_stand_with_the_deadlines(demo: Demo) -> None:
    from datetime import date

    from intrel.relations.models import Relation
    from intrel.reviews.models import ReviewAction, ReviewRound

    relation = Relation.objects.get(slug="helmond-zielona-gora")
    action = ReviewAction.objects.create(
        round=ReviewRound.objects.first(),
        relation=relation,
        code="PHASE_OUT",
        text="Stedenband in overleg afbouwen",
        text_en="Phase the twinning out in consultation",
        owner_role="beleidsmedewerker",
        due=date(2026, 11, 1),
    )
    html = _get(demo, "beleid", ZIELONA)
    section = html[html.index('id="deadlines"') : html.index('id="parties"')]
    assert "Openstaande acties van de herijking" in section
    assert f'href="/reviews/actions/{action.pk}/">Stedenband in overleg afbouwen</a>' in section
    assert "te laat" in section  # due 1 November, today 2 December
    english = _get(demo, "beleid", ZIELONA, "en")
    section = english[english.index('id="deadlines"') : english.index('id="parties"')]
    assert "Phase the twinning out in consultation" in section
    assert "PHASE_OUT" not in section  # the code only in the assessment's technical details
