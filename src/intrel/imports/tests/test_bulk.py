"""The import at scale (issue 19): checked once, written in bulk, assessed in batches.

What a user notices: the number of database queries does not grow with the number of rows; a
file whose rows clash with each other or with what the register's columns hold is refused at
the check with the row named (not at the commit); a re-import of an unchanged file changes
nothing (no history row, no new decision); the history says who imported, through which door,
with the relation's parties; the whole register downloads as a workbook that imports again.
"""

from __future__ import annotations

import copy
import io
import json
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intrel.accounts.models import User
from intrel.assessments.models import Assessment, Override
from intrel.assessments.services import relations_assess_all
from intrel.imports.constants import ImportState
from intrel.imports.exports import register_xlsx
from intrel.imports.services import import_batch_commit, import_batch_preview, import_file
from intrel.relations.models import Agreement, Involvement, Relation

pytestmark = pytest.mark.django_db


def _subject(i: int, **changes: Any) -> dict[str, Any]:
    subject = {
        "subject": "relation",
        "id": f"bulk-{i}",
        "name": f"Relatie {i}",
        "partner": {"name": f"Stad {i % 3}", "country": "BE", "kind": "city"},
        "registered_kind": "twinning",
        "status": "active",
        "initiated_by": "municipality",
        "purposes": ["culture", "sport"],
        "parties": [{"name": f"Stichting {i % 2}", "sector": "civil_society"}],
        "involvements": [{"actor": "mayor", "portfolio": None, "start": "2013-01-01"}],
        "agreements": [{"title": "Convenant", "signed": "2010-06-01", "ends": None}],
        "budget": {"money_eur_per_year": "1500.50", "staff_hours_per_year": 12,
                   "held_by": "portfolio", "portfolio": "CUL"},
        "owner": {"kind": "portfolio", "portfolio": "CUL"},
    }  # fmt: skip
    subject.update(changes)
    return subject


def _json(subjects: list[dict[str, Any]]) -> bytes:
    return json.dumps(subjects).encode()


def _queries(n: int, start: int) -> int:
    # Every partner and party new, in both files.
    content = _json(
        [
            _subject(
                i,
                partner={"name": f"Stad {i}", "country": "BE", "kind": "city"},
                parties=[{"name": f"Stichting {i}", "sector": "business"}],
            )
            for i in range(start, start + n)
        ]
    )
    with CaptureQueriesContext(connection) as queries:
        batch = import_file(filename="r.json", content=content)
    assert batch.state == ImportState.COMMITTED, batch.problems
    assert batch.created_count == n
    return len(queries)


def test_the_queries_of_an_import_do_not_grow_with_its_rows() -> None:
    few = _queries(3, 0)
    many = _queries(30, 100)
    assert many == few, (few, many)
    assert Relation.objects.filter(slug__startswith="bulk-").count() == 33
    assert Assessment.objects.filter(subject_key__startswith="bulk-", is_current=True).count() == 33


def test_rows_that_clash_with_each_other_are_problems_of_the_check() -> None:
    twin = _subject(2, name="Relatie 1", partner=_subject(1)["partner"])
    batch = import_batch_preview(filename="r.json", content=_json([_subject(1), twin]))
    assert batch.state == ImportState.INVALID
    [problem] = batch.problems
    assert problem["subject_id"] == "bulk-2"
    assert "the same partner and name appear twice in this file" in problem["reason"]
    assert not Relation.objects.filter(slug__startswith="bulk-").exists()


def test_what_the_columns_cannot_hold_is_a_problem_of_the_check() -> None:
    subject = _subject(1)
    subject["budget"] = {"money_eur_per_year": "10.125", "held_by": "none"}
    subject["involvements"] = [{"actor": "mayor", "start": "2013-01-01", "initiative": "INI-1"}]
    batch = import_batch_preview(filename="r.json", content=_json([subject]))
    reasons = {p["column"]: p["reason"] for p in batch.problems}
    assert reasons["budget.money_eur_per_year"] == "at most 2 decimal(s)"
    assert "INI-1" in reasons["involvements[0].initiative"]


def test_a_failure_while_storing_stores_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from intrel.relations import bulk

    def fail(relations: Any) -> int:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(bulk, "_assess", fail)
    with pytest.raises(RuntimeError):
        import_file(filename="r.json", content=_json([_subject(i) for i in range(3)]))
    assert not Relation.objects.filter(slug__startswith="bulk-").exists()


