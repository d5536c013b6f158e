"""How a person signs in: Django's model backend, refusing the demo accounts' public password
when DEBUG is off (docs/security.md). django-axes stands before it (settings)."""

import hmac
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.http import HttpRequest

from intrel.core import versions

from .services import DEMO_ACCOUNTS

# The version (core.versions) of the cached permission sets: bumped by every change of a
# user's groups or permissions, a group's permissions, a group, a permission or a user
# (AccountsConfig.ready). An entry lives at most PERMISSIONS_SECONDS.
PERMISSIONS_VERSION = "permissions"
PERMISSIONS_SECONDS = 300

DEMO_USERNAMES = frozenset(account.username for account in DEMO_ACCOUNTS)


def demo_password_refused(username: str | None, password: str | None) -> bool:
    """Whether this is a demo account's public password on an installation without DEBUG.

    A demo account may exist in a production database (copied from a demo, or created before
    DEBUG was turned off); its password is public, so it must not open the door there.
    """
    if settings.DEBUG or not username or not password:
        return False
    if username not in DEMO_USERNAMES:
        return False
    return hmac.compare_digest(password.encode(), str(settings.INTREL_DEMO_PASSWORD).encode())


class AccountBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if demo_password_refused(username, password):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def _get_permissions(self, user_obj: Any, obj: Any, from_name: str) -> set[str]:
        """The model backend's permission set of the user (``from_name``: "user" or "group"),
        cached between requests until a role or permission changes anywhere (two queries a
        request otherwise, on every page and API call; issue 19). Inactive users, anonymous
        users and questions about an object are answered as the model backend does."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return super()._get_permissions(user_obj, obj, from_name)  # type: ignore[misc]
        attribute = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, attribute):
            key = (
                f"{PERMISSIONS_VERSION}:{versions.version(PERMISSIONS_VERSION)}:"
                f"{user_obj.pk}:{int(user_obj.is_superuser)}:{from_name}"
            )
            found = cache.get(key)
            if found is None:
                found = super()._get_permissions(user_obj, obj, from_name)  # type: ignore[misc]
                cache.set(key, found, PERMISSIONS_SECONDS)
            setattr(user_obj, attribute, set(found))
        return getattr(user_obj, attribute)


def permissions_changed(sender: Any, **kwargs: Any) -> None:
    """Signal receiver: a role, a permission or a user changed; the sets are read afresh."""
    versions.bump(PERMISSIONS_VERSION)
