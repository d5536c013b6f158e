"""Every API error as ``application/problem+json`` (RFC 9457), as the API Design Rules ask.

A problem has ``type``, ``title``, ``status`` and ``detail``; a 400 also lists what is wrong in
``invalidParams``: one ``{name, reason}`` per field, ``name`` being the field's path
(``partner.country``, ``agreements[0].signed``) or the query parameter.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from intrel.core.errors import DomainError, Forbidden
from intrel.core.failures import (
    DATABASE_RETRY_AFTER,
    is_database_outage,
    log_forbidden,
    log_text,
    mark_logged,
    who,
)
from intrel.core.problems import (  # noqa: F401  (re-exported: the API's own name for them)
    PROBLEM_CONTENT_TYPE,
    PROBLEM_TYPE_BASE,
    problem_body,
    title_for,
)

from .permissions import required_permission

error_logger = logging.getLogger("intrel.errors")


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Turn DRF's nested error detail into a list of ``{name, reason}``, one per field."""
    problems: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key not in ("non_field_errors", "__all__") else ""
            path = f"{prefix}.{name}" if prefix and name else (prefix or name)
            problems.extend(_flatten(value, path))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            for item in detail:
                problems.append({"name": prefix or "body", "reason": str(item)})
        else:
            for index, item in enumerate(detail):
                if item:  # DRF gives {} for list items without errors
                    problems.extend(_flatten(item, f"{prefix}[{index}]"))
    else:
        problems.append({"name": prefix or "body", "reason": str(detail)})
    return problems


def problem_response(
    *,
    status_code: int,
    title: str = "",
    detail: str = "",
    invalid_params: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = problem_body(
        status_code=status_code,
        title=title,
        detail=detail,
        invalid_params=invalid_params,
        extra=extra,
    )
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE, headers=headers)


def invalid(name: str, reason: str) -> exceptions.ValidationError:
    """A 400 about one field or query parameter."""
    return exceptions.ValidationError({name: [reason]})


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        set_rollback()  # nothing half-saved: the request's transaction is rolled back
        extra: dict[str, Any] = {}
        if exc.clauses:
            extra["clauses"] = exc.clauses
        # A domain error may carry more for the body, e.g. what is left on a budget line.
        extra.update(getattr(exc, "extra", None) or {})
        params = [
            {"name": str(p.get("name", "")) or "body", "reason": str(p.get("reason", ""))}
            for p in exc.problems
        ]
        if exc.field and not params:
            params = [{"name": exc.field, "reason": exc.message}]
        problem = problem_response(
            status_code=exc.status,
            detail=exc.message,
            invalid_params=params or None,
            extra=extra,
        )
        if isinstance(exc, Forbidden) and context.get("request") is not None:
            # A refusal like any other 403: one line on intrel.access, naming what is lacking.
            log_forbidden(context["request"], exc.permission)
            return mark_logged(problem)
        return problem
    if isinstance(exc, DatabaseError):
        return _database_problem(exc, context)
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        params = _flatten(exc.detail)
        return problem_response(
            status_code=status.HTTP_400_BAD_REQUEST,
            detail="; ".join(f"{p['name']}: {p['reason']}" for p in params),
            invalid_params=params,
        )
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    if isinstance(exc, exceptions.PermissionDenied):
        request, view = context.get("request"), context.get("view")
        if request is not None:
            log_forbidden(request, required_permission(request, view))
        # Our own words (DRF's Dutch says "je"), and what to do next.
        detail = (
            _("The request has no valid CSRF token: reload the page, or send a token instead.")
            if str(detail).startswith("CSRF")
            else _(
                "Your role or token does not allow this operation. Ask the application "
                "manager (functioneel beheer) if you need it."
            )
        )
    headers = {
        k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")
    }
    problem = problem_response(status_code=code, detail=str(detail), headers=headers)
    return mark_logged(problem) if code == 403 else problem


def _database_problem(exc: DatabaseError, context: dict[str, Any]) -> Response:
    """A database failure as a generic problem: its text (constraint names, values, SQL) is
    logged with the request, never sent to the client. A broken constraint (two writes at
    once) is a 409, anything else a 500."""
    set_rollback()
    request = context.get("request")
    if is_database_outage(exc):
        error_logger.error(
            "database unavailable: user=%s method=%s path=%s",
            who(request) if request else "-",
            log_text(getattr(request, "method", "-")),
            log_text(getattr(request, "path", "-")),
            extra={"status_code": 503},
        )
        return mark_logged(
            problem_response(
                status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
                detail=_(
                    "The database cannot be reached for a moment; nothing was saved. Try again."
                ),
                headers={"Retry-After": str(DATABASE_RETRY_AFTER)},
            )
        )
    conflict = isinstance(exc, IntegrityError)
    error_logger.error(
        "%s: user=%s method=%s path=%s",
        "integrity error" if conflict else "database error",
        who(request) if request else "-",
        log_text(getattr(request, "method", "-")),
        log_text(getattr(request, "path", "-")),
        exc_info=exc,
        extra={"status_code": 409 if conflict else 500},
    )
    if conflict:
        problem = problem_response(
            status_code=status.HTTP_409_CONFLICT,
            detail=_(
                "The change conflicts with one made at the same time; nothing was saved. Try again."
            ),
        )
    else:
        problem = problem_response(
            status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
            # What the 500 page says: the client knows nothing was saved and what to do.
            detail=_(
                "Nothing of this request was saved. Try again; if it keeps failing, contact the "
                "application manager."
            ),
        )
    return mark_logged(problem)
