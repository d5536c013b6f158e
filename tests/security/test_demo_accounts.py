"""Demo accounts with their public password are refused when DEBUG is off, even when present."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.test import Client, override_settings

from intrel.accounts.constants import Role


def _demo_user(make_user: Callable[..., Any], username: str = "beheer") -> Any:
    user = make_user(Role.APPLICATION_MANAGER, username=username)
    user.set_password(settings.INTREL_DEMO_PASSWORD)
    user.is_staff = True
    user.save()
    return user


def test_a_demo_account_with_the_public_password_is_refused(
    make_user: Callable[..., Any],
) -> None:
    _demo_user(make_user)
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "beheer", "password": settings.INTREL_DEMO_PASSWORD}
    )
    assert response.status_code == 400
    assert "Demo accounts cannot log in on this installation" in response.content.decode()
    assert client.get("/").status_code == 302


def test_the_admin_login_refuses_it_too(make_user: Callable[..., Any]) -> None:
    _demo_user(make_user)
    client = Client()
    response = client.post(
        "/admin/login/", {"username": "beheer", "password": settings.INTREL_DEMO_PASSWORD}
    )
    assert "Demo accounts cannot log in on this installation" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_refusal_is_dutch_by_default(make_user: Callable[..., Any]) -> None:
    _demo_user(make_user)
    with override_settings(LANGUAGE_CODE="nl"):
        response = Client().post(
            "/accounts/login/",
            {"username": "beheer", "password": settings.INTREL_DEMO_PASSWORD},
        )
    assert "Demo-accounts kunnen op deze installatie niet inloggen" in response.content.decode()


@override_settings(DEBUG=True)
def test_with_debug_on_the_demo_account_logs_in(make_user: Callable[..., Any]) -> None:
    _demo_user(make_user)
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "beheer", "password": settings.INTREL_DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_an_ordinary_account_with_that_password_logs_in(make_user: Callable[..., Any]) -> None:
    _demo_user(make_user, username="f.elamrani")
    response = Client().post(
        "/accounts/login/",
        {"username": "f.elamrani", "password": settings.INTREL_DEMO_PASSWORD},
    )
    assert response.status_code == 302


def test_a_demo_user_name_with_its_own_password_logs_in(make_user: Callable[..., Any]) -> None:
    make_user(Role.POLICY_OFFICER, username="beleid")
    response = Client().post(
        "/accounts/login/", {"username": "beleid", "password": "pw-for-tests-only"}
    )
    assert response.status_code == 302