def test_an_update_keeps_matched_children_and_records_one_history_row() -> None:
    batch = import_file(filename="r.json", content=_json([_subject(1)]))
    relation = Relation.objects.get(slug="bulk-1")
    agreement = Agreement.objects.get(relation=relation)
    history = relation.history.count()
    assert relation.history.first().history_change_reason == "import"
    # The same file again: nothing changes, no history row, no new decision.
    decisions = Assessment.objects.filter(relation=relation).count()
    import_file(filename="r.json", content=_json([_subject(1)]))
    assert relation.history.count() == history
    assert Assessment.objects.filter(relation=relation).count() == decisions
    # A change: the agreement (matched on title and signing date) gets an end, the mayor's
    # involvement is replaced by an alderman's, the parties change, the name changes.
    changed = _subject(
        1,
        name="Relatie één",
        agreements=[{"title": "Convenant", "signed": "2010-06-01", "ends": "2030-01-01"}],
        involvements=[{"actor": "alderman", "portfolio": "CUL", "start": "2014-01-01"}],
        parties=[{"name": "Stichting nieuw", "sector": "business"}],
    )
    batch = import_file(filename="r.json", content=_json([changed]))
    assert (batch.created_count, batch.updated_count) == (0, 1)
    relation.refresh_from_db()
    assert relation.name == "Relatie één"
    assert Agreement.objects.get(relation=relation).pk == agreement.pk
    assert Agreement.objects.get(relation=relation).ends == date(2030, 1, 1)
    assert list(Involvement.objects.filter(relation=relation).values_list("actor", flat=True)) == [
        "alderman"
    ]
    assert [p.name for p in relation.parties.all()] == ["Stichting nieuw"]
    latest = relation.history.first()
    assert relation.history.count() == history + 1
    assert (latest.history_type, latest.name) == ("~", "Relatie één")
    assert [p.party.name for p in latest.parties.all()] == ["Stichting nieuw"]
    current = Assessment.objects.get(relation=relation, is_current=True)
    assert current.facts["name"] == "Relatie één"


def test_the_committer_is_recorded_in_the_history() -> None:
    user = User.objects.create_user(username="importeur", password="x" * 12)
    batch = import_batch_preview(filename="r.json", content=_json([_subject(1)]), user=user)
    import_batch_commit(batch=batch, user=user)
    relation = Relation.objects.get(slug="bulk-1")
    row = relation.history.first()
    assert (row.history_user, row.history_change_reason) == (user, "import")
    assert [p.party.name for p in row.parties.all()] == ["Stichting 1"]


def test_assess_all_writes_only_what_changed_and_carries_overrides() -> None:
    import_file(filename="r.json", content=_json([_subject(i) for i in range(4)]))
    assert relations_assess_all() == (4, 0)
    first = Assessment.objects.get(subject_key="bulk-0", is_current=True)
    user = User.objects.create_user(username="officier", password="x" * 12)
    target = first.decision["findings"][0]["code"] if first.decision["findings"] else None
    if target:
        Override.objects.create(
            assessment=first, target=f"finding:{target}", reason="Besproken met de raad.",
            created_by=user,
        )  # fmt: skip
    Relation.objects.filter(slug="bulk-0").update(mutual_value=True)
    with CaptureQueriesContext(connection) as queries:
        assert relations_assess_all() == (4, 1)
    assert len(queries) < 20
    now = Assessment.objects.get(subject_key="bulk-0", is_current=True)
    assert now.pk != first.pk and now.facts["mutual_value"] is True
    if target and f"finding:{target}" in {f"finding:{f['code']}" for f in now.decision["findings"]}:
        assert now.overrides.get().carried_from_id == first.overrides.get().pk


def test_the_register_downloads_as_a_workbook_that_imports_again() -> None:
    subjects = [_subject(i) for i in range(3)]
    subjects[0]["name"] = '=HYPERLINK("http://evil.example","klik")'
    import_file(filename="r.json", content=_json(subjects))
    out = io.BytesIO()
    register_xlsx(out)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    names = [row[1] for row in book["relations"].iter_rows(min_row=2, values_only=True)]
    assert subjects[0]["name"] in names
    cell = next(c for c in book["relations"]["B"] if c.value == subjects[0]["name"])
    assert cell.data_type == "s"  # text, not a formula
    decisions = Assessment.objects.count()
    history = Relation.history.count()
    batch = import_file(filename="register.xlsx", content=out.getvalue())
    assert batch.state == ImportState.COMMITTED, batch.problems
    assert batch.updated_count == 3
    assert Assessment.objects.count() == decisions
    assert Relation.history.count() == history


def test_the_export_page_and_command(tmp_path: Any) -> None:
    import_file(filename="r.json", content=_json([_subject(1)]))
    officer = User.objects.create_user(username="exporteur", password="x" * 12)
    officer.user_permissions.add(Permission.objects.get(codename="add_importbatch"))
    client = Client()
    client.force_login(officer)
    response = client.get(reverse("imports:export"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    rows = list(openpyxl.load_workbook(io.BytesIO(body))["relations"].values)
    assert rows[1][0] == "bulk-1"
    path = tmp_path / "register.xlsx"
    call_command("export_register", str(path), stdout=io.StringIO())
    sheets = openpyxl.load_workbook(path).sheetnames
    assert sheets == ["relations", "agreements", "involvements"]


def test_a_large_import_reports_its_progress() -> None:
    seen: list[tuple[int, int]] = []
    subjects = [copy.deepcopy(_subject(i)) for i in range(5)]
    batch = import_file(
        filename="r.json", content=_json(subjects), progress=lambda d, t: seen.append((d, t))
    )
    assert batch.state == ImportState.COMMITTED
    assert seen[-1] == (5, 5)
