"""Seating the committee's chair: the framework's ``chair_election`` (helmond-2013: BES-10)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml

from intrel.policy import (
    FrameworkError,
    SeatingProblem,
    chair_candidate_refusal,
    chair_seating_refusal,
    framework_from_data,
    load_framework,
)
from intrel.policy.framework import DEFAULT_PATH


def helmond_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (DEFAULT_PATH / "helmond-2013.yaml").read_text(encoding="utf-8")
    )
    return data


def test_helmond_seats_a_chair_only_by_election_from_2014() -> None:
    fw = load_framework("helmond-2013")
    before, after = date(2013, 12, 31), date(2014, 1, 1)
    assert chair_seating_refusal(fw, elected=True, by_office=False, start=after) is None
    assert chair_seating_refusal(fw, elected=False, by_office=True, start=before) is None
    refused = chair_seating_refusal(fw, elected=False, by_office=True, start=after)
    assert refused is not None and refused.problem == SeatingProblem.CHAIR_BY_OFFICE_ENDED
    assert refused.clauses == ("BES-10",) and refused.effective_from == after
    refused = chair_seating_refusal(fw, elected=False, by_office=False, start=before)
    assert refused is not None and refused.problem == SeatingProblem.CHAIR_NOT_ELECTED
    refused = chair_candidate_refusal(fw, is_council_member=False)
    assert refused is not None and refused.clauses == ("BES-10",)
    assert chair_candidate_refusal(fw, is_council_member=True) is None


def test_a_framework_without_chair_election_refuses_nothing() -> None:
    fw = load_framework("voorbeeld-2026")
    assert fw.spec.chair_election is None
    assert chair_seating_refusal(fw, elected=False, by_office=True, start=date(2030, 1, 1)) is None
    assert chair_seating_refusal(fw, elected=False, by_office=False, start=date(2030, 1, 1)) is None
    assert chair_candidate_refusal(fw, is_council_member=False) is None


def test_chair_election_cites_clauses_the_file_has() -> None:
    data: dict[str, Any] = helmond_data()
    data["chair_election"] = {"clauses": ["BES-99"]}
    with pytest.raises(FrameworkError) as exc:
        framework_from_data(data)
    assert "chair_election: unknown clause BES-99" in exc.value.problems


def test_a_framework_may_let_anyone_stand_for_chair() -> None:
    data: dict[str, Any] = helmond_data()
    data["chair_election"] = {"clauses": ["BES-10"], "candidates_council_members": False}
    fw = framework_from_data(data)
    assert chair_candidate_refusal(fw, is_council_member=False) is None
    assert chair_seating_refusal(fw, elected=False, by_office=False, start=date(2020, 1, 1))
