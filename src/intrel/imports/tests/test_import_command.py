"""intrel import FILE: JSON, CSV and XLSX, all or nothing, problems named on stderr."""

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from intrel.imports.constants import ImportState
from intrel.imports.models import ImportBatch
from intrel.relations.models import Agreement, Relation

pytestmark = pytest.mark.django_db

SUBJECT: dict[str, Any] = {
    "subject": "relation",
    "id": "helmond-san-marcos",
    "name": "Stedenband Helmond – San Marcos",
    "partner": {"name": "San Marcos", "country": "NI", "kind": "city"},
    "registered_kind": "solidarity",
    "status": "active",
    "initiated_by": "residents",
    "purposes": ["development", "local_governance"],
    "mutual_value": False,
    "parties": [{"name": "Stichting Helmond–San Marcos", "sector": "civil_society"}],
    "involvements": [{"actor": "mayor", "portfolio": None, "start": "2013-01-01", "end": None}],
    "agreements": [{"title": "Convenant", "signed": "1985-06-01", "ends": None}],
    "budget": {"money_eur_per_year": "5000", "held_by": "committee"},
    "owner": {"kind": "committee"},
}

HEADER = [
    "id",
    "name",
    "partner_name",
    "partner_country",
    "partner_kind",
    "registered_kind",
    "status",
    "initiated_by",
    "purposes",
    "mutual_value",
    "parties",
    "owner_kind",
    "owner_portfolio",
    "budget_money_eur_per_year",
    "budget_staff_hours_per_year",
    "budget_held_by",
    "budget_portfolio",
]
GOOD_ROW = [
    "helmond-mechelen",
    "Stedenband Helmond – Mechelen",
    "Mechelen",
    "BE",
    "city",
    "twinning",
    "active",
    "municipality",
    "culture; city_marketing",
    "ja",
    "Harmonie Amicitia:civil_society",
    "portfolio",
    "CUL",
    "2500,50",
    "40",
    "portfolio",
    "CUL",
]


