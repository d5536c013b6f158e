"""Reads of the API app: persons' tokens as their owner and functioneel beheer see them."""

from django.db.models import QuerySet

from intrel.accounts.models import User

from .constants import MANAGE_ANY_TOKEN
from .models import PersonToken, ServiceToken


def person_tokens_of(*, user: User) -> QuerySet[PersonToken]:
    """The user's own tokens, newest first (revoked and expired ones too, for the record)."""
    return PersonToken.objects.filter(user=user).select_related("revoked_by")


def person_tokens_all(*, actor: User) -> QuerySet[PersonToken]:
    """Everyone's tokens for functioneel beheer; nothing for anyone else."""
    if not actor.has_perm(MANAGE_ANY_TOKEN):
        return PersonToken.objects.none()
    return PersonToken.objects.select_related("user", "revoked_by")


def service_tokens_all(*, actor: User) -> QuerySet[ServiceToken]:
    """Other systems' tokens for functioneel beheer; nothing for anyone else."""
    if not actor.has_perm(MANAGE_ANY_TOKEN):
        return ServiceToken.objects.none()
    return ServiceToken.objects.order_by("name")
