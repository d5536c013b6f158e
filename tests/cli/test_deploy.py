"""Production settings: ``intrel check --deploy`` is clean, and nothing starts without a key."""

import os
import subprocess
import sys
from pathlib import Path

INTREL = Path(sys.executable).parent / "intrel"


def run(env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    # A production process gets none of the test run's own settings (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which check --deploy rightly refuses).
    dropped = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"DJANGO_SETTINGS_MODULE": "intrel.conf.production", **env_extra})
    return subprocess.run(
        [str(INTREL), *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = run(
        {
            "SECRET_KEY": "k" * 20 + "-production-secret-from-the-environment-0123456789",
            "ALLOWED_HOSTS": "intrel.example.org",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = run({"ALLOWED_HOSTS": "intrel.example.org"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_demo_accounts_are_refused_when_debug_is_off() -> None:
    result = run({"SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "intrel.example.org"}, "demo_accounts")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_keeps_database_connections_open_between_requests() -> None:
    settings = {"SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "intrel.example.org"}
    show = "from django.conf import settings as s; d = s.DATABASES['default']; "
    show += "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    assert run(settings, "shell", "-c", show).stdout.splitlines()[-1].split() == ["60", "True"]
    chosen = run({**settings, "DB_CONN_MAX_AGE": "0"}, "shell", "-c", show)
    assert chosen.stdout.splitlines()[-1].split() == ["0", "True"]
