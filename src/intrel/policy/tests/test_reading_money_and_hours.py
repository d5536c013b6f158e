"""READING.md 8, "Money and hours alike" (ACH-2: "mens en kapitaal"): every budget rule looks
at money *or* staff hours. BES-9/BES-11 for a solidarity-only relation held by anyone but the
committee (``none`` included); BES-11 for a budget line with neither money nor hours: nothing
to transfer, no finding."""

from __future__ import annotations

from typing import Any

import pytest

from intrel.policy import Framework
from intrel.policy.tests.conftest import budget_line, codes, decide, solidarity

CODE = "SOLIDARITY_BUDGET_NOT_WITH_COMMITTEE"

RELATION_BUDGETS = [
    ("money, board", {"money_eur_per_year": 10, "held_by": "executive_board"}, True),
    ("hours only, board", {"staff_hours_per_year": 16, "held_by": "executive_board"}, True),
    (
        "hours only, portfolio",
        {"staff_hours_per_year": "0.5", "held_by": "portfolio", "portfolio": "CUL"},
        True,
    ),
    ("money, held by nobody", {"money_eur_per_year": 250, "held_by": "none"}, True),
    ("hours, held by nobody", {"staff_hours_per_year": 8, "held_by": "none"}, True),
    (
        "near miss: committee holds money and hours",
        {"money_eur_per_year": 250, "staff_hours_per_year": 8, "held_by": "committee"},
        False,
    ),
    ("near miss: nothing, board", {"held_by": "executive_board"}, False),
    ("near miss: nothing, nobody", {"held_by": "none"}, False),
]


@pytest.mark.parametrize(
    ("name", "budget", "fires"), RELATION_BUDGETS, ids=[b[0] for b in RELATION_BUDGETS]
)
def test_solidarity_budget_money_or_hours(
    fw: Framework, name: str, budget: dict[str, Any], fires: bool
) -> None:
    decision = decide(fw, solidarity(budget=budget))
    found = [f for f in decision.findings if f.code == CODE]
    transfer = [a for a in decision.actions if a.code == "TRANSFER_BUDGET_TO_COMMITTEE"]
    if not fires:
        assert found == [] and transfer == []
        return
    assert len(found) == 1, codes(decision)
    assert found[0].severity == "violation" and found[0].clauses == ["BES-9", "BES-11"]
    assert len(transfer) == 1 and transfer[0].clauses == ["BES-11"]


def test_hours_are_named_in_the_message(fw: Framework) -> None:
    decision = decide(fw, solidarity(budget={"staff_hours_per_year": 16, "held_by": "none"}))
    found = next(f for f in decision.findings if f.code == CODE)
    assert "16\u00a0uur" in found.message and "16\u00a0hours" in found.message_en
    assert "niemand" in found.message and "nobody" in found.message_en


LINES = [
    ("money only", {"money_eur_per_year": 100, "staff_hours_per_year": 0}, True),
    ("hours only", {"money_eur_per_year": 0, "staff_hours_per_year": 40}, True),
    (
        "near miss: neither money nor hours",
        {"money_eur_per_year": 0, "staff_hours_per_year": 0},
        False,
    ),
]


@pytest.mark.parametrize(("name", "amounts", "fires"), LINES, ids=[x[0] for x in LINES])
def test_budget_line_with_neither_money_nor_hours(
    fw: Framework, name: str, amounts: dict[str, Any], fires: bool
) -> None:
    # BES-11 (section 6): a solidarity line held by the board
    decision = decide(fw, budget_line(held_by="executive_board", **amounts))
    if not fires:
        assert decision.findings == [] and decision.actions == []
        return
    assert codes(decision) == ["SOLIDARITY_BUDGET_LINE_NOT_WITH_COMMITTEE"]
    assert decision.findings[0].clauses == ["BES-11"]


def test_empty_economic_line_has_nothing_to_move(fw: Framework) -> None:
    # BES-4: the same holds for the economic line (nothing to place with EZ)
    empty = budget_line(
        purpose="economic", held_by="none", money_eur_per_year=0, staff_hours_per_year=0
    )
    assert decide(fw, empty).findings == []
    hours_only = {**empty, "staff_hours_per_year": 10}
    assert codes(decide(fw, hours_only)) == ["ECONOMIC_BUDGET_LINE_NOT_WITH_EZ"]
