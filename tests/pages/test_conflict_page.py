"""The 409 page (templates/409.html): a save that collides with another says, in the reader's
language, that nothing was saved and what to do next."""

from html import unescape
from typing import Any

import pytest
from django.db import IntegrityError

from intrel.accounts.constants import Role
from intrel.governance import services

pytestmark = pytest.mark.django_db


def _collide(*args: Any, **kwargs: Any) -> Any:
    raise IntegrityError("UNIQUE constraint failed: governance_meeting.slug")


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("nl", "Er is niets opgeslagen: laad de pagina opnieuw en probeer het nog eens."),
        ("en", "Nothing was saved: reload the page and try again."),
    ],
)
def test_a_collision_says_nothing_was_saved_and_what_to_do(
    client: Any, make_user: Any, monkeypatch: pytest.MonkeyPatch, language: str, says: str
) -> None:
    client.force_login(make_user(Role.CLERK, username="griffie-botsing"))  # not a demo name
    client.cookies["django_language"] = language
    client.raise_request_exception = False
    monkeypatch.setattr(services, "meeting_create", _collide)
    response = client.post(
        "/governance/meetings/new", {"body": "council", "date": "2014-03-06", "title": "Raad"}
    )
    assert response.status_code == 409
    page = unescape(response.content.decode())
    assert f'<html lang="{language}">' in page
    assert says in " ".join(page.split())
    assert "UNIQUE" not in page
