"""Persons' API tokens (issue 18): stored hashed, named, expiring, listed and revoked by their
owner and by functioneel beheer, by command and on /accounts/tokens/."""

import importlib
import re
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from intrel.accounts.constants import Role
from intrel.api.models import PersonToken, ServiceToken, hash_key
from intrel.api.services import person_token_create

pytestmark = pytest.mark.django_db


def _api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def _make(username: str, *args: str) -> str:
    out = StringIO()
    call_command("api_token", username, *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_the_raw_token_is_not_stored(make_user: Any) -> None:
    make_user(Role.COUNCIL_MEMBER, username="raad")
    key = _make("raad", "--name", "sheet")
    token = PersonToken.objects.get(name="sheet")
    assert token.key_hash == hash_key(key) != key
    assert key.startswith(token.key_hint) and len(token.key_hint) < 12
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_persontoken")
        stored = " ".join(str(v) for row in cursor.fetchall() for v in row)
    assert key not in stored
    assert _api(key).get("/api/v1/relations").status_code == 200


def test_a_revoked_token_is_refused_with_401(make_user: Any) -> None:
    make_user(Role.COUNCIL_MEMBER, username="raad")
    key = _make("raad", "--name", "sheet")
    assert _api(key).get("/api/v1/relations").status_code == 200
    call_command("api_token", "raad", "--revoke", "--name", "sheet", stderr=StringIO())
    response = _api(key).get("/api/v1/relations")
    assert response.status_code == 401
    assert "unknown, expired or revoked" in response.json()["detail"]
    assert PersonToken.objects.get(name="sheet").revoked_at is not None  # kept for the record


def test_an_expired_token_is_refused_with_401(make_user: Any, settings: Any) -> None:
    settings.INTREL_API_TOKEN_DAYS = 90
    make_user(Role.COUNCIL_MEMBER, username="raad")
    key = _make("raad", "--name", "short", "--days", "2")
    default = _make("raad", "--name", "default")
    assert (
        PersonToken.objects.get(name="default").expires_at.date()
        == (timezone.now() + timedelta(days=90)).date()
    )
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert _api(key).get("/api/v1/relations").status_code == 401
        assert _api(default).get("/api/v1/relations").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert _api(default).get("/api/v1/relations").status_code == 401


def test_an_unknown_token_and_an_inactive_users_token_are_refused(make_user: Any) -> None:
    user = make_user(Role.COUNCIL_MEMBER, username="raad")
    key = _make("raad", "--name", "sheet")
    assert _api("pat_not-a-real-token").get("/api/v1/relations").status_code == 401
    user.is_active = False
    user.save()
    assert _api(key).get("/api/v1/relations").status_code == 401


def test_the_command_lists_and_refuses_what_it_cannot_do(make_user: Any) -> None:
    make_user(Role.COUNCIL_MEMBER, username="raad")
    _make("raad", "--name", "sheet")
    with pytest.raises(CommandError, match="already have an active token named sheet"):
        _make("raad", "--name", "sheet")
    with pytest.raises(CommandError, match="1 to"):
        _make("raad", "--name", "long", "--days", "5000")
    with pytest.raises(CommandError, match="--name"):
        call_command("api_token", "raad", "--revoke", stderr=StringIO())
    with pytest.raises(CommandError, match="nobody"):
        _make("nobody")
    call_command("api_token", "raad", "--revoke", "--name", "sheet", stderr=StringIO())
    listing = _make("raad", "--list")
    assert "sheet" in listing and "revoked" in listing


def _page_key(html: str) -> str:
    match = re.search(r'<code id="new-token-key">([^<]+)</code>', html)
    assert match, "the new key is shown once"
    return match.group(1)


def test_the_page_makes_a_token_shown_once_and_revokes_it(make_user: Any) -> None:
    user = make_user(Role.POLICY_OFFICER, username="beleid")
    client = Client()
    client.force_login(user)
    response = client.post("/accounts/tokens/", {"name": "my spreadsheet", "days": "30"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = _page_key(response.content.decode())
    assert _api(key).get("/api/v1/relations").status_code == 200
    listing = client.get("/accounts/tokens/").content.decode()
    assert "my spreadsheet" in listing and key not in listing  # listed, never shown again
    token = PersonToken.objects.get(user=user)
    response = client.post(f"/accounts/tokens/{token.pk}/revoke", follow=True)
    assert response.status_code == 200
    assert "is revoked" in response.content.decode()
    assert _api(key).get("/api/v1/relations").status_code == 401


def test_the_page_refuses_a_bad_form_with_the_field_named(make_user: Any) -> None:
    client = Client()
    client.force_login(make_user(Role.POLICY_OFFICER, username="beleid"))
    response = client.post("/accounts/tokens/", {"name": " ", "days": "0"})
    assert response.status_code == 400
    assert not PersonToken.objects.exists()
    client.post("/accounts/tokens/", {"name": "twice", "days": "30"})
    response = client.post("/accounts/tokens/", {"name": "twice", "days": "30"})
    assert response.status_code == 400
    assert "already have an active token named twice" in response.content.decode()


def test_another_persons_token_is_not_found_but_beheer_sees_and_revokes_it(
    make_user: Any,
) -> None:
    owner = make_user(Role.COUNCIL_MEMBER, username="raad")
    token, key = person_token_create(user=owner, name="raad's sheet")
    other = Client()
    other.force_login(make_user(Role.POLICY_OFFICER, username="beleid"))
    assert "raad&#x27;s sheet" not in other.get("/accounts/tokens/").content.decode()
    assert other.post(f"/accounts/tokens/{token.pk}/revoke").status_code == 404
    assert other.post("/accounts/tokens/999999/revoke").status_code == 404
    assert _api(key).get("/api/v1/relations").status_code == 200

    beheer = Client()
    beheer.force_login(make_user(Role.APPLICATION_MANAGER, username="beheer"))
    assert "raad&#x27;s sheet" in beheer.get("/accounts/tokens/").content.decode()
    assert beheer.post(f"/accounts/tokens/{token.pk}/revoke").status_code == 302
    assert _api(key).get("/api/v1/relations").status_code == 401
    token.refresh_from_db()
    assert token.revoked_by is not None and token.revoked_by.username == "beheer"


def test_the_migration_hashes_plain_tokens_and_drops_their_table(make_user: Any) -> None:
    """An installation from before issue 18 has DRF's plain tokens: they keep working (hashed,
    expiring) and no plain key stays in the database."""
    from django.apps import apps

    migration = importlib.import_module("intrel.api.migrations.0002_person_token")
    user = make_user(Role.COUNCIL_MEMBER, username="raad")
    plain = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, "
            "user_id bigint NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            [plain, timezone.now(), user.pk],
        )

    class Editor:  # the part of a schema editor the migration uses (SQLite's refuses here)
        def __init__(self) -> None:
            self.connection = connection

        def execute(self, sql: str) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql)

    migration.hash_plain_tokens(apps, Editor())
    assert "authtoken_token" not in connection.introspection.table_names()
    token = PersonToken.objects.get(user=user)
    assert token.name == migration.CONVERTED_NAME and token.key_hash == hash_key(plain)
    assert _api(plain).get("/api/v1/relations").status_code == 200


def test_beheer_lists_and_revokes_a_service_token_on_the_page(make_user: Any) -> None:
    out = StringIO()
    call_command("api_service_token", "portal", "--scope", "read", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    assert _api(key).get("/api/v1/relations").status_code == 200
    token = ServiceToken.objects.get(name="portal")
    officer = Client()
    officer.force_login(make_user(Role.POLICY_OFFICER, username="beleid"))
    assert "portal" not in officer.get("/accounts/tokens/").content.decode()
    assert officer.post(f"/accounts/tokens/services/{token.pk}/revoke").status_code == 404
    beheer = Client()
    beheer.force_login(make_user(Role.APPLICATION_MANAGER, username="beheer"))
    assert "portal" in beheer.get("/accounts/tokens/").content.decode()
    assert beheer.post(f"/accounts/tokens/services/{token.pk}/revoke").status_code == 302
    assert _api(key).get("/api/v1/relations").status_code == 401
