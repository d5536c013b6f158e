from django.urls import path

from . import apidocs, views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("docs/api", apidocs.api_docs, name="api-docs"),
]
