"""The page of administrators' involvement to watch (issue 13, SOL-3, SOL-4, BES-5): on the demo,
San Marcos' alderman has neither an initiative nor an end; linking the initiative and an end
takes it off the list, and an end far away puts it back as too long. The policy officer's start
page links to it."""

from datetime import date, timedelta

import pytest
from django.test import Client

from intrel.relations.models import Involvement

from .conftest import Demo

pytestmark = pytest.mark.django_db

PAGE = "/initiatives/involvements/"


def _client(demo: Demo, role: str = "beleid") -> Client:
    client = Client()
    client.force_login(demo.users[role])
    client.cookies["django_language"] = "nl"
    return client


def _row(html: str, slug: str) -> str:
    start = html.find(f'data-relation="{slug}"')
    return "" if start < 0 else html[start : html.index("</tr>", start)]


def test_the_alderman_without_initiative_or_end_is_listed_until_both_are_set(demo: Demo) -> None:
    client = _client(demo)
    html = client.get(PAGE).content.decode()
    row = _row(html, "helmond-san-marcos")
    assert 'data-problem="no_initiative"' in row and 'data-problem="no_end"' in row
    assert "SOL-3" in row and "SOL-4" in row
    only = client.get(f"{PAGE}?problem=no_initiative").content.decode()
    assert "helmond-san-marcos" in only

    alderman = Involvement.objects.get(relation__slug="helmond-san-marcos", actor="alderman")
    alderman.initiative_id = "INI-2026-0004"
    alderman.end = date.today() + timedelta(days=400)  # years after its start in 2012
    alderman.save()
    row = _row(client.get(PAGE).content.decode(), "helmond-san-marcos")
    assert 'data-problem="too_long"' in row and 'data-problem="no_initiative"' not in row
    assert "Kadaster San Marcos" in row

    # Ended within the framework's 48 months: no longer current, no longer listed.
    alderman.end = alderman.start.replace(year=alderman.start.year + 3)
    alderman.save()
    html = client.get(PAGE).content.decode()
    assert _row(html, "helmond-san-marcos") == ""


def test_the_policy_officer_finds_it_from_the_start_page(demo: Demo) -> None:
    html = _client(demo).get("/").content.decode()
    assert f'href="{PAGE}"' in html


def test_an_unknown_problem_is_named_and_all_are_shown(demo: Demo) -> None:
    html = _client(demo).get(f"{PAGE}?problem=bogus").content.decode()
    assert "bogus" in html and "helmond-san-marcos" in html
