"""Issue 11.2: what other municipalities' frameworks say, as parameters and rule types of the file.

The example framework ``voorbeeld-2026`` (a fictional municipality): economic relations and city
marketing with the mayor's portfolio (BGM), no committee (solidarity with the social-affairs
portfolio SOC), 3 months' notice without a written agreement, EUR 2,500 per initiative, dormant
after 24 months. helmond-2013 sets 24 months for a dormant relation and cites HER-1.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from intrel.policy import Decision, Framework, load_framework
from intrel.policy.decision import OwnerDecision
from intrel.policy.framework import FrameworkError, framework_from_data, known_frameworks

from .conftest import AS_OF, budget_line, committee, decide, relation, solidarity, topical

EXAMPLE = "voorbeeld-2026"


@pytest.fixture(scope="module")
def example() -> Framework:
    return load_framework(EXAMPLE)


def owner(decision: Decision) -> OwnerDecision:
    assert decision.owner is not None
    return decision.owner


def codes(decision: Any) -> list[str]:
    return [f.code for f in decision.findings]


def example_data() -> dict[str, Any]:
    path: Path = known_frameworks()[EXAMPLE]
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


# --- routing: a portfolio that owns no topic; economy and city marketing with the mayor ----


def test_solidarity_is_routed_to_the_social_affairs_portfolio(example: Framework) -> None:
    decision = decide(example, solidarity(owner={"kind": "portfolio", "portfolio": "SOC"}))
    assert (owner(decision).kind.value, owner(decision).portfolio) == ("portfolio", "SOC")
    assert owner(decision).clauses == ["VB-4"]
    assert "Sociale Zaken" in owner(decision).because
    assert codes(decision) == []


def test_economy_and_city_marketing_sit_with_the_mayor(example: Framework) -> None:
    economic = decide(example, relation(owner={"kind": "portfolio", "portfolio": "BGM"}))
    assert (owner(economic).kind.value, owner(economic).portfolio) == ("portfolio", "BGM")
    marketing = decide(example, topical(purposes=["city_marketing"]))
    assert owner(marketing).portfolio == "BGM"
    # listed last: another topic goes first
    assert owner(decide(example, topical(purposes=["city_marketing", "sport"]))).portfolio == "SPO"
    # helmond-2013: EZ and MAR
    helmond = load_framework("helmond-2013")
    assert owner(decide(helmond, relation())).portfolio == "EZ"


def test_solidarity_budget_with_anyone_but_social_affairs_is_a_violation(
    example: Framework,
) -> None:
    data = solidarity(
        owner={"kind": "portfolio", "portfolio": "SOC"},
        budget={"money_eur_per_year": 1000, "staff_hours_per_year": 0, "held_by": "committee"},
    )
    decision = decide(example, data)
    assert "SOLIDARITY_BUDGET_NOT_WITH_SOCIAL_AFFAIRS" in codes(decision)
    assert [a.code for a in decision.actions] == ["TRANSFER_BUDGET_TO_SOCIAL_AFFAIRS"]


def test_without_a_committee_the_committee_gets_no_committee_findings(example: Framework) -> None:
    chaired_by_mayor = committee(
        members=[
            {"name": "Burgemeester", "is_council_member": False, "is_mayor": True, "role": "chair"}
        ]
    )
    assert decide(example, chaired_by_mayor).findings == []
    assert "COMMITTEE_CHAIRED_BY_MAYOR" in codes(
        decide(load_framework("helmond-2013"), chaired_by_mayor)
    )


# --- default notice without a written agreement (IMP-3) -------------------------------------


def _no_pillar(**overrides: Any) -> dict[str, Any]:
    return topical(purposes=["other"], owner={"kind": "executive_board"}, **overrides)


def test_phase_out_without_agreement_waits_the_default_notice(example: Framework) -> None:
    decision = decide(example, _no_pillar())
    [phase_out] = [a for a in decision.actions if a.code == "PHASE_OUT_RELATION"]
    assert phase_out.effective_from == date(2014, 4, 1)
    assert "1 april 2014" in phase_out.description
    # helmond-2013 sets no default notice: at as_of.
    helmond = decide(load_framework("helmond-2013"), _no_pillar())
    [phase_out] = [a for a in helmond.actions if a.code == "PHASE_OUT_RELATION"]
    assert phase_out.effective_from == AS_OF


def test_a_written_agreement_in_force_decides_not_the_default(example: Framework) -> None:
    agreement = {"title": "Overeenkomst", "signed": "2010-01-01", "ends": "2014-02-01"}
    decision = decide(example, _no_pillar(agreements=[agreement]))
    [phase_out] = [a for a in decision.actions if a.code == "PHASE_OUT_RELATION"]
    assert phase_out.effective_from == date(2014, 2, 1)


def test_changing_default_notice_in_the_file_changes_the_date() -> None:
    data = example_data()
    data["default_notice_months"] = 6
    framework = framework_from_data(data)
    [phase_out] = [
        a for a in decide(framework, _no_pillar()).actions if a.code == "PHASE_OUT_RELATION"
    ]
    assert phase_out.effective_from == date(2014, 7, 1)


# --- dormant relations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_activity", "dormant"),
    [("2011-12-31", True), ("2012-01-01", False), ("2013-06-01", False), (None, False)],
)
def test_dormant_after_24_months_under_helmond_cites_her_1(
    fw: Framework, last_activity: str | None, dormant: bool
) -> None:
    decision = decide(fw, relation(last_activity=last_activity))
    found = [f for f in decision.findings if f.code == "RELATION_DORMANT"]
    assert bool(found) is dormant
    if dormant:
        assert found[0].severity.value == "warning"
        assert found[0].clauses == ["HER-1"]
        assert "31 december 2011" in found[0].message
        assert "24" in found[0].message_en


def test_dormant_in_the_example_cites_its_own_clause(example: Framework) -> None:
    data = relation(owner={"kind": "portfolio", "portfolio": "BGM"}, last_activity="2011-01-01")
    [finding] = [f for f in decide(example, data).findings if f.code == "RELATION_DORMANT"]
    assert finding.clauses == ["VB-8"]


def test_changing_dormant_months_in_the_file_changes_the_finding() -> None:
    data = example_data()
    data["dormant_after_months"] = 6
    framework = framework_from_data(data)
    recent = relation(owner={"kind": "portfolio", "portfolio": "BGM"}, last_activity="2013-06-01")
    assert "RELATION_DORMANT" in codes(decide(framework, recent))
    assert "RELATION_DORMANT" not in codes(decide(load_framework(EXAMPLE), recent))


# --- a maximum per initiative ----------------------------------------------------------------


def _initiative_relation(money: int, initiatives: list[str]) -> dict[str, Any]:
    return solidarity(
        owner={"kind": "portfolio", "portfolio": "SOC"},
        budget={
            "money_eur_per_year": money,
            "staff_hours_per_year": 0,
            "held_by": "portfolio",
            "portfolio": "SOC",
        },
        involvements=[
            {"actor": "alderman", "start": "2013-01-01", "end": "2014-06-01", "initiative": i}
            for i in initiatives
        ],
    )


@pytest.mark.parametrize(
    ("money", "initiatives", "over"),
    [
        (2500, [], False),
        (2501, [], True),
        (5000, ["school", "waterput"], False),
        (5001, ["school", "waterput"], True),
        (5001, ["school", "school"], True),
    ],
)
def test_money_over_the_maximum_per_initiative_is_a_warning(
    example: Framework, money: int, initiatives: list[str], over: bool
) -> None:
    decision = decide(example, _initiative_relation(money, initiatives))
    found = [f for f in decision.findings if f.code == "BUDGET_OVER_INITIATIVE_MAXIMUM"]
    assert bool(found) is over
    if over:
        assert found[0].clauses == ["VB-6"]
        assert found[0].severity.value == "warning"
        assert "€\u00a02.500,00" in found[0].message


# --- validation of the new keys --------------------------------------------------------------


def test_example_passes_and_is_fictional(example: Framework) -> None:
    assert "fictie" in example.title.nl and "fictional" in example.title.en
    assert example.spec.default_notice_months == 3
    assert example.spec.dormant_after_months == 24
    assert str(example.spec.max_per_initiative_eur) == "2500"


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(FrameworkError) as info:
        framework_from_data(data)
    return info.value.problems


def test_a_rule_needing_a_parameter_the_file_does_not_set_is_refused() -> None:
    data = example_data()
    del data["dormant_after_months"]
    assert any(
        "(relation.dormant): unreachable: the framework sets no dormant_after_months" in p
        for p in _problems(data)
    )


def test_a_portfolio_code_used_twice_or_unknown_is_refused() -> None:
    data = example_data()
    data["portfolios"] = [*data["portfolios"], {"code": "CUL", "nl": "x", "en": "x"}]
    assert "portfolios[1].code: portfolio code CUL is used more than once" in _problems(data)
    data = example_data()
    data["topical_portfolios"][-1]["nl"] = "Iets anders"
    last = len(data["topical_portfolios"]) - 1
    assert any(
        f"topical_portfolios[{last}]: portfolio BGM is the economic portfolio" in p
        for p in _problems(data)
    )
    data = example_data()
    data["portfolios"] = []
    assert "routing[2].owner.portfolio: unknown portfolio SOC" in _problems(data)


def test_an_unknown_key_is_refused() -> None:
    data = copy.deepcopy(example_data())
    data["dormant_months"] = 24
    assert "dormant_months: unknown key" in _problems(data)


# --- who decides an ending (IMP-4, AAN-1) -----------------------------------------------------


def _phase_out_text(framework: Framework, initiated_by: str) -> str:
    decision = decide(framework, _no_pillar(initiated_by=initiated_by))
    [phase_out] = [a for a in decision.actions if a.code == "PHASE_OUT_RELATION"]
    return phase_out.description_en


def test_who_decides_an_ending_is_the_files(fw: Framework) -> None:
    assert "the decision is for the council" in _phase_out_text(fw, "council")
    assert "the decision is for the executive board" in _phase_out_text(fw, "civil_society")
    data = example_data()
    data["ending"] = {"decided_by": "council", "by_initiator": {}}
    framework = framework_from_data(data)
    assert "the decision is for the council" in _phase_out_text(framework, "residents")
    data["ending"] = {"decided_by": "executive_board", "by_initiator": {"council": "mayor"}}
    framework = framework_from_data(data)
    assert "the decision is for the mayor" in _phase_out_text(framework, "council")


# --- the committee's name -----------------------------------------------------------------


def test_the_committees_name_is_the_files(fw: Framework) -> None:
    owned_by_board = solidarity(owner={"kind": "executive_board"})
    [move] = [a for a in decide(fw, owned_by_board).actions if a.code == "MOVE_OWNERSHIP"]
    assert move.description_en.endswith("to the International Relations committee.")
    data = yaml.safe_load(known_frameworks()["helmond-2013"].read_text("utf-8"))
    data["committee"] = {
        "nl": "de commissie Wereldburgerschap",
        "en": "the Global Citizens committee",
    }
    renamed = framework_from_data(data)
    [move] = [a for a in decide(renamed, owned_by_board).actions if a.code == "MOVE_OWNERSHIP"]
    assert move.description_en.endswith("to the Global Citizens committee.")
    assert move.description.endswith("aan de commissie Wereldburgerschap.")


# --- a budget held by a portfolio other than the owner's -------------------------------------


@pytest.mark.parametrize(
    ("held_by", "portfolio", "money", "fires"),
    [
        ("portfolio", "CUL", 1000, True),
        ("portfolio", "SPO", 1000, False),
        ("portfolio", "CUL", 0, False),
        ("executive_board", None, 1000, False),
    ],
)
def test_a_budget_held_by_another_portfolio_than_the_owner_is_a_warning(
    example: Framework, held_by: str, portfolio: str | None, money: int, fires: bool
) -> None:
    data = topical(
        purposes=["sport"],
        owner={"kind": "portfolio", "portfolio": "SPO"},
        budget={
            "money_eur_per_year": money,
            "staff_hours_per_year": 0,
            "held_by": held_by,
            "portfolio": portfolio,
        },
    )
    found = [f for f in decide(example, data).findings if f.code == "BUDGET_NOT_WITH_OWNER"]
    assert bool(found) is fires
    if fires:
        assert found[0].clauses == ["VB-3", "VB-5"]
        assert "the Sport portfolio" in found[0].message_en


def test_helmond_sets_eur_5000_per_initiative(fw: Framework) -> None:
    assert str(fw.spec.max_per_initiative_eur) == "5000"
    over = solidarity(
        budget={"money_eur_per_year": 5001, "staff_hours_per_year": 0, "held_by": "committee"}
    )
    [finding] = [f for f in decide(fw, over).findings if f.code == "BUDGET_OVER_INITIATIVE_MAXIMUM"]
    assert finding.clauses == ["ACH-2", "BES-11"] and finding.severity.value == "warning"
    at_max = solidarity(
        budget={"money_eur_per_year": 5000, "staff_hours_per_year": 0, "held_by": "committee"}
    )
    assert "BUDGET_OVER_INITIATIVE_MAXIMUM" not in codes(decide(fw, at_max))


def test_ending_an_involvement_does_not_lower_the_initiative_maximum(fw: Framework) -> None:
    """Found by the property test: with only current involvements counted, ending one of two
    (initiatives a and b) halved the allowance and raised a warning; every named initiative
    counts, so ending an involvement never adds a finding."""

    def relation(end_of_first: str | None) -> dict[str, Any]:
        first = {"actor": "alderman", "start": "2013-01-01", "initiative": "a"}
        if end_of_first:
            first["end"] = end_of_first
        second = {"actor": "alderman", "start": "2013-01-01", "end": "2014-06-01"}
        return solidarity(
            budget={"money_eur_per_year": 5001, "staff_hours_per_year": 0, "held_by": "committee"},
            involvements=[first, {**second, "initiative": "b"}],
        )

    assert "BUDGET_OVER_INITIATIVE_MAXIMUM" not in codes(decide(fw, relation(None)))
    assert "BUDGET_OVER_INITIATIVE_MAXIMUM" not in codes(decide(fw, relation("2013-12-31")))


@pytest.mark.parametrize(
    ("held_by", "portfolio", "money", "fires"),
    [
        ("portfolio", "SOC", 1000, False),  # the one holder allowed
        ("portfolio", "CUL", 1000, True),  # a portfolio, but not Social Affairs
        ("committee", None, 1000, True),  # there is no committee here
        ("executive_board", None, 1000, True),
        ("committee", None, 0, False),  # neither money nor hours: nothing to transfer
    ],
)
def test_a_solidarity_budget_line_belongs_with_social_affairs(
    example: Framework, held_by: str, portfolio: str | None, money: int, fires: bool
) -> None:
    data = budget_line(
        held_by=held_by, portfolio=portfolio, money_eur_per_year=money, staff_hours_per_year=0
    )
    decision = decide(example, data)
    found = [
        f for f in decision.findings if f.code == "SOLIDARITY_BUDGET_LINE_NOT_WITH_SOCIAL_AFFAIRS"
    ]
    if not fires:
        assert found == [] and decision.actions == []
        return
    [finding] = found
    assert finding.severity.value == "violation" and finding.clauses == ["VB-4"]
    assert "the Social Affairs portfolio" in finding.message_en
    assert [a.code for a in decision.actions] == ["TRANSFER_BUDGET_TO_SOCIAL_AFFAIRS"]
    # a topical line is not the rule's: held by anyone, no finding
    assert codes(decide(example, {**data, "purpose": "topical"})) == []