def run(path: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(path: Path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    assert exc.value.returncode == 2
    return err.getvalue()


def write_json(tmp_path: Path, data: Any, name: str = "relations.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_json_import_creates_then_updates_without_duplicates(tmp_path: Path) -> None:
    out, _ = run(write_json(tmp_path, [SUBJECT]))
    assert "Created 1, updated 0" in out
    relation = Relation.objects.get(slug="helmond-san-marcos")
    assert relation.partner.country == "NI"
    assert relation.purposes == ["development", "local_governance"]
    assert [p.name for p in relation.parties.all()] == ["Stichting Helmond–San Marcos"]
    assert relation.agreements.count() == 1 and relation.involvements.count() == 1

    changed = copy.deepcopy(SUBJECT)
    changed["purposes"] = ["development"]
    out, _ = run(write_json(tmp_path, [changed]))
    assert "Created 0, updated 1" in out
    assert Relation.objects.count() == 1
    relation.refresh_from_db()
    assert relation.purposes == ["development"]
    # The status changes only through the relation's life steps (issue 14): nothing is saved.
    changed["status"] = "suspended"
    changed["purposes"] = ["development", "culture"]
    err = run_failing(write_json(tmp_path, [changed]))
    assert "status" in err and "steps of its life" in err
    relation.refresh_from_db()
    assert relation.status == SUBJECT.get("status", "active")
    assert relation.purposes == ["development"]
    assert Agreement.objects.count() == 1
    assert ImportBatch.objects.filter(state=ImportState.COMMITTED).count() == 2


def test_json_without_a_list_keeps_what_the_register_holds(tmp_path: Path) -> None:
    run(write_json(tmp_path, [SUBJECT]))
    slim = {k: v for k, v in SUBJECT.items() if k not in ("agreements", "involvements")}
    slim["name"] = "Renamed"
    run(write_json(tmp_path, [slim]))
    relation = Relation.objects.get(slug="helmond-san-marcos")
    assert relation.name == "Renamed"
    assert relation.agreements.count() == 1 and relation.involvements.count() == 1


def test_invalid_json_changes_nothing_and_lists_problems(tmp_path: Path) -> None:
    run(write_json(tmp_path, [SUBJECT]))
    good = copy.deepcopy(SUBJECT)
    good["name"] = "Should not be stored"
    bad = copy.deepcopy(SUBJECT)
    bad["id"] = "helmond-broken"
    bad["partner"]["country"] = "Nicaragua"
    bad["involvements"][0]["start"] = "2013-02-30"
    err = run_failing(write_json(tmp_path, [good, bad]))
    lines = err.strip().splitlines()
    assert 'relation "helmond-broken": partner.country: not an ISO 3166-1 alpha-2' in lines[0]
    assert 'relation "helmond-broken": involvements[0].start: not a date' in err
    assert Relation.objects.get(slug="helmond-san-marcos").name == SUBJECT["name"]
    assert not Relation.objects.filter(slug="helmond-broken").exists()


def test_duplicate_ids_and_broken_json_are_refused(tmp_path: Path) -> None:
    err = run_failing(write_json(tmp_path, [SUBJECT, SUBJECT]))
    assert 'relation "helmond-san-marcos": id: the same id appears twice' in err
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": ', encoding="utf-8")
    with pytest.raises(CommandError, match="JSON cannot be read") as exc:
        call_command("import", str(broken), stdout=io.StringIO(), stderr=io.StringIO())
    assert exc.value.returncode == 2
    assert Relation.objects.count() == 0


def write_csv(tmp_path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    import csv

    path = tmp_path / "relations.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_csv_import_creates_relation_from_the_flattened_row(tmp_path: Path) -> None:
    out, _ = run(write_csv(tmp_path, [GOOD_ROW], delimiter=";"))
    assert "Created 1" in out
    relation = Relation.objects.get(slug="helmond-mechelen")
    assert relation.purposes == ["city_marketing", "culture"]
    assert relation.mutual_value is True
    assert relation.owner_kind == "portfolio" and relation.owner_portfolio == "CUL"
    assert str(relation.budget_money_eur_per_year) == "2500.50"
    assert relation.parties.get().sector == "civil_society"


def test_csv_with_a_bad_row_commits_nothing_and_names_row_and_column(tmp_path: Path) -> None:
    bad = list(GOOD_ROW)
    bad[0] = "helmond-zielona-gora"
    bad[8] = "culture;cooking"  # purposes
    bad[9] = "misschien"  # mutual_value
    err = run_failing(write_csv(tmp_path, [GOOD_ROW, bad]))
    assert "row 3, column purposes: 'cooking': must be one of:" in err
    assert "row 3, column mutual_value: not true or false" in err
    assert "row 2" not in err
    assert Relation.objects.count() == 0


def xlsx(tmp_path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "relations.xlsx"
    workbook.save(path)
    return path


AGREEMENT_HEADER = [
    "relation_id",
    "title",
    "signed",
    "ends",
    "notice_months",
    "renews_automatically",
    "renewal_months",
]


def test_xlsx_import_with_agreements_sheet(tmp_path: Path) -> None:
    from datetime import datetime

    path = xlsx(
        tmp_path,
        {
            "relations": [HEADER, GOOD_ROW],
            "agreements": [
                AGREEMENT_HEADER,
                ["helmond-mechelen", "Jumelage", datetime(1995, 5, 1), None, 6, "ja", 12],
            ],
        },
    )
    out, _ = run(path)
    assert "Created 1" in out
    agreement = Relation.objects.get(slug="helmond-mechelen").agreements.get()
    assert agreement.signed.isoformat() == "1995-05-01"
    assert agreement.notice_months == 6 and agreement.renews_automatically
    assert agreement.renewal_months == 12


def test_xlsx_with_a_bad_row_commits_nothing_and_names_sheet_row_and_column(
    tmp_path: Path,
) -> None:
    bad = list(GOOD_ROW)
    bad[0] = "helmond-zielona-gora"
    bad[3] = "XX"  # partner_country
    path = xlsx(
        tmp_path,
        {
            "relations": [HEADER, GOOD_ROW, [], bad],
            "agreements": [
                AGREEMENT_HEADER,
                ["helmond-mechelen", "Jumelage", "1995-05-01", "1990-01-01", 0, "nee", None],
                ["helmond-nowhere", "Lost", "1995-05-01", None, 0, "nee", None],
            ],
        },
    )
    err = run_failing(path)
    # Row 3 is blank; the user sees the bad relation on row 4.
    assert "row 4, column partner_country: not an ISO 3166-1 alpha-2 country code" in err
    assert "sheet agreements, row 2, column ends: before signed" in err
    assert "sheet agreements, row 3, column relation_id: no relation with id" in err
    assert Relation.objects.count() == 0
