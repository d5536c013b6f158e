"""The page where a signed-in person makes, sees and revokes their API tokens; functioneel
beheer also sees and revokes everyone's (issue 18, docs/security.md)."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from intrel.accounts.models import User
from intrel.core.errors import DomainError
from intrel.core.web import form_error, form_status

from .constants import MANAGE_ANY_TOKEN
from .selectors import person_tokens_all, person_tokens_of, service_tokens_all
from .services import person_token_create, person_token_revoke, service_token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. my spreadsheet."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"] = forms.IntegerField(
            label=gettext_lazy("valid for (days)"),
            min_value=1,
            max_value=settings.INTREL_API_TOKEN_MAX_DAYS,
            initial=settings.INTREL_API_TOKEN_DAYS,
            help_text=gettext_lazy("The token is refused after this many days."),
        )


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = person_token_create(
                user=user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            form = TokenForm()
    manager = user.has_perm(MANAGE_ANY_TOKEN)
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": person_tokens_of(user=user),
        "everyone": person_tokens_all(actor=user) if manager else None,
        "services": service_tokens_all(actor=user) if manager else None,
    }
    # The key is in this response only: never cached, never stored.
    response = render(request, "api/token_list.html", context, status=form_status(form))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = person_token_revoke(token_id=pk, actor=_user(request))
    except DomainError as exc:  # not found and not yours answer the same
        raise Http404(exc.message) from exc
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("tokens:list")


@require_POST
def service_token_revoke_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Functioneel beheer revokes another system's token (as ``api_service_token --revoke``)."""
    token = service_tokens_all(actor=_user(request)).filter(pk=pk).first()
    if token is None:  # not found and not allowed answer the same
        raise Http404(_("No such token."))
    service_token_revoke(name=token.name)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("tokens:list")
