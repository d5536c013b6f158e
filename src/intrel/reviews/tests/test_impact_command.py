"""``intrel impact`` over the database (CONTRACT.md, "The review's impact analysis").

The Helmond numbers are worked out from docs/demo-data.md; the second portfolio is one of our
own, imported into an empty register, with its totals worked out by hand below.
"""

import io
import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from openpyxl import load_workbook
from pypdf import PdfReader

from intrel.policy import load_framework
from intrel.policy.tests.conftest import relation
from intrel.relations.models import Relation
from intrel.reviews import exports, selectors
from intrel.reviews.selectors import register_impact

pytestmark = pytest.mark.django_db

INTREL = Path(sys.executable).parent / "intrel"


def impact_json(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("impact", *args, stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


@pytest.fixture
def helmond() -> None:
    call_command("demo_load", "--if-empty")


def test_helmond_totals(helmond: None) -> None:
    result = impact_json("--framework", "helmond-2013", "--as-of", "2014-01-01")
    t = result["totals"]
    # Nine relations in the demo, none ended.
    assert t["relations_assessed"] == 9
    # San Marcos -> committee, Mechelen -> CUL, ENTP -> RO; Zielona Góra rests on neither
    # pillar and keeps its owner until it is phased out.
    assert t["owners_changed"] == 3
    # The solidarity money moves to the committee: San Marcos' EUR 10,000 and 120 hours.
    assert t["money_eur_moved_to_committee"] == 10000
    assert t["staff_hours_moved_to_committee"] == 120
    assert isinstance(t["money_eur_moved_to_committee"], float)
    # The economic ties stay with EZ: Jiangsu and Brainport are already there.
    assert t["money_eur_moved_to_ez"] == 0 and t["staff_hours_moved_to_ez"] == 0
    # Mechelen (7,500 / 200) to CUL and ENTP (1,500 / 40) to RO.
    assert t["money_eur_moved_to_topical_portfolios"] == 9000
    assert t["staff_hours_moved_to_topical_portfolios"] == 240
    # The alderman at San Marcos (no initiative, no end: one involvement, two actions) and the
    # mayor at Mechelen (no end, BES-5).
    assert t["involvements_to_resolve"] == 2
    assert t["relations_to_phase_out"] == 1
    # Zielona Góra's jumelage (1 Jun 1998, five years, renewing every 60 months, 6 months'
    # notice): the first renewal boundary on or after 1 Jul 2014 is 31 May 2018.
    assert t["phase_outs"] == [
        {"id": "helmond-zielona-gora", "from_strict": "2014-01-01", "from_honouring": "2018-05-31"}
    ]
    # The 2013 solidarity line (EUR 35,000, 150 hours, held by the board) goes to the committee.
    assert t["budget_lines_money_eur_moved_to_committee"] == 35000
    # The committee chaired by the mayor: a chair to elect, a member to replace.
    assert t["committee_changes"] == 2


def test_helmond_relations(helmond: None) -> None:
    result = impact_json("--framework", "helmond-2013", "--as-of", "2014-01-01")
    ids = [r["id"] for r in result["relations"]]
    assert ids == sorted(ids) and len(ids) == 9
    rows = {r["id"]: r for r in result["relations"]}
    san_marcos = rows["helmond-san-marcos"]
    assert san_marcos["owner_before"] == {"kind": "executive_board", "portfolio": None}
    assert san_marcos["owner_after"] == {"kind": "committee", "portfolio": None}
    assert "TRANSFER_BUDGET_TO_COMMITTEE" in [a["code"] for a in san_marcos["actions"]]
    assert san_marcos["findings"][0]["clauses"]
    zg = rows["helmond-zielona-gora"]
    assert zg["effective_from_strict"] == "2014-01-01"
    assert zg["effective_from_honouring"] == "2018-05-31"
    jiangsu = rows["helmond-brabant-jiangsu"]
    assert jiangsu["owner_after"] == {"kind": "portfolio", "portfolio": "EZ"}
    assert jiangsu["actions"] == [] and jiangsu["effective_from_honouring"] is None


def test_compare_to(helmond: None) -> None:
    result = impact_json(
        "--framework", "helmond-2013", "--as-of", "2014-01-01", "--compare-to", "voorbeeld-2026"
    )
    assert result["compare_to"]["framework"] == "voorbeeld-2026"
    assert result["compare_to"]["totals"]["relations_assessed"] == 9
    for diff in result["differences"]:
        assert set(diff) >= {"id", "owner", "findings_added", "actions_removed"}
    # Against itself nothing differs.
    same = impact_json(
        "--framework", "helmond-2013", "--as-of", "2014-01-01", "--compare-to", "helmond-2013"
    )
    assert same["differences"] == []


def _document(compare_to: str | None = None, as_of: str = "2014-01-01") -> str:
    """What the command printed before it wrote as it went: ``json.dumps`` of the whole
    analysis held in memory."""
    result = register_impact(
        framework=load_framework("helmond-2013"),
        as_of=date.fromisoformat(as_of),
        compare_to=load_framework(compare_to) if compare_to else None,
    )
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(
    ("compare_to", "as_of"),
    [(None, "2014-01-01"), ("voorbeeld-2026", "2014-01-01"), ("voorbeeld-2026", "2026-06-01")],
)
def test_the_json_written_as_it_goes_is_the_whole_document(
    helmond: None, tmp_path: Path, compare_to: str | None, as_of: str
) -> None:
    # The command writes relation by relation (issue 19); the bytes are those of the document.
    args = ["--framework", "helmond-2013", "--as-of", as_of]
    if compare_to:
        args += ["--compare-to", compare_to]
    expected = _document(compare_to, as_of)
    out = io.StringIO()
    call_command("impact", *args, stdout=out)
    assert out.getvalue() == expected
    path = tmp_path / "impact.json"
    call_command("impact", *args, "--output", str(path))
    assert path.read_text(encoding="utf-8") == expected
    if compare_to:
        assert json.loads(expected)["differences"]
    assert "Zielona Góra" in expected  # written as it is, not escaped


def test_relations_the_contract_cannot_read_are_named_not_assessed(helmond: None) -> None:
    # Facts broken behind the register's back (a kind the contract does not know).
    broken = ["helmond-zielona-gora", "helmond-brabant-jiangsu"]
    Relation.objects.filter(slug__in=broken).update(registered_kind="nonsense")
    result = impact_json("--framework", "helmond-2013", "--as-of", "2014-01-01")
    assert result["unassessable"] == sorted(broken)
    assert result["totals"]["relations_assessed"] == 7
    assert not {r["id"] for r in result["relations"]} & set(broken)
    assert json.dumps(result, ensure_ascii=False, indent=2) + "\n" == _document()


def test_an_empty_register_written_as_it_goes() -> None:
    out = io.StringIO()
    call_command("impact", "--as-of", "2014-01-01", "--compare-to", "voorbeeld-2026", stdout=out)
    assert out.getvalue() == _document("voorbeeld-2026")
    assert '"relations": [],' in out.getvalue()


def test_a_failed_analysis_leaves_no_half_file(
    helmond: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(selectors, "_relation_entry", fail)
    path = tmp_path / "impact.json"
    with pytest.raises(RuntimeError):
        call_command("impact", "--as-of", "2014-01-01", "--output", str(path))
    assert not path.exists()
    out = io.StringIO()
    with pytest.raises(RuntimeError):
        call_command("impact", "--as-of", "2014-01-01", stdout=out)
    assert out.getvalue() == ""


class _InProcess:
    """A worker run in this process (the tests' database is not seen by another one)."""

    def __init__(self, target: Any, args: tuple[Any, ...]) -> None:
        self.target, self.args = target, args
        self.exitcode: int | None = None

    def join(self) -> None:
        if self.exitcode is None:
            self.target(*self.args)
            self.exitcode = 0


@pytest.mark.parametrize("workers", [2, 4, 9])
@pytest.mark.parametrize("compare_to", [None, "voorbeeld-2026"])
def test_the_register_in_parts_gives_the_same_document(
    helmond: None, monkeypatch: pytest.MonkeyPatch, workers: int, compare_to: str | None
) -> None:
    # Cut into parts by id, each assessed by a worker into files, put together in order.
    Relation.objects.filter(slug="helmond-mechelen").update(registered_kind="nonsense")
    monkeypatch.setattr(exports, "impact_workers_possible", lambda: True)
    parts_made: list[int] = []

    def forked(frameworks: Any, as_of: Any, parts: Any, folder: str) -> list[_InProcess]:
        parts_made.append(len(parts) + 1)
        return [
            _InProcess(exports._run_part, (frameworks, as_of, part, folder, number))
            for number, part in enumerate(parts, start=1)
        ]

    monkeypatch.setattr(exports, "_forked", forked)
    args = ["--as-of", "2014-01-01", "--workers", str(workers)]
    out = io.StringIO()
    call_command("impact", *args, *(["--compare-to", compare_to] if compare_to else []), stdout=out)
    assert parts_made == [min(workers, 9)]  # at most one part per current relation
    assert out.getvalue() == _document(compare_to)
    assert json.loads(out.getvalue())["unassessable"] == ["helmond-mechelen"]


@pytest.mark.django_db(transaction=True)
def test_forked_workers_give_the_same_document(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the tests' SQLite database lives in this process's memory")
    call_command("demo_load", "--if-empty")
    assert exports.impact_workers_possible()
    path = tmp_path / "impact.json"
    args = ["--as-of", "2014-01-01", "--compare-to", "voorbeeld-2026", "--output", str(path)]
    call_command("impact", *args, "--workers", "3")
    assert path.read_text(encoding="utf-8") == _document("voorbeeld-2026")


def test_files_hold_the_json_totals(helmond: None, tmp_path: Path) -> None:
    result = impact_json("--framework", "helmond-2013", "--as-of", "2014-01-01")
    totals = result["totals"]
    paths = {}
    for fmt in ("xlsx", "pdf", "docx"):
        paths[fmt] = tmp_path / f"impact.{fmt}"
        call_command(
            "impact", "--as-of", "2014-01-01", "--format", fmt, "--output", str(paths[fmt])
        )
    sheet = load_workbook(paths["xlsx"])["Totalen"]
    by_key = {row[2]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    for key, value in by_key.items():
        assert value == totals[key], key
    relations = load_workbook(paths["xlsx"])["Relaties"]
    assert relations.max_row == 1 + 9

    pdf = " ".join(p.extract_text() for p in PdfReader(paths["pdf"]).pages).replace("\xa0", " ")
    assert "€ 10.000,00" in pdf and "€ 35.000,00" in pdf and "31 mei 2018" in pdf
    assert "Stedenband Helmond – Zielona Góra" in pdf

    with zipfile.ZipFile(paths["docx"]) as docx:
        xml = docx.read("word/document.xml").decode().replace("\xa0", " ")
    assert "€ 10.000,00" in xml and "31 mei 2018" in xml and "Totalen" in xml


def test_english_on_request(helmond: None, tmp_path: Path) -> None:
    path = tmp_path / "impact.pdf"
    call_command(
        "impact",
        "--as-of",
        "2014-01-01",
        "--format",
        "pdf",
        "--output",
        str(path),
        "--language",
        "en",
    )
    text = " ".join(p.extract_text() for p in PdfReader(path).pages).replace("\xa0", " ")
    assert "€10,000.00" in text and "31 May 2018" in text


def test_empty_register_gives_zeros() -> None:
    result = impact_json("--framework", "helmond-2013", "--as-of", "2014-01-01")
    assert result["relations"] == []
    t = result["totals"]
    assert t["relations_assessed"] == 0 and t["owners_changed"] == 0
    assert t["money_eur_moved_to_committee"] == 0 and t["relations_to_phase_out"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--framework", "nope"], "--framework"),
        (["--compare-to", "nope"], "--compare-to"),
        (["--format", "csv"], "--format"),
        (["--as-of", "2014-13-01"], "--as-of"),
        (["--workers", "0"], "--workers"),
        (["--workers", "²"], "--workers"),
    ],
)
def test_invalid_options_exit_2(args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("impact", *args, stdout=io.StringIO())
    assert caught.value.returncode == 2
    assert message in str(caught.value)


def test_invalid_option_from_the_command_line() -> None:
    done = subprocess.run(
        [str(INTREL), "impact", "--framework", "nope"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "unknown framework" in done.stderr and "helmond-2013" in done.stderr


# --- another municipality's portfolio, into an empty register --------------------------------

PORTFOLIO = [
    # Solidarity only, held and owned by the board, an alderman without an end or initiative:
    # owner -> committee, EUR 4,000 and 50 hours to the committee, one involvement to resolve.
    relation(
        id="x-solidariteit",
        name="Solidariteit X",
        registered_kind="solidarity",
        initiated_by="residents",
        purposes=["development"],
        parties=[],
        involvements=[{"actor": "alderman", "portfolio": None, "start": "2012-01-01"}],
        budget={
            "money_eur_per_year": "4000",
            "staff_hours_per_year": "50",
            "held_by": "executive_board",
        },
        owner={"kind": "executive_board"},
    ),
    # Trade, the municipality alone, held by the board: owner -> EZ, EUR 2,000 and 20 hours to EZ.
    relation(
        id="x-handel",
        name="Handel X",
        purposes=["trade"],
        parties=[],
        budget={
            "money_eur_per_year": "2000",
            "staff_hours_per_year": "20",
            "held_by": "executive_board",
        },
        owner={"kind": "executive_board"},
    ),
    # Neither pillar, an agreement to 30 Jun 2015: phase out (strict 1 Jan 2014, honouring 30 Jun
    # 2015); no owner is asked, so its owner and money stay until then.
    relation(
        id="x-geen-pijler",
        name="Geen pijler X",
        registered_kind="twinning",
        initiated_by="municipality",
        purposes=["other"],
        parties=[],
        agreements=[{"title": "Verdrag", "signed": "2010-07-01", "ends": "2015-06-30"}],
        budget={
            "money_eur_per_year": "1000",
            "staff_hours_per_year": "10",
            "held_by": "executive_board",
        },
        owner={"kind": "executive_board"},
    ),
    # Culture of mutual value, with CUL already: nothing changes.
    relation(
        id="x-cultuur",
        name="Cultuur X",
        registered_kind="twinning",
        initiated_by="municipality",
        purposes=["culture"],
        parties=[],
        budget={
            "money_eur_per_year": "500",
            "staff_hours_per_year": "5",
            "held_by": "portfolio",
            "portfolio": "CUL",
        },
        owner={"kind": "portfolio", "portfolio": "CUL"},
    ),
    # Ended after the import (an import cannot bring a relation in as ended): not counted.
    relation(id="x-beeindigd", name="Beëindigd X", purposes=["other"]),
]


def test_another_portfolio_totals_worked_out_by_hand(tmp_path: Path) -> None:
    # Imported as the municipality would: `intrel import` of a JSON list of subjects.
    portfolio = tmp_path / "portefeuille.json"
    portfolio.write_text(json.dumps(PORTFOLIO, ensure_ascii=False), "utf-8")
    call_command("import", str(portfolio), stdout=io.StringIO())
    assert Relation.objects.count() == len(PORTFOLIO)
    Relation.objects.filter(slug="x-beeindigd").update(status="ended", end_date=date(2012, 1, 1))
    t = impact_json("--framework", "helmond-2013", "--as-of", "2014-01-01")["totals"]
    assert t["relations_assessed"] == 4
    assert t["owners_changed"] == 2
    assert (t["money_eur_moved_to_committee"], t["staff_hours_moved_to_committee"]) == (4000, 50)
    assert (t["money_eur_moved_to_ez"], t["staff_hours_moved_to_ez"]) == (2000, 20)
    assert t["money_eur_moved_to_topical_portfolios"] == 0
    assert t["involvements_to_resolve"] == 1
    assert t["triple_helix_to_complete"] == 1
    assert t["relations_to_phase_out"] == 1
    assert t["phase_outs"] == [
        {"id": "x-geen-pijler", "from_strict": "2014-01-01", "from_honouring": "2015-06-30"}
    ]
    assert t["last_effective_from_honouring"] == "2015-06-30"


@pytest.mark.parametrize(
    "value",
    [
        {"money": [0.0, 0.01, 0.1, 12.5, 1250.75, 99999999999999.99, 1e15, 1e16, 1.5e17]},
        {"name": 'Zielona Góra "x" \\ \t\n\x00\x1f\x7f\u2028 中 😀', "n": [], "d": {}},
        {"name": "half a pair \ud800", "whole": 10**20, "flag": True, "none": None},
    ],
)
def test_each_entry_is_written_as_json_dumps_writes_it(value: dict[str, Any]) -> None:
    for level in (0, 2, 3):
        expected = json.dumps(value, ensure_ascii=False, indent=2).replace(
            "\n", "\n" + "  " * level
        )
        assert exports._encode(value, level) == expected
