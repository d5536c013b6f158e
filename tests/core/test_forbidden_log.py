"""A 403 is an ordinary refusal: one log line (who, what, which permission), no traceback.

Before: every refused page wrote Django's full traceback of ``PermissionDenied`` to the log.
Real errors keep theirs.
"""

import logging
from collections.abc import Callable
from typing import Any

import pytest

from intrel.accounts.constants import Role
from intrel.start import selectors as start_selectors


def _records(caplog: pytest.LogCaptureFixture, path: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if path in r.getMessage()]


def test_a_refused_page_is_one_line_without_traceback(
    client: Any, make_user: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(make_user(Role.COUNCIL_MEMBER, username="raad"))

    with caplog.at_level(logging.INFO):
        response = client.get("/governance/meetings/new")

    assert response.status_code == 403
    records = _records(caplog, "/governance/meetings/new")
    assert len(records) == 1, [r.getMessage() for r in records]
    (record,) = records
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert record.getMessage() == (
        "forbidden: user=raad method=GET path=/governance/meetings/new "
        "permission=governance.add_meeting"
    )


def test_a_refused_api_call_is_one_line_naming_the_permission(
    api_client_for: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    api = api_client_for(Role.COUNCIL_MEMBER)

    with caplog.at_level(logging.INFO):
        response = api.post("/api/v1/persons", {"name": "X"}, format="json")

    assert response.status_code == 403
    records = _records(caplog, "/api/v1/persons")
    assert [r.getMessage() for r in records] == [
        "forbidden: user=raadslid method=POST path=/api/v1/persons permission=governance.add_person"
    ]
    assert records[0].exc_info is None


def test_a_real_error_keeps_its_traceback(
    client: Any,
    make_user: Callable[..., Any],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(start_selectors, "attention_for", broken)
    client.force_login(make_user(Role.POLICY_OFFICER))
    client.raise_request_exception = False

    with caplog.at_level(logging.INFO):
        response = client.get("/")

    assert response.status_code == 500
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert record.exc_info and isinstance(record.exc_info[1], RuntimeError)
    assert record.status_code == 500  # type: ignore[attr-defined]


def test_a_path_cannot_forge_a_second_log_line(
    client: Any, make_user: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    """The path is the caller's text: a newline in it (``%0A``) is written escaped, as Django's
    own request log does, so one refusal stays one line and cannot forge another."""
    staff = make_user(Role.COUNCIL_MEMBER, username="raad")
    staff.is_staff = True  # may open the admin, but not change users
    staff.save()
    client.force_login(staff)
    forged = "1%0Aforbidden: user=admin method=GET path=-admin permission=-"

    with caplog.at_level(logging.INFO):
        response = client.get(f"/admin/accounts/user/{forged}/password/")

    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "intrel.access"]
    message = record.getMessage()
    assert "\n" not in message
    assert message.startswith(
        "forbidden: user=raad method=GET path=/admin/accounts/user/1\\nforbidden: user=admin"
    )
