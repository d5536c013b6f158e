"""Fixtures: the frameworks and factories of valid subjects (as decoded JSON dicts)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from intrel.policy import Decision, Framework, evaluate, load_framework, parse_subject
from intrel.policy.framework import load_framework_file

HERE = Path(__file__).resolve().parent
VARIANT = HERE / "frameworks" / "helmond-2013-council-initiates.yaml"
AS_OF = date(2014, 1, 1)


@pytest.fixture(scope="session")
def fw() -> Framework:
    return load_framework("helmond-2013")


@pytest.fixture(scope="session")
def variant() -> Framework:
    return load_framework_file(VARIANT)


def relation(**overrides: Any) -> dict[str, Any]:
    """A valid relation with no findings under helmond-2013: economic, full triple helix,
    owned by EZ. Keys in ``overrides`` replace the defaults."""
    data: dict[str, Any] = {
        "subject": "relation",
        "id": "r1",
        "name": "Testrelatie",
        "partner": {"name": "Partnerstad", "country": "DE", "kind": "city"},
        "registered_kind": "economic",
        "initiated_by": "business",
        "purposes": ["economy"],
        "mutual_value": True,
        "parties": [
            {"name": "Brainport Development", "sector": "business"},
            {"name": "TU/e", "sector": "knowledge"},
        ],
        "involvements": [],
        "agreements": [],
        "budget": {"money_eur_per_year": 0, "staff_hours_per_year": 0, "held_by": "none"},
        "owner": {"kind": "portfolio", "portfolio": "EZ"},
    }
    data.update(copy.deepcopy(overrides))
    return data


def solidarity(**overrides: Any) -> dict[str, Any]:
    """A clean solidarity-only relation: initiated by residents, owned by the committee."""
    base = {
        "registered_kind": "solidarity",
        "initiated_by": "residents",
        "purposes": ["development"],
        "mutual_value": False,
        "parties": [],
        "owner": {"kind": "committee"},
    }
    base.update(overrides)
    return relation(**base)


def topical(**overrides: Any) -> dict[str, Any]:
    """A clean topical relation (culture, mutual), owned by the CUL portfolio."""
    base = {
        "registered_kind": "twinning",
        "initiated_by": "civil_society",
        "purposes": ["culture"],
        "mutual_value": True,
        "parties": [],
        "owner": {"kind": "portfolio", "portfolio": "CUL"},
    }
    base.update(overrides)
    return relation(**base)


def committee(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "subject": "committee",
        "id": "commissie-ib",
        "name": "Commissie Internationale Betrekkingen",
        "installed_by": "council",
        "members": [
            {
                "name": "A. Jansen",
                "is_council_member": True,
                "role": "chair",
                "elected_by_committee": True,
            },
            {"name": "B. de Vries", "is_council_member": True, "role": "member"},
            {"name": "C. Bakker", "is_council_member": False, "role": "advisor"},
        ],
    }
    data.update(copy.deepcopy(overrides))
    return data


def budget_line(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "subject": "budget_line",
        "id": "solidariteitsbudget",
        "name": "Solidariteitsbudget",
        "purpose": "solidarity",
        "money_eur_per_year": "25000.00",
        "staff_hours_per_year": 200,
        "held_by": "committee",
    }
    data.update(copy.deepcopy(overrides))
    return data


def decide(framework: Framework, data: dict[str, Any], as_of: date | None = AS_OF) -> Decision:
    return evaluate(framework, parse_subject(data), as_of)


def codes(decision: Decision) -> list[str]:
    return [f.code for f in decision.findings]


def action_codes(decision: Decision) -> list[str]:
    return [a.code for a in decision.actions]


@pytest.fixture
def assess(fw: Framework) -> Callable[..., Decision]:
    def run(data: dict[str, Any], as_of: date | None = AS_OF) -> Decision:
        return decide(fw, data, as_of)

    return run
