"""The body of an ``application/problem+json`` answer (RFC 9457), shared by the API and by the
input guard that answers before any view (``core.guard``); the API's exception handler
(``api.exceptions``) builds its responses from it."""

from typing import Any

from django.utils.translation import gettext as _

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://intrel.example.org/problems/"


def title_for(code: int) -> str:
    titles = {
        400: _("The input is invalid."),
        401: _("Not authenticated: send a valid token."),
        403: _("You may not perform this operation."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        406: _("This format cannot be provided."),
        409: _("Conflict with the current state."),
        415: _("This content type is not supported."),
        429: _("Too many requests; try again later."),
        500: _("Something went wrong on our side."),
        503: _("The service is temporarily unavailable; try again later."),
    }
    return titles.get(code, _("Error %(code)d") % {"code": code})


def problem_body(
    *,
    status_code: int,
    detail: str = "",
    title: str = "",
    invalid_params: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"{PROBLEM_TYPE_BASE}{status_code}",
        "title": title or title_for(status_code),
        "status": status_code,
        "detail": detail or title or title_for(status_code),
    }
    if invalid_params:
        body["invalidParams"] = invalid_params
    if extra:
        body.update(extra)
    return body
