"""A signed-in session ends after INTREL_SESSION_IDLE_MINUTES without a request (default 30)."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from intrel.accounts.constants import Role


def _login(make_user: Callable[..., Any]) -> Client:
    make_user(Role.POLICY_OFFICER, username="beleid")
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "beleid", "password": "pw-for-tests-only"}
    )
    assert response.status_code == 302
    return client


def test_activity_keeps_the_session_and_idleness_ends_it(make_user: Callable[..., Any]) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _login(make_user)
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=25), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert client.get("/").status_code == 200  # 25 minutes after the last request
    with time_machine.travel(start + timedelta(minutes=81), tick=False):
        response = client.get("/relations/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        page = client.get(response["Location"])
        assert "logged out after 30 minutes without activity" in page.content.decode()
        assert client.get("/").status_code == 302


def test_the_api_refuses_an_idle_session(make_user: Callable[..., Any]) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _login(make_user)
        assert client.get("/api/v1/relations").status_code == 200
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert client.get("/api/v1/relations").status_code in (401, 403)


@override_settings(INTREL_SESSION_IDLE_MINUTES=5)
def test_the_idle_timeout_is_a_setting(make_user: Callable[..., Any]) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _login(make_user)
        client.get("/")
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert client.get("/").status_code == 302


@override_settings(SESSION_COOKIE_AGE=3600)
def test_the_absolute_lifetime_holds_for_an_active_session(make_user: Callable[..., Any]) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _login(make_user)
        client.get("/")
    for minutes in (20, 40, 59):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        assert client.get("/").status_code == 302
