"""The second factor (issue 18, ADR 0016): required for functioneel beheer and the admin while
INTREL_REQUIRE_MFA is on, optional for others; TOTP with single-use recovery codes."""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from intrel.accounts.constants import Role
from intrel.api.services import person_token_create

PASSWORD = "pw-for-tests-only"
PAGES = ["/", "/relations/", "/accounts/tokens/", "/admin/", "/admin/accounts/user/"]


@pytest.fixture(autouse=True)
def _mfa_on(settings: Any) -> None:
    settings.INTREL_REQUIRE_MFA = True


def _beheer(make_user: Callable[..., Any]) -> Any:
    user = make_user(Role.APPLICATION_MANAGER, username="beheer")
    user.is_staff = True
    user.save()
    return user


def _login(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _code(user: Any, *, confirmed: bool = True) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=confirmed)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _set_up(client: Client, user: Any) -> list[str]:
    """Set up the app as a user does: open the page, type the code; returns the recovery codes."""
    page = client.get("/accounts/mfa/").content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code
    response = client.post("/accounts/mfa/", {"code": _code(user, confirmed=False)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([^<]+)</code></li>", response.content.decode())


def test_beheer_without_a_device_must_set_one_up_before_any_page_or_the_admin(
    make_user: Callable[..., Any],
) -> None:
    user = _beheer(make_user)
    client = _login("beheer")
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith("/accounts/mfa/?next="), page
    api = client.get("/api/v1/relations")
    assert api.status_code == 403 and "second factor" in api.json()["title"]
    wrong = client.post("/accounts/mfa/", {"code": "000000"})
    assert wrong.status_code == 400 and "The code is not right" in wrong.content.decode()
    codes = _set_up(client, user)
    assert len(codes) == 10
    for page in PAGES:
        assert client.get(page).status_code == 200, page


def test_beheer_with_a_device_is_asked_for_the_code_and_a_right_code_lets_in(
    make_user: Callable[..., Any],
) -> None:
    user = _beheer(make_user)
    _set_up(_login("beheer"), user)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        client = _login("beheer")
        for page in PAGES:
            response = client.get(page)
            assert response.status_code == 302, page
            assert response["Location"].startswith("/accounts/mfa/verify?next="), page
        assert client.get("/accounts/mfa/").status_code == 302  # no second device meanwhile
        wrong = client.post("/accounts/mfa/verify", {"code": "123456", "next": "/admin/"})
        assert wrong.status_code == 400
        assert client.get("/admin/").status_code == 302
        # Right after a wrong code django-otp makes one wait (1 s, then 2, 4, ...).
        throttled = client.post("/accounts/mfa/verify", {"code": _code(user)})
        assert "Too many wrong codes in a row" in throttled.content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=2, seconds=5)):
        right = client.post("/accounts/mfa/verify", {"code": _code(user), "next": "/admin/"})
        assert right.status_code == 302 and right["Location"] == "/admin/"
        for page in PAGES:
            assert client.get(page).status_code == 200, page


def test_a_recovery_code_works_once(make_user: Callable[..., Any]) -> None:
    user = _beheer(make_user)
    codes = _set_up(_login("beheer"), user)
    client = _login("beheer")
    response = client.post("/accounts/mfa/verify", {"code": codes[0]}, follow=True)
    assert response.status_code == 200
    assert "You used a recovery code; 9 are left." in response.content.decode()
    again = _login("beheer")
    refused = again.post("/accounts/mfa/verify", {"code": codes[0]})
    assert refused.status_code == 400
    assert again.get("/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(make_user: Callable[..., Any]) -> None:
    user = _beheer(make_user)
    client = _login("beheer")
    old = _set_up(client, user)
    assert "10 recovery codes left." in client.get("/accounts/mfa/").content.decode()
    page = client.post("/accounts/mfa/recovery-codes").content.decode()
    new = re.findall(r"<li><code>([^<]+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    refused = _login("beheer").post("/accounts/mfa/verify", {"code": old[1]})
    assert refused.status_code == 400


def test_others_are_not_asked_unless_they_set_it_up(make_user: Callable[..., Any]) -> None:
    user = make_user(Role.COUNCIL_MEMBER, username="raad")
    client = _login("raad")
    assert client.get("/relations/").status_code == 200
    _set_up(client, user)  # optional, and then asked at every login
    later = _login("raad")
    assert later.get("/relations/").status_code == 302


def test_off_in_the_demo_settings(make_user: Callable[..., Any], settings: Any) -> None:
    settings.INTREL_REQUIRE_MFA = False
    _beheer(make_user)
    assert _login("beheer").get("/admin/").status_code == 200


def test_an_api_token_is_not_asked_for_a_second_factor(make_user: Callable[..., Any]) -> None:
    user = _beheer(make_user)
    _token, key = person_token_create(user=user, name="sheet")
    response = Client().get("/api/v1/relations", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


def test_mfa_reset_lets_a_user_set_it_up_again(make_user: Callable[..., Any]) -> None:
    user = _beheer(make_user)
    _set_up(_login("beheer"), user)
    call_command("mfa_reset", "beheer", stderr=None)
    assert not TOTPDevice.objects.filter(user=user).exists()
    client = _login("beheer")
    assert client.get("/").headers["Location"].startswith("/accounts/mfa/?next=")


def test_the_pages_in_dutch(make_user: Callable[..., Any]) -> None:
    _beheer(make_user)
    client = _login("beheer")
    client.cookies["django_language"] = "nl"
    page = client.get("/accounts/mfa/").content.decode()
    assert "Tweede factor instellen" in page
