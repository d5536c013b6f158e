"""Every operation of the OpenAPI document x every kind of caller, against docs/api.md's table.

The table in docs/api.md (between the ``permissions`` markers) says, per operation, which
caller may call it; this test calls each operation as each caller and checks the outcome:

* ``yes``: the operation's success status, and for a write its effect (the object created,
  changed or deleted, read back from the database);
* ``no``: 403 (``401``: 401) as ``application/problem+json``, and nothing changed.

An operation in the API that the table does not list fails, and so does a row for an
operation that is gone; so does a write operation without an entry in ``WRITES``.

What the cells share is built once per module and so once per xdist worker (each worker has
its own database): the demo data with a token per caller (``demo`` in conftest.py), the parsed
table, the API's operations, and the objects each write needs (``targets``). Each cell runs in
a savepoint inside the module's transaction (pytest-django's ``db``), so a write is undone
before the next cell runs.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from api_helpers import ANONYMOUS, PRINCIPALS, Row, documented_table, relation_body
from demo_ids import Demo
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from intrel.accounts.constants import Role
from intrel.assessments.models import Assessment
from intrel.budgets.constants import HolderKind
from intrel.budgets.models import Allocation, BudgetLine, BudgetTransfer, LedgerEntry
from intrel.governance.constants import DecisionResult
from intrel.governance.models import (
    Committee,
    CommitteeMembership,
    CouncilMembership,
    Decision,
    Meeting,
    Person,
)
from intrel.initiatives.models import Initiative
from intrel.relations.models import Activity, Relation
from intrel.reviews.models import ReviewAction, ReviewRound

PREFIX = "/api/v1"
METHODS = ("get", "post", "put", "patch", "delete")


def _operations() -> list[tuple[str, str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (operation["operationId"], method.upper(), path)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    )


OPERATIONS = _operations()


@dataclass(frozen=True)
class Call:
    """How to call one operation so that an allowed caller succeeds.

    ``probe`` reads, from the database, what the call changes; an allowed call must change it
    to ``expect`` (or, when that is None, add exactly one to the count ``probe`` returns), a
    refused one must leave it as it was.
    """

    url: str
    body: Any
    status: int
    probe: Callable[[], Any]
    expect: Any = None


# POST operations that compute and store nothing (an evaluation of a subject).
READS_BY_POST = {"framework_evaluation_create"}


@pytest.fixture(scope="module")
def table() -> dict[str, Row]:
    """docs/api.md's permission table, parsed once for the module."""
    return documented_table()


