"""The API's own enums: the scopes a service token may carry and what each allows."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from intrel.accounts.constants import REGISTER_MODELS

# Service tokens start with this, so authentication knows which table to look in.
SERVICE_TOKEN_PREFIX = "svc_"  # noqa: S105 - a marker, not a secret
# A service token lives this many days unless its command says otherwise.
SERVICE_TOKEN_DEFAULT_DAYS = 365
# A person's token starts with this ("personal access token"); its lifetime is the setting
# INTREL_API_TOKEN_DAYS (90 days by default).
PERSON_TOKEN_PREFIX = "pat_"  # noqa: S105 - a marker, not a secret
# Functioneel beheer lists and revokes everyone's tokens (accounts/constants.py grants it).
MANAGE_ANY_TOKEN = "api.manage_any_persontoken"  # noqa: S105 - a permission, not a secret


class PersonTokenState(models.TextChoices):
    ACTIVE = "active", _("active")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


class Scope(models.TextChoices):
    READ = "read", _("read the register")
    WRITE_RELATIONS = "write:relations", _("create and change relations")


def _perms(models_: list[str], verbs: tuple[str, ...]) -> set[str]:
    return {f"{m.split('.')[0]}.{v}_{m.split('.')[1]}" for m in models_ for v in verbs}


# A scope grants exactly these permission codenames (the same ones the roles carry).
SCOPE_PERMISSIONS: dict[str, set[str]] = {
    # The register (not its personal data) and the framework's assessments.
    Scope.READ: _perms(REGISTER_MODELS, ("view",)) | {"assessments.view_assessment"},
    Scope.WRITE_RELATIONS: _perms(["relations.relation"], ("add", "change")),
}
