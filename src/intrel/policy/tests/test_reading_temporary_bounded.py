"""READING.md 8, "Temporary means bounded" (SOL-4, BES-5): an administrator's involvement is
temporary only if its ``end`` is at most ``max_involvement_months`` (a framework parameter;
helmond-2013: 48) after its ``start``; a longer one is a warning with the same clauses. An
involvement that starts after ``as_of`` is planned and judged as if active."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from intrel.policy import Framework
from intrel.policy.framework import DEFAULT_PATH, FrameworkError, framework_from_data
from intrel.policy.tests.conftest import codes, decide, relation, solidarity, topical

START = "2012-01-01"


def mayor(**kw: Any) -> dict[str, Any]:
    return {"actor": "mayor", "start": START, "initiative": "stichting-x", **kw}


def test_helmond_sets_48_months(fw: Framework) -> None:
    assert fw.spec.max_involvement_months == 48


BOUNDS = [
    # name, builder, involvement, code, clauses, fires
    (
        "SOL-4 48 months exactly",
        solidarity,
        mayor(end="2016-01-01"),
        "INVOLVEMENT_TOO_LONG",
        ["SOL-4"],
        False,
    ),
    (
        "SOL-4 one day longer",
        solidarity,
        mayor(end="2016-01-02"),
        "INVOLVEMENT_TOO_LONG",
        ["SOL-4"],
        True,
    ),
    (
        "SOL-4 leap day: 2012-02-29 + 48 months = 2016-02-29",
        solidarity,
        mayor(start="2012-02-29", end="2016-02-29"),
        "INVOLVEMENT_TOO_LONG",
        ["SOL-4"],
        False,
    ),
    (
        "SOL-4 no end: the violation, not this warning",
        solidarity,
        mayor(),
        "INVOLVEMENT_TOO_LONG",
        ["SOL-4"],
        False,
    ),
    (
        "SOL-4 near miss: civil servant",
        solidarity,
        {"actor": "civil_servant", "start": START, "end": "2020-01-01"},
        "INVOLVEMENT_TOO_LONG",
        ["SOL-4"],
        False,
    ),
    (
        "SOL-4 near miss: ended before as_of",
        solidarity,
        mayor(start="2005-01-01", end="2013-12-31"),
        "INVOLVEMENT_TOO_LONG",
        ["SOL-4"],
        False,
    ),
    (
        "SOL-4 both pillars: also HER-2",
        lambda **kw: relation(purposes=["development", "trade"], **kw),
        mayor(end="2020-01-01"),
        "INVOLVEMENT_TOO_LONG",
        ["SOL-4", "HER-2"],
        True,
    ),
    (
        "BES-5 topical, longer",
        topical,
        mayor(end="2016-01-02"),
        "TOPICAL_INVOLVEMENT_TOO_LONG",
        ["BES-5"],
        True,
    ),
    (
        "BES-5 topical, 48 months",
        topical,
        mayor(end="2016-01-01"),
        "TOPICAL_INVOLVEMENT_TOO_LONG",
        ["BES-5"],
        False,
    ),
    (
        "BES-5 near miss: economic",
        lambda **kw: relation(purposes=["culture", "trade"], **kw),
        mayor(end="2020-01-01"),
        "TOPICAL_INVOLVEMENT_TOO_LONG",
        ["BES-5"],
        False,
    ),
]


@pytest.mark.parametrize(
    ("name", "build", "inv", "code", "clauses", "fires"), BOUNDS, ids=[b[0] for b in BOUNDS]
)
def test_involvement_longer_than_the_bound(
    fw: Framework,
    name: str,
    build: Any,
    inv: dict[str, Any],
    code: str,
    clauses: list[str],
    fires: bool,
) -> None:
    decision = decide(fw, build(involvements=[inv]))
    found = [f for f in decision.findings if f.code == code]
    if not fires:
        assert found == []
        return
    assert len(found) == 1, codes(decision)
    assert found[0].severity == "warning" and found[0].clauses == clauses
    assert "48 maanden" in found[0].message and "48 months" in found[0].message_en


def test_the_bound_is_the_framework_files(fw: Framework) -> None:
    # a second municipality changes the number in its file, not in Python
    data = yaml.safe_load((DEFAULT_PATH / "helmond-2013.yaml").read_text("utf-8"))
    data["max_involvement_months"] = 12
    short = framework_from_data(data)
    facts = solidarity(involvements=[mayor(end="2014-06-30")])  # 30 months
    assert "INVOLVEMENT_TOO_LONG" not in codes(decide(fw, facts))
    assert "INVOLVEMENT_TOO_LONG" in codes(decide(short, facts))


def test_a_too_long_rule_without_the_parameter_is_refused() -> None:
    data = yaml.safe_load((DEFAULT_PATH / "helmond-2013.yaml").read_text("utf-8"))
    del data["max_involvement_months"]
    with pytest.raises(FrameworkError) as info:
        framework_from_data(data)
    assert any("max_involvement_months" in p for p in info.value.problems)


PLANNED = [
    (
        "SOL-3 planned without initiative",
        solidarity,
        {"actor": "alderman", "start": "2014-03-01", "end": "2014-12-31"},
        "INVOLVEMENT_WITHOUT_INITIATIVE",
    ),
    ("SOL-4 planned without end", solidarity, mayor(start="2014-03-01"), "INVOLVEMENT_WITHOUT_END"),
    (
        "BES-5 planned without end",
        topical,
        mayor(start="2015-01-01"),
        "TOPICAL_INVOLVEMENT_WITHOUT_END",
    ),
    (
        "SOL-4 planned too long",
        solidarity,
        mayor(start="2014-03-01", end="2019-01-01"),
        "INVOLVEMENT_TOO_LONG",
    ),
]


@pytest.mark.parametrize(("name", "build", "inv", "code"), PLANNED, ids=[p[0] for p in PLANNED])
def test_planned_involvement_is_judged_as_if_active(
    fw: Framework, name: str, build: Any, inv: dict[str, Any], code: str
) -> None:
    # starts after as_of (2014-01-01): caught before it starts
    assert code in codes(decide(fw, build(involvements=[inv])))
