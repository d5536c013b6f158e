"""``field__any_of=[...]``: ``IN`` for a list of values, as one parameter on PostgreSQL.

Django writes ``field__in=ids`` as ``IN (%s, %s, ...)``, one placeholder per value. psycopg
caches how it splits a query only for queries of at most 50 parameters, so a page of 100
relations paid a regular expression per placeholder on each of its three child queries (issue 19,
the list API). On PostgreSQL this lookup sends ``= ANY(%s)`` with the list as one array; elsewhere
it is ``IN`` as before. It takes a list or tuple of plain values (no model instances, no
expressions or querysets) and treats ``None`` and an empty list as ``__in`` does: ``None``
matches nothing, an empty list makes the condition empty (no rows; ``exclude``: every row)."""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, ForeignObject, Lookup
from django.db.models.sql.compiler import SQLCompiler


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[Any]:
        if not isinstance(self.rhs, list | tuple):
            raise TypeError(f"any_of takes a list or tuple of values, not {type(self.rhs)!r}")
        prep = self.lhs.output_field.get_prep_value
        return [prep(v) for v in self.rhs if v is not None]

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))
        placeholders = ", ".join(["%s"] * len(self.rhs))
        return f"{lhs} IN ({placeholders})", (*lhs_params, *self.rhs)


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # a foreign key's own lookups do not inherit Field's
