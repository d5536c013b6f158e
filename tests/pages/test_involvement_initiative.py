"""An administrator's involvement follows an initiative *record* and ends (SOL-3, SOL-4, issue
13): on the demo's San Marcos, the alderman's involvement since 2012 names no initiative and has
no end; linking the foundation's initiative and giving an end date clear the two findings."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from intrel.relations.models import Involvement

from .conftest import Demo

pytestmark = pytest.mark.django_db

PAGE = "/relations/helmond-san-marcos/"


def _clauses(client: Client) -> set[str]:
    html = client.get(PAGE).content.decode()
    start = html.index('id="assessment"')
    section = html[start : html.index("</section>", start)]
    return set(re.findall(r"<abbr>([A-Z]+-\d+)</abbr>", section))


def _alderman() -> Involvement:
    return Involvement.objects.get(relation__slug="helmond-san-marcos", actor="alderman")


def _post(client: Client, involvement: Involvement, **change: str) -> str:
    data = {
        "actor": involvement.actor,
        "portfolio": involvement.portfolio,
        "person": involvement.person,
        "start": involvement.start.isoformat(),
        "end": involvement.end.isoformat() if involvement.end else "",
        "initiative": involvement.initiative_id or "",
        "description": involvement.description,
        **change,
    }
    url = f"{PAGE}involvements/{involvement.pk}/edit/"
    response = client.post(url, data)
    return response.content.decode() if response.status_code != 302 else ""


def test_linking_the_initiative_and_an_end_clear_sol3_and_sol4(demo: Demo) -> None:
    client = Client()
    client.force_login(demo.users["beleid"])
    client.cookies["django_language"] = "nl"
    assert {"SOL-3", "SOL-4"} <= _clauses(client)

    form = client.get(f"{PAGE}involvements/{_alderman().pk}/edit/").content.decode()
    assert '<option value="INI-2026-0004">INI-2026-0004 Kadaster San Marcos</option>' in form

    assert _post(client, _alderman(), initiative="INI-2026-0004") == ""
    assert _alderman().initiative is not None
    assert _alderman().initiative.title == "Kadaster San Marcos"
    found = _clauses(client)
    assert "SOL-3" not in found and "SOL-4" in found

    # An end within the framework's bound (48 months: 2012-03-01 to 2015-12-31 is 46).
    assert _post(client, _alderman(), end="2015-12-31") == ""
    found = _clauses(client)
    assert "SOL-3" not in found and "SOL-4" not in found
    # The initiative's page names the involvement that follows it.
    page = client.get("/initiatives/INI-2026-0004/").content.decode()
    assert "helmond-san-marcos" in page


def test_an_unknown_initiative_is_refused_by_name_and_nothing_changes(demo: Demo) -> None:
    client = Client()
    client.force_login(demo.users["beleid"])
    client.cookies["django_language"] = "en"
    html = _post(client, _alderman(), initiative="INI-9999-0001", end="2026-12-31")
    assert "citizen initiative" in html.lower()
    assert "INI-9999-0001 is not one of the available choices" in html
    assert _alderman().initiative_id is None and _alderman().end is None


def test_the_api_gives_the_reference(demo: Demo) -> None:
    client = Client()
    client.force_login(demo.users["beleid"])
    involvement = _alderman()
    response = client.get(f"/api/v1/involvements/{involvement.pk}")
    assert response.status_code == 200
    assert response.json()["initiative"] is None
    involvement.initiative_id = "INI-2026-0004"
    involvement.save()
    assert client.get(f"/api/v1/involvements/{involvement.pk}").json()["initiative"] == (
        "INI-2026-0004"
    )
