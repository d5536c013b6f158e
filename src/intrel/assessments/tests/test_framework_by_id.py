"""Issue 9.1: a request names a framework by its registered id, never by a file path.

The class check: every API operation of the OpenAPI document that takes a framework (a query
parameter ``framework`` or a ``/frameworks/{id}`` path), and every page whose URL takes one, is
called with paths; each is refused (400 naming the field and the known ids, or 404) and no file
but a registered framework's is ever loaded.
"""

from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

import intrel.policy.framework as framework_module
from intrel.accounts.constants import Role
from intrel.policy import known_frameworks
from intrel.relations.tests.factories import RelationFactory

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2]  # src/intrel
HELMOND_FILE = str(known_frameworks()["helmond-2013"])
PATHS = ["/dev/zero", "/etc/passwd", HELMOND_FILE, "helmond-2013.yaml", "../../etc/passwd"]


def _framework_operations() -> list[tuple[str, str, str]]:
    """(path, method, how) for every operation that takes a framework: how is 'query' or 'path'."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            names = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
            if ("query", "framework") in names:
                found.append((path, method, "query"))
            elif "/frameworks/{id}" in path:
                found.append((path, method, "path"))
    return sorted(found)


OPERATIONS = _framework_operations()


def test_the_operations_that_take_a_framework_are_found() -> None:
    found = {(path, method) for path, method, _ in OPERATIONS}
    assert ("/relations/{id}/assessment", "get") in found
    assert ("/assessments", "get") in found
    assert ("/frameworks/{id}", "get") in found
    assert ("/frameworks/{id}/evaluations", "post") in found


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file the framework loader opens during the test."""
    opened: list[str] = []
    real = framework_module.load_framework_file

    def spy(path: str | Path) -> object:
        opened.append(str(path))
        return real(path)

    monkeypatch.setattr(framework_module, "load_framework_file", spy)
    return opened


@pytest.mark.parametrize("value", PATHS)
@pytest.mark.parametrize(("path", "method", "how"), OPERATIONS)
def test_every_api_operation_refuses_a_framework_path(
    api_client_for, loaded: list[str], path: str, method: str, how: str, value: str
) -> None:
    RelationFactory(slug="r1")
    api = api_client_for(Role.POLICY_OFFICER)
    path = "/api/v1" + path  # the document's paths are relative to its server, /api/v1
    if how == "path":
        url = path.replace("{id}", quote(value, safe=""))
    else:
        url = path.replace("{id}", "r1") + "?framework=" + quote(value, safe="")
    response = getattr(api, method)(url, {} if method == "post" else None, format="json")
    assert response["Content-Type"].startswith("application/problem+json"), response.content
    if how == "query":
        assert response.status_code == 400, response.content
        body = response.json()
        assert [p["name"] for p in body["invalidParams"]] == ["framework"]
        assert "helmond-2013" in body["invalidParams"][0]["reason"]
    else:
        assert response.status_code == 404, response.content
    registered = {str(p) for p in known_frameworks().values()}
    assert set(loaded) <= registered


def _page_patterns() -> list[str]:
    """Routes of pages (outside the API) whose URL carries a framework."""
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif "framework" in route and not route.startswith("api/"):
                found.append(route)

    walk(get_resolver().url_patterns, "")
    return found


@pytest.mark.parametrize("value", PATHS)
def test_every_page_refuses_a_framework_path(
    client, make_user, loaded: list[str], value: str
) -> None:
    client.force_login(make_user(Role.POLICY_OFFICER))
    routes = [r for r in _page_patterns() if "<" in r]
    assert routes, "the framework pages were not found"
    for route in routes:
        head, _, rest = route.partition("<")
        url = "/" + head + quote(value, safe="") + rest.partition(">")[2]
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)
    registered = {str(p) for p in known_frameworks().values()}
    assert set(loaded) <= registered


def test_only_the_command_line_loads_a_framework_by_path() -> None:
    """``load_framework_file`` (a path) is for the operator's CLI; everything else uses ids."""
    allowed = {SRC / "policy" / "framework.py", SRC / "policy" / "cli.py"}
    offenders = [
        str(file.relative_to(SRC))
        for file in SRC.rglob("*.py")
        if file not in allowed
        and "tests" not in file.parts
        and (
            "load_framework_file" in (text := file.read_text("utf-8"))
            or "framework_from_argument" in text
        )
    ]
    assert offenders == []


@pytest.mark.parametrize("value", PATHS)
def test_the_probe_with_a_read_scoped_service_token_is_refused(
    loaded: list[str], value: str
) -> None:
    """The issue's reproduction: a read-scoped service token naming a file as the framework."""
    from rest_framework.test import APIClient

    from intrel.api.services import service_token_create

    RelationFactory(slug="helmond-mechelen")
    _token, key = service_token_create(name="probe", scopes=["read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = api.get(
        "/api/v1/relations/helmond-mechelen/assessment?framework=" + quote(value, safe="")
    )
    assert response.status_code == 400, response.content
    assert response.json()["invalidParams"][0]["name"] == "framework"
    assert set(loaded) <= {str(p) for p in known_frameworks().values()}


def test_an_unknown_framework_is_repeated_only_in_part(api_client_for) -> None:
    """The refusal names the value, not all of it: no more than a page's filter notice does."""
    RelationFactory(slug="r1")
    api = api_client_for(Role.POLICY_OFFICER)
    response = api.get("/api/v1/relations/r1/assessment?framework=" + "x" * 5000)
    assert response.status_code == 400, response.content
    reason = response.json()["invalidParams"][0]["reason"]
    assert "'" + "x" * 39 + "…'" in reason and "helmond-2013" in reason
    assert "x" * 41 not in response.content.decode()
