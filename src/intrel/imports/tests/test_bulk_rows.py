"""The import's history rows and decisions, written through the cursor (issue 19), are the rows
``simple_history`` and Django's ``bulk_create`` wrote before: the same two imports (one that
creates, committed by a user from the import page; one through the command that updates,
deletes and adds) run once with ``simple_history``'s ``bulk_history_create`` and Django's
``bulk_create``, and once as the import runs now, and every history row, history link and
decision is compared, column by column (all but the row's own id and the timestamps; the ids
that point to other rows are compared as the place of that row in the order of creation)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from django.apps import apps
from django.db import models, transaction

from intrel.accounts.models import User
from intrel.assessments import services as assessment_services
from intrel.assessments.models import Assessment
from intrel.imports.constants import ImportState
from intrel.imports.services import import_batch_commit, import_batch_preview, import_file
from intrel.partners.models import Partner
from intrel.relations import bulk
from intrel.relations.models import Agreement, Involvement, Party, Relation

pytestmark = pytest.mark.django_db

TIMES = {"history_date", "created_at", "updated_at", "confirmed_at"}
HISTORIES = {
    "partner": Partner,
    "party": Party,
    "relation": Relation,
    "agreement": Agreement,
    "involvement": Involvement,
}
# Columns that point to a row of another table, and that table's history (every row the
# import creates has a history row: its ids give the order of creation).
POINTERS = {"partner_id": "partner", "party_id": "party", "relation_id": "relation"}


def _subject(i: int, **changes: Any) -> dict[str, Any]:
    subject = {
        "subject": "relation",
        "id": f"rows-{i}",
        "name": f"Relatie {i}",
        "partner": {"name": f"Stad {i % 4}", "country": "DE", "kind": "city"},
        "registered_kind": "twinning",
        "status": "active",
        "initiated_by": "municipality",
        "purposes": ["culture", "sport"] if i % 2 else ["economy"],
        "mutual_value": bool(i % 3),
        "parties": [{"name": f"Stichting {j}", "sector": "civil_society"} for j in range(i % 3)]
        + ([{"name": "Stichting groot", "sector": "civil_society"}] if i == 3 else []),
        "involvements": [
            {"actor": "mayor", "portfolio": None, "start": "2013-01-01"},
            {"actor": "alderman", "portfolio": "CUL", "start": "2015-03-01", "end": "2019-01-01"},
        ][: i % 3],
        "agreements": [
            {"title": "Convenant", "signed": "2010-06-01", "ends": None},
            {"title": "Addendum", "signed": "2016-02-29", "ends": "2026-02-28",
             "notice_months": 3, "renews_automatically": True, "renewal_months": 12},
        ][: (i + 1) % 3],
        "budget": {"money_eur_per_year": f"{1000 + i}.25", "staff_hours_per_year": i % 40,
                   "held_by": "portfolio", "portfolio": "CUL"},
        "owner": {"kind": "portfolio", "portfolio": "EZ"},
    }  # fmt: skip
    subject.update(changes)
    return subject


def _second(i: int) -> dict[str, Any]:
    """The second file: some unchanged, some changed (fields, parties, a party's sector, an
    agreement's end, an involvement replaced, an agreement removed), some new."""
    if i % 4 == 0:
        return _subject(i)
    if i % 4 == 1:
        return _subject(
            i,
            name=f"Relatie {i} (nieuw)",
            parties=[{"name": "Stichting groot", "sector": "business"}],
            agreements=[{"title": "Convenant", "signed": "2010-06-01", "ends": "2031-12-31"}],
            involvements=[{"actor": "council", "portfolio": "SPO", "start": "2020-01-01"}],
        )
    if i % 4 == 2:
        return _subject(i, agreements=[], budget={"money_eur_per_year": "7.5"})
    return _subject(i, mutual_value=not bool(i % 3), purposes=["trade"])


def _imports() -> None:
    user = User.objects.create_user(username="importeur", password="x" * 12)
    first = json.dumps([_subject(i) for i in range(24)]).encode()
    batch = import_batch_preview(filename="r.json", content=first, user=user)
    batch = import_batch_commit(batch=batch, user=user)
    assert batch.state == ImportState.COMMITTED, batch.problems
    second = json.dumps([_second(i) for i in range(12, 40)]).encode()
    batch = import_file(filename="r.json", content=second)
    assert batch.state == ImportState.COMMITTED, batch.problems
    assert (batch.created_count, batch.updated_count) == (16, 12)


def _ranks(model: type[models.Model], column: str) -> dict[Any, int]:
    values = sorted(set(model._default_manager.values_list(column, flat=True)))
    return {value: i for i, value in enumerate(values)}


def _snapshot() -> dict[str, list[str]]:
    ranks = {
        name: _ranks(m.history.model, "id")  # type: ignore[attr-defined]
        for name, m in HISTORIES.items()
    }
    users = dict(User.objects.values_list("pk", "username"))
    relation_history = _ranks(Relation.history.model, "history_id")
    m2m = apps.get_model("relations", "HistoricalRelation_parties")
    ranks["link"] = _ranks(m2m, "id")
    ranks["assessment"] = _ranks(Assessment, "id")

    def row(values: Mapping[str, Any], own: str | None) -> str:
        out = {}
        for key, value in values.items():
            if key in TIMES or key in {"history_id", "m2m_history_id"}:
                continue
            if key == "id" and own:
                value = ranks[own][value]
            elif key in POINTERS and value is not None:
                value = ranks[POINTERS[key]][value]
            elif key in {"history_user_id", "confirmed_by_id"} and value is not None:
                value = users[value]
            out[key] = value
        return repr(sorted(out.items()))

    snapshot = {}
    for name, model in HISTORIES.items():
        history: Any = model.history.model  # type: ignore[attr-defined]
        snapshot[name] = sorted(row(v, name) for v in history.objects.values())
    snapshot["relation_parties"] = sorted(
        row(v, "link") + f" history {relation_history[v['history_id']]}"
        for v in m2m.objects.values()
    )
    snapshot["assessments"] = sorted(row(v, "assessment") for v in Assessment.objects.values())
    return snapshot


def _reference_history(
    model: type[models.Model],
    instances: Sequence[models.Model],
    *,
    update: bool = False,
    user: Any = None,
    change_reason: str = "",
    returning: bool = False,
    when: Any = None,
) -> list[Any]:
    """How the import wrote its history rows before: ``simple_history``'s own."""
    rows = model.history.bulk_history_create(  # type: ignore[attr-defined]
        instances, batch_size=500, update=update, default_user=user,
        default_change_reason=change_reason,
    )  # fmt: skip
    return [r.history_id for r in rows] if returning else []


def _reference_rows(
    model: type[models.Model],
    fields: Sequence[models.Field],
    rows: Sequence[Sequence[Any]],
    **kw: Any,
) -> list[Any]:
    """How the import wrote the history links and the decisions before: ``bulk_create``."""
    made = model._default_manager.bulk_create(
        [model(**{f.attname: v for f, v in zip(fields, r, strict=True)}) for r in rows],
        batch_size=500,
    )
    return [m.pk for m in made] if kw.get("returning") else []


def _reference_objects(model: type[models.Model], objs: Sequence[models.Model]) -> list[Any]:
    """How the import created the relations, their children and the decisions before."""
    return model._default_manager.bulk_create(objs, batch_size=500)


def _run() -> dict[str, list[str]]:
    with transaction.atomic():
        _imports()
        snapshot = _snapshot()
        transaction.set_rollback(True)
    return snapshot


def test_the_rows_written_through_the_cursor_are_the_rows_written_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = _run()
    with monkeypatch.context() as patch:
        patch.setattr(bulk, "history_rows_insert", _reference_history)
        patch.setattr(bulk, "rows_insert", _reference_rows)
        patch.setattr(bulk, "objects_insert", _reference_objects)
        patch.setattr(assessment_services, "objects_insert", _reference_objects)
        before = _run()
    assert now.keys() == before.keys()
    for table in now:
        assert now[table] == before[table], table
    # The scenario writes what it should: creations, updates and deletions in every table.
    assert len(now["relation"]) == 24 + 16 + 12 - 3  # the unchanged ones get no row
    assert any("'~'" in r for r in now["relation"]) and any("'-'" in r for r in now["agreement"])
    assert any("'~'" in r for r in now["party"]) and now["relation_parties"]
    assert any("'importeur'" in r for r in now["relation"])
