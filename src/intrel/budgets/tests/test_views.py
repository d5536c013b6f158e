"""The budget pages: overview, line page, forms with clear errors, XLSX, permissions per role."""

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from intrel.accounts.constants import Role
from intrel.budgets import services
from intrel.budgets.constants import HolderKind, LinePurpose
from intrel.budgets.models import Allocation, BudgetLine, BudgetTransfer

from .conftest import Gov, make_line, school_pack


def login(client: Client, make_user: Callable[..., Any], role: str) -> Client:
    client.force_login(make_user(role))
    return client


@pytest.fixture
def year_2014(g: Gov, line: BudgetLine) -> dict[str, BudgetLine]:
    """Three lines of 2014 with allocations and spending."""
    ez = make_line(
        g,
        slug="ez-2014",
        purpose=LinePurpose.ECONOMIC,
        holder=HolderKind.PORTFOLIO,
        money="30000",
        hours="700",
    )
    board = make_line(
        g,
        slug="general-2014",
        purpose=LinePurpose.GENERAL,
        holder=HolderKind.EXECUTIVE_BOARD,
        money="5000.50",
        hours="40.5",
    )
    a = services.budget_allocate(
        line=ez, date=date(2014, 2, 1), money="12000", hours="300", relation=g.relation
    )
    services.allocation_realise(allocation=a, date=date(2014, 5, 3), money="7000.25", hours="120")
    school_pack()
    b = services.budget_allocate(
        line=line, date=date(2014, 3, 1), money="4999.99", hours="12.5", initiative="INI-2014-0001"
    )
    services.allocation_realise(allocation=b, date=date(2014, 9, 9), money="4000", hours="10")
    return {"line": line, "ez": ez, "board": board}


def _cells(html: str, row_id: str) -> list[str]:
    row = re.search(rf'<tr class="total" id="{row_id}">(.*?)</tr>', html, re.S)
    assert row, row_id
    return [re.sub(r"<[^>]+>|€|\s", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row[1])]


def _number(text: str) -> Decimal:
    # Dutch format on the page: 1.234,56
    return Decimal(text.replace(".", "").replace(",", "."))


def test_overview_totals_equal_the_xlsx_totals(
    year_2014: dict[str, BudgetLine], officer_client: Client
) -> None:
    officer_client.cookies["django_language"] = "nl"  # the page in Dutch, as a clerk reads it
    page = officer_client.get("/budgets/?year=2014")
    assert page.status_code == 200
    html = page.content.decode()
    page_totals = [_number(c) for c in _cells(html, "overview-total")]
    assert page_totals[0] == Decimal("45000.50")  # available: 10,000 + 30,000 + 5,000.50
    assert page_totals[1] == Decimal("16999.99")  # committed
    assert page_totals[2] == Decimal("11000.25")  # spent
    assert "<svg" in html and 'role="img"' in html

    export = officer_client.get("/budgets/2014.xlsx")
    assert export.status_code == 200
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    total = next(r for r in rows if r[0] in ("Total", "Totaal"))
    assert [Decimal(str(v)) for v in total[4:12]] == page_totals
    lines = [r for r in rows[2:] if r[2]]
    assert sum(Decimal(str(r[4])) for r in lines) == page_totals[0]


def test_overview_per_holder_narrows_the_totals(
    year_2014: dict[str, BudgetLine], officer_client: Client
) -> None:
    officer_client.cookies["django_language"] = "nl"
    html = officer_client.get("/budgets/?year=2014&holder=portfolio:EZ").content.decode()
    assert _number(_cells(html, "overview-total")[0]) == Decimal("30000.00")
    sheet = load_workbook(
        BytesIO(officer_client.get("/budgets/2014.xlsx?holder=portfolio:EZ").content)
    ).active
    total = next(r for r in sheet.iter_rows(values_only=True) if r[0] in ("Total", "Totaal"))
    assert Decimal(str(total[4])) == Decimal("30000.00")


def test_line_page_shows_entries_and_the_bes11_assessment(g: Gov, officer_client: Client) -> None:
    make_line(g, slug="sol-2013", year=2013, holder=HolderKind.EXECUTIVE_BOARD)
    html = officer_client.get("/budgets/lines/sol-2013").content.decode()
    assert "BES-11" in html
    assert "SOLIDARITY_BUDGET_LINE_NOT_WITH_COMMITTEE" in html
    # the opening entry, described in the language of whoever opened the line
    assert "Opening amount" in html or "Beginbedrag" in html
    home = officer_client.get("/").content.decode()
    assert 'href="/budgets/lines/sol-2013#assessment"' in home


