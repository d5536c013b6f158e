"""The relation list as a work list (issue 17): each relation's standing under the framework is
shown, and the list narrows to what needs doing."""

import re

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
