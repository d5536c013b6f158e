"""The number of rows is stored beside the rows, so lists of batches need not load them (issue 19)."""

from django.db import migrations, models


def count_rows(apps, schema_editor):
    ImportBatch = apps.get_model("imports", "ImportBatch")
    for batch in ImportBatch.objects.only("pk", "rows").iterator(chunk_size=50):
        ImportBatch.objects.filter(pk=batch.pk).update(row_count=len(batch.rows or []))


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0003_recorded_by_and_at_shared"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="row_count",
            field=models.PositiveIntegerField(
                default=0,
                help_text="How many rows were read; kept beside the rows so lists need not load them.",
                verbose_name="number of rows",
            ),
        ),
        migrations.RunPython(count_rows, migrations.RunPython.noop),
    ]
