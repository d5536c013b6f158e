"""The API's documentation as a page: how to connect, and every operation of the OpenAPI document.

Public, like the OpenAPI document itself: it describes the API, not the register.
"""

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

METHODS = ("get", "post", "put", "patch", "delete")


@lru_cache(maxsize=1)
def api_operations() -> list[dict[str, Any]]:
    """Every operation as ``{method, path, summary, resource}``, grouped by resource."""
    from drf_spectacular.generators import SchemaGenerator

    generator = SchemaGenerator()
    schema = generator.get_schema(request=None, public=True)
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "summary": str(operation.get("summary", "")),
            "resource": path.strip("/").split("/")[0],
        }
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]
    return sorted(
        operations, key=lambda o: (o["resource"], o["path"], METHODS.index(o["method"].lower()))
    )


@login_not_required
@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/api_docs.html",
        {
            "api_base": request.build_absolute_uri(reverse("api-root")),
            "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
            "api_version": settings.API_VERSION,
            "operations": api_operations(),
        },
    )
