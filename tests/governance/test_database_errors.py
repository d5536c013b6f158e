"""A database's own words (constraint names, values, SQL) never reach a client.

Before: a unique violation while saving a decision came back as a 400 quoting PostgreSQL
(``duplicate key value violates unique constraint "governance_decision_identifier_key" ...``);
an IntegrityError anywhere else in the API or the pages was a 500.
"""

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, OperationalError

from intrel.accounts.constants import Role
from intrel.governance import services
from intrel.governance.constants import Body
from intrel.governance.models import Decision, Meeting

LEAK = (
    'duplicate key value violates unique constraint "governance_decision_identifier_key" '
    "DETAIL: Key (identifier)=(RAAD-2014-038) already exists."
)


@pytest.fixture
def meeting(db: None) -> Meeting:
    return services.meeting_create(body=Body.COUNCIL, date=date(2014, 3, 6), title="Raad")


@pytest.fixture
def clerk_api(api_client_for: Callable[..., Any]) -> Any:
    client = api_client_for(Role.CLERK)
    client.raise_request_exception = False
    return client


def _decision(meeting: Meeting) -> dict[str, Any]:
    return {"meeting": meeting.pk, "kind": "other", "title": "Besluit", "result": "adopted"}


def _raise(exc: Exception) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return fail


def _assert_no_leak(content: bytes) -> None:
    text = content.decode()
    for fragment in ("duplicate key", "governance_decision_identifier_key", "RAAD-2014-038"):
        assert fragment not in text, text


def test_a_unique_violation_while_saving_is_not_quoted(
    clerk_api: Any, meeting: Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Decision, "save", _raise(IntegrityError(LEAK)))

    response = clerk_api.post("/api/v1/decisions", _decision(meeting), format="json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    _assert_no_leak(response.content)


def test_an_integrity_error_in_the_api_is_a_generic_409(
    clerk_api: Any,
    meeting: Meeting,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(services, "decision_record", _raise(IntegrityError(LEAK)))

    with caplog.at_level(logging.ERROR, logger="intrel.errors"):
        response = clerk_api.post("/api/v1/decisions", _decision(meeting), format="json")

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 409
    _assert_no_leak(response.content)
    # ... and the details are in the log, for whoever has to find out what happened.
    logged = [r for r in caplog.records if r.name == "intrel.errors"]
    assert len(logged) == 1
    assert logged[0].exc_info and LEAK in str(logged[0].exc_info[1])
    assert "/api/v1/decisions" in logged[0].getMessage()


def test_another_database_error_in_the_api_is_a_generic_500(
    clerk_api: Any, meeting: Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = 'relation "governance_decision" does not exist LINE 1: SELECT ...'
    monkeypatch.setattr(services, "decision_record", _raise(OperationalError(secret)))

    response = clerk_api.post("/api/v1/decisions", _decision(meeting), format="json")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert "governance_decision" not in response.content.decode()


def test_an_integrity_error_on_a_page_is_a_generic_409_page(
    client: Any,
    make_user: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client.force_login(make_user(Role.CLERK))
    client.raise_request_exception = False
    monkeypatch.setattr(services, "meeting_create", _raise(IntegrityError(LEAK)))

    with caplog.at_level(logging.ERROR, logger="intrel.errors"):
        response = client.post(
            "/governance/meetings/new", {"body": "council", "date": "2014-03-06", "title": "Raad"}
        )

    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    _assert_no_leak(response.content)
    assert any(r.name == "intrel.errors" and r.exc_info for r in caplog.records)


def test_numbers_continue_after_those_taken_and_are_never_given_twice(meeting: Meeting) -> None:
    Decision.objects.create(
        meeting=meeting,
        body=meeting.body,
        kind="other",
        title="Oud",
        result="adopted",
        identifier="RAAD-2014-038",
    )

    first = services.decision_record(meeting=meeting, kind="other", title="A", result="adopted")
    first.delete()
    second = services.decision_record(meeting=meeting, kind="other", title="B", result="adopted")

    assert (first.identifier, second.identifier) == ("RAAD-2014-039", "RAAD-2014-040")


def test_the_generic_500_says_nothing_was_saved_and_what_to_do(
    clerk_api: Any, meeting: Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "decision_record", _raise(OperationalError("disk full")))

    problem = clerk_api.post("/api/v1/decisions", _decision(meeting), format="json").json()
    assert problem["detail"] == (
        "Nothing of this request was saved. Try again; if it keeps failing, contact the "
        "application manager."
    )
    dutch = clerk_api.post(
        "/api/v1/decisions", _decision(meeting), format="json", HTTP_ACCEPT_LANGUAGE="nl"
    ).json()
    assert dutch["detail"].startswith("Er is niets van dit verzoek opgeslagen.")
