"""The CLI logic: assess, policy check, schemas (called with argv lists and string streams)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from intrel.policy.cli import assess_main, main, policy_check_main, schemas_main
from intrel.policy.framework import DEFAULT_PATH
from intrel.policy.tests.conftest import VARIANT, committee, relation, solidarity


def run_assess(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = assess_main(argv, io.StringIO(stdin), out, err)
    return status, out.getvalue(), err.getvalue()


def write(tmp_path: Path, data: Any, name: str = "in.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_one_subject(tmp_path: Path) -> None:
    data = solidarity(as_of="2014-01-01")
    status, out, err = run_assess(["--framework", "helmond-2013", "--input", write(tmp_path, data)])
    assert (status, err) == (0, "")
    decision = json.loads(out)
    assert isinstance(decision, dict)
    assert decision["id"] == "r1" and decision["as_of"] == "2014-01-01"
    assert list(decision) == [
        "subject",
        "id",
        "framework",
        "framework_version",
        "as_of",
        "pillars",
        "owner",
        "findings",
        "actions",
        "trace",
    ]


def test_a_list(tmp_path: Path) -> None:
    data = [relation(id="a", as_of="2014-01-01"), committee(as_of="2014-01-01")]
    status, out, _ = run_assess(["--framework", "helmond-2013", "--input", write(tmp_path, data)])
    assert status == 0
    decisions = json.loads(out)
    assert [d["id"] for d in decisions] == ["a", "commissie-ib"]
    assert "pillars" not in decisions[1] and "owner" not in decisions[1]


def test_list_of_one_stays_a_list(tmp_path: Path) -> None:
    status, out, _ = run_assess(
        [
            "--framework",
            "helmond-2013",
            "--input",
            write(tmp_path, [relation()]),
            "--as-of",
            "2014-01-01",
        ]
    )
    assert status == 0 and isinstance(json.loads(out), list)


def test_stdin_and_as_of_override() -> None:
    involvement = {"actor": "mayor", "start": "2008-01-01", "end": "2011-12-31"}
    data = solidarity(as_of="2010-01-01", involvements=[involvement])
    status, out, _ = run_assess(
        ["--framework", "helmond-2013", "--input", "-", "--as-of", "2014-01-01"], json.dumps(data)
    )
    assert status == 0
    decision = json.loads(out)
    assert decision["as_of"] == "2014-01-01"
    # by 2014 the involvement has ended; at the subject's own date (2010) it was active
    assert decision["findings"] == []
    status, out, _ = run_assess(["--framework", "helmond-2013", "--input", "-"], json.dumps(data))
    own = json.loads(out)
    assert own["as_of"] == "2010-01-01"
    assert {f["code"] for f in own["findings"]} == {"INVOLVEMENT_WITHOUT_INITIATIVE"}


def test_output_is_byte_stable(tmp_path: Path) -> None:
    data = solidarity(as_of="2014-01-01", purposes=["local_governance", "development"])
    flipped = solidarity(as_of="2014-01-01", purposes=["development", "local_governance"])
    first = run_assess(["--framework", "helmond-2013", "--input", write(tmp_path, data)])[1]
    second = run_assess(
        ["--framework", "helmond-2013", "--input", write(tmp_path, flipped, "b.json")]
    )[1]
    assert first == second and first.endswith("}\n")


def test_invalid_input(tmp_path: Path) -> None:
    data = [
        relation(id="x", involvements=[{"actor": "mayor", "start": "gisteren"}]),
        relation(id="y", purposes=[]),
        relation(id="ok"),
    ]
    status, out, err = run_assess(["--framework", "helmond-2013", "--input", write(tmp_path, data)])
    assert status == 2
    assert out == ""
    assert err.splitlines() == [
        'relation "x": involvements[0].start: not a date',
        'relation "y": purposes: at least one purpose is required',
    ]


def test_every_problem_of_every_subject_in_one_run(tmp_path: Path) -> None:
    """Field and cross-field problems of two subjects: one run, exit 2, one line each."""
    data = [
        relation(
            id="x",
            purposes=[],
            involvements=[{"actor": "mayor", "start": "2012-01-01", "end": "2011-01-01"}],
        ),
        relation(id="ok"),
        relation(
            id="y",
            mutual_value="ja",
            budget={"money_eur_per_year": -1, "held_by": "portfolio"},
        ),
    ]
    status, out, err = run_assess(["--framework", "helmond-2013", "--input", write(tmp_path, data)])
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        'relation "x": purposes: at least one purpose is required',
        'relation "x": involvements[0].end: before start',
        'relation "y": mutual_value: not true or false',
        'relation "y": budget.money_eur_per_year: must be 0 or more',
        'relation "y": budget.portfolio: required when held_by is portfolio',
    ]


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{nope", encoding="utf-8")
    status, out, err = run_assess(["--framework", "helmond-2013", "--input", str(path)])
    assert (status, out) == (2, "")
    assert (
        err == "input: not valid JSON: line 1 column 2: a field name in double quotes is expected\n"
    )
    path.write_text('[{"id": "a"} {"id": "b"}]', encoding="utf-8")
    status, out, err = run_assess(["--framework", "helmond-2013", "--input", str(path)])
    assert err == "input: not valid JSON: line 1 column 14: a comma is expected\n"


def test_missing_file(tmp_path: Path) -> None:
    status, out, err = run_assess(
        ["--framework", "helmond-2013", "--input", str(tmp_path / "no.json")]
    )
    assert (status, out) == (2, "")
    assert err == f"input: cannot read {tmp_path / 'no.json'}: no such file\n"


def test_unknown_framework(tmp_path: Path) -> None:
    status, out, err = run_assess(
        ["--framework", "eindhoven-2030", "--input", write(tmp_path, relation())]
    )
    assert (status, out) == (2, "")
    assert 'unknown framework "eindhoven-2030"' in err and "helmond-2013" in err


def test_bad_as_of(tmp_path: Path) -> None:
    for bad in ("2014-13-01", "1-1-2014", "tomorrow"):
        status, out, err = run_assess(
            ["--framework", "helmond-2013", "--input", write(tmp_path, relation()), "--as-of", bad]
        )
        assert (status, out) == (2, "") and err.startswith("--as-of: not a date")


def test_as_of_reads_only_the_contracts_date_form(tmp_path: Path) -> None:
    """``--as-of`` takes what a subject's ``as_of`` takes: ``YYYY-MM-DD`` only, not the ISO
    week date or ``YYYYMMDD`` that ``date.fromisoformat`` would also read."""
    for bad in ("2014-W01-1", "20140101"):
        status, out, err = run_assess(
            ["--framework", "helmond-2013", "--input", write(tmp_path, relation()), "--as-of", bad]
        )
        assert (status, out) == (2, ""), bad
        assert err == f"--as-of: not a date between 1800-01-01 and 2200-12-31 (YYYY-MM-DD): {bad}\n"
        data = relation(as_of=bad)
        status, out, err = run_assess(
            ["--framework", "helmond-2013", "--input", write(tmp_path, data)]
        )
        assert (status, out, err) == (2, "", 'relation "r1": as_of: not a date\n'), bad


def test_usage_errors() -> None:
    status, out, err = run_assess(["--input", "x.json"])
    assert status == 2 and out == "" and "--framework" in err
    status, out, _ = run_assess(["--help"])
    assert status == 0 and "--as-of" in out


def test_framework_by_path(tmp_path: Path) -> None:
    data = solidarity(initiated_by="council")
    status, out, _ = run_assess(
        ["--framework", str(VARIANT), "--input", write(tmp_path, data), "--as-of", "2014-01-01"]
    )
    assert status == 0
    assert json.loads(out)["framework"] == "helmond-2013-council-initiates"
    assert json.loads(out)["findings"] == []


def run_check(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return policy_check_main(argv, out, err), out.getvalue(), err.getvalue()


def test_policy_check_all_and_good_file() -> None:
    status, out, err = run_check([])
    assert status == 0 and err == ""
    assert out.startswith("OK helmond-2013 version 1: 30 clauses, 4 routes, 31 rules")
    status, out, _ = run_check([str(VARIANT)])
    assert status == 0 and out.startswith("OK helmond-2013-council-initiates")
    assert run_check(["helmond-2013"])[0] == 0


def _broken_file(tmp_path: Path, name: str, mutate: Any) -> str:
    data = yaml.safe_load((DEFAULT_PATH / "helmond-2013.yaml").read_text("utf-8"))
    data["id"] = name
    mutate(data)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_policy_check_broken_files(tmp_path: Path) -> None:
    def unknown_clause(d: dict[str, Any]) -> None:
        d["routing"][0]["clauses"] = ["BES-99"]

    def ungrouped(d: dict[str, Any]) -> None:
        d["purpose_groups"]["other"] = []

    def schema_error(d: dict[str, Any]) -> None:
        d["version"] = ["one"]

    files = [
        _broken_file(tmp_path, "a-clause", unknown_clause),
        _broken_file(tmp_path, "b-group", ungrouped),
        _broken_file(tmp_path, "c-schema", schema_error),
    ]
    status, out, err = run_check([*files, str(VARIANT)])
    assert status == 1
    assert "unknown clause BES-99" in err
    assert "purpose_groups: purpose other is in no group" in err
    assert "c-schema.yaml: version:" in err
    assert out.count("INVALID") == 3 and out.count("OK ") == 1


def test_policy_check_missing_file(tmp_path: Path) -> None:
    status, _, err = run_check([str(tmp_path / "nope.yaml")])
    assert status == 2 and "no such file" in err


def test_schemas_check_and_print(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert schemas_main(["--check"], out, err) == 0, err.getvalue()
    assert schemas_main(["--check", "--out", str(tmp_path)], out, err) == 1
    assert schemas_main(["--out", str(tmp_path)], out, err) == 0
    assert schemas_main(["--check", "--out", str(tmp_path)], out, io.StringIO()) == 0
    printed = io.StringIO()
    assert schemas_main(["--print"], printed, err) == 0
    assert set(json.loads(printed.getvalue())) == {
        "relation.schema.json",
        "committee.schema.json",
        "budget_line.schema.json",
        "decision.schema.json",
    }


def test_dispatch() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["policy", "check"], io.StringIO(), out, err) == 0
    assert main([], io.StringIO(), out, err) == 2
    assert main(["frobnicate"], io.StringIO(), out, err) == 2


def test_python_dash_m(tmp_path: Path) -> None:
    src = Path(__file__).resolve().parents[3]
    data = write(tmp_path, [relation(id="a"), relation(id="b")])
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "intrel.policy",
            "assess",
            "--framework",
            "helmond-2013",
            "--input",
            data,
            "--as-of",
            "2014-01-01",
        ],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert [d["id"] for d in json.loads(result.stdout)] == ["a", "b"]


def test_absurd_numbers_and_dates_are_refused_as_input_not_a_crash() -> None:
    """A notice of a billion months or a date in the year 9999 would leave the calendar in the
    IMP-3 arithmetic: refused like any invalid input (exit 2, a line per problem)."""
    import io
    import json

    from intrel.policy.cli import assess_main

    subject = {
        "subject": "relation",
        "id": "x",
        "name": "X",
        "partner": {"name": "P", "country": "BE", "kind": "city"},
        "registered_kind": "twinning",
        "initiated_by": "residents",
        "purposes": ["culture"],
        "mutual_value": True,
        "agreements": [
            {"title": "A", "signed": "2000-01-01", "ends": "9999-12-31", "notice_months": 999999999}
        ],
    }
    out, err = io.StringIO(), io.StringIO()
    code = assess_main(
        ["--framework", "helmond-2013", "--input", "-"], io.StringIO(json.dumps(subject)), out, err
    )
    assert code == 2 and out.getvalue() == ""
    lines = err.getvalue().splitlines()
    assert any("agreements[0].notice_months" in line for line in lines)
    assert any("agreements[0].ends" in line and "2200-12-31" in line for line in lines)
    out, err = io.StringIO(), io.StringIO()
    subject["agreements"] = []
    code = assess_main(
        ["--framework", "helmond-2013", "--input", "-", "--as-of", "9999-12-01"],
        io.StringIO(json.dumps(subject)),
        out,
        err,
    )
    assert code == 2 and out.getvalue() == "" and "--as-of" in err.getvalue()
