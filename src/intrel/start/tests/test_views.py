"""The start page is the top layer's own app, served at the root."""

import pytest
from django.urls import resolve, reverse

from intrel.start import views

pytestmark = pytest.mark.django_db


def test_the_start_page_is_served_at_the_root_by_the_start_app(officer_client) -> None:
    assert reverse("start:home") == "/"
    assert resolve("/").func is views.home
    response = officer_client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "start/home.html"


def test_signing_in_lands_on_the_start_page(client, officer) -> None:
    response = client.post(
        reverse("login"), {"username": officer.username, "password": "pw-for-tests-only"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
