"""The queries of the lists people use most stay the same when the register grows with relations
that have everything under them (issue 19): activities, agreements, involvements, parties, an
initiative, allocations with ledger entries and a current assessment, as ``intrel
generate_scale_data`` writes them.

Each page (each role's start page, the relation list with each filter, search, sort and page, a
relation's page, the budget overview, the import page, the public portal) and each API list of
docs/api/openapi.yaml (also with filters, search and a page of 100) is opened on the demo register,
with 45 generated relations, then after 30 more were added; the number of queries must not change.
"""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from intrel.accounts.services import DEMO_ACCOUNTS
from intrel.relations.models import Relation
from intrel.scale.services import City, scale_generate

from .conftest import Demo

pytestmark = pytest.mark.django_db

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"
FIRST = 45  # more Mechelen relations than the search names (10), so it counts them
EXTRA = 30
# A few partner cities of the twin-towns list (the generator's source), so the test reads no file.
CITIES = [
    City("Mechelen", "BE", Decimal("51.027800"), Decimal("4.477800")),
    City("Kraków", "PL", Decimal("50.061400"), Decimal("19.936600")),
    City("Lyon", "FR", Decimal("45.764000"), Decimal("4.835700")),
    City("Bengaluru", "IN", None, None),
]

RELATION_LIST_QUERIES = [
    "",
    "?q=mechelen",
    "?status=active",
    "?registered_kind=twinning",
    "?country=BE",
    "?purpose=culture",
    "?owner=committee",
    "?verified=yes",
    "?assessment=conflicting",
    "?ending=90",
    "?sort=start",
    "?sort=-updated",
    "?status=active&country=BE&sort=name&page=2",
]
API_LIST_QUERIES = {
    "/api/v1/relations": [
        "?q=mechelen",
        "?status=active&country=BE",
        "?ordering=-startDate&pageSize=100",
        "?purpose=culture&pageSize=50",
        "?registeredKind=twinning&verified=true",
    ],
    "/api/v1/activities": ["?pageSize=100", "?ordering=-date"],
    "/api/v1/assessments": ["?pageSize=100"],
    "/api/v1/initiatives": ["?pageSize=100"],
}


def _api_lists() -> list[str]:
    spec = yaml.safe_load(OPENAPI.read_text())
    urls = [
        f"/api/v1{path}"
        for path, operations in spec["paths"].items()
        if "{" not in path and "get" in operations
    ]
    return urls + [base + query for base, queries in API_LIST_QUERIES.items() for query in queries]


def _pages(slug: str) -> list[str]:
    relation_list = reverse("relations:list")
    return [
        *(relation_list + query for query in RELATION_LIST_QUERIES),
        reverse("relations:detail", kwargs={"slug": slug}),
        reverse("budgets:overview"),
        reverse("imports:upload"),
        reverse("start:search") + "?q=mechelen",
    ]


def _count(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def _counts(demo: Demo, slug: str) -> dict[tuple[str, str], tuple[int, int]]:
    counts = {}
    for account in DEMO_ACCOUNTS:
        client = Client()
        client.force_login(demo.users[account.username])
        client.cookies["django_language"] = "nl"
        counts[(account.username, "start")] = _count(client, reverse("start:home"))
    staff = Client()
    staff.force_login(demo.users["beheer"])
    staff.cookies["django_language"] = "nl"
    for url in _pages(slug):
        counts[("beheer", url)] = _count(staff, url)
    visitor = Client()
    for url in [reverse("portal:home"), reverse("portal:relation", kwargs={"slug": slug})]:
        cache.clear()  # the public pages are cached: count what a miss asks
        counts[("visitor", url)] = _count(visitor, url)
    api = APIClient()
    api.force_authenticate(demo.users["beheer"])
    for url in _api_lists():
        counts[("api", url)] = _count(api, url)
    return counts


def test_pages_and_api_lists_ask_no_more_queries_with_a_larger_register(demo: Demo) -> None:
    # Generated relations first, so every list and search already shows some (a page that shows
    # nothing, or fewer than it names, may ask less than one that shows a full page: that is not
    # growth with the rows), one of them being ended so "ends soon" lists something too.
    scale_generate(relations=FIRST, cities=CITIES, batch_size=7)
    Relation.objects.filter(slug="scale-0000000").update(status="ending")
    slug = (
        Relation.objects.filter(status="active").order_by("slug").values_list("slug", flat=True)[0]
    )
    _counts(demo, slug)  # the first requests fill the process's caches (permissions, frameworks)
    before = _counts(demo, slug)
    report = scale_generate(relations=EXTRA, cities=CITIES, batch_size=7)
    assert report.relations == EXTRA and report.assessments == EXTRA
    assert report.activities == 10 * EXTRA and report.ledger_entries >= 5 * EXTRA
    after = _counts(demo, slug)
    answered = {key: status for key, (status, _) in after.items() if status != 200}
    assert not answered, f"not answered with 200: {answered}"
    grown = {key: (before[key][1], after[key][1]) for key in after if after[key] != before[key]}
    assert not grown, f"queries grow with the register (before, after): {grown}"
    # The generated relations are on the list (a larger register, the same number of queries).
    assert Relation.objects.filter(slug__startswith="scale-").count() == FIRST + EXTRA
