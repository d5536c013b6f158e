"""The budgets API: create and read lines, allocations (409 with what is left), transfers."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from rest_framework.test import APIClient

from intrel.accounts.constants import Role
from intrel.budgets.constants import HolderKind, LinePurpose
from intrel.budgets.models import Allocation, BudgetLine, LedgerEntry

from .conftest import Gov, make_line, school_pack

Client = Callable[..., APIClient]


def alloc_body(**changes: Any) -> dict[str, Any]:
    return {
        "date": "2014-03-01",
        "money_eur": "1000.00",
        "staff_hours": "10.0",
        "relation": "helmond-san-marcos",
    } | changes


def test_create_and_read_a_line_as_the_contracts_subject(g: Gov, api_client_for: Client) -> None:
    api = api_client_for(Role.POLICY_OFFICER)
    body = {
        "id": "ez-2014",
        "year": 2014,
        "name": "EZ internationaal",
        "purpose": "economic",
        "held_by": "portfolio",
        "portfolio": "EZ",
        "money_eur_per_year": "30000.00",
        "staff_hours_per_year": "700.0",
    }
    created = api.post("/api/v1/budget-lines", body, format="json")
    assert created.status_code == 201, created.content
    assert created["Location"].endswith("/api/v1/budget-lines/ez-2014")
    read = api.get("/api/v1/budget-lines/ez-2014").json()
    assert read["subject"] == "budget_line"
    assert (read["held_by"], read["portfolio"]) == ("portfolio", "EZ")
    assert (read["money_eur_per_year"], read["money_left"]) == ("30000.00", "30000.00")
    listed = api.get("/api/v1/budget-lines?year=2014&heldBy=portfolio").json()
    assert [r["id"] for r in listed["results"]] == ["ez-2014"]


def test_allocation_over_the_line_is_a_409_with_what_is_left(
    g: Gov, line: BudgetLine, api_client_for: Client
) -> None:
    api = api_client_for(Role.POLICY_OFFICER)
    ok = api.post(
        "/api/v1/budget-lines/line-2014/allocations",
        alloc_body(money_eur="9500.00", staff_hours="40.0"),
        format="json",
    )
    assert ok.status_code == 201, ok.content
    refused = api.post(
        "/api/v1/budget-lines/line-2014/allocations",
        alloc_body(money_eur="500.01", staff_hours="1.0"),
        format="json",
    )
    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"
    problem = refused.json()
    assert problem["clauses"] == ["ACH-2"]
    assert problem["left"] == {"money": "500.00", "hours": "60.0"}
    assert "ACH-2" in problem["detail"]
    assert [p["name"] for p in problem["invalidParams"]] == ["money"]
    assert Allocation.objects.count() == 1
    # Exactly what is left is accepted.
    last = api.post(
        "/api/v1/budget-lines/line-2014/allocations",
        alloc_body(money_eur="500.00", staff_hours="60.0"),
        format="json",
    )
    assert last.status_code == 201
    assert api.get("/api/v1/budget-lines/line-2014").json()["money_left"] == "0.00"


def test_bad_amounts_are_400_naming_the_field(
    g: Gov, line: BudgetLine, api_client_for: Client
) -> None:
    api = api_client_for(Role.POLICY_OFFICER)
    url = "/api/v1/budget-lines/line-2014/allocations"
    cases: list[tuple[dict[str, Any], str]] = [
        ({"money_eur": "-5"}, "money_eur"),
        ({"money_eur": "abc"}, "money_eur"),
        ({"money_eur": "1.001"}, "money_eur"),
        ({"staff_hours": "1.25"}, "staff_hours"),
        ({"date": "2015-01-01"}, "date"),
        ({"relation": None}, "relation"),
    ]
    for change, field in cases:
        response = api.post(url, alloc_body(**change), format="json")
        assert response.status_code == 400, (change, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert field in [p["name"] for p in response.json()["invalidParams"]], change
    assert not Allocation.objects.exists()


def test_transfer_requires_a_decision(g: Gov, line: BudgetLine, api_client_for: Client) -> None:
    make_line(
        g,
        slug="general-2014",
        purpose=LinePurpose.GENERAL,
        holder=HolderKind.EXECUTIVE_BOARD,
        money="5000",
        hours="10",
    )
    api = api_client_for(Role.POLICY_OFFICER)
    body = {
        "source": "general-2014",
        "target": "line-2014",
        "date": "2014-02-01",
        "money_eur": "5000.00",
        "staff_hours": "10.0",
    }
    missing = api.post("/api/v1/budget-transfers", body, format="json")
    assert missing.status_code == 400
    assert "decision" in [p["name"] for p in missing.json()["invalidParams"]]
    rejected = api.post(
        "/api/v1/budget-transfers", body | {"decision": g.rejected.identifier}, format="json"
    )
    assert rejected.status_code == 400
    assert not LedgerEntry.objects.filter(kind="transfer_in").exists()
    done = api.post(
        "/api/v1/budget-transfers", body | {"decision": g.decision.identifier}, format="json"
    )
    assert done.status_code == 201, done.content
    assert done.json()["decision"] == g.decision.identifier
    line.refresh_from_db()
    assert line.money_available == Decimal("15000.00")
    entries = api.get("/api/v1/budget-lines/line-2014/entries").json()["results"]
    assert [e["kind"] for e in entries] == ["opening", "transfer_in"]


def test_realise_and_release_through_the_api(
    g: Gov, line: BudgetLine, api_client_for: Client
) -> None:
    api = api_client_for(Role.POLICY_OFFICER)
    a = api.post("/api/v1/budget-lines/line-2014/allocations", alloc_body(), format="json").json()
    url = f"/api/v1/budget-allocations/{a['id']}"
    spent = api.post(
        f"{url}/realisations",
        {"date": "2014-04-01", "money_eur": "800.00", "staff_hours": "10.0"},
        format="json",
    )
    assert spent.status_code == 201, spent.content
    too_much = api.post(
        f"{url}/realisations",
        {"date": "2014-04-02", "money_eur": "200.01", "staff_hours": "0"},
        format="json",
    )
    assert too_much.status_code == 409
    assert too_much.json()["left"] == {"money": "200.00", "hours": "0.0"}
    released = api.post(f"{url}/releases", {"date": "2014-12-01"}, format="json")
    assert released.status_code == 201
    assert released.json()["money_eur"] == "200.00"
    state = api.get(url).json()
    assert (state["money_spent"], state["money_released"], state["money_open"]) == (
        "800.00",
        "200.00",
        "0.00",
    )


def test_clerk_books_on_committee_lines_only(
    g: Gov, line: BudgetLine, api_client_for: Client
) -> None:
    board = make_line(
        g, slug="board-2014", purpose=LinePurpose.GENERAL, holder=HolderKind.EXECUTIVE_BOARD
    )
    clerk = api_client_for(Role.CLERK)
    on_committee = clerk.post(
        "/api/v1/budget-lines/line-2014/allocations", alloc_body(), format="json"
    )
    assert on_committee.status_code == 201
    on_board = clerk.post(
        f"/api/v1/budget-lines/{board.slug}/allocations", alloc_body(), format="json"
    )
    # Not the clerk's line: answered as a line that does not exist (ADR 0020).
    assert on_board.status_code == 404
    unknown = clerk.post(
        "/api/v1/budget-lines/no-such-line/allocations", alloc_body(), format="json"
    )
    assert on_board.json() == unknown.json()
    assert not Allocation.objects.filter(line=board).exists()


def test_readers_may_not_write(g: Gov, line: BudgetLine, api_client_for: Client) -> None:
    for role in (Role.PORTFOLIO_HOLDER, Role.COUNCIL_MEMBER, Role.COMMITTEE_MEMBER):
        api = api_client_for(role)
        assert api.get("/api/v1/budget-lines/line-2014").status_code == 200
        refused = api.post(
            "/api/v1/budget-lines/line-2014/allocations", alloc_body(), format="json"
        )
        assert refused.status_code == 403, role
    assert not Allocation.objects.exists()


def test_an_allocation_names_an_initiative_on_record_by_its_reference(
    g: Gov, line: BudgetLine, api_client_for: Client
) -> None:

    api = api_client_for(Role.POLICY_OFFICER)
    url = "/api/v1/budget-lines/line-2014/allocations"
    unknown = api.post(url, alloc_body(relation=None, initiative="Lespakket"), format="json")
    assert unknown.status_code == 400
    assert [p["name"] for p in unknown.json()["invalidParams"]] == ["initiative"]
    assert Allocation.objects.count() == 0
    school_pack()
    ok = api.post(url, alloc_body(relation=None, initiative="INI-2014-0001"), format="json")
    assert ok.status_code == 201, ok.content
    assert ok.json()["initiative"] == "INI-2014-0001"
    linked = Allocation.objects.get().initiative
    assert linked is not None and linked.title == "Lespakket"
    plain = api.post(url, alloc_body(), format="json").json()
    assert plain["initiative"] is None
