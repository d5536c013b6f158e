"""``policy compare`` and ``policy diff`` through the CLI logic (argv lists, string streams)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import yaml

from intrel.policy.cli import main
from intrel.policy.framework import DEFAULT_PATH
from intrel.policy.tests.conftest import VARIANT, committee, solidarity


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, io.StringIO(stdin), out, err)
    return status, out.getvalue(), err.getvalue()


def write_framework(tmp_path: Path, change: Any, name: str) -> str:
    data = yaml.safe_load((DEFAULT_PATH / "helmond-2013.yaml").read_text(encoding="utf-8"))
    data["id"] = name
    change(data)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_compare_one_subject_in_and_both_spellings_of_the_command() -> None:
    subject = json.dumps(solidarity(id="raad", initiated_by="council", as_of="2014-01-01"))
    for prefix in (["policy", "compare"], ["compare"]):
        status, out, err = run([*prefix, "helmond-2013", str(VARIANT), "--input", "-"], subject)
        assert (status, err) == (0, "")
        result = json.loads(out)
        assert result["as_of"] is None  # each subject's own date
        assert [d["id"] for d in result["differences"]] == ["raad"]


def test_compare_an_invalid_framework_file_exits_1_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "kapot.yaml"
    bad.write_text("id: kapot\n", encoding="utf-8")
    status, out, err = run(["policy", "compare", "helmond-2013", str(bad), "--input", "-"], "[]")
    assert status == 1 and out == ""
    assert err.startswith(f"B: {bad}: ")


def test_compare_an_unreadable_input_exits_2(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.json")
    status, out, err = run(
        ["policy", "compare", "helmond-2013", "helmond-2013", "--input", missing]
    )
    assert (status, out) == (2, "")
    assert err.startswith(f"input: cannot read {missing}")


def test_compare_committees_and_budget_lines_too(tmp_path: Path) -> None:
    def mayor_may_chair(data: dict[str, Any]) -> None:
        data["rules"] = [
            r for r in data["rules"] if r["finding"]["code"] != "COMMITTEE_CHAIRED_BY_MAYOR"
        ]

    other = write_framework(tmp_path, mayor_may_chair, "mayor-may-chair")
    members = [
        {"name": "Burgemeester", "is_council_member": False, "is_mayor": True, "role": "chair"},
        {"name": "B", "is_council_member": True, "role": "member"},
    ]
    subject = json.dumps([committee(members=members)])
    status, out, _ = run(
        ["policy", "compare", "helmond-2013", other, "--input", "-", "--as-of", "2014-01-01"],
        subject,
    )
    assert status == 0
    [difference] = json.loads(out)["differences"]
    assert difference["subject"] == "committee"
    assert "COMMITTEE_CHAIRED_BY_MAYOR" in [f["code"] for f in difference["findings_removed"]]


def test_diff_of_a_framework_with_itself() -> None:
    status, out, err = run(["policy", "diff", "helmond-2013", "helmond-2013"])
    assert (status, err) == (0, "")
    assert out.splitlines()[-1] == "no differences in parameters or rules"


def test_diff_lists_what_is_only_in_one_file_by_path(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["rules"] = [r for r in data["rules"] if r["finding"]["code"] != "ONE_SIDED_VALUE"]
        data["topical_portfolios"][0]["nl"] = "Kunst en cultuur"
        data["skip_statuses"] = []

    other = write_framework(tmp_path, change, "other")
    status, out, _ = run(["policy", "diff", "helmond-2013", other])
    assert status == 0
    lines = out.splitlines()
    only_a = lines[lines.index("only in A (1):") + 1]
    assert only_a.startswith("  rules[") and "." not in only_a.split("]")[1]
    assert "only in B (0):" in lines
    assert "  topical_portfolios[CUL].nl" in lines
    at = lines.index("  skip_statuses")
    assert lines[at + 1 : at + 3] == ['    A: ["ended"]', "    B: []"]


def test_diff_unknown_framework_exits_2() -> None:
    status, out, err = run(["policy", "diff", "nope", "helmond-2013"])
    assert (status, out) == (2, "")
    assert err.startswith('A: unknown framework "nope"')


def test_compare_input_nested_too_deeply_is_a_problem_not_a_traceback() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    status, out, err = run(
        ["policy", "compare", "helmond-2013", str(VARIANT), "--input", "-"], deep
    )
    assert (status, out, err) == (2, "", "input: the JSON is nested too deeply\n")