def test_allocation_form_refusal_names_what_is_left(
    g: Gov, line: BudgetLine, officer_client: Client
) -> None:
    services.budget_allocate(
        line=line, date=date(2014, 2, 1), money="9000", hours="0", relation=g.relation
    )
    response = officer_client.post(
        "/budgets/lines/line-2014/allocate",
        {"date": "2014-03-01", "money": "1500", "hours": "0", "relation": g.relation.pk},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ACH-2" in html
    assert "1.000,00" in html or "1,000.00" in html
    assert Allocation.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        ({"money": "-1"}, "money", "negative"),
        ({"money": "12,345"}, "money", ""),
        ({"money": "1.234"}, "money", "2"),
        ({"hours": "1.25"}, "hours", "1"),
        ({"date": "2013-12-31"}, "date", "2014"),
    ],
)
def test_allocation_form_names_the_bad_field(
    g: Gov, line: BudgetLine, officer_client: Client, data: dict[str, str], field: str, reason: str
) -> None:
    body = {"date": "2014-03-01", "money": "10", "hours": "0", "relation": g.relation.pk} | data
    response = officer_client.post("/budgets/lines/line-2014/allocate", body)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert reason in " ".join(errors[field])
    assert not Allocation.objects.exists()


def test_transfer_form_requires_a_decision(
    g: Gov, line: BudgetLine, officer_client: Client
) -> None:
    board = make_line(
        g, slug="general-2014", purpose=LinePurpose.GENERAL, holder=HolderKind.EXECUTIVE_BOARD
    )
    body = {
        "source": board.pk,
        "target": line.pk,
        "date": "2014-02-01",
        "money": "100",
        "hours": "0",
    }
    response = officer_client.post("/budgets/transfers/new", body)
    assert response.status_code == 400
    assert "decision" in response.context["form"].errors
    assert not BudgetTransfer.objects.exists()
    done = officer_client.post("/budgets/transfers/new", body | {"decision": g.decision.pk})
    assert done.status_code == 302
    assert BudgetTransfer.objects.get().decision == g.decision


def test_line_form_refuses_a_portfolio_without_holder(g: Gov, officer_client: Client) -> None:
    response = officer_client.post(
        "/budgets/lines/new",
        {
            "slug": "spo-2014",
            "year": "2014",
            "name": "Sport",
            "purpose": "topical",
            "holder_kind": "portfolio",
            "portfolio": g.unheld.pk,
            "money": "100",
            "hours": "1",
        },
    )
    assert response.status_code == 400
    assert "no holder in 2014" in " ".join(response.context["form"].errors["portfolio"])
    assert not BudgetLine.objects.filter(slug="spo-2014").exists()


ROLES_WRITING_EVERYWHERE = {Role.POLICY_OFFICER, Role.APPLICATION_MANAGER}


@pytest.mark.parametrize("role", list(Role))
def test_permissions_per_role(
    role: str, g: Gov, line: BudgetLine, client: Client, make_user: Callable[..., Any]
) -> None:
    board = make_line(
        g, slug="general-2014", purpose=LinePurpose.GENERAL, holder=HolderKind.EXECUTIVE_BOARD
    )
    login(client, make_user, role)
    assert client.get("/budgets/?year=2014").status_code == 200
    assert client.get("/budgets/lines/line-2014").status_code == 200
    everywhere = role in ROLES_WRITING_EVERYWHERE
    committee_only = everywhere or role == Role.CLERK
    assert client.get("/budgets/lines/new").status_code == (200 if everywhere else 403)
    assert client.get("/budgets/transfers/new").status_code == (200 if everywhere else 403)
    assert client.get("/budgets/lines/line-2014/allocate").status_code == (
        200 if committee_only else 403
    )
    # The clerk books on some lines, not this one: 404, as for a line that does not exist
    # (ADR 0020); a role that books on no line is refused by its role (403).
    assert client.get(f"/budgets/lines/{board.slug}/allocate").status_code == (
        200 if everywhere else 404 if committee_only else 403
    )
    body = {"date": "2014-03-01", "money": "10", "hours": "0", "relation": g.relation.pk}
    client.post(f"/budgets/lines/{board.slug}/allocate", body)
    assert Allocation.objects.filter(line=board).exists() == everywhere


def test_pages_need_a_login(db: None, client: Client) -> None:
    response = client.get("/budgets/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_relation_page_shows_what_it_cost(
    year_2014: dict[str, BudgetLine], g: Gov, officer_client: Client
) -> None:
    html = officer_client.get(g.relation.get_absolute_url()).content.decode()
    section = html.split('id="costs"', 1)[1].split("</section>", 1)[0]
    assert "2014" in section
    assert "12.000,00" in section or "12,000.00" in section
    assert "7.000,25" in section or "7,000.25" in section


def test_annual_report_hook_returns_the_ledgers_figures(
    year_2014: dict[str, BudgetLine], g: Gov
) -> None:
    from intrel.budgets.selectors import committee_spending

    spending = committee_spending(committee=g.committee, year=2014)
    assert spending.available
    assert spending.total_eur == Decimal("4000.00")
    assert spending.lines == [("Lespakket", Decimal("4000.00"))]
    assert not committee_spending(committee=g.committee, year=2013).available
