"""Rows inserted through the cursor: the import's writes at scale (issue 19).

Django's ``bulk_create`` builds a model instance per row and prepares every value of every row
in Python (``SQLInsertCompiler``: ``pre_save`` and ``get_db_prep_save`` per field); at 100,000
relations and their history that was a quarter of the import. Here the values are given as
tuples in the columns' order, and only the columns whose type the driver cannot take as it is
(dates and times, decimals, JSON, addresses) go through the field's ``get_db_prep_save``, the
same call the compiler makes, so the rows stored are the ones ``bulk_create`` stores.

:func:`history_rows_insert` writes the history rows of ``simple_history``'s
``bulk_history_create`` (same columns and values: the tracked fields as the instance holds them,
``history_type``, ``history_date``, the user and the change reason) without a historical
instance per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

# Types the database drivers take as they are (str, int, bool, None): no preparation.
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}
# Rows per statement where the ids are read back (``RETURNING``): at most this many, and no
# more parameters than the backend takes in one statement (SQLite: 999).
RETURNING_ROWS = 500


def _as_given(value: datetime) -> Any:
    return value


def _naive_text(value: datetime) -> Any:
    return str(value.replace(tzinfo=None))


def _utc_as_is() -> Callable[[datetime], Any] | None:
    """What the backend makes of an aware time in UTC (``timezone.now()``): PostgreSQL takes
    it as it is; SQLite stores it as text, naive in the connection's zone (when that is UTC,
    the time without its zone)."""
    if connection.vendor == "postgresql":
        return _as_given
    if connection.vendor == "sqlite" and connection.timezone is UTC:
        return _naive_text
    return None


def _preparer(field: models.Field) -> Callable[[Any], Any] | None:
    """What the compiler's ``get_db_prep_save`` makes of a value of ``field`` (``None``: the
    value as it is), with the cheap cases short-cut: a finite ``Decimal`` is passed as it is
    (``DecimalField`` returns it unchanged); a date, time or address repeats (the same day on
    many rows) and is prepared once per value."""
    kind = field.get_internal_type()
    if kind in _PLAIN:
        return None
    prepare = field.get_db_prep_save
    if kind == "DecimalField":

        def decimal(value: Any) -> Any:
            if type(value) is Decimal and value.is_finite():
                return value
            return prepare(value, connection)

        return decimal
    if kind == "DateTimeField" and settings.USE_TZ and _utc_as_is() is not None:
        fast = _utc_as_is()
        assert fast is not None

        def moment(value: Any) -> Any:
            if type(value) is datetime and value.tzinfo is UTC:
                return fast(value)
            return prepare(value, connection)

        return moment
    if kind in {"DateField", "DateTimeField", "GenericIPAddressField"}:
        memo: dict[Any, Any] = {}

        def memoised(value: Any) -> Any:
            if value is None:
                return None
            key = (type(value), value)
            try:
                return memo[key]
            except KeyError:
                prepared = memo[key] = prepare(value, connection)
                return prepared

        return memoised
    return lambda value: prepare(value, connection)


def _prepare(
    rows: Iterable[Sequence[Any]], fields: Sequence[models.Field]
) -> list[tuple[Any, ...]]:
    preparers = [_preparer(field) for field in fields]
    special = [(i, p) for i, p in enumerate(preparers) if p is not None]
    if not special:
        return [tuple(row) for row in rows]
    out = []
    for row in rows:
        values = list(row)
        for i, prepare in special:
            values[i] = prepare(values[i])
        out.append(tuple(values))
    return out


def _insert_sql(model: type[models.Model], fields: Sequence[models.Field], rows: int) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Names from the model's metadata, quoted; the values go as parameters.
    table = quote(model._meta.db_table)
    return f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([one] * rows)  # noqa: S608


def rows_insert(
    model: type[models.Model],
    fields: Sequence[models.Field],
    rows: Sequence[Sequence[Any]],
    *,
    returning: bool = False,
) -> list[Any]:
    """Insert ``rows`` (each a sequence of values in the order of ``fields``) into ``model``'s
    table, in the caller's transaction. With ``returning``, returns the primary keys of the
    rows in their order (``INSERT ... RETURNING``, as ``bulk_create`` reads them); otherwise one
    prepared statement for all rows (``executemany``) and an empty list."""
    if not rows:
        return []
    prepared = _prepare(rows, fields)
    if connection.vendor == "postgresql":
        return _copied(model, fields, prepared, returning=returning)
    with connection.cursor() as cursor:
        if not returning:
            cursor.executemany(_insert_sql(model, fields, 1), prepared)
            return []
        pk = model._meta.pk
        assert pk is not None
        limit = connection.features.max_query_params or 65_535
        per = max(1, min(RETURNING_ROWS, limit // len(fields)))
        suffix = f" RETURNING {connection.ops.quote_name(str(pk.column))}"
        ids: list[Any] = []
        full_sql = _insert_sql(model, fields, per) + suffix
        for start in range(0, len(prepared), per):
            chunk = prepared[start : start + per]
            sql = full_sql if len(chunk) == per else _insert_sql(model, fields, len(chunk)) + suffix
            cursor.execute(sql, [value for row in chunk for value in row])
            ids.extend(row[0] for row in cursor.fetchall())
        return ids


def _copied(
    model: type[models.Model],
    fields: Sequence[models.Field],
    rows: list[tuple[Any, ...]],
    *,
    returning: bool,
) -> list[Any]:
    """PostgreSQL: ``COPY ... FROM STDIN`` (psycopg's ``copy``, each row in C), the ids taken
    from the table's sequence first when they are wanted (a statement of thousands of
    placeholders costs psycopg more to parse than the rows cost to send)."""
    quote = connection.ops.quote_name
    table = str(model._meta.db_table)
    columns = [str(f.column) for f in fields]
    ids: list[Any] = []
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if returning:
            pk = model._meta.pk
            assert pk is not None
            raw.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), str(pk.column), len(rows)],
            )
            ids = [row[0] for row in raw.fetchall()]
            columns = [str(pk.column), *columns]
            rows = [(pk_value, *row) for pk_value, row in zip(ids, rows, strict=True)]
        names = ", ".join(quote(c) for c in columns)
        with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return ids


def history_rows_insert(
    model: type[models.Model],
    instances: Sequence[models.Model],
    *,
    update: bool = False,
    user: Any = None,
    change_reason: str = "",
    returning: bool = False,
    when: datetime | None = None,
) -> list[Any]:
    """The history rows of ``instances`` as ``model.history.bulk_history_create(instances,
    update=..., default_user=user, default_change_reason=change_reason)`` writes them, one
    prepared statement for all; with ``returning``, their ``history_id`` in order."""
    if not instances:
        return []
    history: Any = model.history.model  # type: ignore[attr-defined]
    tracked = [f.attname for f in history.tracked_fields]
    # A file is kept as its name (the history's column is text: ``str`` of the file, as the
    # text field's ``get_prep_value`` makes it).
    files = {f.attname for f in history.tracked_fields if isinstance(f, models.FileField)}
    names = [
        *tracked,
        "history_date",
        "history_user_id",
        "history_change_reason",
        "history_type",
    ]
    by_attname = {f.attname: f for f in history._meta.concrete_fields}
    fields = [by_attname[name] for name in names]
    # Any other column of the history table (``WhereFrom.history_address``) gets its default,
    # as a historical instance built without it would.
    others = [
        f
        for f in history._meta.concrete_fields
        if f.attname not in names and not f.primary_key and f.attname != "history_id"
    ]
    defaults = tuple(f.get_default() for f in others)
    fields.extend(others)
    history_type = "~" if update else "+"
    # One time for the rows of one call (``bulk_history_create``'s ``default_date``; without
    # it each row took the clock, microseconds apart).
    when = when or timezone.now()
    rows = []
    for instance in instances:
        who = getattr(instance, "_history_user", user or history.get_default_history_user(instance))
        reason = getattr(instance, "_change_reason", None) or change_reason
        rows.append(
            (
                *[
                    str(getattr(instance, name)) if name in files else getattr(instance, name)
                    for name in tracked
                ],
                when,
                getattr(who, "pk", None) if who is not None else None,
                reason,
                history_type,
                *defaults,
            )
        )
    return rows_insert(history, fields, rows, returning=returning)


def _attribute(name: str) -> Callable[[models.Model], Any]:
    return lambda obj: getattr(obj, name)


def _pre_save(field: models.Field) -> Callable[[models.Model], Any]:
    return lambda obj: field.pre_save(obj, True)


def objects_insert(model: type[models.Model], objs: Sequence[models.Model]) -> list[Any]:
    """``model.objects.bulk_create(objs)`` for new objects (no primary key yet), through the
    cursor: the same columns and values (each field's ``pre_save``, so ``auto_now_add`` and
    ``auto_now`` set the time as there), the ids read back onto the objects, which are then
    saved objects (``_state``). No signals, as with ``bulk_create``. Returns ``objs``."""
    if not objs:
        return list(objs)
    meta = model._meta
    pk = meta.pk
    assert pk is not None and isinstance(pk, models.AutoField | models.BigAutoField)
    fields = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
    plain = models.Field.pre_save
    getters: list[Callable[[models.Model], Any]] = [
        _attribute(field.attname) if type(field).pre_save is plain else _pre_save(field)
        for field in fields
    ]
    for obj in objs:
        assert obj.pk is None, "objects_insert is for new objects"
    rows = [tuple(get(obj) for get in getters) for obj in objs]
    ids = rows_insert(model, fields, rows, returning=True)
    alias = connection.alias
    for obj, pk_value in zip(objs, ids, strict=True):
        obj.pk = pk_value
        obj._state.adding = False
        obj._state.db = alias
    return list(objs)
