"""READING.md 8, "Status": how each ``relation.status`` is assessed (GIB-1, IMP-2, IMP-3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml
from hypothesis import given, settings

from intrel.policy import Framework
from intrel.policy.framework import DEFAULT_PATH, FrameworkError, framework_from_data
from intrel.policy.tests.conftest import (
    AS_OF,
    action_codes,
    codes,
    decide,
    relation,
    solidarity,
)
from intrel.policy.tests.strategies import relations

AGREEMENT = {"title": "Vriendschapsverdrag", "signed": "2010-03-01", "ends": "2016-03-01"}
MAYOR = {"actor": "mayor", "start": "2012-01-01"}


def no_pillar(status: str, **kw: Any) -> dict[str, Any]:
    return relation(purposes=["other"], status=status, agreements=[AGREEMENT], **kw)


# --- active, suspended: assessed in full -----------------------------------------------


@pytest.mark.parametrize("status", ["active", "suspended"])
def test_active_and_suspended_on_neither_pillar_are_phased_out(fw: Framework, status: str) -> None:
    # GIB-1, IMP-3: the phase-out honours the agreement (ends 2016-03-01)
    decision = decide(fw, no_pillar(status))
    assert codes(decision) == ["NO_PILLAR"]
    phase = next(a for a in decision.actions if a.code == "PHASE_OUT_RELATION")
    assert phase.effective_from == date(2016, 3, 1)
    assert "CONSULT_PARTNER" in action_codes(decision)


def test_suspended_is_judged_as_active(fw: Framework) -> None:
    # READING.md 8: an involvement or budget that continues during a suspension is still judged
    data = solidarity(
        status="suspended",
        involvements=[MAYOR],
        budget={"money_eur_per_year": 500, "held_by": "executive_board"},
    )
    active = decide(fw, {**data, "status": "active"})
    suspended = decide(fw, data)
    assert codes(suspended) == codes(active)
    assert action_codes(suspended) == action_codes(active)
    assert "SOLIDARITY_BUDGET_NOT_WITH_COMMITTEE" in codes(suspended)
    assert "INVOLVEMENT_WITHOUT_END" in codes(suspended)


# --- ending: no second phase-out ---------------------------------------------------------


def test_ending_gets_no_new_phase_out(fw: Framework) -> None:
    # GIB-1 still found; a phase-out is under way, so PHASE_OUT_RELATION is not repeated
    decision = decide(fw, no_pillar("ending"))
    found = [f for f in decision.findings if f.code == "NO_PILLAR"]
    assert found and found[0].severity == "violation" and found[0].clauses == ["GIB-1"]
    assert "PHASE_OUT_RELATION" not in action_codes(decision)
    assert "relation.no-pillar" in decision.trace


def test_ending_other_rules_still_apply(fw: Framework) -> None:
    decision = decide(fw, solidarity(status="ending", initiated_by="municipality"))
    assert "SOLIDARITY_INITIATED_BY_GOVERNMENT" in codes(decision)


# --- proposed: declined, never phased out --------------------------------------------------


def test_proposal_on_neither_pillar_is_declined_at_as_of(fw: Framework) -> None:
    # GIB-1; agreements are not looked at (the agreement would push a phase-out to 2016)
    decision = decide(fw, no_pillar("proposed", owner={"kind": "none"}))
    found = [f for f in decision.findings if f.code == "NO_PILLAR"]
    assert len(found) == 1
    assert found[0].severity == "violation" and found[0].clauses == ["GIB-1"]
    assert action_codes(decision) == ["DECLINE_PROPOSAL"]
    decline = decision.actions[0]
    assert decline.effective_from == AS_OF
    assert decline.clauses == ["GIB-1"]
    assert "Partnerstad" in decline.description and "Partnerstad" in decline.description_en
    assert "relation.proposal-no-pillar" in decision.trace


def test_proposal_pillars_and_owner_as_usual(fw: Framework) -> None:
    decision = decide(fw, solidarity(status="proposed", owner={"kind": "none"}))
    assert decision.pillars is not None and decision.pillars.solidarity.applies
    assert decision.owner is not None and decision.owner.kind == "committee"
    assert "NO_PILLAR" not in codes(decision)
    assert "DECLINE_PROPOSAL" not in action_codes(decision)
    assert "MOVE_OWNERSHIP" in action_codes(decision)  # owner as usual


def test_proposal_on_a_pillar_is_not_declined(fw: Framework) -> None:
    decision = decide(fw, relation(status="proposed"))
    assert decision.findings == [] and decision.actions == []


# --- friendship: no pillar required; no money, hours or administrators (IMP-2) ----------


def friendship(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "purposes": ["other"],
        "status": "friendship",
        "registered_kind": "friendship",
        "initiated_by": "residents",
        "parties": [],
        "owner": {"kind": "none"},
    }
    return relation(**{**base, **kw})


def test_friendship_needs_no_pillar(fw: Framework) -> None:
    decision = decide(fw, friendship(agreements=[AGREEMENT]))
    assert decision.findings == [] and decision.actions == []
    assert decision.pillars is not None and not decision.pillars.solidarity.applies


FRIENDSHIP_BUDGETS = [
    ("money held by nobody", {"money_eur_per_year": 100, "held_by": "none"}, True),
    ("hours held by nobody", {"staff_hours_per_year": 8, "held_by": "none"}, True),
    ("empty budget held by the committee", {"held_by": "committee"}, True),
    ("empty budget held by the board", {"held_by": "executive_board"}, True),
    (
        "money held by a portfolio",
        {"money_eur_per_year": 1, "held_by": "portfolio", "portfolio": "CUL"},
        True,
    ),
    ("near miss: nothing, held by nobody", {"held_by": "none"}, False),
]


@pytest.mark.parametrize(
    ("name", "budget", "fires"), FRIENDSHIP_BUDGETS, ids=[b[0] for b in FRIENDSHIP_BUDGETS]
)
def test_friendship_with_money_or_hours(
    fw: Framework, name: str, budget: dict[str, Any], fires: bool
) -> None:
    decision = decide(fw, friendship(budget=budget))
    found = [f for f in decision.findings if f.code == "FRIENDSHIP_WITH_BUDGET"]
    if not fires:
        assert found == [] and decision.actions == []
        return
    assert len(found) == 1
    assert found[0].severity == "violation" and found[0].clauses == ["IMP-2"]
    withdraw = [a for a in decision.actions if a.code == "WITHDRAW_FRIENDSHIP_BUDGET"]
    assert len(withdraw) == 1 and withdraw[0].clauses == ["IMP-2"]
    assert withdraw[0].effective_from == AS_OF


INVOLVEMENTS = [
    ("mayor, active", MAYOR, True),
    (
        "alderman with initiative and end",
        {"actor": "alderman", "start": "2013-01-01", "end": "2014-06-30", "initiative": "x"},
        True,
    ),
    ("planned (starts after as_of)", {"actor": "council", "start": "2014-06-01"}, True),
    (
        "near miss: ended before as_of",
        {"actor": "mayor", "start": "2012-01-01", "end": "2013-12-31"},
        False,
    ),
    ("near miss: civil servant", {"actor": "civil_servant", "start": "2012-01-01"}, False),
    ("near miss: committee", {"actor": "committee", "start": "2012-01-01"}, False),
]


@pytest.mark.parametrize(("name", "inv", "fires"), INVOLVEMENTS, ids=[i[0] for i in INVOLVEMENTS])
def test_friendship_with_administrative_involvement(
    fw: Framework, name: str, inv: dict[str, Any], fires: bool
) -> None:
    decision = decide(fw, friendship(involvements=[inv]))
    found = [f for f in decision.findings if f.code == "FRIENDSHIP_WITH_ADMINISTRATIVE_INVOLVEMENT"]
    if not fires:
        assert found == [] and decision.actions == []
        return
    assert len(found) == 1
    assert found[0].severity == "violation" and found[0].clauses == ["IMP-2"]
    assert action_codes(decision) == ["END_FRIENDSHIP_INVOLVEMENT"]
    assert decision.actions[0].effective_from == AS_OF


def test_friendship_is_not_judged_as_a_relation_the_municipality_carries(fw: Framework) -> None:
    # Only the friendship rows apply: no solidarity rows, no owner move, no triple helix.
    data = friendship(
        purposes=["development", "trade"],
        initiated_by="municipality",
        owner={"kind": "executive_board"},
    )
    decision = decide(fw, data)
    assert decision.findings == [] and decision.actions == []
    assert decision.owner is not None and decision.owner.kind == "portfolio"  # routed as usual


# --- ended: pillars only -------------------------------------------------------------------


def test_ended_is_not_assessed_beyond_pillars(fw: Framework) -> None:
    data = solidarity(
        status="ended",
        initiated_by="municipality",
        involvements=[MAYOR],
        budget={"money_eur_per_year": 500, "held_by": "executive_board"},
        owner={"kind": "executive_board"},
    )
    decision = decide(fw, data)
    assert decision.findings == [] and decision.actions == []
    assert decision.pillars is not None and decision.pillars.solidarity.applies
    ended_friendship = decide(fw, friendship(status="ended", budget={"held_by": "committee"}))
    assert ended_friendship.findings == [] and ended_friendship.actions == []


# --- the file says it: statuses are data, checked like everything else -----------------


def _helmond() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DEFAULT_PATH / "helmond-2013.yaml").read_text("utf-8"))
    return data


def test_statuses_of_only_skipped_statuses_are_unreachable() -> None:
    data = _helmond()
    rule = next(r for r in data["rules"] if r["id"] == "friendship.budget")
    rule["statuses"] = ["ended"]
    with pytest.raises(FrameworkError) as info:
        framework_from_data(data)
    assert any("friendship.budget" in p and "statuses" in p for p in info.value.problems)


def test_statuses_only_on_relation_rules() -> None:
    data = _helmond()
    rule = next(r for r in data["rules"] if r["id"] == "committee.no-chair")
    rule["statuses"] = ["active"]
    with pytest.raises(FrameworkError) as info:
        framework_from_data(data)
    assert any("committee.no-chair" in p and "statuses" in p for p in info.value.problems)


# --- the same, for any relation (hypothesis) ---------------------------------------------


@settings(max_examples=150, deadline=None)
@given(data=relations())
def test_status_rows_hold_for_any_relation(fw: Framework, data: dict[str, Any]) -> None:
    """suspended = active; friendship: never GIB-1 or a phase-out; proposed: never a phase-out;
    ending: never a new phase-out; ended: nothing."""
    as_status = {
        s: decide(fw, {**data, "status": s})
        for s in ("active", "suspended", "friendship", "proposed", "ending", "ended")
    }
    assert as_status["suspended"].to_dict() == as_status["active"].to_dict()
    friendship = as_status["friendship"]
    assert "NO_PILLAR" not in codes(friendship)
    assert set(codes(friendship)) <= {
        "FRIENDSHIP_WITH_BUDGET",
        "FRIENDSHIP_WITH_ADMINISTRATIVE_INVOLVEMENT",
    }
    for status in ("friendship", "proposed", "ending", "ended"):
        assert "PHASE_OUT_RELATION" not in action_codes(as_status[status])
    ended = as_status["ended"]
    assert ended.findings == [] and ended.actions == []
    pillars = as_status["active"].pillars
    assert pillars is not None
    neither = not pillars.solidarity.applies and not pillars.added_value.applies
    assert ("DECLINE_PROPOSAL" in action_codes(as_status["proposed"])) is neither
