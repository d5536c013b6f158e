"""READING.md 8, "Relations on both pillars": the solidarity rows of section 3 (SOL-2/BES-7,
SOL-3, SOL-4, BES-9/BES-11) also apply, as warnings citing HER-2 as well; the owner row
(BES-9) does not (HER-3: the value owner carries the relation)."""

from __future__ import annotations

from typing import Any

import pytest

from intrel.policy import Framework
from intrel.policy.tests.conftest import codes, decide, relation, solidarity

ALDERMAN = {"actor": "alderman", "portfolio": "EZ", "start": "2012-01-01"}
BOTH = ["development", "trade"]  # solidarity and economic added value: owner EZ

ROWS = [
    # name, overrides, code, clauses of the solidarity-only violation
    (
        "SOL-2/BES-7 initiated by the municipality",
        {"initiated_by": "municipality"},
        "SOLIDARITY_INITIATED_BY_GOVERNMENT",
        ["SOL-2", "BES-7"],
    ),
    (
        "SOL-2/BES-7 initiated by the council",
        {"initiated_by": "council"},
        "SOLIDARITY_INITIATED_BY_GOVERNMENT",
        ["SOL-2", "BES-7"],
    ),
    (
        "SOL-3 involvement without initiative",
        {"involvements": [{**ALDERMAN, "end": "2014-12-31"}]},
        "INVOLVEMENT_WITHOUT_INITIATIVE",
        ["SOL-3"],
    ),
    (
        "SOL-4 involvement without end",
        {"involvements": [{**ALDERMAN, "initiative": "x"}]},
        "INVOLVEMENT_WITHOUT_END",
        ["SOL-4"],
    ),
    (
        "BES-9/BES-11 budget held by the board",
        {"budget": {"money_eur_per_year": 1000, "held_by": "executive_board"}},
        "SOLIDARITY_BUDGET_NOT_WITH_COMMITTEE",
        ["BES-9", "BES-11"],
    ),
    (
        "BES-9/BES-11 hours held by the EZ portfolio",
        {"budget": {"staff_hours_per_year": 40, "held_by": "portfolio", "portfolio": "EZ"}},
        "SOLIDARITY_BUDGET_NOT_WITH_COMMITTEE",
        ["BES-9", "BES-11"],
    ),
]


@pytest.mark.parametrize(("name", "kw", "code", "clauses"), ROWS, ids=[r[0] for r in ROWS])
def test_solidarity_rows_are_warnings_on_both_pillars(
    fw: Framework, name: str, kw: dict[str, Any], code: str, clauses: list[str]
) -> None:
    both = decide(fw, relation(purposes=BOTH, **kw))
    found = [f for f in both.findings if f.code == code]
    assert len(found) == 1, codes(both)
    assert found[0].severity == "warning"
    assert found[0].clauses == [*clauses, "HER-2"]
    # the same facts on solidarity alone: the violation of section 3, without HER-2
    only = decide(fw, solidarity(**kw))
    violation = [f for f in only.findings if f.code == code]
    assert len(violation) == 1
    assert violation[0].severity == "violation" and violation[0].clauses == clauses


def test_both_pillars_warnings_carry_no_action(fw: Framework) -> None:
    # the value owner keeps the relation and its budget (HER-3); a human weighs the warning
    data = relation(
        purposes=BOTH,
        initiated_by="municipality",
        involvements=[ALDERMAN],
        budget={"money_eur_per_year": 1000, "held_by": "portfolio", "portfolio": "EZ"},
    )
    decision = decide(fw, data)
    assert {f.severity.value for f in decision.findings} == {"warning", "info"}
    assert decision.actions == []


def test_owner_row_does_not_apply_on_both_pillars(fw: Framework) -> None:
    # HER-3: a relation on both pillars owned by the board's EZ portfolio is owned rightly
    decision = decide(fw, relation(purposes=BOTH, owner={"kind": "portfolio", "portfolio": "EZ"}))
    assert "SOLIDARITY_OWNED_BY_BOARD" not in codes(decision)
    assert decision.owner is not None and decision.owner.portfolio == "EZ"
    # near miss: solidarity alone, the same owner is the BES-9 violation
    assert "SOLIDARITY_OWNED_BY_BOARD" in codes(
        decide(fw, solidarity(owner={"kind": "portfolio", "portfolio": "EZ"}))
    )


def test_near_miss_added_value_only_gets_no_solidarity_row(fw: Framework) -> None:
    decision = decide(fw, relation(purposes=["trade"], initiated_by="municipality"))
    assert "SOLIDARITY_INITIATED_BY_GOVERNMENT" not in codes(decision)
