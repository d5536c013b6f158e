"""``intrel policy compare`` and ``intrel policy diff``, run as the real console command."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

INTREL = Path(sys.executable).parent / "intrel"
ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "src/intrel/demo/data/helmond.json"
VARIANT = ROOT / "src/intrel/policy/tests/frameworks/helmond-2013-council-initiates.yaml"


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "intrel.conf.test"}
    return subprocess.run(
        [str(INTREL), *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


def demo_subjects() -> list[dict]:
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    return [r["subject"] for r in data["relations"]]


@pytest.fixture(scope="module")
def subjects_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Helmond demo's relations, and San Marcos as if the council had set it up."""
    subjects = demo_subjects()
    san_marcos = next(s for s in subjects if s["id"] == "helmond-san-marcos")
    subjects.append({**san_marcos, "id": "san-marcos-door-de-raad", "initiated_by": "council"})
    path = tmp_path_factory.mktemp("compare") / "subjects.json"
    path.write_text(json.dumps(subjects), encoding="utf-8")
    return path


def test_a_framework_compared_with_itself_reports_no_difference() -> None:
    result = run(
        "policy", "compare", "helmond-2013", "helmond-2013", "--input", "-",
        "--as-of", "2014-01-01", stdin=json.dumps(demo_subjects()),
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    out = json.loads(result.stdout)
    assert (out["subjects"], out["changed"], out["unchanged"]) == (9, 0, 9)
    assert out["differences"] == []


def test_the_variant_lists_exactly_the_subjects_whose_outcome_differs(subjects_file: Path) -> None:
    result = run(
        "policy", "compare", "helmond-2013", str(VARIANT), "--input", str(subjects_file),
        "--as-of", "2014-01-01",
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    out = json.loads(result.stdout)
    assert out["b"] == {"framework": "helmond-2013-council-initiates", "version": "1-variant"}
    assert (out["changed"], out["unchanged"]) == (1, 9)
    [difference] = out["differences"]
    assert difference["id"] == "san-marcos-door-de-raad"
    assert [f["code"] for f in difference["findings_removed"]] == [
        "SOLIDARITY_INITIATED_BY_GOVERNMENT"
    ]
    assert [a["code"] for a in difference["actions_removed"]] == ["HAND_OVER_TO_RESIDENTS"]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["helmond-2013", "nope"], "[]", 'B: unknown framework "nope"; known frameworks: '),
        (["helmond-2013", "helmond-2013", "--as-of", "2014-13-01"], "[]", "--as-of: not a date"),
        (["helmond-2013", "helmond-2013"], "{", "input: not valid JSON"),
        (
            ["helmond-2013", "helmond-2013"],
            json.dumps({"subject": "relation", "id": "x", "purposes": []}),
            'relation "x": purposes: at least one purpose is required',
        ),
        (["helmond-2013"], "[]", "the following arguments are required: B"),
    ],
)
def test_invalid_options_or_input_exit_2_naming_the_problem(
    args: list[str], stdin: str, message: str
) -> None:
    result = run("policy", "compare", *args, "--input", "-", stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_diff_shows_the_changed_parameter_by_path() -> None:
    result = run("policy", "diff", "helmond-2013", str(VARIANT))
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    at = lines.index("  rules[solidarity.initiated-by-government].params.initiators")
    assert lines[at + 1 : at + 3] == [
        '    A: ["municipality", "council"]',
        '    B: ["municipality"]',
    ]
    assert "only in A (0):" in lines and "only in B (0):" in lines


EXAMPLE = "voorbeeld-2026"


def test_the_example_framework_moves_san_marcos_and_jiangsu_and_nothing_else_unasked() -> None:
    """Issue 11: the example (a fictional municipality) routes solidarity to the social-affairs
    portfolio and economy to the mayor's portfolio; where nothing changes, nothing is listed."""
    result = run(
        "policy", "compare", "helmond-2013", EXAMPLE, "--input", "-",
        "--as-of", "2014-01-01", stdin=json.dumps(demo_subjects()),
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    out = json.loads(result.stdout)
    assert out["b"] == {"framework": EXAMPLE, "version": "1"}
    by_id = {d["id"]: d for d in out["differences"]}
    assert by_id["helmond-san-marcos"]["owner"] == {
        "a": {"kind": "committee", "portfolio": None},
        "b": {"kind": "portfolio", "portfolio": "SOC"},
    }
    assert by_id["helmond-brabant-jiangsu"]["owner"] == {
        "a": {"kind": "portfolio", "portfolio": "EZ"},
        "b": {"kind": "portfolio", "portfolio": "BGM"},
    }
    # Jiangsu's only change is the owner: the move that follows from it, and its budget still
    # held by EZ, not by the mayor's portfolio.
    jiangsu = by_id["helmond-brabant-jiangsu"]
    assert [f["code"] for f in jiangsu["findings_added"]] == [
        "BUDGET_NOT_WITH_OWNER",
        "OWNER_NOT_AS_ROUTED",
    ]
    assert jiangsu["findings_removed"] == [] and jiangsu["actions_removed"] == []
    # Mechelen (culture first) and the ENTP (urban planning) keep their owner and findings:
    # not listed, but counted as unchanged.
    assert "helmond-mechelen" not in by_id and "helmond-entp" not in by_id
    assert out["unchanged"] == 9 - len(by_id) and out["unchanged"] >= 2


def test_the_example_framework_assesses_the_demo_through_the_cli() -> None:
    result = run(
        "assess", "--framework", EXAMPLE, "--input", "-", "--as-of", "2014-01-01",
        stdin=json.dumps(demo_subjects()),
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    decisions = {d["id"]: d for d in json.loads(result.stdout)}
    assert len(decisions) == 9
    assert {d["framework"] for d in decisions.values()} == {EXAMPLE}
    assert decisions["helmond-san-marcos"]["owner"]["portfolio"] == "SOC"
    assert decisions["helmond-brabant-jiangsu"]["owner"]["portfolio"] == "BGM"
    # Zielona Gora rests on neither pillar: no written agreement in force... its phase-out
    # honours the agreements or the example's 3 months' notice, never before as_of.
    zielona = decisions["helmond-zielona-gora"]
    assert "NO_PILLAR" in {f["code"] for f in zielona["findings"]}


def test_policy_check_passes_the_example() -> None:
    result = run("policy", "check", EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"OK {EXAMPLE} version 1: 8 clauses, 4 routes,")
