"""Many allocations at once against one line, through the API, on PostgreSQL.

Each request runs in the live server's own thread with its own database connection, so the
allocations really race. The line's row lock (``select_for_update``) must make them queue:
the committed total never exceeds the line, every refusal is a 409 that says what is left and
cites ACH-2, and nothing is half-written (each accepted allocation has exactly one entry).
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings

from intrel.accounts.constants import Role
from intrel.api.services import person_token_create
from intrel.budgets.constants import EntryKind
from intrel.budgets.models import Allocation, BudgetLine, LedgerEntry
from intrel.budgets.selectors import line_balances_from_ledger
from intrel.budgets.tests.conftest import RELATION, Gov, make_line
from tests.live import post_json

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs PostgreSQL: SQLite serialises all writers (IMMEDIATE transactions), so "
        "parallel allocations cannot race there; CI runs this test on PostgreSQL",
    ),
]

REQUESTS = 40
WORKERS = 10


def test_parallel_allocations_never_exceed_the_line(
    live_server: Any,
    g: Gov,
    make_user: Callable[..., Any],
) -> None:
    line = make_line(g, slug="race-2014", money="10000.00", hours="100.0")
    tokens = [
        person_token_create(user=make_user(Role.POLICY_OFFICER, username=f"officer{i}"), name="t")[
            1
        ]
        for i in range(WORKERS)
    ]
    url = f"{live_server.url}/api/v1/budget-lines/{line.slug}/allocations"
    # Most ask money; every fifth asks many hours, so both limits are raced.
    bodies = [
        {
            "date": "2014-03-01",
            "money_eur": "300.00" if i % 5 else "10.00",
            "staff_hours": "1.0" if i % 5 else "9.5",
            "relation": RELATION["id"],
        }
        for i in range(REQUESTS)
    ]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(
            pool.map(lambda ib: post_json(url, tokens[ib[0] % WORKERS], ib[1]), enumerate(bodies))
        )

    statuses = sorted({status for status, _ in results})
    assert set(statuses) <= {201, 409}, results
    accepted = [body for status, body in results if status == 201]
    refused = [body for status, body in results if status == 409]
    assert accepted and refused, statuses

    line.refresh_from_db()
    assert line.money_committed <= line.money_available
    assert line.hours_committed <= line.hours_available
    assert line.money_committed == sum(Decimal(a["money_eur"]) for a in accepted)
    assert line.hours_committed == sum(Decimal(a["staff_hours"]) for a in accepted)
    for problem in refused:
        assert problem["clauses"] == ["ACH-2"]
        assert problem["status"] == 409
        left_money, left_hours = (
            Decimal(problem["left"]["money"]),
            Decimal(problem["left"]["hours"]),
        )
        assert left_money >= line.money_left and left_hours >= line.hours_left
        asked = [p["name"] for p in problem["invalidParams"]]
        assert asked and set(asked) <= {"money", "hours"}

    # Nothing half-written: one allocation entry per accepted allocation, totals = ledger.
    assert Allocation.objects.filter(line=line).count() == len(accepted)
    assert LedgerEntry.objects.filter(line=line, kind=EntryKind.ALLOCATION).count() == len(accepted)
    derived = line_balances_from_ledger(line=BudgetLine.objects.get(pk=line.pk))
    assert (derived.money_committed, derived.hours_committed) == (
        line.money_committed,
        line.hours_committed,
    )
