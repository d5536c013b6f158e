"""/accounts/tokens/: a person's API tokens (issue 18)."""

from django.urls import path

from . import pages

app_name = "tokens"

urlpatterns = [
    path("", pages.token_list, name="list"),
    path("<int:pk>/revoke", pages.token_revoke, name="revoke"),
]
