"""The rule (ACH-2), the ledger, transfers and bad input, through the services."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from intrel.budgets import services
from intrel.budgets.constants import EntryKind, HolderKind, LinePurpose
from intrel.budgets.models import Allocation, BudgetLine, LedgerEntry
from intrel.budgets.selectors import line_balances_from_ledger
from intrel.budgets.services import OverCommitment
from intrel.core.errors import DomainError

from .conftest import Gov, make_line

D = date(2014, 3, 1)


def allocate(line: BudgetLine, g: Gov, money: str, hours: str) -> Allocation:
    return services.budget_allocate(
        line=line, date=D, money=money, hours=hours, relation=g.relation
    )


def assert_ledger_matches(line: BudgetLine) -> None:
    line.refresh_from_db()
    derived = line_balances_from_ledger(line=line)
    for name in (
        "money_available",
        "hours_available",
        "money_committed",
        "hours_committed",
        "money_spent",
        "hours_spent",
    ):
        assert getattr(line, name) == getattr(derived, name), name


# --- the rule: what is committed never exceeds the line (ACH-2) ----------------------------------


def test_allocation_exactly_at_the_limit_is_accepted(g: Gov, line: BudgetLine) -> None:
    allocate(line, g, "6000.00", "60.0")
    allocate(line, g, "4000.00", "40.0")
    line.refresh_from_db()
    assert (line.money_left, line.hours_left) == (Decimal("0.00"), Decimal("0.0"))
    assert_ledger_matches(line)


def test_allocation_exceeding_the_money_is_refused_and_says_what_is_left(
    g: Gov, line: BudgetLine
) -> None:
    allocate(line, g, "9000.00", "10.0")
    with pytest.raises(OverCommitment) as refused:
        allocate(line, g, "1000.01", "1.0")
    assert refused.value.clauses == ["ACH-2"]
    assert refused.value.status == 409
    assert refused.value.extra == {"left": {"money": "1000.00", "hours": "90.0"}}
    assert "ACH-2" in refused.value.message
    assert [p["name"] for p in refused.value.problems] == ["money"]
    line.refresh_from_db()
    assert line.money_committed == Decimal("9000.00")
    assert Allocation.objects.filter(line=line).count() == 1


def test_allocation_exceeding_the_hours_is_refused(g: Gov, line: BudgetLine) -> None:
    allocate(line, g, "100.00", "99.5")
    with pytest.raises(OverCommitment) as refused:
        allocate(line, g, "1.00", "0.6")
    assert refused.value.extra["left"] == {"money": "9900.00", "hours": "0.5"}
    assert [p["name"] for p in refused.value.problems] == ["hours"]


def test_released_money_can_be_allocated_again(g: Gov, line: BudgetLine) -> None:
    a = allocate(line, g, "10000.00", "100.0")
    services.allocation_realise(allocation=a, date=D, money="7000", hours="30")
    with pytest.raises(OverCommitment):
        allocate(line, g, "1.00", "0")
    services.allocation_release(allocation=a, date=date(2014, 12, 1))
    line.refresh_from_db()
    assert (line.money_left, line.hours_left) == (Decimal("3000.00"), Decimal("70.0"))
    allocate(line, g, "3000.00", "70.0")
    assert_ledger_matches(line)


def test_realisation_cannot_exceed_the_allocation(g: Gov, line: BudgetLine) -> None:
    a = allocate(line, g, "2000.00", "10.0")
    services.allocation_realise(allocation=a, date=D, money="1500", hours="10")
    with pytest.raises(OverCommitment) as refused:
        services.allocation_realise(allocation=a, date=D, money="500.01", hours="0")
    assert refused.value.extra["left"] == {"money": "500.00", "hours": "0.0"}


def test_database_refuses_committed_above_available_even_past_the_service(
    g: Gov, line: BudgetLine
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(money_committed=Decimal("10000.01"))


# --- the ledger ----------------------------------------------------------------------------------


def test_balances_equal_the_sum_of_the_entries(g: Gov, line: BudgetLine) -> None:
    board = make_line(
        g,
        slug="general-2014",
        purpose=LinePurpose.GENERAL,
        holder=HolderKind.EXECUTIVE_BOARD,
        money="5000",
        hours="20",
    )
    services.budget_transfer(
        source=board,
        target=line,
        date=date(2014, 2, 1),
        money="2500.50",
        hours="12.5",
        decision=g.decision,
    )
    a = allocate(line, g, "8000", "50")
    b = allocate(line, g, "4500.50", "62.5")
    services.allocation_realise(allocation=a, date=D, money="3000", hours="20")
    services.allocation_realise(allocation=b, date=D, money="4500.50", hours="2.5")
    services.allocation_release(allocation=a, date=D, money="1000", hours="5")
    for x in (line, board):
        assert_ledger_matches(x)
    line.refresh_from_db()
    assert line.money_available == Decimal("12500.50")
    assert line.money_committed == Decimal("11500.50")
    assert line.money_spent == Decimal("7500.50")
    assert list(line.entries.values_list("kind", flat=True)) == [
        EntryKind.OPENING,
        EntryKind.TRANSFER_IN,
        EntryKind.ALLOCATION,
        EntryKind.ALLOCATION,
        EntryKind.REALISATION,
        EntryKind.REALISATION,
        EntryKind.RELEASE,
    ]


# --- transfers -----------------------------------------------------------------------------------


def test_transfer_is_two_entries_tied_to_the_decision(g: Gov, line: BudgetLine) -> None:
    board = make_line(
        g,
        slug="general-2014",
        purpose=LinePurpose.GENERAL,
        holder=HolderKind.EXECUTIVE_BOARD,
        money="5000",
        hours="20",
    )
    t = services.budget_transfer(
        source=board,
        target=line,
        date=date(2014, 2, 1),
        money="5000",
        hours="20",
        decision=g.decision,
    )
    entries = LedgerEntry.objects.filter(transfer=t)
    assert sorted(entries.values_list("kind", "line__slug")) == [
        ("transfer_in", "line-2014"),
        ("transfer_out", "general-2014"),
    ]
    assert {e.decision_id for e in entries} == {g.decision.pk}
    board.refresh_from_db()
    assert board.money_available == 0


def test_transfer_without_a_decision_is_refused(g: Gov, line: BudgetLine) -> None:
    board = make_line(
        g, slug="general-2014", purpose=LinePurpose.GENERAL, holder=HolderKind.EXECUTIVE_BOARD
    )
    with pytest.raises(DomainError) as refused:
        services.budget_transfer(
            source=board, target=line, date=date(2014, 2, 1), money="1", hours="0", decision=None
        )
    assert refused.value.field == "decision"
    with pytest.raises(DomainError) as rejected:
        services.budget_transfer(
            source=board,
            target=line,
            date=date(2014, 2, 1),
            money="1",
            hours="0",
            decision=g.rejected,
        )
    assert "not adopted" in rejected.value.message
    assert not LedgerEntry.objects.filter(kind__in=["transfer_in", "transfer_out"]).exists()


def test_transfer_entry_without_decision_is_refused_by_the_database(
    g: Gov, line: BudgetLine
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(line=line, date=D, kind=EntryKind.TRANSFER_IN, money=1)


def test_transfer_cannot_take_what_is_committed(g: Gov, line: BudgetLine) -> None:
    other = make_line(
        g, slug="general-2014", purpose=LinePurpose.GENERAL, holder=HolderKind.EXECUTIVE_BOARD
    )
    allocate(line, g, "9000", "0")
    with pytest.raises(OverCommitment) as refused:
        services.budget_transfer(
            source=line,
            target=other,
            date=date(2014, 2, 1),
            money="1000.01",
            hours="0",
            decision=g.decision,
        )
    assert refused.value.extra["left"]["money"] == "1000.00"


def test_transfer_before_its_decision_or_across_years_is_refused(g: Gov, line: BudgetLine) -> None:
    other = make_line(
        g, slug="general-2014", purpose=LinePurpose.GENERAL, holder=HolderKind.EXECUTIVE_BOARD
    )
    with pytest.raises(DomainError) as early:
        services.budget_transfer(
            source=other,
            target=line,
            date=date(2014, 1, 2),
            money="1",
            hours="0",
            decision=g.decision,
        )
    assert early.value.field == "date"
    old = make_line(
        g,
        slug="general-2013",
        year=2013,
        purpose=LinePurpose.GENERAL,
        holder=HolderKind.EXECUTIVE_BOARD,
    )
    with pytest.raises(DomainError) as years:
        services.budget_transfer(
            source=old,
            target=line,
            date=date(2014, 2, 1),
            money="1",
            hours="0",
            decision=g.decision,
        )
    assert years.value.field == "target"


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("money", "hours", "field", "reason"),
    [
        ("-1", "0", "money", "negative"),
        ("abc", "0", "money", "not a number"),
        ("1.005", "0", "money", "decimal"),
        ("1", "1.25", "hours", "decimal"),
        ("1", "-0.5", "hours", "negative"),
        ("NaN", "0", "money", "not a number"),
        ("0", "0", "money", "amount"),
    ],
)
def test_bad_amounts_are_refused_naming_the_field(
    g: Gov, line: BudgetLine, money: str, hours: str, field: str, reason: str
) -> None:
    with pytest.raises(DomainError) as refused:
        allocate(line, g, money, hours)
    assert refused.value.field == field
    assert reason in refused.value.message
    assert not Allocation.objects.exists()


def test_allocation_outside_the_lines_year_is_refused(g: Gov, line: BudgetLine) -> None:
    with pytest.raises(DomainError) as refused:
        services.budget_allocate(
            line=line, date=date(2015, 1, 1), money="1", hours="0", relation=g.relation
        )
    assert refused.value.field == "date"
    assert "2014" in refused.value.message


def test_allocation_needs_a_recipient(g: Gov, line: BudgetLine) -> None:
    with pytest.raises(DomainError) as refused:
        services.budget_allocate(line=line, date=D, money="1", hours="0")
    assert refused.value.field == "relation"
    # An initiative counts only as a record: a name that is none is refused by its field.
    with pytest.raises(DomainError) as refused:
        services.budget_allocate(line=line, date=D, money="1", hours="0", initiative="Lespakket")
    assert refused.value.field == "initiative"
    assert "Lespakket" in refused.value.message


def test_line_for_a_portfolio_without_holder_that_year_is_refused(g: Gov) -> None:
    with pytest.raises(DomainError) as refused:
        services.budget_line_create(
            slug="spo-2014",
            year=2014,
            name="Sport",
            purpose="topical",
            holder_kind="portfolio",
            portfolio=g.unheld,
            money="1",
            hours="1",
        )
    assert refused.value.field == "portfolio"
    assert "no holder in 2014" in refused.value.message
    # 2011 it had one.
    services.budget_line_create(
        slug="spo-2011",
        year=2011,
        name="Sport",
        purpose="topical",
        holder_kind="portfolio",
        portfolio=g.unheld,
        money="1",
        hours="1",
    )
    assert not BudgetLine.objects.filter(slug="spo-2014").exists()


def test_line_for_a_committee_not_installed_that_year_is_refused(g: Gov) -> None:
    with pytest.raises(DomainError) as refused:
        make_line(g, slug="sol-2009", year=2009)
    assert refused.value.field == "committee"
    assert not BudgetLine.objects.filter(slug="sol-2009").exists()


def test_holder_and_its_reference_must_agree(g: Gov) -> None:
    with pytest.raises(DomainError) as refused:
        services.budget_line_create(
            slug="x-2014",
            year=2014,
            name="X",
            purpose="general",
            holder_kind="portfolio",
            money="1",
            hours="1",
        )
    assert refused.value.field == "portfolio"
    with pytest.raises(DomainError) as both:
        services.budget_line_create(
            slug="y-2014",
            year=2014,
            name="Y",
            purpose="general",
            holder_kind="executive_board",
            committee=g.committee,
            money="1",
            hours="1",
        )
    assert both.value.field == "committee"


# --- assessment of lines (BES-11) ----------------------------------------------------------------


def test_solidarity_line_held_by_the_board_is_a_bes11_violation(g: Gov) -> None:
    from intrel.assessments.selectors import budget_line_assessment as line_assessment

    board = make_line(g, slug="sol-2013", year=2013, holder=HolderKind.EXECUTIVE_BOARD)
    committee_line = make_line(g, slug="sol-2014")
    bad, good = line_assessment(line=board), line_assessment(line=committee_line)
    assert bad is not None and good is not None
    assert bad.violation_count == 1
    assert bad.decision["findings"][0]["clauses"] == ["BES-11"]
    assert bad.facts["held_by"] == "executive_board"
    assert good.violation_count == 0
