"""The login forms (the site's and the admin's): a demo account's public password is refused
with a message saying why, before any password is checked."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .backends import demo_password_refused

DEMO_REFUSED = _(
    "Demo accounts cannot log in on this installation: their password is public and DEBUG is "
    "off. Ask functioneel beheer for a personal account."
)


class DemoRefusalMixin:
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        if demo_password_refused(
            self.cleaned_data.get("username"), self.cleaned_data.get("password")
        ):
            raise forms.ValidationError(DEMO_REFUSED, code="demo_account")
        return super().clean()  # type: ignore[misc]


class LoginForm(DemoRefusalMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Your user name and password did not match. Try again."),
    }


class AdminLoginForm(DemoRefusalMixin, AdminAuthenticationForm):
    pass
