"""Helmond's demo budgets: BES-11 in 2013, gone after the council's transfer in 2014."""

from decimal import Decimal

import pytest

from intrel.assessments.selectors import budget_line_assessment as line_assessment
from intrel.budgets.demo import budgets_demo_load
from intrel.budgets.models import Allocation, BudgetLine, BudgetTransfer
from intrel.budgets.selectors import line_balances_from_ledger

# Each test in a savepoint inside the module's demo transaction.
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_module: None) -> None:
    """The demo, loaded once for this module (conftest.py)."""


def test_demo_moves_the_solidarity_budget_to_the_committee(demo: None) -> None:
    before = line_assessment(line=BudgetLine.objects.get(slug="solidariteit-2013"))
    after = line_assessment(line=BudgetLine.objects.get(slug="solidariteit-2014"))
    assert before is not None and after is not None
    assert before.violation_count == 1
    assert before.decision["findings"][0]["clauses"] == ["BES-11"]
    assert after.violation_count == 0
    transfer = BudgetTransfer.objects.get(target__slug="solidariteit-2014")
    assert transfer.money == Decimal("35000.00")
    assert (transfer.decision.body, transfer.decision.result) == ("council", "adopted")


def test_demo_respects_the_figures_and_the_ledger(demo: None) -> None:
    for line in BudgetLine.objects.all():
        derived = line_balances_from_ledger(line=line)
        assert (line.money_available, line.money_committed, line.money_spent) == (
            derived.money_available,
            derived.money_committed,
            derived.money_spent,
        )
        assert line.money_committed <= line.money_available
        assert line.hours_committed <= line.hours_available
    solidarity = Allocation.objects.filter(line__purpose="solidarity")
    assert solidarity.exists()
    assert max(a.money for a in solidarity) <= Decimal("5000.00")
    for year in (2013, 2014):
        total = sum(line.money_available for line in BudgetLine.objects.filter(year=year))
        assert Decimal("50000") <= total <= Decimal("100000")


def test_demo_loads_once(demo: None) -> None:
    count = Allocation.objects.count()
    budgets_demo_load()
    assert Allocation.objects.count() == count