@pytest.fixture(scope="module")
def targets(demo: Demo, django_db_blocker: Any) -> dict[str, Call]:
    """Per write operation: the demo's object it works on, a body that succeeds, what changes.

    Read from (and, for a person who sits nowhere yet, added to) the demo once for the module;
    the demo's transaction undoes the addition with the rest.
    """
    with django_db_blocker.unblock():
        relation = Relation.objects.get(slug="helmond-mechelen")
        review_round = ReviewRound.objects.get(status="advised")
        review_action = ReviewAction.objects.order_by("pk").first()
        assert review_action is not None, "demo_ids.review_round_decided gives an action"
        activity = relation.activities.order_by("pk").first()
        assert activity is not None, "the demo gives helmond-mechelen activities"
        # The clerk books on lines the committee holds only: a committee line with money left,
        # and an allocation on it with money still open (as the API reports them).
        reader = _client(str(Role.APPLICATION_MANAGER), demo)
        line = next(
            line
            for line in BudgetLine.objects.filter(holder_kind=HolderKind.COMMITTEE)
            if line.money_left > 0
        )
        allocation = next(
            a
            for a in Allocation.objects.filter(line=line).order_by("pk")
            if Decimal(reader.get(f"{PREFIX}/budget-allocations/{a.pk}").json()["money_open"])
        )
        source = BudgetLine.objects.filter(
            year=line.year, holder_kind=HolderKind.EXECUTIVE_BOARD
        ).first()
        assert source is not None
        decision = Decision.objects.filter(result=DecisionResult.ADOPTED).order_by("pk").first()
        assert decision is not None
        committee = Committee.objects.order_by("pk").first()
        assert committee is not None
        meeting = Meeting.objects.order_by("pk").first()
        assert meeting is not None
        assessment = (
            Assessment.objects.filter(is_current=True, confirmed_at__isnull=True)
            .order_by("pk")
            .first()
        )
        assert assessment is not None
        newcomer = Person.objects.create(name="Matrix Nieuwkomer")
        # A PUT that keeps every child: the relation as it reads, with a new description (a
        # service token may change a relation, not delete its agreements).
        subject = reader.get(f"{PREFIX}/relations/{relation.slug}").json()
    booked_on = allocation.date + timedelta(days=1)

    def ledger(kind: str) -> Callable[[], int]:
        return lambda: LedgerEntry.objects.filter(allocation=allocation, kind=kind).count()

    calls = {
        "relations_create": Call(
            "/relations",
            relation_body(id="helmond-bruges", name="Helmond – Brugge"),
            201,
            lambda: Relation.objects.filter(slug="helmond-bruges").exists(),
            True,
        ),
        "relations_update": Call(
            f"/relations/{relation.slug}",
            subject | {"description": "Vervangen."},
            200,
            lambda: Relation.objects.get(pk=relation.pk).description,
            "Vervangen.",
        ),
        "relations_partial_update": Call(
            f"/relations/{relation.slug}",
            {"description": "Bijgewerkt."},
            200,
            lambda: Relation.objects.get(pk=relation.pk).description,
            "Bijgewerkt.",
        ),
        "relations_life_steps_create": Call(
            f"/relations/{relation.slug}/life-steps",
            {"kind": "proposal", "date": "2026-01-10", "text": "De band is stilgevallen."},
            201,
            lambda: relation.life_steps.filter(kind="proposal").count(),
            1,
        ),
        "activities_create": Call(
            "/activities",
            {"relation": relation.slug, "kind": "visit", "date": "2025-01-10", "title": "Bezoek"},
            201,
            lambda: relation.activities.filter(title="Bezoek").count(),
            1,
        ),
        "activities_update": Call(
            f"/activities/{activity.pk}",
            {"relation": relation.slug, "kind": "event", "date": "2025-02-01", "title": "Markt"},
            200,
            lambda: Activity.objects.filter(pk=activity.pk).values_list("kind", "title").get(),
            ("event", "Markt"),
        ),
        "activities_partial_update": Call(
            f"/activities/{activity.pk}",
            {"title": "Werkbezoek burgemeester"},
            200,
            lambda: Activity.objects.get(pk=activity.pk).title,
            "Werkbezoek burgemeester",
        ),
        "activities_destroy": Call(
            f"/activities/{activity.pk}",
            None,
            204,
            lambda: Activity.objects.filter(pk=activity.pk).exists(),
            False,
        ),
        "budget_lines_create": Call(
            "/budget-lines",
            {
                "id": "matrix-2015",
                "year": 2015,
                "name": "Matrix",
                "purpose": "economic",
                "held_by": "portfolio",
                "portfolio": "EZ",
                "money_eur_per_year": "1000.00",
                "staff_hours_per_year": "10.0",
            },
            201,
            lambda: BudgetLine.objects.filter(slug="matrix-2015").exists(),
            True,
        ),
        "budget_line_allocations_create": Call(
            f"/budget-lines/{line.slug}/allocations",
            {
                "date": f"{line.year}-03-01",
                "money_eur": "1.00",
                "staff_hours": "0.0",
                "relation": relation.slug,
            },
            201,
            lambda: Allocation.objects.filter(line=line).count(),
        ),
        "budget_allocation_realisations_create": Call(
            f"/budget-allocations/{allocation.pk}/realisations",
            {"date": booked_on.isoformat(), "money_eur": "1.00", "staff_hours": "0"},
            201,
            ledger("realisation"),
        ),
        "budget_allocation_releases_create": Call(
            f"/budget-allocations/{allocation.pk}/releases",
            {"date": f"{line.year}-12-31"},
            201,
            ledger("release"),
        ),
        "budget_transfers_create": Call(
            "/budget-transfers",
            {
                "source": source.slug,
                "target": line.slug,
                "date": f"{line.year}-06-01",
                "money_eur": "1.00",
                "staff_hours": "0.0",
                "decision": decision.identifier,
            },
            201,
            lambda: BudgetTransfer.objects.count(),
        ),
        "committee_memberships_create": Call(
            "/committee-memberships",
            {
                "committee": committee.slug,
                "person": newcomer.pk,
                "role": "advisor",
                "start": "2015-01-01",
            },
            201,
            lambda: CommitteeMembership.objects.filter(person=newcomer).count(),
            1,
        ),
        "council_memberships_create": Call(
            "/council-memberships",
            {"person": newcomer.pk, "group": None, "start": "2014-03-27"},
            201,
            lambda: CouncilMembership.objects.filter(person=newcomer).count(),
            1,
        ),
        "persons_create": Call(
            "/persons",
            {"name": "Matrix Persoon"},
            201,
            lambda: Person.objects.filter(name="Matrix Persoon").count(),
            1,
        ),
        "meetings_create": Call(
            "/meetings",
            {
                "body": "committee",
                "committee": committee.slug,
                "date": "2015-05-01",
                "title": "Matrixvergadering",
                "present": [],
            },
            201,
            lambda: Meeting.objects.filter(title="Matrixvergadering").count(),
            1,
        ),
        "decisions_create": Call(
            "/decisions",
            {"meeting": meeting.pk, "kind": "other", "title": "Matrixbesluit", "result": "adopted"},
            201,
            lambda: Decision.objects.filter(title="Matrixbesluit").count(),
            1,
        ),
        # A submitted demo initiative is screened (one step recorded).
        "initiatives_steps_create": Call(
            "/initiatives/INI-2026-0001/steps",
            {"action": "screen", "note": "Matrix"},
            200,
            lambda: Initiative.objects.get(reference="INI-2026-0001").step,
            "screened",
        ),
        "assessments_confirmation_create": Call(
            f"/assessments/{assessment.pk}/confirmation",
            None,
            200,
            lambda: Assessment.objects.get(pk=assessment.pk).confirmed_at is not None,
            True,
        ),
        "assessments_overrides_create": Call(
            f"/assessments/{assessment.pk}/overrides",
            {"target": "owner", "reason": "The council kept this relation with the board."},
            201,
            lambda: Assessment.objects.get(pk=assessment.pk).overrides.count(),
        ),
        # Review rounds (issue 15): a new round over Brainport (the demo's open round leaves
        # it out), the board's proposal on the demo's round, closing the decided round's action.
        "review_rounds_create": Call(
            "/review-rounds",
            {
                "title": "Matrixronde",
                "framework": "helmond-2013",
                "reference_date": "2022-01-01",
                "relations": ["helmond-brainport-acquisitie"],
            },
            201,
            lambda: ReviewRound.objects.filter(title="Matrixronde").count(),
            1,
        ),
        "review_rounds_steps_create": Call(
            f"/review-rounds/{review_round.pk}/steps",
            {"action": "proposal", "text": "Matrixvoorstel", "date": "2014-06-03"},
            200,
            lambda: ReviewRound.objects.get(pk=review_round.pk).status,
            "proposed",
        ),
        "review_actions_close_create": Call(
            f"/review-actions/{review_action.pk}/close",
            {"note": "Matrix"},
            200,
            lambda: ReviewAction.objects.get(pk=review_action.pk).closed_at is not None,
            True,
        ),
        "framework_evaluation_create": Call(
            "/frameworks/helmond-2013/evaluations",
            relation_body(),
            200,
            lambda: Assessment.objects.count(),
        ),
    }
    return calls


