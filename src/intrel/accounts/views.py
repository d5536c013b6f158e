"""The second factor's pages (issue 18): set it up, give it after the password, renew the
recovery codes. docs/security.md."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from intrel.core.errors import DomainError
from intrel.core.middleware import writes_when_read
from intrel.core.validators import date_in_range
from intrel.core.web import form_error, form_status, require_perm

from . import audit, mfa
from .models import User


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _codes_page(request: HttpRequest, codes: list[str], *, first: bool) -> HttpResponse:
    context = {"codes": codes, "first": first, "next": _next(request)}
    return _no_store(render(request, "accounts/mfa_codes.html", context))


@require_http_methods(["GET", "POST"])
@writes_when_read  # a first visit stores the pending authenticator
def mfa_manage(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app (QR code and secret, then a code to confirm it), or, once it
    is set up and given, see how many recovery codes are left."""
    user = _user(request)
    device = mfa.app_device(user)
    if device is not None:
        if not mfa.is_verified(request):
            return redirect("mfa:verify")
        context: dict[str, Any] = {
            "codes_left": mfa.recovery_codes_left(user),
            "required": mfa.mfa_required(user),
        }
        return render(request, "accounts/mfa_manage.html", context)
    pending = mfa.app_setup_start(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed, codes = mfa.app_setup_confirm(user, code=form.cleaned_data["code"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            otp_login(request, confirmed)
            return _codes_page(request, codes, first=True)
    context = {
        "form": form,
        "qr": mfa.qr_data_uri(pending),
        "secret": mfa.secret_text(pending),
        "uri": pending.config_url,
        "required": mfa.mfa_required(user),
        "next": _next(request),
    }
    return _no_store(render(request, "accounts/mfa_setup.html", context, status=form_status(form)))


@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code of the app, or a recovery code (each works once)."""
    user = _user(request)
    if mfa.app_device(user) is None:  # nothing to ask: the page says where to set it up
        return render(request, "accounts/mfa_verify.html", {"no_device": True})
    if mfa.is_verified(request):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = mfa.second_factor_check(user, code=form.cleaned_data["code"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            otp_login(request, device)
            if device.name == mfa.RECOVERY_DEVICE_NAME:
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)s are left.")
                    % {"left": mfa.recovery_codes_left(user)},
                )
            return redirect(_next(request))
    context = {"form": form, "next": _next(request)}
    return render(request, "accounts/mfa_verify.html", context, status=form_status(form))


@require_POST
def mfa_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working); only with the second factor given."""
    user = _user(request)
    if mfa.app_device(user) is None or not mfa.is_verified(request):
        return redirect("mfa:manage")
    return _codes_page(request, mfa.recovery_codes_renew(user), first=False)


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    user = forms.CharField(label=gettext_lazy("user"), required=False, max_length=150)
    since = forms.DateField(
        label=gettext_lazy("from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[date_in_range],
    )
    until = forms.DateField(
        label=gettext_lazy("to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[date_in_range],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["model"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("all"))] + [
            (m._meta.label_lower, str(m._meta.verbose_name_plural).capitalize())
            for m in audit.tracked_models()
        ]


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    """Read-only: the newest writes to the register, governance and initiatives (who, what,
    which fields, old and new value, when); functioneel beheer only."""
    require_perm(request, audit.AUDIT_PERMISSION)
    form = AuditFilterForm(request.GET or None)
    entries: list[audit.AuditEntry] = []
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        entries = audit.audit_entries(
            model_label=data.get("model") or "",
            username=data.get("user") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
    context = {"form": form, "entries": entries, "limit": audit.AUDIT_LIMIT}
    return render(request, "accounts/audit_log.html", context, status=form_status(form))
