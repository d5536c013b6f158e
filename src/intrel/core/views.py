import json
import sys

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .failures import DATABASE_RETRY_AFTER, error_logger, is_database_outage, log_text, mark_logged
from .problems import PROBLEM_CONTENT_TYPE, problem_body
from .web import INVALID_FORM_STATUS


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def error_404(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """Django's handler for an uncaught exception, from a view or a middleware (a session read
    while the database is down), always called within the ``except`` that caught it."""
    exception = sys.exc_info()[1]
    if is_database_outage(exception):
        # One line per refused request, not a traceback each (hundreds a second during a
        # restart, docs/reliability.md): an outage is expected, and the line names its cause.
        # Not the user: reading request.user may need the database that is down.
        cause = (str(exception).strip().splitlines() or [""])[0]
        error_logger.error(
            "database unavailable: method=%s path=%s cause=%s: %s",
            log_text(request.method),
            log_text(request.path),
            type(exception).__name__,
            log_text(cause),
            extra={"status_code": 503},
        )
        return mark_logged(database_unavailable(request))
    return render(request, "500.html", status=500)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 + Retry-After; a plain page (Dutch and English) that needs no database to render, or
    problem+json for the API."""
    response: HttpResponse
    if request.path_info.startswith("/api/"):
        body = problem_body(
            status_code=503,
            title=_("The service is temporarily unavailable; try again later."),
        )
        response = HttpResponse(json.dumps(body), status=503, content_type=PROBLEM_CONTENT_TYPE)
    else:
        response = HttpResponse(
            render_to_string("503.html"), status=503, content_type="text/html; charset=utf-8"
        )
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response


def error_403(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_400(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


class LoginView(auth_views.LoginView):
    """Django's login page; a refused login answers 400 like every invalid form (ADR 7)."""

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = INVALID_FORM_STATUS
        return response
