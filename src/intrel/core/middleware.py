from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponseBase


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a signed-in user, except views marked ``@login_not_required``.

    The API answers for itself (401/403 as problem+json, by token or session), so it is
    left to DRF's authentication and permission classes.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class DutchFirstMiddleware:
    """The interface is Dutch unless the user chose English in the language menu.

    Django would otherwise follow the browser's Accept-Language, so an English browser would
    get an English interface; a municipality's product speaks Dutch first (docs/adr/0005).
    Must stand before LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # API clients are programs that ask for a language on purpose (docs/api.md).
        if not request.path_info.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
