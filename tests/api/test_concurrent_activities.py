"""Many officers add an activity to one relation at the same moment, through the API, on
PostgreSQL (found by bench/load_fault.py, docs/reliability.md).

Each write re-assesses the relation, and only one assessment of a subject may be current. The
second of two writers waited for the first's lock on the current assessment, then found it no
longer current and answered 409 ("conflicts with one made at the same time") although nothing
of the activity conflicted. Now every activity is saved (201) and one assessment is current.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from tests.live import post_json

from intrel.accounts.constants import Role
from intrel.api.services import person_token_create
from intrel.assessments.models import Assessment
from intrel.budgets.tests.conftest import RELATION
from intrel.relations.models import Activity
from intrel.relations.services import relation_upsert_from_subject

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs PostgreSQL: SQLite serialises all writers, so the writes cannot race "
        "there; CI runs this test on PostgreSQL",
    ),
]

REQUESTS = 24
WORKERS = 8


def test_parallel_activities_on_one_relation_are_all_saved(
    live_server: Any, make_user: Callable[..., Any]
) -> None:
    relation, _ = relation_upsert_from_subject(data=RELATION, source="manual")
    tokens = [
        person_token_create(user=make_user(Role.POLICY_OFFICER, username=f"officer{i}"), name="t")[
            1
        ]
        for i in range(WORKERS)
    ]
    url = f"{live_server.url}/api/v1/activities"
    bodies = [
        {
            "relation": relation.slug,
            "kind": "meeting",
            "date": "2026-03-01",
            "title": f"Overleg {i}",
        }
        for i in range(REQUESTS)
    ]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(
            pool.map(lambda ib: post_json(url, tokens[ib[0] % WORKERS], ib[1]), enumerate(bodies))
        )

    assert [status for status, _ in results] == [201] * REQUESTS, results
    saved = set(Activity.objects.filter(relation=relation).values_list("title", flat=True))
    assert saved == {body["title"] for body in bodies}
    current = Assessment.objects.filter(
        subject_type="relation", subject_key=relation.slug, is_current=True
    )
    assert current.count() == 1
    # And the relation's stored latest day is theirs (each writer locks the relation's row).
    relation.refresh_from_db()
    assert relation.last_activity_on == date(2026, 3, 1)


def test_parallel_activities_of_different_days_leave_the_latest_day(
    live_server: Any, make_user: Callable[..., Any]
) -> None:
    """The relation's stored latest activity day (issue 19) is the latest of the activities
    written at the same moment, whichever writer read the activities first. (Writers whose
    activities change the assessment's facts may still be answered 409 "try again" when
    another re-assessed the relation at the same moment: they try again, as the answer says.)"""
    relation, _ = relation_upsert_from_subject(data=RELATION, source="manual")
    tokens = [
        person_token_create(user=make_user(Role.POLICY_OFFICER, username=f"writer{i}"), name="t")[1]
        for i in range(WORKERS)
    ]
    url = f"{live_server.url}/api/v1/activities"

    def post(i: int) -> int:
        body = {
            "relation": relation.slug,
            "kind": "meeting",
            "date": f"2026-03-{i + 1:02d}",
            "title": f"Overleg {i}",
        }
        for _attempt in range(20):
            status, _ = post_json(url, tokens[i % WORKERS], body)
            if status != 409:
                return status
        return status

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        statuses = list(pool.map(post, range(REQUESTS)))

    assert statuses == [201] * REQUESTS
    relation.refresh_from_db()
    assert relation.last_activity_on == date(2026, 3, REQUESTS)
