"""/accounts/tokens/: a person's API tokens (issue 18)."""

from django.urls import path

from . import pages

app_name = "tokens"

urlpatterns = [
    path("", pages.token_list, name="list"),
    path("<int:pk>/revoke", pages.token_revoke, name="revoke"),
    path("services/<int:pk>/revoke", pages.service_token_revoke_page, name="service-revoke"),
]
