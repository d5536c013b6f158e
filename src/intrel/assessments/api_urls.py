"""Routes of the assessments API, included by intrel.api.urls under /api/v1."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter(trailing_slash=False)
router.register("assessments", api.AssessmentViewSet, basename="assessment")

urlpatterns = [
    *router.urls,
    path(
        "relations/<slug:id>/assessment",
        api.RelationAssessmentView.as_view(),
        name="api-relation-assessment",
    ),
    path("frameworks", api.FrameworkListView.as_view(), name="api-frameworks"),
    path("frameworks/<slug:id>", api.FrameworkDetailView.as_view(), name="api-framework"),
    path(
        "frameworks/<slug:id>/evaluations",
        api.FrameworkEvaluationView.as_view(),
        name="api-framework-evaluations",
    ),
    path("schemas/<slug:name>", api.SchemaView.as_view(), name="api-schema"),
]
