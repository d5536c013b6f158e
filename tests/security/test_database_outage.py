"""While the database cannot be reached, pages and the API answer 503 with Retry-After (plain
Dutch and English page, or problem+json), not a 500; a wrong query stays a 500."""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from intrel.accounts.constants import Role
from intrel.core.failures import is_database_outage

REFUSED = (
    'connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused\n'
    "\tIs the server running on that host and accepting TCP/IP connections?"
)


@contextmanager
def _database_down() -> Iterator[None]:
    """Every use of a connection fails as while PostgreSQL is down; back up after the block
    (before the test's own transaction is rolled back)."""

    def refuse(self: Any) -> None:
        raise OperationalError(REFUSED)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
        yield


@pytest.fixture
def signed_in(make_user: Callable[..., Any]) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.POLICY_OFFICER, username="beleid"))
    return client


def test_a_page_answers_503_with_retry_after(signed_in: Client) -> None:
    with _database_down():
        response = signed_in.get("/relations/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Tijdelijk niet beschikbaar" in html
    assert "Temporarily unavailable" in html
    assert "10.0.0.5" not in html and "5432" not in html


def test_an_outage_is_one_log_line_per_request_not_a_traceback(
    signed_in: Client, api_client_for: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    """During a PostgreSQL restart hundreds of requests a second are refused: each is one line
    naming the cause (docs/reliability.md), where Django logged a traceback each."""
    api = api_client_for(Role.POLICY_OFFICER)
    api.raise_request_exception = False
    with caplog.at_level(logging.INFO), _database_down():
        assert signed_in.get("/relations/").status_code == 503
        assert api.get("/api/v1/relations").status_code == 503
    assert not [r for r in caplog.records if r.name == "django.request"]
    lines = [r for r in caplog.records if r.name == "intrel.errors"]
    assert len(lines) == 2
    assert all(r.exc_info is None and r.status_code == 503 for r in lines)  # type: ignore[attr-defined]
    page = lines[0].getMessage()
    assert page.startswith("database unavailable: method=GET path=/relations/")
    assert "OperationalError: connection to server" in page and "\n" not in page


def test_the_login_page_answers_503_too(db: None) -> None:
    with _database_down():
        response = Client(raise_request_exception=False).post(
            "/accounts/login/", {"username": "beleid", "password": "x"}
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_the_api_answers_503_problem_json(api_client_for: Callable[..., Any]) -> None:
    api = api_client_for(Role.POLICY_OFFICER)
    api.raise_request_exception = False
    with _database_down():
        response = api.get("/api/v1/relations")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 503
    assert "5432" not in response.content.decode()


def test_which_errors_are_an_outage() -> None:
    assert is_database_outage(OperationalError(REFUSED))
    assert is_database_outage(OperationalError("database is locked"))
    assert is_database_outage(OperationalError("server closed the connection unexpectedly"))
    assert not is_database_outage(OperationalError("no such table: relations_relation"))
    assert not is_database_outage(ValueError("connection"))
