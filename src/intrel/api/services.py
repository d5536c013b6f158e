"""Writes of the API app: service tokens and persons' tokens."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intrel.accounts.models import User
from intrel.core.errors import Conflict, DomainError, NotFound

from .constants import (
    MANAGE_ANY_TOKEN,
    PERSON_TOKEN_PREFIX,
    SERVICE_TOKEN_DEFAULT_DAYS,
    SERVICE_TOKEN_PREFIX,
    Scope,
)
from .models import PersonToken, ServiceToken, hash_key


@transaction.atomic
def service_token_create(
    *, name: str, scopes: list[str], days: int = SERVICE_TOKEN_DEFAULT_DAYS
) -> tuple[ServiceToken, str]:
    """A new service token and its key; the key is returned once and only its hash is kept."""
    name = name.strip()
    if not name:
        raise DomainError(_("A service token needs a name."), field="name")
    unknown = sorted(set(scopes) - set(Scope.values))
    if not scopes or unknown:
        raise DomainError(
            _("Unknown or missing scope %(scope)s; known scopes: %(known)s.")
            % {"scope": ", ".join(unknown) or "-", "known": ", ".join(Scope.values)},
            field="scopes",
        )
    if days < 1:
        raise DomainError(_("A token must be valid for at least one day."), field="days")
    if ServiceToken.objects.filter(name=name).exists():
        raise Conflict(_("A service token named %(name)s exists.") % {"name": name}, field="name")
    user = User.objects.create(username=f"svc-{name}"[:150], first_name=name)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    raw_key = SERVICE_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ServiceToken.objects.create(
        name=name,
        user=user,
        key_hash=hash_key(raw_key),
        key_hint=raw_key[:12],
        scopes=sorted(set(scopes)),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, raw_key


@transaction.atomic
def service_token_revoke(*, name: str) -> ServiceToken:
    """Refuse the named service token from now on (kept, with the moment, for the record)."""
    token = ServiceToken.objects.select_for_update().filter(name=name.strip()).first()
    if token is None:
        raise DomainError(_("No service token named %(name)s.") % {"name": name}, field="name")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def _may_manage(*, actor: User, token: PersonToken) -> bool:
    return token.user_id == actor.pk or actor.has_perm(MANAGE_ANY_TOKEN)


@transaction.atomic
def person_token_create(
    *, user: User, name: str, days: int | None = None
) -> tuple[PersonToken, str]:
    """A new token for ``user`` and its key; the key is returned once and only its hash kept."""
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("A token needs a name: what it is for."), field="name")
    if len(name) > 100:
        raise DomainError(_("A token's name is at most 100 characters."), field="name")
    if days is None:
        days = settings.INTREL_API_TOKEN_DAYS
    if days < 1 or days > settings.INTREL_API_TOKEN_MAX_DAYS:
        raise DomainError(
            _("A token is valid for 1 to %(max)s days.")
            % {"max": settings.INTREL_API_TOKEN_MAX_DAYS},
            field="days",
        )
    if not user.is_active:
        raise DomainError(_("An inactive user cannot get a token."), field="user")
    now = timezone.now()
    clash = PersonToken.objects.filter(
        user=user, name=name, revoked_at__isnull=True, expires_at__gt=now
    )
    if clash.exists():
        raise Conflict(
            _("You already have an active token named %(name)s; revoke it or choose another name.")
            % {"name": name},
            field="name",
        )
    raw_key = PERSON_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonToken.objects.create(
        user=user,
        name=name,
        key_hash=hash_key(raw_key),
        key_hint=raw_key[:8],
        expires_at=now + timedelta(days=days),
    )
    return token, raw_key


@transaction.atomic
def person_token_revoke(*, token_id: int, actor: User) -> PersonToken:
    """Refuse the token from now on; its owner or functioneel beheer may. A token the actor
    may not manage answers as one that does not exist."""
    token = PersonToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None or not _may_manage(actor=actor, token=token):
        raise NotFound(_("No such token."), field="token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token
