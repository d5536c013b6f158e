"""Routes of the review's API, included by intrel.api.urls under /api/v1."""

from django.urls import path, re_path

from . import api

ROUND = r"(?P<id>[0-9]{1,18})"

urlpatterns = [
    path("impact", api.ImpactViewSet.as_view({"get": "retrieve"}), name="api-impact"),
    path(
        "review-rounds",
        api.ReviewRoundViewSet.as_view({"get": "list", "post": "create"}),
        name="api-review-rounds",
    ),
    re_path(
        rf"^review-rounds/{ROUND}$",
        api.ReviewRoundViewSet.as_view({"get": "retrieve"}),
        name="api-review-round",
    ),
    re_path(
        rf"^review-rounds/{ROUND}/steps$",
        api.ReviewRoundViewSet.as_view({"post": "steps"}),
        name="api-review-round-steps",
    ),
    path(
        "review-actions",
        api.ReviewActionViewSet.as_view({"get": "list"}),
        name="api-review-actions",
    ),
    re_path(
        rf"^review-actions/{ROUND}$",
        api.ReviewActionViewSet.as_view({"get": "retrieve"}),
        name="api-review-action",
    ),
    re_path(
        rf"^review-actions/{ROUND}/close$",
        api.ReviewActionViewSet.as_view({"post": "close"}),
        name="api-review-action-close",
    ),
]
