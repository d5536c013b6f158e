"""READING.md sections 5 (the committee) and 6 (budget lines)."""

from __future__ import annotations

from typing import Any

import pytest

from intrel.policy import Framework
from intrel.policy.tests.conftest import AS_OF, action_codes, budget_line, codes, committee, decide

CHAIR = {
    "name": "A. Jansen",
    "is_council_member": True,
    "role": "chair",
    "elected_by_committee": True,
}
MEMBER = {"name": "B. de Vries", "is_council_member": True, "role": "member"}


def members(*items: dict[str, Any]) -> list[dict[str, Any]]:
    return list(items)


COMMITTEE = [
    ("clean", committee(), None, True),
    (
        "non-council member",
        committee(members=members(CHAIR, {**MEMBER, "is_council_member": False})),
        "COMMITTEE_MEMBER_NOT_COUNCIL_MEMBER",
        True,
    ),
    (
        "non-council secretary",
        committee(
            members=members(CHAIR, {**MEMBER, "is_council_member": False, "role": "secretary"})
        ),
        "COMMITTEE_MEMBER_NOT_COUNCIL_MEMBER",
        True,
    ),
    (
        "near miss: non-council advisor",
        committee(
            members=members(CHAIR, {**MEMBER, "is_council_member": False, "role": "advisor"})
        ),
        "COMMITTEE_MEMBER_NOT_COUNCIL_MEMBER",
        False,
    ),
    ("no chair", committee(members=members(MEMBER)), "COMMITTEE_WITHOUT_CHAIR", True),
    (
        "near miss: a chair",
        committee(members=members(CHAIR, MEMBER)),
        "COMMITTEE_WITHOUT_CHAIR",
        False,
    ),
    (
        "mayor chairs",
        committee(members=members({**CHAIR, "is_mayor": True}, MEMBER)),
        "COMMITTEE_CHAIRED_BY_MAYOR",
        True,
    ),
    (
        "near miss: mayor is an advisor",
        committee(
            members=members(
                CHAIR,
                {
                    "name": "Burgemeester",
                    "is_council_member": False,
                    "is_mayor": True,
                    "role": "advisor",
                },
            )
        ),
        "COMMITTEE_CHAIRED_BY_MAYOR",
        False,
    ),
    (
        "chair not elected",
        committee(members=members({**CHAIR, "elected_by_committee": False}, MEMBER)),
        "CHAIR_NOT_ELECTED_BY_COMMITTEE",
        True,
    ),
    ("near miss: chair elected", committee(), "CHAIR_NOT_ELECTED_BY_COMMITTEE", False),
    (
        "two chairs",
        committee(members=members(CHAIR, {**CHAIR, "name": "Z. Zwart"})),
        "COMMITTEE_SEVERAL_CHAIRS",
        True,
    ),
    (
        "installed by the mayor",
        committee(installed_by="mayor"),
        "COMMITTEE_NOT_INSTALLED_BY_COUNCIL",
        True,
    ),
    ("near miss: installed by council", committee(), "COMMITTEE_NOT_INSTALLED_BY_COUNCIL", False),
]


@pytest.mark.parametrize(
    ("name", "data", "code", "fires"), COMMITTEE, ids=[c[0] for c in COMMITTEE]
)
def test_committee(
    fw: Framework, name: str, data: dict[str, Any], code: str | None, fires: bool
) -> None:
    decision = decide(fw, data)
    assert decision.pillars is None and decision.owner is None
    if code is None:
        assert decision.findings == [] and decision.actions == [] and decision.trace == []
        return
    found = [f for f in decision.findings if f.code == code]
    assert bool(found) is fires
    if fires:
        assert "BES-10" in found[0].clauses or "BES-8" in found[0].clauses
        if found[0].severity == "violation":
            assert decision.actions


