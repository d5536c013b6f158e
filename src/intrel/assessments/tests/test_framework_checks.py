"""Issue 11, bad input: a broken framework file is named by ``intrel policy check`` (file, path
inside it, reason) and the product refuses to start with it (a system check error), rather than
assess with half a framework. And ``$INTREL_POLICY_PATH`` adds directories to the built-in one."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from intrel.assessments.checks import check_frameworks
from intrel.policy.cli import policy_check_main
from intrel.policy.framework import DEFAULT_PATH, known_frameworks

EXAMPLE = DEFAULT_PATH / "voorbeeld-2026.yaml"


def _example() -> dict[str, Any]:
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    assert isinstance(data, dict)
    data["id"] = "kapot"
    return data


def _unknown_parameter(data: dict[str, Any]) -> None:
    data["notice_months"] = 3


def _unknown_clause(data: dict[str, Any]) -> None:
    data["rules"][0]["finding"]["clauses"] = ["VB-99"]


def _unrouted_purpose(data: dict[str, Any]) -> None:
    data["topical_portfolios"] = [p for p in data["topical_portfolios"] if p["code"] != "SPO"]


def _unknown_rule_parameter(data: dict[str, Any]) -> None:
    data["rules"][3]["params"]["initiatiefnemers"] = ["council"]


CASES: list[tuple[Callable[[dict[str, Any]], None], str]] = [
    (_unknown_parameter, "notice_months: unknown key"),
    (_unknown_clause, "rules[0] (relation.no-pillar).finding.clauses: unknown clause VB-99"),
    (_unrouted_purpose, "topical_portfolios: added_value purpose sport has no portfolio"),
    (
        _unknown_rule_parameter,
        "rules[3] (solidarity.initiated-by-government).params.initiatiefnemers: unknown key",
    ),
]


@pytest.fixture
def policy_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INTREL_POLICY_PATH", str(tmp_path))
    return tmp_path


def _check(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return policy_check_main(argv, out, err), out.getvalue(), err.getvalue()


def test_the_policy_path_adds_to_the_built_in_directory(policy_dir: Path) -> None:
    (policy_dir / "extra-2030.yaml").write_text(
        yaml.safe_dump({**_example(), "id": "extra-2030"}), "utf-8"
    )
    known = known_frameworks()
    assert known["extra-2030"] == policy_dir / "extra-2030.yaml"
    assert known["helmond-2013"] == DEFAULT_PATH / "helmond-2013.yaml"
    assert check_frameworks() == []


@pytest.mark.parametrize(("break_it", "reason"), CASES)
def test_a_broken_file_is_named_by_policy_check_and_by_the_system_check(
    policy_dir: Path, break_it: Callable[[dict[str, Any]], None], reason: str
) -> None:
    data = _example()
    break_it(data)
    file = policy_dir / "kapot.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")

    status, out, err = _check([])
    assert status == 1
    assert f"{file}: {reason}" in err.splitlines()
    assert f"INVALID {file}" in out
    assert "OK helmond-2013" in out  # the others are still checked

    errors = check_frameworks()
    assert f"{file}: {reason}" in [e.msg for e in errors]
    assert {e.id for e in errors} == {"assessments.E002"}


def test_two_frameworks_with_one_id_are_an_error_naming_both_files(policy_dir: Path) -> None:
    copy = policy_dir / "helmond-2013.yaml"
    copy.write_text((DEFAULT_PATH / "helmond-2013.yaml").read_text("utf-8"), "utf-8")
    status, _out, err = _check([])
    assert status == 1
    assert str(copy) in err and str(DEFAULT_PATH / "helmond-2013.yaml") in err
    assert "framework helmond-2013 is defined twice" in err
    [error] = check_frameworks()
    assert error.id == "assessments.E001"
    assert str(copy) in error.msg and str(DEFAULT_PATH / "helmond-2013.yaml") in error.msg


@pytest.mark.django_db
def test_the_product_refuses_to_start_with_a_broken_framework(
    policy_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _example()
    _unknown_clause(data)
    (policy_dir / "kapot.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(SystemCheckError, match="unknown clause VB-99"):
        call_command("check")
    monkeypatch.delenv("INTREL_POLICY_PATH")
    call_command("check")  # without it, the product starts


def test_a_plain_wsgi_start_refuses_a_broken_framework(policy_dir: Path) -> None:
    """An application server runs no system checks; the WSGI entry point refuses all the same."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "intrel.conf.test"}
    start = [sys.executable, "-c", "import intrel.wsgi"]
    assert subprocess.run(start, env=env, capture_output=True, timeout=120).returncode == 0
    data = _example()
    _unknown_clause(data)
    (policy_dir / "kapot.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    broken = subprocess.run(start, env=env, capture_output=True, text=True, timeout=120)
    assert broken.returncode != 0
    assert "intrel does not start" in broken.stderr
    assert "unknown clause VB-99" in broken.stderr


@pytest.mark.parametrize(("break_it", "reason"), CASES)
def test_framework_problems_are_in_the_engines_words(
    policy_dir: Path, break_it: Callable[[dict[str, Any]], None], reason: str
) -> None:
    data = _example()
    break_it(data)
    (policy_dir / "kapot.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    messages = " ".join(e.msg for e in check_frameworks())
    assert reason in messages  # the problem is found, or the words below prove nothing
    for library_words in ("Input should", "Extra inputs", "Field required", "Value error"):
        assert library_words not in messages
