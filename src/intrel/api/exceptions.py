"""Every API error as ``application/problem+json`` (RFC 9457), as the API Design Rules ask."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from intrel.core.errors import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Turn DRF's nested error detail into a list of ``{name, reason}``, one per field."""
    problems: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
            path = f"{prefix}.{name}" if prefix and name else (prefix or name)
            problems.extend(_flatten(value, path))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            for item in detail:
                problems.append({"name": prefix or "body", "reason": str(item)})
        else:
            for index, item in enumerate(detail):
                problems.extend(_flatten(item, f"{prefix}[{index}]"))
    else:
        problems.append({"name": prefix or "body", "reason": str(detail)})
    return problems


def problem_response(
    *,
    status_code: int,
    title: str,
    detail: str = "",
    invalid_params: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": f"https://intrel.example.org/problems/{status_code}",
        "title": title,
        "status": status_code,
    }
    if detail:
        body["detail"] = detail
    if invalid_params:
        body["invalidParams"] = invalid_params
    if extra:
        body.update(extra)
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE, headers=headers)


TITLES = {
    400: "De invoer is ongeldig.",
    401: "Niet ingelogd: geef een geldig token mee.",
    403: "U mag deze handeling niet uitvoeren.",
    404: "Niet gevonden.",
    405: "Deze methode is hier niet toegestaan.",
    406: "Dit formaat kan niet worden geleverd.",
    409: "Conflict met de huidige toestand.",
    415: "Dit type inhoud wordt niet ondersteund.",
    429: "Te veel verzoeken; probeer het later opnieuw.",
}


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        extra: dict[str, Any] = {}
        if exc.clauses:
            extra["clauses"] = exc.clauses
        params = [
            {"name": str(p.get("name", "")), "reason": str(p.get("reason", ""))}
            for p in exc.problems
        ]
        if exc.field and not params:
            params = [{"name": exc.field, "reason": exc.message}]
        return problem_response(
            status_code=exc.status,
            title=TITLES.get(exc.status, exc.message),
            detail=exc.message,
            invalid_params=params or None,
            extra=extra,
        )
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
            title=TITLES[400],
            detail="; ".join(f"{p['name']}: {p['reason']}" for p in params),
            invalid_params=params,
        )
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    headers = {
        k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")
    }
    return problem_response(
        status_code=code, title=TITLES.get(code, str(detail)), detail=str(detail), headers=headers
    )
