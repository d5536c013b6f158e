import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .exceptions import PROBLEM_CONTENT_TYPE, problem_body

API_PREFIX = "/api/"
# Headers of an error response that survive its rewriting as a problem.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


class ApiVersionMiddleware:
    """API Design Rules for every response under /api/, whoever made it.

    - the full version in an ``API-Version`` header;
    - an error that did not come from DRF (an unknown URL, a URL with a trailing slash, a
      crash) as ``application/problem+json`` instead of the site's HTML error page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path_info.startswith(API_PREFIX):
            return response
        content_type = response.get("Content-Type", "")
        if response.status_code >= 400 and not content_type.startswith(PROBLEM_CONTENT_TYPE):
            problem = HttpResponse(
                json.dumps(problem_body(status_code=response.status_code)),
                status=response.status_code,
                content_type=PROBLEM_CONTENT_TYPE,
            )
            for header in KEPT_HEADERS:
                if header in response:
                    problem[header] = response[header]
            response = problem
        response["API-Version"] = settings.API_VERSION
        return response
