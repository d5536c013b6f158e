"""Governance enums (values as in shared/policy/CONTRACT.md where the contract names them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Body(models.TextChoices):
    COUNCIL = "council", _("municipal council")
    EXECUTIVE_BOARD = "executive_board", _("executive board")
    COMMITTEE = "committee", _("committee")


class InstalledBy(models.TextChoices):
    COUNCIL = "council", _("the council")
    EXECUTIVE_BOARD = "executive_board", _("the executive board")
    MAYOR = "mayor", _("the mayor")


class BoardRole(models.TextChoices):
    MAYOR = "mayor", _("mayor")
    ALDERMAN = "alderman", _("alderman")


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    MEMBER = "member", _("member")
    SECRETARY = "secretary", _("secretary")
    ADVISOR = "advisor", _("advisor")


# What the API may seat (a chair is made only by the committee's election, BES-10).
SEAT_ROLES = [c for c in CommitteeRole.choices if c[0] != CommitteeRole.CHAIR]

# Who votes in the committee: the chair and the members; secretary and advisors do not.
VOTING_ROLES = (CommitteeRole.CHAIR, CommitteeRole.MEMBER)


class DecisionKind(models.TextChoices):
    CHAIR_ELECTION = "chair_election", _("chair election")
    BUDGET = "budget", _("budget")
    INITIATIVE_SUPPORT = "initiative_support", _("support for an initiative")
    RELATION_ENDING = "relation_ending", _("ending a relation")
    COMMITTEE_INSTALLATION = "committee_installation", _("installing the committee")
    FRAMEWORK_ADOPTION = "framework_adoption", _("adopting the framework")
    ANNUAL_REPORT = "annual_report", _("annual report")
    OTHER = "other", _("other")


# What the API may record (a chair election is held on the pages, with its ballot).
RECORDED_DECISION_KINDS = [c for c in DecisionKind.choices if c[0] != DecisionKind.CHAIR_ELECTION]


class VoteOption(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstain")
    ABSENT = "absent", _("absent")


class DecisionResult(models.TextChoices):
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    TIED = "tied", _("tied: no majority")


# Popolo's vote options (https://www.popoloproject.com/specs/vote.html).
POPOLO_OPTION = {
    VoteOption.FOR: "yes",
    VoteOption.AGAINST: "no",
    VoteOption.ABSTAIN: "abstain",
    VoteOption.ABSENT: "absent",
}
POPOLO_RESULT: dict[str, str] = {
    DecisionResult.ADOPTED: "pass",
    DecisionResult.REJECTED: "fail",
    DecisionResult.TIED: "fail",
}
POPOLO_ROLE = {
    CommitteeRole.CHAIR: "Chair",
    CommitteeRole.MEMBER: "Member",
    CommitteeRole.SECRETARY: "Secretary",
    CommitteeRole.ADVISOR: "Advisor",
}

DOCUMENT_SIGNATURES = {
    # PDF files start with %PDF-; DOCX files are ZIP archives holding word/document.xml.
    "pdf": b"%PDF-",
    "docx": b"PK\x03\x04",
}
