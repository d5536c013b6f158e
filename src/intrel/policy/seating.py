"""Seating the committee's chair: what the framework's ``chair_election`` refuses.

The governance services ask before they seat a chair or accept a candidate, so that the rule
(helmond-2013: BES-10, the committee elects its own chair from its council members) is the
framework file's, not the code's: a framework without ``chair_election`` refuses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from intrel.policy.framework import Framework


class SeatingProblem(StrEnum):
    # A chair neither elected by the committee nor chairing by virtue of office.
    CHAIR_NOT_ELECTED = "CHAIR_NOT_ELECTED"
    # Chairing by virtue of office on or after the framework's ``effective_from``.
    CHAIR_BY_OFFICE_ENDED = "CHAIR_BY_OFFICE_ENDED"
    # A candidate for chair who is not a council member.
    CANDIDATE_NOT_COUNCIL_MEMBER = "CANDIDATE_NOT_COUNCIL_MEMBER"


@dataclass(frozen=True)
class SeatingRefusal:
    problem: SeatingProblem
    clauses: tuple[str, ...]
    effective_from: date | None = None


def chair_seating_refusal(
    framework: Framework, *, elected: bool, by_office: bool, start: date
) -> SeatingRefusal | None:
    """Why ``framework`` refuses to seat a chair from ``start`` (elected by the committee, or
    by virtue of office), or None."""
    rule = framework.spec.chair_election
    if rule is None or elected:
        return None
    clauses = tuple(rule.clauses)
    if not by_office:
        return SeatingRefusal(SeatingProblem.CHAIR_NOT_ELECTED, clauses)
    effective = framework.spec.effective_from
    if effective is None or start >= effective:
        return SeatingRefusal(SeatingProblem.CHAIR_BY_OFFICE_ENDED, clauses, effective)
    return None


def chair_candidate_refusal(
    framework: Framework, *, is_council_member: bool
) -> SeatingRefusal | None:
    """Why ``framework`` refuses a candidate for chair, or None."""
    rule = framework.spec.chair_election
    if rule is None or is_council_member or not rule.candidates_council_members:
        return None
    return SeatingRefusal(SeatingProblem.CANDIDATE_NOT_COUNCIL_MEMBER, tuple(rule.clauses))
