"""Migration 0008: an involvement's initiative text becomes a link to the initiative record, and
nothing typed is lost (issue 13)."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("relations", "0007_relation_life_steps"), ("initiatives", "0003_event_recorded_shared")]
AFTER = [("relations", "0008_involvement_follows_an_initiative_record")]


@pytest.mark.django_db(transaction=True)
def test_texts_become_links_or_stay_in_the_description() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Partner = old.get_model("partners", "Partner")
    Relation = old.get_model("relations", "Relation")
    Involvement = old.get_model("relations", "Involvement")
    Initiative = old.get_model("initiatives", "Initiative")
    partner = Partner.objects.create(name="San Marcos", country="NI", kind="municipality")
    relation = Relation.objects.create(
        name="Helmond – San Marcos",
        slug="san-marcos",
        partner=partner,
        registered_kind="solidarity",
        initiated_by="civil_society",
        purposes=["solidarity"],
    )
    Initiative.objects.create(
        reference="INI-2026-0004",
        title="Kadaster",
        description="-",
        country="NI",
        place="San Marcos",
        start=date(2026, 1, 1),
        organisation="Stichting",
        contact_name="-",
        contact_email="a@example.org",
    )
    linked = Involvement.objects.create(
        relation=relation, actor="mayor", start=date(2026, 1, 1), initiative="INI-2026-0004"
    )
    typed = Involvement.objects.create(
        relation=relation,
        actor="alderman",
        start=date(2026, 1, 1),
        initiative="bezoek stichting",
        description="Werkbezoek.",
    )
    empty = Involvement.objects.create(relation=relation, actor="council", start=date(2026, 1, 1))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("relations", "Involvement")
    assert new.objects.get(pk=linked.pk).initiative_id == "INI-2026-0004"
    moved = new.objects.get(pk=typed.pk)
    assert moved.initiative_id is None
    assert moved.description == "Werkbezoek.\nInitiatief (tekst): bezoek stichting"
    assert new.objects.get(pk=empty.pk).initiative_id is None

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
