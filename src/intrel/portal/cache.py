"""Caching of the public pages (issue 16): a burst of visitors does not reach the database.

A page is cached whole per address and language under a *version* key; any save or delete of
a model behind the portal bumps the version (``apps.PortalConfig.ready`` connects the signals),
so the next visitor sees the change at once and the old entries simply expire. The cache is
Django's default one: local memory unless ``CACHE_URL`` names Redis (docs/configuration.md).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from intrel.core import versions

VERSION = "portal"
# How long a page may be served from the cache at most, whatever happens (seconds).
TIMEOUT = getattr(settings, "INTREL_PORTAL_CACHE_SECONDS", 300)
# The apps whose data the portal shows: a write to any of their models bumps the version.
WATCHED_APPS = frozenset(
    {"partners", "relations", "governance", "budgets", "initiatives", "assessments"}
)


# The query parameters any public page reads (the spending page's year, the home's list page
# and country).
PARAMETERS = ("year", "page", "country")


def version() -> str:
    return versions.version(VERSION)


def bump() -> None:
    """Make every cached public page stale."""
    versions.bump(VERSION)


def on_change(sender: Any, **kwargs: Any) -> None:
    """Signal receiver: a model of a watched app was written."""
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in WATCHED_APPS:
        bump()


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public GET from the cache when the data has not changed since it was made.

    Only full 200 answers are kept, with their content type and disposition; the key holds the
    path, the parameters of ``PARAMETERS`` and the language. The page runs outside the request's
    transaction (``ATOMIC_REQUESTS``): a public page only reads, and an answer from the cache then
    costs no round trip to the database at all (a BEGIN and a COMMIT before; issue 19)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Only the parameters a page reads are part of the key: ``?x=<random>`` must not
        # fill the cache with copies of one page.
        query = "&".join(
            f"{k}={request.GET.get(k, '')[:10]}" for k in PARAMETERS if k in request.GET
        )
        key = f"portal:page:{version()}:{get_language()}:{request.path}?{query}"
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Portal-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            headers = {
                name: response[name]
                for name in ("Content-Type", "Content-Disposition", "Content-Language")
                if name in response
            }
            cache.set(key, (response.content, headers), TIMEOUT)
        return response

    return transaction.non_atomic_requests(wrapper)
