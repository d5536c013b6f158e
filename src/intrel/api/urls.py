"""The API under /api/v1: no trailing slashes (API Design Rules)."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from . import views

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-openapi"),
    path("", views.api_root, name="api-root"),
]
