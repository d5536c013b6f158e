"""The API Design Rules as a client notices them: URLs, headers, errors."""

from typing import Any

import pytest
from api_helpers import relation_body
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from intrel.accounts.constants import Role

PROBLEM = "application/problem+json"


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/relations/",
        "/api/v1/relations/helmond-mechelen/",
        "/api/v1/partners/",
        "/api/v1/",
        "/api/v1/openapi.json/",
    ],
)
def test_a_trailing_slash_is_a_404_problem(url: str, register: dict, client_as: Any) -> None:
    response = client_as(Role.POLICY_OFFICER).get(url)
    assert_problem(response, 404)


def test_the_same_urls_without_slash_work(register: dict, client_as: Any) -> None:
    client = client_as(Role.POLICY_OFFICER)
    assert client.get("/api/v1/relations").status_code == 200
    assert client.get("/api/v1/relations/helmond-mechelen").status_code == 200
    assert client.get("/api/v1").status_code == 200


def test_unknown_url_under_api_is_a_problem_not_html(db: None, client_as: Any) -> None:
    client = client_as(Role.POLICY_OFFICER)
    for url in ("/api/v1/nothing-here", "/api/v2/relations", "/api/v1/"):
        assert_problem(client.get(url), 404)


def test_api_version_on_success(register: dict, client_as: Any) -> None:
    response = client_as(Role.COUNCIL_MEMBER).get("/api/v1/relations")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    assert response["Content-Type"] == "application/json"


def test_openapi_document_is_published(db: None, client_as: Any) -> None:
    response = client_as("no token").get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["servers"][0]["url"] == "/api/v1"
    assert all(not path.endswith("/") for path in document["paths"])
    assert "API-Version" in document["paths"]["/relations"]["get"]["responses"]["200"]["headers"]


def test_400_for_a_bad_query_parameter_names_it(register: dict, client_as: Any) -> None:
    response = client_as(Role.COUNCIL_MEMBER).get("/api/v1/relations?status=bogus")
    body = assert_problem(response, 400)
    assert [p["name"] for p in body["invalidParams"]] == ["status"]


def test_400_for_a_page_past_the_end(register: dict, client_as: Any) -> None:
    body = assert_problem(client_as(Role.COUNCIL_MEMBER).get("/api/v1/relations?page=9"), 400)
    assert body["invalidParams"][0]["name"] == "page"


def test_400_for_a_page_size_the_document_does_not_allow(register: dict, client_as: Any) -> None:
    """The document says 1 to 500; the server took 0, 501 and "null" silently as 50 or 500."""
    client = client_as(Role.COUNCIL_MEMBER)
    for size in ("0", "501", "null", "-1", "1.5"):
        body = assert_problem(client.get(f"/api/v1/relations?pageSize={size}"), 400)
        assert [p["name"] for p in body["invalidParams"]] == ["pageSize"], size
    for size in ("1", "500"):
        assert client.get(f"/api/v1/relations?pageSize={size}").status_code == 200


def test_400_for_an_invalid_body_names_each_field(db: None, client_as: Any) -> None:
    bad = relation_body(id="helmond-x")
    bad["partner"]["country"] = "XX"
    response = client_as(Role.POLICY_OFFICER).post("/api/v1/relations", bad, format="json")
    body = assert_problem(response, 400)
    assert body["invalidParams"][0]["name"] == "partner.country"


def test_401_without_or_with_a_wrong_token(register: dict, client_as: Any) -> None:
    anonymous = client_as("no token")
    assert_problem(anonymous.get("/api/v1/relations"), 401)
    anonymous.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert_problem(anonymous.get("/api/v1/relations"), 401)
    anonymous.credentials(HTTP_AUTHORIZATION="Bearer svc_not-a-token")
    assert_problem(anonymous.get("/api/v1/relations"), 401)


def test_403_for_a_role_without_the_permission(db: None, client_as: Any) -> None:
    response = client_as(Role.COUNCIL_MEMBER).post(
        "/api/v1/relations", relation_body(), format="json"
    )
    assert_problem(response, 403)


def test_404_for_an_unknown_relation(db: None, client_as: Any) -> None:
    assert_problem(client_as(Role.COUNCIL_MEMBER).get("/api/v1/relations/nowhere"), 404)


def test_405_with_allow_for_a_method_not_offered(register: dict, client_as: Any) -> None:
    client = client_as(Role.APPLICATION_MANAGER)
    response = client.delete("/api/v1/relations/helmond-mechelen")
    assert_problem(response, 405)
    assert "DELETE" not in response["Allow"] and "PATCH" in response["Allow"]
    assert_problem(client.options("/api/v1/relations"), 405)
    assert client.get("/api/v1/relations/helmond-mechelen").status_code == 200


def test_409_for_an_id_that_is_taken(register: dict, client_as: Any) -> None:
    response = client_as(Role.POLICY_OFFICER).post(
        "/api/v1/relations", relation_body(name="Another name"), format="json"
    )
    body = assert_problem(response, 409)
    assert body["invalidParams"][0]["name"] == "id"


def test_415_for_a_body_that_is_not_json(db: None, client_as: Any) -> None:
    response = client_as(Role.POLICY_OFFICER).post(
        "/api/v1/relations", "id=x", content_type="application/x-www-form-urlencoded"
    )
    assert_problem(response, 415)


@override_settings(
    REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"write": "2/min"}}
)
def test_429_when_writes_exceed_the_rate(register: dict, client_as: Any) -> None:
    cache.clear()
    client = client_as(Role.POLICY_OFFICER)
    url = "/api/v1/relations/helmond-mechelen"
    for n in range(2):
        response = client.patch(url, {"description": f"Change {n}"}, format="json")
        assert response.status_code == 200, response.content
    response = client.patch(url, {"description": "One too many"}, format="json")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0
    # Reads are not limited, and another token has its own budget.
    assert client.get(url).json()["description"] == "Change 1"
    other = client_as(Role.APPLICATION_MANAGER)
    assert other.patch(url, {"description": "Other"}, format="json").status_code == 200
    cache.clear()
