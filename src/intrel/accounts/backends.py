"""How a person signs in: Django's model backend, refusing the demo accounts' public password
when DEBUG is off (docs/security.md). django-axes stands before it (settings)."""

import hmac
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .services import DEMO_ACCOUNTS

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
