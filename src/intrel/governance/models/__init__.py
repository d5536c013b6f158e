"""Governance models: people and bodies (bodies.py), meetings and decisions (meetings.py)."""

from .bodies import (
    BoardMembership,
    Committee,
    CommitteeGoals,
    CommitteeMembership,
    CouncilMembership,
    Person,
    PoliticalGroup,
    Portfolio,
    PortfolioHolding,
)
from .meetings import (
    AgendaItem,
    Attendance,
    ChairElection,
    ChairVote,
    Decision,
    DecisionCounter,
    Meeting,
    MeetingDocument,
    Vote,
)

__all__ = [
    "AgendaItem",
    "Attendance",
    "BoardMembership",
    "ChairElection",
    "ChairVote",
    "Committee",
    "CommitteeGoals",
    "CommitteeMembership",
    "CouncilMembership",
    "Decision",
    "DecisionCounter",
    "Meeting",
    "MeetingDocument",
    "Person",
    "PoliticalGroup",
    "Portfolio",
    "PortfolioHolding",
    "Vote",
]
