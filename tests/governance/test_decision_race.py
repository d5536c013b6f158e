"""Many decisions of one body at once, through the API, on PostgreSQL.

Each request runs in the live server's own thread with its own database connection, so the
numbering really races. Before numbers came from a locked counter, twelve simultaneous
``POST /decisions`` gave 2 x 201 and 10 x 400 quoting PostgreSQL's ``duplicate key value
violates unique constraint ...`` (issue 9, hole 7). Now every one is numbered, once.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from django.conf import settings

from intrel.accounts.constants import Role
from intrel.api.services import person_token_create
from intrel.governance import services
from intrel.governance.constants import Body
from intrel.governance.models import Decision
from tests.live import post_json

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs PostgreSQL: SQLite serialises all writers (IMMEDIATE transactions), so "
        "parallel decisions cannot race there; CI runs this test on PostgreSQL",
    ),
]

REQUESTS = 12


def test_simultaneous_decisions_all_get_distinct_numbers(
    live_server: Any, make_user: Callable[..., Any]
) -> None:
    meeting = services.meeting_create(body=Body.COUNCIL, date=date(2014, 3, 6), title="Raad")
    tokens = [
        person_token_create(user=make_user(Role.CLERK, username=f"griffie{i}"), name="t")[1]
        for i in range(REQUESTS)
    ]
    url = f"{live_server.url}/api/v1/decisions"
    bodies = [
        {"meeting": meeting.pk, "kind": "other", "title": f"Besluit {i}", "result": "adopted"}
        for i in range(REQUESTS)
    ]
    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        results = list(pool.map(lambda i: post_json(url, tokens[i], bodies[i]), range(REQUESTS)))

    assert [status for status, _ in results] == [201] * REQUESTS, results
    numbers = sorted(body["id"] for _, body in results)
    assert numbers == [f"RAAD-2014-{n:03d}" for n in range(1, REQUESTS + 1)]
    assert Decision.objects.filter(meeting=meeting).count() == REQUESTS
