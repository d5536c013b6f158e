"""The policy engine: facts about a subject + a framework + a date -> a decision.

Plain Python (no Django). Other apps import only from this module:

    from intrel.policy import load_framework, parse_subject, evaluate

See docs/policy-engine.md.
"""

from __future__ import annotations

from intrel.policy.compare import (
    Comparison,
    FrameworkComparison,
    Impact,
    ImpactRow,
    RegisteredSituation,
    compare,
    compare_frameworks,
    impact,
    impact_rows,
    registered_situation,
)
from intrel.policy.countries import COUNTRY_CODES, COUNTRY_NAMES, USER_ASSIGNED
from intrel.policy.decision import Action, Decision, Finding, decision_to_json
from intrel.policy.engine import evaluate
from intrel.policy.framework import (
    Framework,
    FrameworkError,
    UnknownFrameworkError,
    clause_text,
    framework_from_data,
    known_frameworks,
    load_framework,
)
from intrel.policy.seating import (
    SeatingProblem,
    SeatingRefusal,
    chair_candidate_refusal,
    chair_seating_refusal,
)
from intrel.policy.subjects import (
    FIRST_YEAR,
    LAST_YEAR,
    BudgetLine,
    Committee,
    Problem,
    Relation,
    Subject,
    SubjectError,
    in_date_range,
    parse_subject,
    parse_subjects,
)

__all__ = [
    "COUNTRY_CODES",
    "COUNTRY_NAMES",
    "FIRST_YEAR",
    "LAST_YEAR",
    "USER_ASSIGNED",
    "Action",
    "BudgetLine",
    "Committee",
    "Comparison",
    "Decision",
    "Finding",
    "Framework",
    "FrameworkComparison",
    "FrameworkError",
    "Impact",
    "ImpactRow",
    "Problem",
    "RegisteredSituation",
    "Relation",
    "SeatingProblem",
    "SeatingRefusal",
    "Subject",
    "SubjectError",
    "UnknownFrameworkError",
    "chair_candidate_refusal",
    "chair_seating_refusal",
    "clause_text",
    "compare",
    "compare_frameworks",
    "decision_to_json",
    "evaluate",
    "framework_from_data",
    "impact",
    "impact_rows",
    "in_date_range",
    "known_frameworks",
    "load_framework",
    "parse_subject",
    "parse_subjects",
    "registered_situation",
]
