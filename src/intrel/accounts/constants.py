"""The roles of MISSION.md, shipped as Django groups with Dutch names."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICATION_MANAGER = "functioneel beheer", _("functioneel beheer")
    POLICY_OFFICER = "beleidsmedewerker", _("beleidsmedewerker")
    PORTFOLIO_HOLDER = "portefeuillehouder", _("portefeuillehouder")
    CLERK = "griffie", _("griffie")
    COMMITTEE_MEMBER = "commissielid", _("commissielid")
    COUNCIL_MEMBER = "raadslid", _("raadslid")


# The register's models and what each role may do with them ("app_label.model").
REGISTER_MODELS = [
    "partners.partner",
    "relations.relation",
    "relations.party",
    "relations.agreement",
    "relations.involvement",
    "relations.activity",
]
PERSONAL_DATA_MODELS = ["relations.contactperson"]
IMPORT_MODELS = ["imports.importbatch"]


def _perms(models_: list[str], actions: tuple[str, ...]) -> set[str]:
    return {f"{m.split('.')[0]}.{a}_{m.split('.')[1]}" for m in models_ for a in actions}


_ALL = ("view", "add", "change", "delete")
_EDIT = ("view", "add", "change")
_READ = ("view",)

# Routing is not permission: the framework decides which body decides; these decide who may
# press which button. Every view and API operation checks one of these codenames.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.APPLICATION_MANAGER: _perms(REGISTER_MODELS + PERSONAL_DATA_MODELS + IMPORT_MODELS, _ALL)
    | {"accounts.view_user", "accounts.add_user", "accounts.change_user"},
    Role.POLICY_OFFICER: _perms(REGISTER_MODELS + PERSONAL_DATA_MODELS + IMPORT_MODELS, _EDIT)
    | _perms(["relations.agreement", "relations.involvement", "relations.activity"], ("delete",)),
    Role.PORTFOLIO_HOLDER: _perms(REGISTER_MODELS + PERSONAL_DATA_MODELS, _READ),
    Role.CLERK: _perms(REGISTER_MODELS + PERSONAL_DATA_MODELS, _READ),
    Role.COMMITTEE_MEMBER: _perms(REGISTER_MODELS, _READ),
    Role.COUNCIL_MEMBER: _perms(REGISTER_MODELS, _READ),
}
