"""The search box (issue 17): one query over relations, partners, parties, decisions and
initiatives, on the demo data, each kind only for those who may see it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import Demo

pytestmark = pytest.mark.django_db


def _search(demo: Demo, role: str, q: str, language: str = "nl") -> tuple[int, str]:
    client = Client()
    client.force_login(demo.users[role])
    client.cookies["django_language"] = language
    response = client.get(reverse("start:search"), {"q": q})
    return response.status_code, response.content.decode()


def _section(html: str, key: str) -> str:
    start = html.index(f'id="search-{key}-h"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("role", ["beheer", "beleid", "wethouder", "griffie", "commissie", "raad"])
def test_a_city_is_found_as_relation_and_partner_by_every_role(demo: Demo, role: str) -> None:
    status, html = _search(demo, role, "mechelen")
    assert status == 200
    assert "Stedenband Helmond – Mechelen" in _section(html, "relations")
    assert "/relations/helmond-mechelen/" in _section(html, "relations")
    assert re.search(r">Mechelen</a>", _section(html, "partners"))


def test_decisions_and_parties_are_found(demo: Demo) -> None:
    _, html = _search(demo, "griffie", "Internationale Betrekkingen")
    decisions = _section(html, "decisions")
    assert "Instelling commissie Internationale Betrekkingen" in decisions
    assert "/governance/decisions/" in decisions
    _, html = _search(demo, "beleid", "Brainport")
    assert "Brainport" in _section(html, "parties")


def test_the_header_carries_the_search_box(demo: Demo) -> None:
    client = Client()
    client.force_login(demo.users["raad"])
    html = client.get(reverse("relations:list")).content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html


def test_a_short_query_asks_for_more_and_finds_nothing(demo: Demo) -> None:
    status, html = _search(demo, "beleid", "a")
    assert status == 200
    assert "Typ ten minste 2 tekens." in html
    assert 'id="search-relations-h"' not in html


def test_nothing_found_is_said_and_the_query_is_escaped(demo: Demo) -> None:
    status, html = _search(demo, "beleid", '<script>alert("x")</script>')
    assert status == 200
    assert "<script>alert" not in html
    assert "Niets gevonden voor" in html
    assert "&lt;script&gt;" in html


def test_a_long_query_is_cut_not_refused(demo: Demo) -> None:
    status, html = _search(demo, "beleid", "x" * 5000, language="en")
    assert status == 200
    assert "Only the first 100 characters were searched for." in html


def test_only_signed_in_users_search(demo: Demo) -> None:
    response = Client().get(reverse("start:search"), {"q": "mechelen"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_initiatives_are_found_by_those_who_may_see_them(demo: Demo) -> None:
    from intrel.initiatives.models import Initiative

    initiative = Initiative.objects.order_by("reference").first()
    assert initiative is not None
    _, html = _search(demo, "griffie", initiative.reference)
    found = _section(html, "initiatives")
    assert initiative.title in found
    assert f"/initiatives/{initiative.reference}/" in found
