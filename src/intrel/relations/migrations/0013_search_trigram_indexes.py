"""Trigram indexes for the register's search (``q``) on PostgreSQL (issue 19).

``relations_matching`` asks ``UPPER(column::text) LIKE UPPER('%…%')`` per column; a GIN index
with ``gin_trgm_ops`` on that very expression answers it without reading every row. SQLite has
no such index and needs none at a municipality's size: there this migration does nothing. The
extension ``pg_trgm`` is trusted (PostgreSQL 13 and later), so the database's owner may create it;
where it cannot be created the search stays correct, only slower, and the migration says so.
"""

from django.db import migrations

from intrel.core.trigram import trigram_indexes

INDEXES = [
    ("relation_name_trgm_idx", "relations_relation", "name"),
    ("relation_slug_trgm_idx", "relations_relation", "slug"),
    ("relation_description_trgm_idx", "relations_relation", "description"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0012_relation_last_activity"),
        ("partners", "0004_search_trigram_index"),
    ]

    operations = [
        migrations.RunPython(*trigram_indexes(INDEXES), elidable=False),
    ]
