"""Login throttling (django-axes): after N wrong passwords the user name + address is locked for
a cool-off, on the site's login and the admin's; the right password is refused meanwhile."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from intrel.accounts.constants import Role

PASSWORD = "pw-for-tests-only"


def _login(client: Client, password: str, path: str = "/accounts/login/") -> Any:
    return client.post(path, {"username": "beleid", "password": password})


def _signed_in(client: Client) -> bool:
    return client.get("/").status_code == 200


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_five_wrong_passwords_lock_the_login_and_the_right_one_is_refused(
    make_user: Callable[..., Any], path: str
) -> None:
    user = make_user(Role.POLICY_OFFICER, username="beleid")
    user.is_staff = True
    user.save()
    client = Client()
    for _ in range(4):
        assert _login(client, "wrong", path).status_code in (200, 400)
    locked = _login(client, "wrong", path)
    assert locked.status_code == 429
    assert "Logging in is locked for 15 minutes" in locked.content.decode()
    assert locked["Retry-After"] == "900"

    right = _login(client, PASSWORD, path)
    assert right.status_code == 429
    assert not _signed_in(client)


def test_the_lock_is_released_after_the_cool_off(make_user: Callable[..., Any]) -> None:
    make_user(Role.POLICY_OFFICER, username="beleid")
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            _login(client, "wrong")
        assert _login(client, PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        response = _login(client, PASSWORD)
        assert response.status_code == 302
        assert _signed_in(client)


def test_an_attempt_while_locked_counts_the_cool_off_from_that_attempt(
    make_user: Callable[..., Any],
) -> None:
    make_user(Role.POLICY_OFFICER, username="beleid")
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            _login(client, "wrong")
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert _login(client, PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        assert _login(client, PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=36), tick=False):
        assert _login(client, PASSWORD).status_code == 302


def test_fewer_wrong_passwords_than_the_limit_do_not_lock(make_user: Callable[..., Any]) -> None:
    make_user(Role.POLICY_OFFICER, username="beleid")
    client = Client()
    for _ in range(4):
        assert _login(client, "wrong").status_code == 400
    assert _login(client, PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=timedelta(minutes=3))
def test_limit_and_cool_off_are_settings(make_user: Callable[..., Any]) -> None:
    make_user(Role.POLICY_OFFICER, username="beleid")
    client = Client()
    _login(client, "wrong")
    locked = _login(client, "wrong")
    assert locked.status_code == 429
    assert "locked for 3 minutes" in locked.content.decode()


def test_the_lock_out_page_is_dutch_by_default(make_user: Callable[..., Any]) -> None:
    make_user(Role.POLICY_OFFICER, username="beleid")
    client = Client()
    with override_settings(LANGUAGE_CODE="nl"):
        for _ in range(5):
            response = _login(client, "wrong")
    assert response.status_code == 429
    assert "Inloggen is 15 minuten geblokkeerd" in response.content.decode()


def test_another_address_is_not_locked(make_user: Callable[..., Any]) -> None:
    make_user(Role.POLICY_OFFICER, username="beleid")
    for _ in range(5):
        Client(REMOTE_ADDR="10.0.0.1").post(
            "/accounts/login/", {"username": "beleid", "password": "wrong"}
        )
    other = Client(REMOTE_ADDR="10.0.0.2")
    response = other.post("/accounts/login/", {"username": "beleid", "password": PASSWORD})
    assert response.status_code == 302
