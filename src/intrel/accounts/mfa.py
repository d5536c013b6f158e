"""The second factor (issue 18, ADR 0018): a TOTP authenticator app (django-otp) with
single-use recovery codes; required for functioneel beheer and the admin while
``INTREL_REQUIRE_MFA`` is on, optional for everyone else.

A user who has set one up is asked for a code after the password in every new session; a user
who must have one and has none is sent to set it up first. Until then no page, no admin page and
no API call by session works (an API token is a credential of its own and is not asked).
"""

import base64
import json
from collections.abc import Callable
from typing import cast
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from intrel.core.errors import DomainError
from intrel.core.problems import PROBLEM_CONTENT_TYPE, problem_body

from .constants import Role
from .models import User

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"
# Pages a signed-in user reaches before the second factor: these pages themselves, logging out,
# the language menu, static files and the health check.
OPEN_PATHS = ("/accounts/mfa/", "/accounts/logout/", "/i18n/", "/static/", "/healthz")


def mfa_required(user: User) -> bool:
    """Whether ``user`` must have a second factor: functioneel beheer and whoever may use the
    admin, while ``INTREL_REQUIRE_MFA`` is on."""
    if not settings.INTREL_REQUIRE_MFA:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name=str(Role.APPLICATION_MANAGER)).exists()


def app_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if set up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_verified(request: HttpRequest) -> bool:
    """Signed in with the second factor in this session (django-otp's middleware decides)."""
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


@transaction.atomic
def app_setup_start(user: User) -> TOTPDevice:
    """The not yet confirmed app device whose secret the setup page shows (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def _clean(code: str) -> str:
    return "".join(str(code).split()).lower()


@transaction.atomic
def app_setup_confirm(user: User, *, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the app with a code it shows; returns the device and fresh recovery codes."""
    if app_device(user) is not None:
        raise DomainError(_("A second factor is already set up."), field="code")
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(_clean(code)):
        raise DomainError(
            _("The code is not right: type the 6 digits the app shows now."), field="code"
        )
    device.confirmed = True
    device.save()
    return device, recovery_codes_renew(user)


@transaction.atomic
def recovery_codes_renew(user: User) -> list[str]:
    """New single-use recovery codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def second_factor_check(user: User, *, code: str) -> TOTPDevice | StaticDevice:
    """The device a code belongs to: the app's current code, or a recovery code (used up)."""
    device = match_token(user, _clean(code)) if _clean(code) else None
    if device is None:
        app = app_device(user)
        allowed, data = app.verify_is_allowed() if app is not None else (True, None)
        if not allowed:
            # django-otp doubles the wait after each wrong code (1, 2, 4, ... seconds).
            seconds = 2 ** max(int((data or {}).get("failure_count", 1)) - 1, 0)
            raise DomainError(
                _("Too many wrong codes in a row: wait %(seconds)s seconds and try again.")
                % {"seconds": seconds},
                field="code",
            )
        raise DomainError(
            _("The code is not right. Type the code the app shows now, or a recovery code."),
            field="code",
        )
    return device


@transaction.atomic
def second_factor_reset(user: User) -> int:
    """Remove every second factor of ``user`` (a lost phone); they set one up again."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    return removed


def secret_text(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed in: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, an SVG in a data: URI (allowed by the CSP)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


class SecondFactorMiddleware:
    """Sends a signed-in user who must give a second factor to give it (or set it up) before
    anything else; an API call by session answers 403 until then."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or request.path_info.startswith(OPEN_PATHS)
            or is_verified(request)
        ):
            return self.get_response(request)
        account = cast(User, user)
        has_device = TOTPDevice.objects.filter(user=account, confirmed=True).exists()
        if not has_device and not mfa_required(account):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            if request.headers.get("Authorization"):
                return self.get_response(request)  # a token: its own credential
            body = problem_body(
                status_code=403,
                title=_("Give your second factor on the site first (/accounts/mfa/verify)."),
            )
            return HttpResponse(json.dumps(body), status=403, content_type=PROBLEM_CONTENT_TYPE)
        target = reverse("mfa:verify" if has_device else "mfa:manage")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
