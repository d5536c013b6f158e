"""An allocation supports an initiative *record* (issue 13), no longer a line of text; as
relations 0008 did for the involvement.

First the text may be empty (NULL); then each text that is an initiative's reference stays (the
new column holds the reference), a text that is exactly one initiative's title becomes that
initiative's reference, and any other text is kept in the allocation's description
("Initiatief (tekst): ...") with the link left empty. An allocation whose only recipient was
such a text would be left for nothing (the check ``allocation_has_a_recipient``): the migration
stops and names those allocations, to be given a relation or a known initiative first.
"""

import django.db.models.deletion
from django.db import migrations, models


def _texts_to_records(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    known = set(Initiative.objects.values_list("reference", flat=True))
    by_title: dict[str, list[str]] = {}
    for reference, title in Initiative.objects.values_list("reference", "title"):
        by_title.setdefault(title.strip().lower(), []).append(reference)
    Allocation = apps.get_model("budgets", "Allocation")
    orphans = []
    for allocation in Allocation.objects.exclude(initiative__isnull=True).exclude(initiative=""):
        text = (allocation.initiative or "").strip()
        if text in known:
            if text != allocation.initiative:
                allocation.initiative = text
                allocation.save(update_fields=["initiative"])
            continue
        titled = by_title.get(text.lower(), [])
        if len(titled) == 1:
            allocation.initiative = titled[0]
            allocation.save(update_fields=["initiative"])
            continue
        if allocation.relation_id is None:
            orphans.append(f"{allocation.pk} ({text})")
            continue
        note = f"Initiatief (tekst): {text}"
        allocation.description = f"{allocation.description}\n{note}".strip()
        allocation.initiative = None
        allocation.save(update_fields=["initiative", "description"])
    if orphans:
        raise RuntimeError(
            "These allocations name an initiative that is not on record and have no relation; "
            "give each a relation or record the initiative, then migrate again: "
            + ", ".join(orphans)
        )
    Allocation.objects.filter(initiative="").update(initiative=None)


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0003_hours_spent_help_text_says_realisations"),
        ("initiatives", "0003_event_recorded_shared"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="allocation",
            name="allocation_has_a_recipient",
        ),
        migrations.AlterField(
            model_name="allocation",
            name="initiative",
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.RunPython(_texts_to_records, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="allocation",
            name="initiative",
            field=models.ForeignKey(
                blank=True,
                error_messages={"invalid": "No citizen initiative has the reference %(value)r."},
                help_text="The citizen initiative supported, if any.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="allocations",
                to="initiatives.initiative",
                to_field="reference",
                verbose_name="citizen initiative",
            ),
        ),
        migrations.AddConstraint(
            model_name="allocation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("relation__isnull", False), ("initiative__isnull", False), _connector="OR"
                ),
                name="allocation_has_a_recipient",
            ),
        ),
    ]
