"""Two frameworks on the same subjects (CONTRACT.md, "Comparing two frameworks"): findings are
matched by code, actions by code and effective date, never by their wording."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from intrel.policy import Framework, compare, compare_frameworks, framework_from_data
from intrel.policy.constants import Severity
from intrel.policy.decision import Finding
from intrel.policy.framework import DEFAULT_PATH
from intrel.policy.subjects import Subject, parse_subjects
from intrel.policy.tests.conftest import AS_OF, committee, decide, solidarity

DEMO = Path(__file__).resolve().parents[2] / "demo" / "data" / "helmond.json"


def raw_subjects() -> list[dict[str, Any]]:
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    return [r["subject"] for r in data["relations"]]


def demo_subjects(*extra: dict[str, Any]) -> list[Subject]:
    return parse_subjects(raw_subjects() + list(extra))


def helmond_data() -> dict[str, Any]:
    data = yaml.safe_load((DEFAULT_PATH / "helmond-2013.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def reworded(data: dict[str, Any]) -> dict[str, Any]:
    """Every finding message and action description of the file rewritten, nothing else."""
    data["id"] = "helmond-2013-reworded"
    texts = [data["owner_move"]["description"]]
    if data["owner_move"].get("finding"):
        texts.append(data["owner_move"]["finding"]["message"])
    for rule in data["rules"]:
        texts.append(rule["finding"]["message"])
        texts += [action["description"] for action in rule.get("actions", [])]
    for text in texts:
        text["nl"] = "Anders verwoord: " + text["nl"]
        text["en"] = "Worded otherwise: " + text["en"]
    return data


def test_a_framework_compared_with_itself_over_the_demo_has_no_difference(
    fw: Framework,
) -> None:
    result = compare_frameworks(fw, fw, demo_subjects(), AS_OF)
    out = result.to_dict()
    assert (out["subjects"], out["changed"], out["unchanged"]) == (9, 0, 9)
    assert out["differences"] == []


def test_a_message_only_change_is_no_difference(fw: Framework) -> None:
    """The old comparison matched on the English text: every finding read as changed."""
    other = framework_from_data(reworded(helmond_data()))
    subjects = demo_subjects(solidarity(id="raad", initiated_by="council"), committee())
    result = compare_frameworks(fw, other, subjects, AS_OF)
    # the texts did change (so the test would see a comparison by wording) ...
    san_marcos = decide(other, next(s for s in raw_subjects() if s["id"] == "helmond-san-marcos"))
    assert san_marcos.findings and san_marcos.findings[0].message_en.startswith("Worded")
    # ... and no subject is listed
    assert result.to_dict()["changed"] == 0
    assert result.to_dict()["differences"] == []
    assert result.unchanged == len(subjects)


def test_the_variant_lists_exactly_the_subjects_whose_outcome_differs(
    fw: Framework, variant: Framework
) -> None:
    subjects = demo_subjects(
        solidarity(id="raad-initieert", initiated_by="council"),
        solidarity(id="gemeente-initieert", initiated_by="municipality"),
    )
    out = compare_frameworks(fw, variant, subjects, AS_OF).to_dict()
    assert out["a"] == {"framework": "helmond-2013", "version": "1"}
    assert out["b"] == {"framework": "helmond-2013-council-initiates", "version": "1-variant"}
    assert (out["subjects"], out["changed"], out["unchanged"]) == (11, 1, 10)
    [difference] = out["differences"]
    assert difference["id"] == "raad-initieert"
    assert [f["code"] for f in difference["findings_removed"]] == [
        "SOLIDARITY_INITIATED_BY_GOVERNMENT"
    ]
    assert [a["code"] for a in difference["actions_removed"]] == ["HAND_OVER_TO_RESIDENTS"]
    assert difference["findings_added"] == difference["actions_added"] == []
    assert "owner" not in difference and "pillars" not in difference


def test_an_owner_change_is_listed_with_both_owners(fw: Framework) -> None:
    """City marketing first in the priority order: Mechelen (culture, city marketing, sport)
    moves from CUL to MAR, and only Mechelen."""
    data = helmond_data()
    data["id"] = "helmond-2013-marketing-first"
    ports = data["topical_portfolios"]
    data["topical_portfolios"] = [p for p in ports if p["code"] == "MAR"] + [
        p for p in ports if p["code"] != "MAR"
    ]
    other = framework_from_data(data)
    out = compare_frameworks(fw, other, demo_subjects(), AS_OF).to_dict()
    assert [d["id"] for d in out["differences"]] == ["helmond-mechelen"]
    owner = out["differences"][0]["owner"]
    assert owner == {
        "a": {"kind": "portfolio", "portfolio": "CUL"},
        "b": {"kind": "portfolio", "portfolio": "MAR"},
    }
    assert out["unchanged"] == 8


def test_a_changed_severity_under_one_code_is_a_difference(fw: Framework) -> None:
    data = helmond_data()
    data["id"] = "helmond-2013-strict-wvh"
    rule = next(r for r in data["rules"] if r["finding"]["code"] == "ONE_SIDED_VALUE")
    rule["finding"]["severity"] = "violation"
    rule["actions"] = [
        {
            "code": "ASK_PARTNER_VALUE",
            "effect": "review",
            "description": {"nl": "Vraag wat de partner krijgt.", "en": "Ask what it gives."},
        }
    ]
    other = framework_from_data(data)
    out = compare_frameworks(fw, other, demo_subjects(), AS_OF).to_dict()
    zielona = next(d for d in out["differences"] if d["id"] == "helmond-zielona-gora")
    assert zielona["severity_changed"] == [
        {"code": "ONE_SIDED_VALUE", "before": "warning", "after": "violation"}
    ]
    assert zielona["findings_added"] == zielona["findings_removed"] == []
    assert [a["code"] for a in zielona["actions_added"]] == ["ASK_PARTNER_VALUE"]


def _finding(code: str, message: str) -> Finding:
    return Finding(
        code=code,
        severity=Severity.VIOLATION,
        clauses=["BES-10"],
        message=message,
        message_en=message,
    )


def test_of_two_findings_with_one_code_the_one_that_went_is_reported(fw: Framework) -> None:
    decision = decide(fw, committee())
    two = decision.model_copy(
        update={"findings": [_finding("X_CODE", "member A"), _finding("X_CODE", "member B")]}
    )
    one = decision.model_copy(update={"findings": [_finding("X_CODE", "member B")]})
    comparison = compare(two, one)
    assert [f.message for f in comparison.findings_removed] == ["member A"]
    assert comparison.findings_added == []
    assert [f.message for f in compare(one, two).findings_added] == ["member A"]
    reworded_one = decision.model_copy(update={"findings": [_finding("X_CODE", "lid B")]})
    assert not compare(one, reworded_one).changed
    assert len(compare(two, reworded_one).findings_removed) == 1


def test_an_action_moved_to_another_date_is_a_difference(fw: Framework) -> None:
    data = solidarity(id="x", purposes=["other"], owner={"kind": "none"})
    data["agreements"] = [{"title": "Verdrag", "signed": "2011-07-01", "ends": "2016-07-01"}]
    before = decide(fw, data)
    data["agreements"][0]["ends"] = "2017-07-01"
    after = decide(fw, data)
    comparison = compare(before, after)
    assert [(a.code, a.effective_from.isoformat()) for a in comparison.actions_removed] == [
        ("PHASE_OUT_RELATION", "2016-07-01")
    ]
    assert [(a.code, a.effective_from.isoformat()) for a in comparison.actions_added] == [
        ("PHASE_OUT_RELATION", "2017-07-01")
    ]


@pytest.mark.parametrize("as_of", [None, AS_OF])
def test_both_frameworks_judge_on_the_same_date(fw: Framework, as_of: Any) -> None:
    subjects = parse_subjects([solidarity(id="a", as_of="2013-05-01")])
    result = compare_frameworks(fw, fw, subjects, as_of)
    assert not result.changed and result.unchanged == 1
    assert result.to_dict()["as_of"] == (None if as_of is None else "2014-01-01")
