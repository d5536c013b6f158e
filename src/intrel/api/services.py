"""Writes of the API app: service tokens."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intrel.accounts.models import User
from intrel.core.errors import Conflict, DomainError

from .constants import SERVICE_TOKEN_DEFAULT_DAYS, SERVICE_TOKEN_PREFIX, Scope
from .models import ServiceToken, hash_key


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
