"""Routes of the assessments API, included by intrel.api.urls under /api/v1."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter(trailing_slash=False)
router.register("assessments", api.AssessmentViewSet, basename="assessment")

frameworks = api.FrameworkViewSet.as_view

urlpatterns = [
    *router.urls,
    path(
        "relations/<slug:id>/assessment",
        api.RelationAssessmentViewSet.as_view({"get": "retrieve"}),
        name="api-relation-assessment",
    ),
    path("frameworks", frameworks({"get": "summaries"}), name="api-frameworks"),
    path("frameworks/<slug:id>", frameworks({"get": "retrieve"}), name="api-framework"),
    path(
        "frameworks/<slug:id>/evaluations",
        frameworks({"post": "evaluation_create"}),
        name="api-framework-evaluations",
    ),
    path(
        "schemas/<slug:name>",
        api.SchemaViewSet.as_view({"get": "retrieve"}),
        name="api-schema",
    ),
]
