"""Dutch first: the interface is Dutch whatever the browser says, English on request."""

import pytest
from django.test import override_settings

from intrel.accounts.constants import Role

pytestmark = pytest.mark.django_db


@override_settings(LANGUAGE_CODE="nl")
def test_the_interface_is_dutch_even_for_an_english_browser(client, make_user) -> None:
    client.force_login(make_user(Role.POLICY_OFFICER))
    html = client.get("/relations/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nl">' in html
    assert ">Relaties<" in html and "Uitloggen" in html


@override_settings(LANGUAGE_CODE="nl")
def test_english_is_one_choice_away(client, make_user) -> None:
    client.force_login(make_user(Role.POLICY_OFFICER))
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/relations/"})
    assert response.status_code == 302
    html = client.get("/relations/").content.decode()
    assert '<html lang="en">' in html and "Log out" in html


@override_settings(LANGUAGE_CODE="nl")
def test_the_login_page_is_dutch(client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert "Inloggen" in html and "Gebruikersnaam" in html


@override_settings(LANGUAGE_CODE="nl")
def test_the_api_answers_in_the_language_its_client_asks_for(client) -> None:
    dutch = client.get("/api/v1/relations").json()["title"]
    english = client.get("/api/v1/relations", HTTP_ACCEPT_LANGUAGE="en").json()["title"]
    assert dutch != english and "token" in english.lower()


@override_settings(LANGUAGE_CODE="nl")
def test_the_header_names_the_role_in_the_pages_language(client, make_user) -> None:
    """The role is stored as the Dutch group name; the header shows its label, translated."""
    client.force_login(make_user(Role.APPLICATION_MANAGER, username="beheer"))
    dutch = client.get("/relations/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/relations/"})
    english = client.get("/relations/").content.decode()
    assert '<span class="role">functioneel beheer</span>' in dutch
    assert '<span class="role">application manager</span>' in english
