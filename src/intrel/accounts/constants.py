"""The roles of MISSION.md, shipped as Django groups with Dutch names."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # The value is the group's name (Dutch, stored); the label is what a page shows, translated.
    APPLICATION_MANAGER = "functioneel beheer", _("application manager")
    POLICY_OFFICER = "beleidsmedewerker", _("policy officer")
    PORTFOLIO_HOLDER = "portefeuillehouder", _("portfolio holder")
    CLERK = "griffie", _("clerk")
    COMMITTEE_MEMBER = "commissielid", _("committee member")
    COUNCIL_MEMBER = "raadslid", _("council member")


# The register's models and what each role may do with them ("app_label.model").
REGISTER_MODELS = [
    "partners.partner",
    "relations.relation",
    "relations.party",
    "relations.agreement",
    "relations.involvement",
    "relations.activity",
    "relations.lifestep",
]
PERSONAL_DATA_MODELS = ["relations.contactperson"]
IMPORT_MODELS = ["imports.importbatch"]
ASSESSMENT_READ = {"assessments.view_assessment", "assessments.view_override"}
# add_assessment: assess a subject now (the button beside a stale assessment, ADR 0009).
ASSESSMENT_WRITE = {
    "assessments.add_assessment",
    "assessments.confirm_assessment",
    "assessments.add_override",
}


def _perms(models_: list[str], actions: tuple[str, ...]) -> set[str]:
    return {f"{m.split('.')[0]}.{a}_{m.split('.')[1]}" for m in models_ for a in actions}


_ALL = ("view", "add", "change", "delete")
_EDIT = ("view", "add", "change")
_READ = ("view",)

# Routing is not permission: the framework decides which body decides; these decide who may
# press which button. Every view and API operation checks one of these codenames.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.APPLICATION_MANAGER: _perms(REGISTER_MODELS + PERSONAL_DATA_MODELS + IMPORT_MODELS, _ALL)
    | {"accounts.view_user", "accounts.add_user", "accounts.change_user"}
    # Everyone's API tokens: listed and revoked (issue 18; api.constants.MANAGE_ANY_TOKEN).
    | {"api.manage_any_persontoken"}
    # The audit log of every write (accounts/audit.py, issue 18).
    | {"accounts.view_audit_log"},
    Role.POLICY_OFFICER: _perms(REGISTER_MODELS + PERSONAL_DATA_MODELS + IMPORT_MODELS, _EDIT)
    | _perms(["relations.agreement", "relations.involvement", "relations.activity"], ("delete",)),
    Role.PORTFOLIO_HOLDER: _perms(REGISTER_MODELS + PERSONAL_DATA_MODELS, _READ),
    Role.CLERK: _perms(REGISTER_MODELS + PERSONAL_DATA_MODELS, _READ),
    Role.COMMITTEE_MEMBER: _perms(REGISTER_MODELS, _READ),
    Role.COUNCIL_MEMBER: _perms(REGISTER_MODELS, _READ),
}

# Every role reads assessments; officers and application managers assess, confirm and override
# them.
for _role in Role:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS.get(_role, set()) | ASSESSMENT_READ
for _role in (Role.APPLICATION_MANAGER, Role.POLICY_OFFICER):
    ROLE_PERMISSIONS[_role] |= ASSESSMENT_WRITE

# Governance (council, board, portfolios, committee, meetings, decisions): the clerk (griffie)
# manages them, the application manager too; every other role reads them.
GOVERNANCE_MODELS = [
    f"governance.{m}"
    for m in [
        "person",
        "politicalgroup",
        "councilmembership",
        "boardmembership",
        "portfolio",
        "portfolioholding",
        "committee",
        "committeemembership",
        "committeegoals",
        "meeting",
        "agendaitem",
        "attendance",
        "meetingdocument",
        "decision",
        "vote",
        "chairelection",
        "chairvote",
    ]
]
for _role in Role:
    ROLE_PERMISSIONS[_role] |= _perms(GOVERNANCE_MODELS, _READ)
for _role in (Role.APPLICATION_MANAGER, Role.CLERK):
    ROLE_PERMISSIONS[_role] |= _perms(GOVERNANCE_MODELS, _ALL)

# Budgets (lines, transfers, allocations, ledger entries = realisations and releases): every role
# reads them. Officers and application managers manage every line; the clerk (griffie) records
# allocations, realisations and releases on lines the committee holds only (the views and the
# API check ``budgets.manage_any_line`` per line). Portfolio holders read: accounts are not
# linked to the governance persons, so "their" portfolio cannot be told apart (docs/budgets.md).
BUDGET_MODELS = [
    "budgets.budgetline",
    "budgets.budgettransfer",
    "budgets.allocation",
    "budgets.ledgerentry",
]
BUDGET_BOOKING = {"budgets.add_allocation", "budgets.add_ledgerentry"}
BUDGET_MANAGE = {
    "budgets.add_budgetline",
    "budgets.add_budgettransfer",
    "budgets.manage_any_line",
} | BUDGET_BOOKING
for _role in Role:
    ROLE_PERMISSIONS[_role] |= _perms(BUDGET_MODELS, _READ)
for _role in (Role.APPLICATION_MANAGER, Role.POLICY_OFFICER):
    ROLE_PERMISSIONS[_role] |= BUDGET_MANAGE
ROLE_PERMISSIONS[Role.CLERK] |= BUDGET_BOOKING

# Citizen initiatives (issue 13): every role reads them; the clerk (griffie), the policy officers
# and the application manager take the workflow's steps (change_initiative) and see the
# initiator's contact data (view_contact), which the other roles do not.
INITIATIVE_READ = {"initiatives.view_initiative"}
INITIATIVE_WORK = {"initiatives.change_initiative", "initiatives.view_contact"}
for _role in Role:
    ROLE_PERMISSIONS[_role] |= INITIATIVE_READ
for _role in (Role.APPLICATION_MANAGER, Role.POLICY_OFFICER, Role.CLERK):
    ROLE_PERMISSIONS[_role] |= INITIATIVE_WORK

# The review (issue 15): every role reads the rounds and their actions (the council decides on
# them); the policy officers and the application manager run a round.
REVIEW_MODELS = ["reviews.reviewround", "reviews.reviewitem", "reviews.reviewaction"]
for _role in Role:
    ROLE_PERMISSIONS[_role] |= _perms(REVIEW_MODELS, _READ)
for _role in (Role.APPLICATION_MANAGER, Role.POLICY_OFFICER):
    ROLE_PERMISSIONS[_role] |= _perms(REVIEW_MODELS, _EDIT)
# An action is closed by its owner (the person or the role that carries it); the application
# manager may close anyone's (reviews.selectors.action_may_close).
ROLE_PERMISSIONS[Role.APPLICATION_MANAGER] |= {"reviews.close_any_action"}
