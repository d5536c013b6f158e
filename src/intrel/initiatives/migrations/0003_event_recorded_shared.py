# The history entries of an initiative use the shared "recorded by/at" (core.models.Recorded):
# the columns are renamed, nothing is lost.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0002_initiative_workflow'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name='initiativeevent', old_name='at', new_name='created_at'),
        migrations.RenameField(model_name='initiativeevent', old_name='by', new_name='created_by'),
        migrations.AlterField(
            model_name='initiativeevent',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='recorded at'),
        ),
        migrations.AlterField(
            model_name='initiativeevent',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
        ),
        migrations.AlterModelOptions(
            name='initiativeevent',
            options={'ordering': ['created_at', 'pk'], 'verbose_name': 'initiative history entry', 'verbose_name_plural': 'initiative history'},
        ),
    ]
