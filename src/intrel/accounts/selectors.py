"""Reads of accounts that other apps use."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.request import Request

from .models import User


def request_user(request: HttpRequest | Request) -> User:
    """The signed-in user who makes ``request``: the one a service records as having acted.

    Every page and API operation that writes requires a signed-in user; an anonymous one here
    is refused as a missing permission would be (403).
    """
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
