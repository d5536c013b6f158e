"""An involvement follows an initiative *record* (issue 13), no longer a line of text.

First the text column may be empty (NULL); then each text that is an initiative's reference stays
(the new column holds the reference), any other text is kept in the involvement's description
("Initiatief (tekst): ...") and the link is left empty, so the engine asks for one (SOL-3); the
history rows lose texts that name no record (their description keeps its own history).
"""

import django.db.models.deletion
from django.db import migrations, models


def _texts_to_records(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    known = set(Initiative.objects.values_list("reference", flat=True))
    Involvement = apps.get_model("relations", "Involvement")
    for involvement in Involvement.objects.exclude(initiative__isnull=True):
        text = (involvement.initiative or "").strip()
        if text in known:
            continue
        if text:
            note = f"Initiatief (tekst): {text}"
            involvement.description = f"{involvement.description}\n{note}".strip()
        involvement.initiative = None
        involvement.save(update_fields=["initiative", "description"])
    History = apps.get_model("relations", "HistoricalInvolvement")
    History.objects.exclude(initiative__in=known).update(initiative=None)


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0003_event_recorded_shared"),
        ("relations", "0007_relation_life_steps"),
    ]

    operations = [
        migrations.AlterField(
            model_name="involvement",
            name="initiative",
            field=models.CharField(blank=True, max_length=100, null=True),
        ),
        migrations.AlterField(
            model_name="historicalinvolvement",
            name="initiative",
            field=models.CharField(blank=True, max_length=100, null=True),
        ),
        migrations.RunPython(_texts_to_records, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="historicalinvolvement",
            name="initiative",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The citizen initiative this involvement follows (SOL-3).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="initiatives.initiative",
                to_field="reference",
                error_messages={"invalid": "No citizen initiative has the reference %(value)r."},
                verbose_name="citizen initiative",
            ),
        ),
        migrations.AlterField(
            model_name="involvement",
            name="initiative",
            field=models.ForeignKey(
                blank=True,
                help_text="The citizen initiative this involvement follows (SOL-3).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="involvements",
                to="initiatives.initiative",
                to_field="reference",
                error_messages={"invalid": "No citizen initiative has the reference %(value)r."},
                verbose_name="citizen initiative",
            ),
        ),
    ]
