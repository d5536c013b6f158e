"""Migration 0004: an allocation's initiative text becomes a link to the initiative record (by its
reference, or by a title only one initiative has), and any other text stays in the description
(issue 13); an allocation left with no recipient stops the migration, naming it."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("budgets", "0003_hours_spent_help_text_says_realisations"),
    ("initiatives", "0003_event_recorded_shared"),
    ("relations", "0008_involvement_follows_an_initiative_record"),
]
AFTER = [("budgets", "0004_allocation_follows_an_initiative_record")]


def _setup() -> tuple[MigrationExecutor, object]:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    return executor, executor.loader.project_state(BEFORE).apps


def _line_and_relation(old: object) -> tuple[object, object]:
    Partner = old.get_model("partners", "Partner")  # type: ignore[attr-defined]
    Relation = old.get_model("relations", "Relation")  # type: ignore[attr-defined]
    BudgetLine = old.get_model("budgets", "BudgetLine")  # type: ignore[attr-defined]
    Initiative = old.get_model("initiatives", "Initiative")  # type: ignore[attr-defined]
    partner = Partner.objects.create(name="Kampala", country="UG", kind="municipality")
    relation = Relation.objects.create(
        name="Helmond – Kampala",
        slug="kampala",
        partner=partner,
        registered_kind="solidarity",
        initiated_by="civil_society",
        purposes=["solidarity"],
    )
    line = BudgetLine.objects.create(
        slug="solidariteit-2014",
        year=2014,
        name="Solidariteit",
        purpose="solidarity",
        holder_kind="executive_board",
    )
    for reference, title in (("INI-2014-0001", "Lespakket"), ("INI-2014-0002", "Fietsen")):
        Initiative.objects.create(
            reference=reference,
            title=title,
            description="-",
            country="UG",
            place="Kampala",
            start=date(2014, 1, 1),
            organisation="Stichting",
            contact_name="-",
            contact_email="a@example.org",
        )
    return line, relation


@pytest.mark.django_db(transaction=True)
def test_texts_become_links_or_stay_in_the_description() -> None:
    executor, old = _setup()
    line, relation = _line_and_relation(old)
    Allocation = old.get_model("budgets", "Allocation")  # type: ignore[attr-defined]

    def alloc(initiative: str, relation: object = None, description: str = "") -> int:
        return int(
            Allocation.objects.create(
                line=line,
                date=date(2014, 3, 1),
                money="10",
                hours="0",
                relation=relation,
                initiative=initiative,
                description=description,
            ).pk
        )

    by_reference = alloc("INI-2014-0001")
    by_title = alloc(" lespakket ")
    typed = alloc("bezoek stichting", relation, "Reis.")
    empty = alloc("", relation)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("budgets", "Allocation")
    assert new.objects.get(pk=by_reference).initiative_id == "INI-2014-0001"
    assert new.objects.get(pk=by_title).initiative_id == "INI-2014-0001"
    moved = new.objects.get(pk=typed)
    assert moved.initiative_id is None
    assert moved.description == "Reis.\nInitiatief (tekst): bezoek stichting"
    assert new.objects.get(pk=empty).initiative_id is None

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_an_allocation_left_without_recipient_stops_the_migration_by_name() -> None:
    executor, old = _setup()
    line, _relation = _line_and_relation(old)
    Allocation = old.get_model("budgets", "Allocation")  # type: ignore[attr-defined]
    orphan = Allocation.objects.create(
        line=line, date=date(2014, 3, 1), money="10", hours="0", initiative="Onbekend project"
    )
    executor = MigrationExecutor(connection)
    with pytest.raises(RuntimeError, match=rf"{orphan.pk} \(Onbekend project\)"):
        executor.migrate(AFTER)
    orphan.delete()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
