"""Tokens as a person or a system gets and uses them."""

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from api_helpers import relation_body
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from intrel.accounts.constants import Role
from intrel.api.models import ServiceToken
from intrel.relations.models import Relation


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_api_token_command_gives_a_token_with_the_users_role(
    make_user: Any, register: dict
) -> None:
    make_user(Role.COUNCIL_MEMBER, username="raad")
    out = StringIO()
    call_command("api_token", "raad", "--name", "sheet", stdout=out, stderr=StringIO())
    client = _client(out.getvalue().strip())
    assert client.get("/api/v1/relations").json()["totalItems"] == 1
    assert client.post("/api/v1/relations", relation_body(id="x"), format="json").status_code == 403
    again = StringIO()
    call_command("api_token", "raad", "--name", "other", stdout=again, stderr=StringIO())
    assert again.getvalue() != out.getvalue()  # a new token each time, named
    call_command("api_token", "raad", "--revoke", "--name", "sheet", stderr=StringIO())
    assert client.get("/api/v1/relations").status_code == 401
    assert _client(again.getvalue().strip()).get("/api/v1/relations").status_code == 200


def test_api_token_command_refuses_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="nobody"):
        call_command("api_token", "nobody", stdout=StringIO())


def _service_key(*args: str) -> str:
    out = StringIO()
    call_command("api_service_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_service_token_with_read_scope_reads_but_does_not_write(register: dict) -> None:
    key = _service_key("open-data-portal", "--scope", "read")
    assert key.startswith("svc_")
    token = ServiceToken.objects.get(name="open-data-portal")
    assert key not in (token.key_hash, token.key_hint)  # only a hash is kept
    client = _client(key)
    assert client.get("/api/v1/relations/helmond-mechelen").status_code == 200
    response = client.patch(
        "/api/v1/relations/helmond-mechelen", {"description": "x"}, format="json"
    )
    assert response.status_code == 403
    # Contact persons are personal data: not in the read scope.
    assert not token.allows("relations.view_contactperson")


def test_service_token_with_write_scope_changes_relations_under_its_own_account(
    register: dict,
) -> None:
    client = _client(_service_key("sheet-sync", "--scope", "read", "--scope", "write:relations"))
    response = client.post(
        "/api/v1/relations", relation_body(id="helmond-bruges", name="Brugge"), format="json"
    )
    assert response.status_code == 201, response.content
    relation = Relation.objects.get(slug="helmond-bruges")
    assert relation.history.first().history_user.username == "svc-sheet-sync"
    # Activities are outside the scope.
    activity = {"relation": "helmond-bruges", "kind": "visit", "date": "2025-01-01", "title": "x"}
    assert client.post("/api/v1/activities", activity, format="json").status_code == 403


def test_expired_or_revoked_service_tokens_are_refused(register: dict) -> None:
    key = _service_key("old-system", "--scope", "read", "--days", "1")
    client = _client(key)
    assert client.get("/api/v1/relations").status_code == 200
    ServiceToken.objects.filter(name="old-system").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get("/api/v1/relations").status_code == 401
    key = _service_key("revoked-system", "--scope", "read")
    ServiceToken.objects.filter(name="revoked-system").update(revoked_at=timezone.now())
    assert _client(key).get("/api/v1/relations").status_code == 401


def test_service_token_command_refuses_bad_input(db: None) -> None:
    with pytest.raises(CommandError):
        _service_key("x", "--scope", "everything")
    _service_key("twice", "--scope", "read")
    with pytest.raises(CommandError, match="twice"):
        _service_key("twice", "--scope", "read")
    with pytest.raises(CommandError):
        _service_key("short", "--scope", "read", "--days", "0")


def test_a_service_token_is_revoked_by_command_and_then_refused(register: dict) -> None:
    key = _service_key("to-revoke", "--scope", "read")
    client = _client(key)
    assert client.get("/api/v1/relations").status_code == 200
    call_command("api_service_token", "to-revoke", "--revoke", stdout=StringIO(), stderr=StringIO())
    assert ServiceToken.objects.get(name="to-revoke").revoked_at is not None
    response = client.get("/api/v1/relations")
    assert response.status_code == 401
    assert "unknown, expired or revoked" in response.json()["detail"]
    with pytest.raises(CommandError, match="nothing-here"):
        call_command("api_service_token", "nothing-here", "--revoke", stderr=StringIO())
    with pytest.raises(CommandError, match="--scope"):
        _service_key("no-scope")
