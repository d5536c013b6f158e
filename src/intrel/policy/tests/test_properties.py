"""Properties that hold for every relation (hypothesis)."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from intrel.policy import Framework, decision_to_json, evaluate, parse_subject
from intrel.policy.tests.conftest import AS_OF, decide
from intrel.policy.tests.strategies import relations

LISTS = ("purposes", "parties", "involvements", "agreements")


@settings(max_examples=200, deadline=None)
@given(data=relations(), seed=st.randoms(use_true_random=False))
def test_deterministic_whatever_the_order(fw: Framework, data: dict[str, Any], seed: Any) -> None:
    shuffled = copy.deepcopy(data)
    for key in LISTS:
        seed.shuffle(shuffled[key])
    first = decision_to_json(decide(fw, data))
    assert first == decision_to_json(decide(fw, shuffled))
    assert first == decision_to_json(decide(fw, data))


@settings(max_examples=200, deadline=None)
@given(data=relations(), as_of=st.dates(min_value=date(2005, 1, 1), max_value=date(2020, 1, 1)))
def test_every_cited_clause_exists(fw: Framework, data: dict[str, Any], as_of: date) -> None:
    decision = evaluate(fw, parse_subject(data), as_of)
    cited = [c for f in decision.findings for c in f.clauses]
    cited += [c for a in decision.actions for c in a.clauses]
    assert decision.owner is not None and decision.pillars is not None
    cited += decision.owner.clauses + decision.pillars.solidarity.clauses
    cited += decision.pillars.added_value.clauses
    assert set(cited) <= set(fw.clauses)
    for finding in decision.findings:
        assert finding.clauses
    for action in decision.actions:
        assert action.clauses and action.effective_from >= as_of
    # every violation comes with at least one action
    if any(f.severity == "violation" for f in decision.findings):
        assert decision.actions


@settings(max_examples=200, deadline=None)
@given(data=relations(), index=st.integers(min_value=0, max_value=3))
def test_adding_an_initiative_never_adds_sol3(
    fw: Framework, data: dict[str, Any], index: int
) -> None:
    if not data["involvements"]:
        return
    changed = copy.deepcopy(data)
    changed["involvements"][index % len(changed["involvements"])]["initiative"] = "nieuw-initiatief"
    before = sum(f.code == "INVOLVEMENT_WITHOUT_INITIATIVE" for f in decide(fw, data).findings)
    after = sum(f.code == "INVOLVEMENT_WITHOUT_INITIATIVE" for f in decide(fw, changed).findings)
    assert after <= before


@settings(max_examples=200, deadline=None)
@given(data=relations(), index=st.integers(min_value=0, max_value=3))
def test_ending_an_involvement_before_as_of_never_adds_a_finding(
    fw: Framework, data: dict[str, Any], index: int
) -> None:
    if not data["involvements"]:
        return
    changed = copy.deepcopy(data)
    involvement = changed["involvements"][index % len(changed["involvements"])]
    start = date.fromisoformat(involvement["start"])
    day_before = AS_OF - timedelta(days=1)
    if start > day_before:
        return
    involvement["end"] = day_before.isoformat()
    before = {(f.code, f.message_en) for f in decide(fw, data).findings}
    after = {(f.code, f.message_en) for f in decide(fw, changed).findings}
    assert after - before == set()


@settings(max_examples=50, deadline=None)
@given(seed=st.randoms(use_true_random=False))
def test_committee_deterministic_whatever_the_order(fw: Framework, seed: Any) -> None:
    from intrel.policy.tests.conftest import committee

    members = [
        {"name": "Burgemeester", "is_council_member": False, "is_mayor": True, "role": "chair"},
        {"name": "B", "is_council_member": True, "role": "member"},
        {"name": "C", "is_council_member": False, "role": "secretary"},
        {"name": "D", "is_council_member": True, "role": "chair", "elected_by_committee": True},
    ]
    shuffled = list(members)
    seed.shuffle(shuffled)
    first = decision_to_json(decide(fw, committee(members=members)))
    assert first == decision_to_json(decide(fw, committee(members=shuffled)))


@settings(max_examples=50, deadline=None)
@given(data=relations())
def test_decision_round_trips(fw: Framework, data: dict[str, Any]) -> None:
    from intrel.policy import Decision

    decision = decide(fw, data)
    assert Decision.from_dict(decision.to_dict()) == decision
