"""How pages fail: a refusal is one log line, a database conflict a generic page.

- ``PermissionDenied`` (a 403) is an ordinary refusal, not a fault: one line on the
  ``intrel.access`` logger (who, which method and path, which permission) instead of Django's
  full traceback. The API logs its 403s the same way (``api/exceptions.py``).
- ``IntegrityError`` (e.g. two people saving the same thing at once) answers a 409 page in the
  user's words; the database's text (constraint names, values) goes to the log only.
- Every other exception, ``DatabaseError`` included, is left to Django: the generic 500 page,
  and the traceback on the ``django.request`` logger.
"""

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

# The database's words when it cannot be reached (PostgreSQL down or restarting, a dropped
# connection, SQLite busy past its timeout), as psycopg and sqlite3 put them.
_OUTAGE_WORDS = (
    "connect",
    "connection",
    "server closed",
    "terminating",
    "shutting down",
    "starting up",
    "database is locked",
    "timeout",
    "timed out",
)
# Seconds a client is asked to wait before trying again while the database is unreachable.
DATABASE_RETRY_AFTER = 30


def is_database_outage(exception: BaseException | None) -> bool:
    """Whether ``exception`` says the database cannot be reached now (a 503, try again), rather
    than that a query is wrong (a 500): every ``InterfaceError``, and an ``OperationalError``
    in the words of an unreachable or busy database."""
    if isinstance(exception, InterfaceError):
        return True
    if not isinstance(exception, OperationalError):
        return False
    text = str(exception).lower()
    return any(word in text for word in _OUTAGE_WORDS)


access_logger = logging.getLogger("intrel.access")
error_logger = logging.getLogger("intrel.errors")
R = TypeVar("R", bound=HttpResponseBase)


def log_text(value: object) -> str:
    """``value`` as it may stand in a log line: a newline or other control character in it (a
    path is the caller's text: ``%0A``) is written as an escape, as Django's own request log
    does (``django.utils.log.log_response``), so one event stays one line."""
    return str(value).encode("unicode_escape").decode("ascii")


def who(request: Any) -> str:
    """The signed-in user's name, or ``anonymous`` (a Django or a DRF request), log-safe."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    return log_text(user.get_username())


def log_forbidden(request: Any, permission: str | None) -> None:
    """One line per refusal: who, what, which permission."""
    access_logger.warning(
        "forbidden: user=%s method=%s path=%s permission=%s",
        who(request),
        log_text(request.method),
        log_text(request.path),
        log_text(permission or "-"),
        extra={"status_code": 403, "user": who(request), "permission": permission or "-"},
    )


def mark_logged(response: R) -> R:
    """Tell Django's request logger this response is logged already (no second line)."""
    response._has_been_logged = True  # type: ignore[attr-defined]  # read by log_response
    return response


class FailureMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        if isinstance(exception, PermissionDenied):
            permission = str(exception.args[0]) if exception.args else None
            log_forbidden(request, permission)
            return mark_logged(render(request, "403.html", status=403))
        if isinstance(exception, IntegrityError):
            # The request's transaction is rolled back already (ATOMIC_REQUESTS).
            error_logger.error(
                "integrity error: user=%s method=%s path=%s",
                who(request),
                log_text(request.method),
                log_text(request.path),
                exc_info=exception,
                extra={"status_code": 409, "user": who(request)},
            )
            return mark_logged(render(request, "409.html", status=409))
        return None
