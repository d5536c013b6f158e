"""A trigram index on the partner's name for the register's search on PostgreSQL (issue 19;
see relations 0013 and ``intrel.core.trigram``). Nothing on SQLite."""

from django.db import migrations

from intrel.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_list_indexes")]

    operations = [
        migrations.RunPython(
            *trigram_indexes([("partner_name_trgm_idx", "partners_partner", "name")]),
            elidable=False,
        ),
    ]