def test_ach3_situation_before_2013(fw: Framework) -> None:
    """ACH-3: installed by the council and chaired by the mayor (who is no council member
    and was not elected by the committee): violations under helmond-2013."""
    data = committee(
        members=[
            {"name": "Burgemeester", "is_council_member": False, "is_mayor": True, "role": "chair"},
            MEMBER,
            {"name": "Ambtenaar IB", "is_council_member": False, "role": "secretary"},
        ]
    )
    decision = decide(fw, data)
    assert sorted(codes(decision)) == [
        "CHAIR_NOT_ELECTED_BY_COMMITTEE",
        "COMMITTEE_CHAIRED_BY_MAYOR",
        "COMMITTEE_MEMBER_NOT_COUNCIL_MEMBER",
        "COMMITTEE_MEMBER_NOT_COUNCIL_MEMBER",
    ]
    mayor = next(f for f in decision.findings if f.code == "COMMITTEE_CHAIRED_BY_MAYOR")
    assert mayor.severity == "violation" and mayor.clauses == ["BES-10", "ACH-3"]
    # ELECT_CHAIR is proposed once, not once per finding
    assert action_codes(decision).count("ELECT_CHAIR") == 1
    assert action_codes(decision).count("REPLACE_COMMITTEE_MEMBER") == 2
    assert all(a.effective_from == AS_OF for a in decision.actions)


BUDGET = [
    ("solidarity with committee", budget_line(), None),
    (
        "solidarity with board",
        budget_line(held_by="executive_board"),
        "SOLIDARITY_BUDGET_LINE_NOT_WITH_COMMITTEE",
    ),
    (
        "solidarity with a portfolio",
        budget_line(held_by="portfolio", portfolio="CUL"),
        "SOLIDARITY_BUDGET_LINE_NOT_WITH_COMMITTEE",
    ),
    (
        "solidarity with nobody",
        budget_line(held_by="none"),
        "SOLIDARITY_BUDGET_LINE_NOT_WITH_COMMITTEE",
    ),
    (
        "near miss: topical with a portfolio",
        budget_line(purpose="topical", held_by="portfolio", portfolio="CUL"),
        None,
    ),
    (
        "near miss: general with the board",
        budget_line(purpose="general", held_by="executive_board"),
        None,
    ),
    (
        "economic with EZ",
        budget_line(purpose="economic", held_by="portfolio", portfolio="EZ"),
        None,
    ),
    (
        "economic with CUL",
        budget_line(purpose="economic", held_by="portfolio", portfolio="CUL"),
        "ECONOMIC_BUDGET_LINE_NOT_WITH_EZ",
    ),
]


@pytest.mark.parametrize(("name", "data", "code"), BUDGET, ids=[b[0] for b in BUDGET])
def test_budget_lines(fw: Framework, name: str, data: dict[str, Any], code: str | None) -> None:
    decision = decide(fw, data)
    assert codes(decision) == ([code] if code else [])
    if code == "SOLIDARITY_BUDGET_LINE_NOT_WITH_COMMITTEE":
        finding = decision.findings[0]
        assert finding.severity == "violation" and finding.clauses == ["BES-11"]
        assert action_codes(decision) == ["TRANSFER_BUDGET_TO_COMMITTEE"]
        # amounts and hours as each language writes them (non-breaking spaces in Dutch)
        nbsp = "\u00a0"
        assert f"(€{nbsp}25.000,00 per jaar, 200{nbsp}uur)" in decision.actions[0].description
        assert "(€25,000.00 a year, 200\u00a0hours)" in decision.actions[0].description_en
        assert f"€{nbsp}25.000,00 per jaar" in finding.message
        assert "€25,000.00 a year" in finding.message_en
    if code == "ECONOMIC_BUDGET_LINE_NOT_WITH_EZ":
        assert decision.findings[0].severity == "warning"
        assert action_codes(decision) == ["TRANSFER_BUDGET_TO_EZ"]


def test_member_roles_are_words_in_each_language(fw: Framework) -> None:
    data = committee(
        members=[
            {
                "name": "A. Jansen",
                "is_council_member": True,
                "role": "chair",
                "elected_by_committee": True,
            },
            {"name": "D. Smit", "is_council_member": False, "role": "secretary"},
        ]
    )
    finding = next(
        f for f in decide(fw, data).findings if f.code == "COMMITTEE_MEMBER_NOT_COUNCIL_MEMBER"
    )
    assert finding.message.startswith("D. Smit (secretaris) is geen raadslid")
    assert finding.message_en.startswith("D. Smit (secretary) is not a council member")