def _read_url(path: str, demo: Demo) -> str:
    """A GET's address with the demo's first object for each parameter (a real 200)."""
    if "{" not in path:
        return path
    ids = demo.ids[path]
    assert ids, f"the demo holds nothing for {path}"
    head, _, rest = path.partition("{")
    return head + ids[0] + rest.partition("}")[2]


def _client(principal: str, demo: Demo) -> APIClient:
    client = APIClient()
    if principal != ANONYMOUS:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {demo.tokens[principal]}")
    return client


def test_every_documented_operation_exists(table: dict[str, Row]) -> None:
    live = {op_id for op_id, _, _ in OPERATIONS}
    stale = sorted(set(table) - live)
    assert not stale, f"docs/api.md lists operations the API no longer has: {stale}"


def test_every_write_operation_says_how_it_succeeds(targets: dict[str, Call]) -> None:
    """A new write operation is checked for its effect from its first day."""
    writes = {op_id for op_id, method, _ in OPERATIONS if method != "GET"}
    missing = sorted(writes - set(targets))
    assert not missing, f"add {missing} to targets in test_api_permissions.py"


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op[0] for op in OPERATIONS])
def test_operation_as_principal(
    operation: tuple[str, str, str],
    principal: str,
    table: dict[str, Row],
    demo: Demo,
    targets: dict[str, Call],
    db: None,
) -> None:
    op_id, method, path = operation
    assert op_id in table, f"add {op_id} ({method} {path}) to the table in docs/api.md"
    assert table[op_id].method_path == f"{method} {path}", f"docs/api.md: {op_id}'s path"
    expected = table[op_id].outcomes[principal]
    if method == "GET":
        call = Call(_read_url(path, demo), None, 200, lambda: None)
    else:
        assert op_id in targets, f"add {op_id} to targets in test_api_permissions.py"
        call = targets[op_id]
    before = call.probe()

    response = _client(principal, demo).generic(
        method,
        PREFIX + call.url,
        data=json.dumps(call.body) if call.body is not None else "",
        content_type="application/json",
    )

    assert response["API-Version"]
    after = call.probe()
    if expected == "yes":
        assert response.status_code == call.status, response.content[:500]
        if method != "GET" and op_id not in READS_BY_POST:
            assert after != before, f"{op_id} answered {call.status} but changed nothing"
            # A count without an expected value: the call added exactly one.
            wanted = before + 1 if call.expect is None else call.expect
            assert after == wanted, f"{op_id}: {before!r} became {after!r}, not {wanted!r}"
        else:
            assert after == before, f"{op_id} must not store anything"
    else:
        assert response.status_code == (401 if expected == "401" else 403), response.content
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == response.status_code
        assert after == before, f"{op_id} was refused but changed {before!r} to {after!r}"
