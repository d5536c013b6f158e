from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.db import connections
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


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


class SessionIdleTimeoutMiddleware:
    """A signed-in session ends after ``INTREL_SESSION_IDLE_MINUTES`` without a request, and
    ``SESSION_COOKIE_AGE`` seconds after the login whatever happens (docs/security.md).

    The time of the last request is written at most once a minute, so a busy page does not
    save the session on every request. Signed out here, the page asks for a login (and the API
    answers 401) as for anyone not signed in.
    """

    LAST_SEEN = "intrel_last_seen"
    STARTED = "intrel_started"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = int(timezone.now().timestamp())
        idle = settings.INTREL_SESSION_IDLE_MINUTES * 60
        last_seen = session.get(self.LAST_SEEN)
        started = session.get(self.STARTED)
        if last_seen is not None and now - last_seen > idle:
            logout(request)
            messages.info(
                request,
                ngettext(
                    "You were logged out after %(minutes)d minute without activity. Log in again.",
                    "You were logged out after %(minutes)d minutes without activity. Log in again.",
                    settings.INTREL_SESSION_IDLE_MINUTES,
                )
                % {"minutes": settings.INTREL_SESSION_IDLE_MINUTES},
            )
            return
        if started is not None and now - started > settings.SESSION_COOKIE_AGE:
            logout(request)
            messages.info(request, _("Your session has ended. Log in again."))
            return
        if started is None:
            session[self.STARTED] = now
        if last_seen is None or now - last_seen >= 60:
            session[self.LAST_SEEN] = now


def writes_when_read(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view that writes even when only read (GET): on SQLite its transaction begins
    ``IMMEDIATE`` like a form's (:class:`SQLiteReadsDoNotWaitMiddleware`)."""
    view.intrel_writes_when_read = True  # type: ignore[attr-defined]
    return view


class SQLiteReadsDoNotWaitMiddleware:
    """On SQLite, a request that only reads (GET, HEAD, OPTIONS) begins its transaction
    ``DEFERRED``; every other request, and a view marked :func:`writes_when_read`, keeps
    ``IMMEDIATE`` (docs/adr/0022).

    ``ATOMIC_REQUESTS`` wraps every view in a transaction, and on SQLite every transaction
    begins ``IMMEDIATE`` (so that a read-then-write check cannot interleave with another
    writer). Begun that way, a transaction that only reads takes the database's one write
    lock too: while anyone wrote (an import, a long save), every page waited for it and
    answered 503 after the busy timeout of 20 s. A deferred transaction in WAL mode reads a
    snapshot and takes no lock. PostgreSQL is untouched.
    """

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.aliases = [
            alias
            for alias, config in settings.DATABASES.items()
            if config["ENGINE"] == "django.db.backends.sqlite3"
            and config.get("ATOMIC_REQUESTS")
            and str(config.get("OPTIONS", {}).get("transaction_mode", "")).upper() == "IMMEDIATE"
        ]

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            return self.get_response(request)
        finally:
            for alias in self.aliases:
                connection: Any = connections[alias]  # SQLite's wrapper
                # Not connected in this thread (a request that never reached the database, an
                # address that resolves to nothing): the wrapper has no mode yet.
                if getattr(connection, "transaction_mode", None) == "DEFERRED":
                    connection.transaction_mode = "IMMEDIATE"

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> None:
        # After the URL is resolved, before the view's transaction begins.
        if request.method not in self.SAFE_METHODS or getattr(
            view_func, "intrel_writes_when_read", False
        ):
            return
        for alias in self.aliases:
            connection: Any = connections[alias]  # SQLite's wrapper
            if connection.in_atomic_block:  # a test's own transaction: left alone
                continue
            # Connecting sets the mode from OPTIONS, so connect first, then defer.
            connection.ensure_connection()
            connection.transaction_mode = "DEFERRED"
