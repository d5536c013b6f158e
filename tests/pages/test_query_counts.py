"""Pages and API lists ask the database the same number of questions however large the register
(issue 19): no query per relation, per country or per assessment.

Every page without parameters and every API collection is opened on the demo register, then again
after 25 more relations (copies of a demo relation that conflicts with the framework, each assessed)
were added; the number of queries must not change. A page that loads something per row shows up
here as a count that grows with the register.
"""

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from intrel.assessments.selectors import (
    SHOWN_PER_OWNER,
    assessments_needing_attention,
    violations_by_owner,
)
from intrel.assessments.services import relations_assess_all
from intrel.core import versions
from intrel.relations.selectors import FILTER_OPTIONS_VERSION, relation_to_subject
from intrel.relations.services import relations_import
from intrel.reviews.selectors import IMPACT_VERSION

from .conftest import Demo
from .test_every_page import PARAMETERS

pytestmark = pytest.mark.django_db

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"
ROLE = "beheer"  # functioneel beheer sees every page and every list
EXTRA = 25


def _pages() -> list[str]:
    return [reverse(name) for name, parameters in PARAMETERS.items() if parameters() == [{}]]


def _api_collections() -> list[str]:
    spec = yaml.safe_load(OPENAPI.read_text())
    return [
        f"/api/v1{path}"
        for path, operations in spec["paths"].items()
        if "{" not in path and "get" in operations
    ]


def _copies(count: int) -> None:
    """``count`` copies of the first relation the framework finds fault with, each assessed."""
    original = assessments_needing_attention().first()
    assert original is not None, "the demo should hold a relation in conflict with the framework"
    subject = relation_to_subject(original.relation)
    subjects = []
    for n in range(count):
        copy: dict[str, Any] = dict(subject, id=f"kopie-{n:03d}", name=f"{subject['name']} {n}")
        copy["partner"] = dict(subject["partner"], name=f"Kopie {n}")
        subjects.append(copy)
    relations_import(subjects=subjects, source="import")
    relations_assess_all()


def _counts(demo: Demo) -> dict[str, int]:
    page_client = Client()
    page_client.force_login(demo.users[ROLE])
    page_client.cookies["django_language"] = "nl"
    api_client = APIClient()
    api_client.force_authenticate(demo.users[ROLE])
    counts = {}
    for url, client in [(u, page_client) for u in _pages()] + [
        (u, api_client) for u in _api_collections()
    ]:
        # The relation list's filter options and the impact page's analysis are kept until
        # the register changes: count the queries that make them, each time.
        versions.bump(FILTER_OPTIONS_VERSION)
        versions.bump(IMPACT_VERSION)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[url] = len(queries)
    return counts


def test_pages_and_lists_ask_the_same_number_of_queries_for_a_larger_register(demo: Demo) -> None:
    _counts(demo)  # the first request of a process fills caches (permissions, frameworks)
    before = _counts(demo)
    _copies(EXTRA)
    after = _counts(demo)
    # The audit log shows the newest 100 history records, each with its previous version: its
    # queries grow with the writes up to that page size, then stop (bounded, checked below).
    audit = after.pop("/accounts/audit/", None)
    assert audit is None or audit <= 5 * 100 + 50, audit
    grown = {url: (before[url], after[url]) for url in after if after[url] != before[url]}
    assert len(before) > 20
    assert not grown, f"queries grow with the register (before, after): {grown}"


def test_the_start_page_names_a_few_relations_per_owner_and_counts_the_rest(demo: Demo) -> None:
    _copies(EXTRA)
    client = Client()
    client.force_login(demo.users["beleid"])  # the policy officer's start page lists conflicts
    client.cookies["django_language"] = "nl"
    html = client.get(reverse("start:home")).content.decode()
    card = html[html.index('id="violations-h"') :]
    card = card[: card.index("</section>")]
    assert 0 < card.count("/relations/kopie-") <= SHOWN_PER_OWNER
    assert "meer relaties" in card


def _first_per_owner() -> list[tuple[int, list[int]]]:
    """Per owner (in order) the count and the first ids by subject, from every row."""
    owners: dict[tuple[str, str], list[int]] = {}
    for a in assessments_needing_attention():
        owners.setdefault((a.routed_owner_kind, a.routed_owner_portfolio), []).append(a.pk)
    return [(len(ids), ids[:SHOWN_PER_OWNER]) for _owner, ids in sorted(owners.items())]


def test_the_start_page_names_the_first_relations_of_each_owner_by_subject(demo: Demo) -> None:
    _copies(EXTRA)
    expected = _first_per_owner()
    assert len(expected) > 1 and any(count > SHOWN_PER_OWNER for count, _ids in expected)
    groups = violations_by_owner()
    assert [(g["count"], [a.pk for a in g["assessments"]]) for g in groups] == expected
    assert all(g["more"] == g["count"] - len(g["assessments"]) for g in groups)
    # One owner left: a union of one part.
    first = assessments_needing_attention().first()
    assert first is not None
    assessments_needing_attention().exclude(
        routed_owner_kind=first.routed_owner_kind,
        routed_owner_portfolio=first.routed_owner_portfolio,
    ).update(is_current=False)
    expected = _first_per_owner()
    assert len(expected) == 1
    groups = violations_by_owner()
    assert [(g["count"], [a.pk for a in g["assessments"]]) for g in groups] == expected
