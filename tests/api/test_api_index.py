"""``/api/`` says which versions there are and where their documentation is; so does ``/api/v1``.

Before: ``/api/`` was a 404, ``/api/v1`` named ``docs/api.md`` (a file in the repository, not a
link), and no page of the web interface linked to the API's documentation.
"""

from typing import Any

from django.conf import settings
from django.test.utils import override_script_prefix
from rest_framework.test import APIClient

DOCS = "http://testserver/docs/api"
OPENAPI = "http://testserver/api/v1/openapi.json"


def test_the_api_index_lists_the_versions_with_their_documents(db: None) -> None:
    response = APIClient().get("/api/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["API-Version"] == settings.API_VERSION
    assert response.json() == {
        "versions": [
            {
                "version": settings.API_VERSION,
                "status": "current",
                "url": "http://testserver/api/v1",
                "openapi": OPENAPI,
                "documentation": DOCS,
            }
        ],
        "documentation": DOCS,
    }


def test_api_without_a_slash_leads_to_the_index(db: None) -> None:
    response = APIClient().get("/api")
    assert (response.status_code, response["Location"]) == (301, "/api/")


def test_v1_links_its_openapi_document_and_the_documentation_page(db: None) -> None:
    body = APIClient().get("/api/v1").json()

    assert body == {"version": settings.API_VERSION, "openapi": OPENAPI, "documentation": DOCS}


def test_the_links_answer(client: Any, db: None) -> None:
    assert client.get("/api/v1/openapi.json").status_code == 200
    page = client.get("/docs/api")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'href="http://testserver/api/v1/openapi.json"' in text
    # every operation of the OpenAPI document is listed
    assert "<code>/relations/{id}</code>" in text
    assert "Record an activity" in text


def test_every_page_links_to_the_api_documentation(client: Any, officer: Any) -> None:
    client.force_login(officer)
    for url in ("/", "/relations/", "/accounts/login/"):
        assert 'href="/docs/api"' in client.get(url).content.decode(), url


def test_the_links_follow_the_installation_path(client: Any, db: None) -> None:
    """Served under a path (``SCRIPT_NAME`` behind a proxy: Django's WSGI handler sets the
    prefix), every link keeps that path: the links are the URLs' names, not paths typed twice."""
    prefix = "http://testserver/intrel"
    with override_script_prefix("/intrel/"):
        index = APIClient().get("/api/").json()
        page = client.get("/docs/api").content.decode()
    assert index["versions"][0]["url"] == f"{prefix}/api/v1"
    assert index["versions"][0]["openapi"] == f"{prefix}/api/v1/openapi.json"
    assert index["documentation"] == f"{prefix}/docs/api"
    assert f'href="{prefix}/api/v1/openapi.json"' in page
    assert f"<code>{prefix}/api/v1</code>" in page
