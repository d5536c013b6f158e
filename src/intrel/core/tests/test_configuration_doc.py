"""docs/configuration.md names every environment variable an operator can set."""

import re
from pathlib import Path

from intrel.policy.framework import ENV_VAR as POLICY_PATH_VAR

SRC = Path(__file__).resolve().parents[2]  # src/intrel
DOC = SRC.parents[1] / "docs" / "configuration.md"
# env("NAME", ...), env.int("NAME", ...), env.list(...), env.db("NAME", ...): django-environ.
READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def variables_read() -> set[str]:
    names = {m for p in (SRC / "conf").glob("*.py") for m in READ.findall(p.read_text())}
    return names | {POLICY_PATH_VAR, "DJANGO_SETTINGS_MODULE"}


def test_every_variable_the_settings_read_is_documented():
    names = variables_read()
    assert {"SECRET_KEY", "DATABASE_URL", "INTREL_API_WRITE_RATE", "SECURE_HSTS_SECONDS"} <= names
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", DOC.read_text()))
    assert sorted(names - documented) == []


def test_the_settings_and_the_readme_point_to_the_page():
    assert "docs/configuration.md" in (SRC / "conf" / "base.py").read_text()
    assert "docs/configuration.md" in (SRC.parents[1] / "README.md").read_text()
