"""Who calls the API: a person by their token, or another system by a scoped service token.

Both are sent as ``Authorization: Bearer <key>``; service keys start with ``svc_``.
"""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from .constants import SERVICE_TOKEN_PREFIX
from .models import PersonToken, ServiceToken, hash_key


def _bearer_key(request: Request) -> str | None:
    parts = get_authorization_header(request).split()
    if len(parts) != 2 or parts[0].lower() != b"bearer":
        return None
    try:
        return parts[1].decode()
    except UnicodeError:
        return None


class BearerTokenAuthentication(TokenAuthentication):
    """A person's token: ``Authorization: Bearer <token>`` (``intrel api_token USER --name N``
    or the page /accounts/tokens/). Only its hash is stored; an unknown, expired or revoked
    token, or one of an inactive user, answers 401."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> Any:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        key = _bearer_key(request)
        if key is None:
            raise AuthenticationFailed(_("Send the token as 'Authorization: Bearer <token>'."))
        if key.startswith(SERVICE_TOKEN_PREFIX):
            return None  # a service token: ServiceTokenAuthentication answers
        token = PersonToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None or not token.is_usable() or not token.user.is_active:
            raise AuthenticationFailed(_("The token is unknown, expired or revoked."))
        return (token.user, token)


class ServiceTokenAuthentication(BearerTokenAuthentication):
    """A system's token (``intrel api_service_token NAME --scope read``): scoped, expiring."""

    def authenticate(self, request: Request) -> Any:
        key = _bearer_key(request)
        if key is None or not key.startswith(SERVICE_TOKEN_PREFIX):
            return None
        token = ServiceToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None or not token.is_usable() or not token.user.is_active:
            raise AuthenticationFailed(_("The service token is unknown, expired or revoked."))
        return (token.user, token)


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A person's token (`intrel api_token USERNAME --name NAME`, or the page "
                "/accounts/tokens/): expires, can be revoked."
            ),
        }


class ServiceTokenScheme(BearerTokenScheme):
    target_class = ServiceTokenAuthentication
    name = "serviceTokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A service token (`intrel api_service_token NAME --scope read`).",
        }
