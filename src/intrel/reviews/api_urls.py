"""Routes of the review's API, included by intrel.api.urls under /api/v1."""

from django.urls import path

from . import api

urlpatterns = [
    path("impact", api.ImpactViewSet.as_view({"get": "retrieve"}), name="api-impact"),
]
