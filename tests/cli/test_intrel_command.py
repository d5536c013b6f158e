"""The ``intrel`` console command runs the engine's CLI exactly as CONTRACT.md says."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

INTREL = Path(sys.executable).parent / "intrel"
DEMO = Path(__file__).resolve().parents[2] / "src/intrel/demo/data/helmond.json"


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "intrel.conf.test"}
    return subprocess.run(
        [str(INTREL), *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture(scope="module")
def helmond_subjects(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("cli") / "helmond.json"
    path.write_text(json.dumps([r["subject"] for r in data["relations"]]), encoding="utf-8")
    return path


def test_assess_a_list_prints_a_list_of_decisions(helmond_subjects: Path) -> None:
    result = run(
        "assess",
        "--framework",
        "helmond-2013",
        "--input",
        str(helmond_subjects),
        "--as-of",
        "2014-01-01",
    )
    assert result.returncode == 0, result.stderr
    decisions = {d["id"]: d for d in json.loads(result.stdout)}
    assert decisions["helmond-san-marcos"]["owner"]["kind"] == "committee"
    assert decisions["helmond-mechelen"]["owner"]["kind"] == "portfolio"
    assert decisions["helmond-brabant-jiangsu"]["owner"]["portfolio"] == "EZ"
    assert decisions["helmond-brainport-acquisitie"]["owner"]["portfolio"] == "EZ"
    assert all(d["as_of"] == "2014-01-01" for d in decisions.values())


def test_invalid_input_exits_2_with_nothing_on_stdout_and_a_line_per_problem() -> None:
    subject = {"subject": "relation", "id": "x", "purposes": [], "involvements": [{"start": "no"}]}
    result = run("assess", "--framework", "helmond-2013", "--input", "-", stdin=json.dumps(subject))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert 'relation "x": purposes: at least one purpose is required' in lines
    assert any(line.startswith('relation "x": involvements[0].start:') for line in lines)


def test_unknown_framework_exits_2_and_lists_the_known_ones(helmond_subjects: Path) -> None:
    result = run("assess", "--framework", "nope", "--input", str(helmond_subjects))
    assert result.returncode == 2 and result.stdout == ""
    assert "helmond-2013" in result.stderr


def test_policy_check_accepts_the_shipped_framework() -> None:
    result = run("policy", "check")
    assert result.returncode == 0, result.stderr
    assert "helmond-2013" in result.stdout
