"""The relation list as a work list (issue 17): each relation's standing under the framework is
shown, and the list narrows to what needs doing."""

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import Demo

pytestmark = pytest.mark.django_db


def _names(demo: Demo, role: str, language: str = "nl", **query: str) -> tuple[set[str], str]:
    client = Client()
    client.force_login(demo.users[role])
    client.cookies["django_language"] = language
    response = client.get(reverse("relations:list"), query)
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r'<td><a href="/relations/[\w-]+/">([^<]+)</a></td>', html)
    return {name.replace("&amp;", "&") for name in rows}, html


@pytest.mark.parametrize("role", ["beleid", "wethouder", "griffie", "commissie", "raad", "beheer"])
def test_the_conflicting_filter_lists_the_relations_in_conflict(demo: Demo, role: str) -> None:
    names, html = _names(demo, role, assessment="conflicting")
    # The demo's relations that conflict with the memo (docs/demo-data.md).
    assert {
        "Stedenband Helmond – San Marcos",
        "Stedenband Helmond – Mechelen",
        "Stedenband Helmond – Zielona Góra",
    } <= names
    assert not any(n.startswith(("MOV Stiphout", "Stichting Obumu")) for n in names)
    # every row listed carries its violations
    assert html.count('class="badge badge-violation"') == len(names)


def test_the_owner_filter_lists_relations_the_framework_routes_elsewhere(demo: Demo) -> None:
    names, _ = _names(demo, "beleid", assessment="owner_to_move")
    assert "Stedenband Helmond – Mechelen" in names  # to the CUL portfolio
    assert "Stedenband Helmond – Zielona Góra" not in names  # to be phased out, not moved
    assert not any(n.startswith("Brabant") for n in names)  # already with EZ


def test_each_row_says_how_the_relation_stands_in_both_languages(demo: Demo) -> None:
    names, html = _names(demo, "beleid")
    assert len(names) == 9
    assert "strijdigheden" in html and "in orde" in html and "wacht op bevestiging" in html
    _, english = _names(demo, "beleid", language="en")
    assert "violations" in english and "in line" in english and "strijdig" not in english


def test_an_unknown_filter_value_is_named_and_ignored(demo: Demo) -> None:
    names, html = _names(demo, "beleid", assessment="<script>x</script>")
    assert len(names) == 9
    assert "<script>x</script>" not in html


def _api_subjects(demo: Demo, role: str, **query: str) -> tuple[int, Any]:
    client = Client()
    client.force_login(demo.users[role])
    response = client.get("/api/v1/assessments", {"subjectType": "relation", **query})
    body = response.json()
    if response.status_code != 200:
        return response.status_code, body
    return 200, {row["subject_id"] for row in body["results"]}


def test_the_api_gives_the_same_work_list(demo: Demo) -> None:
    status, conflicting = _api_subjects(demo, "raad", state="conflicting")
    assert status == 200
    names, _ = _names(demo, "raad", assessment="conflicting")
    assert len(conflicting) == len(names)
    assert {"helmond-san-marcos", "helmond-mechelen", "helmond-zielona-gora"} <= conflicting

    _, to_move = _api_subjects(demo, "beleid", state="owner_to_move")
    assert "helmond-mechelen" in to_move and "helmond-zielona-gora" not in to_move
    moved, _ = _names(demo, "beleid", assessment="owner_to_move")
    assert len(to_move) == len(moved)


def test_the_api_names_a_wrong_state_and_what_it_accepts(demo: Demo) -> None:
    status, body = _api_subjects(demo, "beleid", state="bogus")
    assert status == 400
    assert body["invalidParams"] == [{"name": "state", "reason": '"bogus" is not a valid choice.'}]


def test_ending_soon_lists_relations_whose_agreement_ends_and_is_shared_by_its_address(
    demo: Demo,
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from intrel.relations.models import Agreement, Relation

    mechelen = Relation.objects.get(slug="helmond-mechelen")
    Agreement.objects.create(
        relation=mechelen,
        title="Samenwerkingsovereenkomst",
        signed=date(2020, 1, 1),
        ends=timezone.localdate() + timedelta(days=30),
    )
    names, html = _names(demo, "beleid", ending="90")
    assert names == {"Stedenband Helmond – Mechelen"}
    # The filter is in the address, so the list can be shared, and shown as chosen.
    assert '<option value="90" selected>' in html
    status, subjects = _api_subjects_relations(demo, endingWithinDays="90")
    assert status == 200 and subjects == {"helmond-mechelen"}
    # A year ahead finds it too; the demo has nothing else ending.
    names, _ = _names(demo, "beleid", ending="365")
    assert names == {"Stedenband Helmond – Mechelen"}


def test_the_list_sorts_as_asked(demo: Demo) -> None:
    from intrel.relations.models import Relation

    obumu = Relation.objects.get(name__startswith="Stichting Obumu")
    obumu.description += " "
    obumu.save()  # now the most recently changed
    client = Client()
    client.force_login(demo.users["beleid"])
    html = client.get(reverse("relations:list"), {"sort": "-updated"}).content.decode()
    rows = re.findall(r'<td><a href="/relations/[\w-]+/">([^<]+)</a></td>', html)
    assert rows[0].startswith("Stichting Obumu")
    by_name = re.findall(
        r'<td><a href="/relations/[\w-]+/">([^<]+)</a></td>',
        client.get(reverse("relations:list"), {"sort": "name"}).content.decode(),
    )
    assert by_name == sorted(by_name)


def _api_subjects_relations(demo: Demo, **query: str) -> tuple[int, set[str]]:
    client = Client()
    client.force_login(demo.users["raad"])
    response = client.get("/api/v1/relations", query)
    return response.status_code, {row["id"] for row in response.json()["results"]}


def test_the_total_under_an_assessment_filter_follows_the_assessments(demo: Demo) -> None:
    """The list's total is cached until a relation or partner is written (ADR 0021), but not
    under a filter by assessment: an assessment's write changes that total at once."""
    from intrel.assessments.models import Assessment
    from intrel.relations.models import Relation

    client = Client()
    client.force_login(demo.users["beleid"])
    url = reverse("relations:list")

    def total() -> int:
        response = client.get(url, {"assessment": "conflicting"})
        assert response.status_code == 200
        return response.context["page"].paginator.count

    before = total()
    mechelen = Relation.objects.get(name="Stedenband Helmond – Mechelen")
    Assessment.objects.filter(relation=mechelen).delete()
    assert total() == before - 1
