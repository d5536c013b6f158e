"""compare() between frameworks, and the review's impact analysis (strict vs honour)."""

from __future__ import annotations

from datetime import date

import pytest

from intrel.policy import (
    Framework,
    compare,
    impact,
    impact_rows,
    parse_subject,
    parse_subjects,
)
from intrel.policy.tests.conftest import AS_OF, budget_line, committee, decide, relation, solidarity
from intrel.policy.tests.test_helmond_cases import JIANGSU, MECHELEN, SAN_MARCOS


def test_compare_two_frameworks(fw: Framework, variant: Framework) -> None:
    data = solidarity(initiated_by="council")
    comparison = compare(decide(fw, data), decide(variant, data))
    assert [f.code for f in comparison.findings_removed] == ["SOLIDARITY_INITIATED_BY_GOVERNMENT"]
    assert [a.code for a in comparison.actions_removed] == ["HAND_OVER_TO_RESIDENTS"]
    assert comparison.findings_added == [] and comparison.actions_added == []
    assert not comparison.owner_changed and comparison.changed
    as_dict = comparison.to_dict()
    assert as_dict["before"] == "helmond-2013@1"
    assert as_dict["after"] == "helmond-2013-council-initiates@1-variant"


def test_compare_same_is_unchanged(fw: Framework) -> None:
    decision = decide(fw, solidarity())
    assert not compare(decision, decision).changed


def test_compare_refuses_other_subject(fw: Framework) -> None:
    with pytest.raises(ValueError):
        compare(decide(fw, relation(id="a")), decide(fw, relation(id="b")))


REGISTER = [
    SAN_MARCOS,
    MECHELEN,
    JIANGSU,
    relation(
        id="vriendschap-x",
        purposes=["other"],
        owner={"kind": "executive_board"},
        agreements=[{"title": "Verdrag", "signed": "2011-07-01", "ends": "2016-07-01"}],
    ),
    committee(
        members=[
            {"name": "Burgemeester", "is_council_member": False, "is_mayor": True, "role": "chair"},
            {"name": "B", "is_council_member": True, "role": "member"},
        ]
    ),
    budget_line(held_by="executive_board"),
]


def test_impact_honour_and_strict(fw: Framework) -> None:
    subjects = parse_subjects(REGISTER)
    honour = impact(fw, subjects, AS_OF, "honour_agreements")
    strict = impact(fw, subjects, AS_OF, "strict")
    totals = honour.totals()
    assert totals["subjects"] == 6 and totals["relations"] == 4
    assert totals["owners_moved"] == 2  # San Marcos -> committee, Mechelen -> CUL
    # San Marcos (15000 from the board) and the solidarity budget line (25000)
    assert totals["money_to_committee"] == "40000.00"
    assert totals["hours_to_committee"] == "320.00"
    assert totals["money_to_economic_portfolio"] == "0.00"  # Jiangsu is already with EZ
    assert totals["involvements_to_end"] == 2  # San Marcos mayor, Mechelen mayor
    assert totals["involvements_to_link"] == 1
    assert totals["relations_to_phase_out"] == 1
    assert totals["phase_outs"] == [{"id": "vriendschap-x", "from": "2016-07-01"}]
    assert strict.totals()["phase_outs"] == [{"id": "vriendschap-x", "from": "2014-01-01"}]
    assert strict.totals()["last_effective_from"] == "2014-01-01"
    assert totals["last_effective_from"] == "2016-07-01"
    rows = {r.id: r.to_dict() for r in honour.rows}
    assert rows["helmond-san-marcos"]["owner_moved"] is True
    assert rows["helmond-san-marcos"]["registered"]["owner"]["kind"] == "executive_board"
    assert honour.to_dict()["mode"] == "honour_agreements"


@pytest.mark.parametrize("as_of", [AS_OF, None])
def test_impact_rows_both_modes_from_one_assessment(fw: Framework, as_of: date | None) -> None:
    # The review assesses each relation once and reads both modes from it.
    subjects = sorted(parse_subjects(REGISTER), key=lambda s: (s.subject, s.id))
    strict = impact(fw, subjects, as_of, "strict").rows
    honour = impact(fw, subjects, as_of, "honour_agreements").rows
    pairs = [impact_rows(fw, s, as_of) for s in subjects]
    assert [p[0].to_dict() for p in pairs] == [r.to_dict() for r in strict]
    assert [p[1].to_dict() for p in pairs] == [r.to_dict() for r in honour]
    strict_row, honour_row = next(p for p in pairs if p[0].id == "vriendschap-x")
    assert strict_row.decision is honour_row.decision
    if as_of is not None:
        assert (strict_row.phase_out_from, honour_row.phase_out_from) == (
            AS_OF,
            date(2016, 7, 1),
        )


def test_impact_money_to_ez(fw: Framework) -> None:
    moved = relation(
        id="eco", budget={"money_eur_per_year": "999.50", "held_by": "executive_board"}
    )
    line = budget_line(
        id="eco-line", purpose="economic", held_by="executive_board", money_eur_per_year=100
    )
    totals = impact(fw, parse_subjects([moved, line]), AS_OF).totals()
    assert totals["money_to_economic_portfolio"] == "1099.50"


def test_impact_order_independent(fw: Framework) -> None:
    subjects = parse_subjects(REGISTER)
    a = impact(fw, subjects, AS_OF).to_dict()
    b = impact(fw, list(reversed(subjects)), AS_OF).to_dict()
    assert a == b


def test_impact_bad_mode(fw: Framework) -> None:
    with pytest.raises(ValueError):
        impact(fw, [], AS_OF, "lenient")  # type: ignore[arg-type]


def test_as_of_precedence(fw: Framework) -> None:
    subject = parse_subject(relation(as_of="2012-05-05"))
    from intrel.policy import evaluate

    assert evaluate(fw, subject).as_of == date(2012, 5, 5)
    assert evaluate(fw, subject, date(2013, 1, 1)).as_of == date(2013, 1, 1)
    assert evaluate(fw, parse_subject(relation())).as_of == date.today()
