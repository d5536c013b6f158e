"""Trigram (``pg_trgm``) indexes for substring search on PostgreSQL, made by migrations.

Each index is on ``UPPER(column::text)``, the expression Django's ``icontains`` compares on
PostgreSQL, so the planner can use it. On any other database nothing is made.
"""

import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

Index = tuple[str, str, str]  # (index name, table, column)


def trigram_indexes(indexes: Sequence[Index]) -> tuple[Callable[..., None], Callable[..., None]]:
    """The forward and backward functions of a ``RunPython`` that makes ``indexes``."""

    def forward(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            try:
                with transaction.atomic(using=connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except DatabaseError as error:
                logger.warning(
                    "pg_trgm could not be created (%s): the search works without its indexes, "
                    "more slowly on a large register",
                    error,
                )
                return
            for name, table, column in indexes:
                cursor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                    f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
                )

    def backward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for name, _table, _column in indexes:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return forward, backward
