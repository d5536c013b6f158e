"""The user a service records comes from the request, signed in or refused."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from intrel.accounts.selectors import request_user

pytestmark = pytest.mark.django_db


def test_the_signed_in_user_is_the_one_who_acts(make_user) -> None:
    request = RequestFactory().post("/")
    request.user = user = make_user()
    assert request_user(request) == user


def test_an_anonymous_request_is_refused_as_forbidden() -> None:
    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        request_user(request)
