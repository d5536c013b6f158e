from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response


def _links(request: Request) -> dict[str, str]:
    return {
        "openapi": request.build_absolute_uri(reverse("api:openapi")),
        "documentation": request.build_absolute_uri(reverse("core:api-docs")),
    }


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([])
def api_index(request: Request) -> Response:
    """``/api/``: the versions this installation offers (public, like the documents)."""
    return Response(
        {
            "versions": [
                {
                    "version": settings.API_VERSION,
                    "status": "current",
                    "url": request.build_absolute_uri(reverse("api-root")),
                    **_links(request),
                }
            ],
            "documentation": _links(request)["documentation"],
        }
    )


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([])
def api_root(request: Request) -> Response:
    """Where the API's documents are (public: it says nothing about the register)."""
    return Response({"version": settings.API_VERSION, **_links(request)})
