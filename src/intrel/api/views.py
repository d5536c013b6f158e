from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([])
def api_root(request: Request) -> Response:
    """Where the API's documents are (public: it says nothing about the register)."""
    return Response(
        {
            "openapi": request.build_absolute_uri("/api/v1/openapi.json"),
            "documentation": "docs/api.md",
        }
    )
