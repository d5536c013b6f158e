"""Writes for accounts: the role groups and the demo accounts."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .constants import ROLE_PERMISSIONS, Role
from .models import User


def roles_sync() -> None:
    """Create the Dutch role groups and give each exactly its permissions.

    The permissions are read in one query (not one per permission: 414 queries and a third of
    a second per call before, and the test suite calls this for every user it makes)."""
    wanted = {
        tuple(full.split(".")) for codenames in ROLE_PERMISSIONS.values() for full in codenames
    }
    known = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _, codename in wanted}
        )
    }
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        # A model of a later migration may not exist yet: its permissions are left out.
        perms = [
            known[key] for full in sorted(codenames) if (key := tuple(full.split("."))) in known
        ]
        group.permissions.set(perms)


def roles_sync_after_migrate(*, sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.apps import apps

    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is with_models[-1]:
        roles_sync()


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    first_name: str
    last_name: str
    job_title: str


DEMO_ACCOUNTS = [
    DemoAccount("beheer", Role.APPLICATION_MANAGER, "Fatima", "El Amrani", "Functioneel beheerder"),
    DemoAccount("beleid", Role.POLICY_OFFICER, "Pieter", "van den Heuvel", "Beleidsmedewerker IB"),
    DemoAccount("wethouder", Role.PORTFOLIO_HOLDER, "Anja", "Verhoeven", "Wethouder EZ"),
    DemoAccount("griffie", Role.CLERK, "Joost", "Smulders", "Griffier"),
    DemoAccount("commissie", Role.COMMITTEE_MEMBER, "Marieke", "Jansen", "Commissielid IB"),
    DemoAccount("raad", Role.COUNCIL_MEMBER, "Kees", "de Groot", "Raadslid"),
]


@transaction.atomic
def demo_accounts_create(*, password: str) -> list[User]:
    """One account per role, for a demo installation only (refused when DEBUG is off)."""
    if not settings.DEBUG:
        raise ImproperlyConfigured("Demo accounts are only created while DEBUG is on.")
    roles_sync()
    users = []
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.first_name = account.first_name
        user.last_name = account.last_name
        user.job_title = account.job_title
        user.email = f"{account.username}@example.org"
        user.is_staff = account.role == Role.APPLICATION_MANAGER
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=str(account.role))])
        users.append(user)
    return users
