"""Shared state for more than one app server (issue 18): with ``CACHE_URL`` naming a Redis, the
cache, the API's write throttle and the sessions are shared, so two app servers allow the
rate once, not twice; with the default local memory each process counts alone.

Uses the machine's Redis at 127.0.0.1:6379 (database 15, emptied before and after)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from intrel.accounts.constants import Role
from intrel.api.throttling import WriteRateThrottle

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_db() -> Iterator[str]:
    cache = RedisCache(REDIS_URL, {})
    cache.clear()  # refuses loudly (ConnectionError) when the machine's Redis is not running
    yield REDIS_URL
    cache.clear()


def _settings_with(env: dict[str, str]) -> dict[str, Any]:
    """The production settings as a fresh process reads them from this environment."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'cache': settings.CACHES['default']['BACKEND'], "
        "'sessions': settings.SESSION_ENGINE}))"
    )
    base = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "intrel.conf.production",
            "SECRET_KEY": "s" * 60,
            "ALLOWED_HOSTS": "intrel.example.nl",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(result.stdout))


def test_a_redis_cache_url_shares_cache_and_sessions() -> None:
    shared = _settings_with({"CACHE_URL": REDIS_URL})
    assert shared == {
        "cache": "django.core.cache.backends.redis.RedisCache",
        "sessions": "django.contrib.sessions.backends.cached_db",
    }
    alone = _settings_with({})
    assert alone == {
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "sessions": "django.contrib.sessions.backends.db",
    }


def _server(backend: str, name: str) -> BaseCache:
    """The default cache as one app server has it: its own connection to the shared Redis,
    or its own process memory."""
    if backend == "redis":
        return RedisCache(REDIS_URL, {})
    return LocMemCache(f"server-{name}", {})


@pytest.mark.parametrize(("backend", "third_write"), [("redis", 429), ("locmem", 200)])
@override_settings(
    REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"write": "2/min"}}
)
def test_two_app_servers_count_one_write_rate(
    backend: str,
    third_write: int,
    redis_db: str,
    register: dict[str, Any],
    client_as: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A policy officer's third write in a minute at a rate of 2/min, the first two through
    app server A and the third through server B: refused with Redis, let through (the hole
    the issue measured) with each server's own memory."""
    client = client_as(Role.POLICY_OFFICER)
    url = "/api/v1/relations/helmond-mechelen"
    server_a, server_b = _server(backend, "a"), _server(backend, "b")
    monkeypatch.setattr(WriteRateThrottle, "cache", server_a)
    for n in range(2):
        response = client.patch(url, {"description": f"Change {n}"}, format="json")
        assert response.status_code == 200, response.content
    monkeypatch.setattr(WriteRateThrottle, "cache", server_b)
    response = client.patch(url, {"description": "Third"}, format="json")
    assert response.status_code == third_write, response.content
