"""The audit log: every write the history tables recorded (django-simple-history), across the
register, governance and initiatives, read-only and searchable by functioneel beheer (issue 18).

The history is written by the models' ``HistoricalRecords`` on every save through a page, the
API, an import, a command or the admin; this module only reads it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from intrel.core import doors

from .constants import Role

AUDIT_PERMISSION = "accounts.view_audit_log"
AUDIT_LIMIT = 100


@dataclass(frozen=True)
class AuditChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class AuditEntry:
    when: datetime
    who: str
    kind: str  # created / changed / deleted, in the reader's language
    model: str
    obj: str
    object_id: Any
    door: str  # page, API, admin, import, command, background task: in the reader's language
    address: str  # the client's address the write came from; "" for a command or a task
    changes: list[AuditChange] = field(default_factory=list)


def tracked_models() -> list[type[Model]]:
    """The models with a history table, by their name in the reader's language."""
    found = [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]
    return sorted(found, key=lambda m: str(m._meta.verbose_name))


def _kinds() -> dict[str, str]:
    return {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def _changes(record: Any, model: type[Model]) -> list[AuditChange]:
    previous = record.prev_record
    if previous is None:
        return []
    delta = record.diff_against(previous)
    names = {f.name: str(getattr(f, "verbose_name", f.name)) for f in model._meta.get_fields()}
    return [
        AuditChange(
            names.get(c.field, c.field),
            _related_names(model, c.field, c.old),
            _related_names(model, c.field, c.new),
        )
        for c in delta.changes
    ]


def _related_names(model: type[Model], name: str, value: Any) -> Any:
    """A many-to-many field's value (the history's rows of the link table) as the names of the
    linked objects; an account's groups as its roles in the reader's language."""
    if not isinstance(value, list):
        return value
    target = model._meta.get_field(name).related_model
    if target is None:
        return value
    key = target._meta.model_name
    ids = [item.get(key) for item in value if isinstance(item, dict)]
    found = {o.pk: str(o) for o in target._default_manager.filter(pk__in=ids)}
    labels = dict(Role.choices)
    return ", ".join(sorted(str(labels.get(found.get(i, ""), found.get(i, i))) for i in ids))


def audit_entries(
    *,
    model_label: str = "",
    username: str = "",
    since: date | None = None,
    until: date | None = None,
    limit: int = AUDIT_LIMIT,
) -> list[AuditEntry]:
    """The newest ``limit`` history records that match, newest first, with what changed."""
    models = [m for m in tracked_models() if not model_label or m._meta.label_lower == model_label]
    query = Q()
    if username:
        query &= Q(history_user__username__iexact=username.strip())
    if since:
        query &= Q(history_date__gte=timezone.make_aware(datetime.combine(since, time.min)))
    if until:
        end = datetime.combine(until + timedelta(days=1), time.min)
        query &= Q(history_date__lt=timezone.make_aware(end))
    rows: list[tuple[Any, type[Model]]] = []
    for model in models:
        history = model.history.model  # type: ignore[attr-defined]
        records = history.objects.filter(query).select_related("history_user")
        rows += [(r, model) for r in records.order_by("-history_date", "-history_id")[:limit]]
    rows.sort(key=lambda pair: pair[0].history_date, reverse=True)
    kinds = _kinds()
    entries = []
    for record, model in rows[:limit]:
        user = record.history_user
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user is not None else "",
                kind=kinds.get(record.history_type, record.history_type),
                model=str(model._meta.verbose_name),
                obj=str(record.instance) if record.history_type != "-" else str(record.id),
                object_id=record.id,
                door=str(doors.LABELS.get(record.history_change_reason or "", "—")),
                address=getattr(record, "history_address", None) or "",
                changes=_changes(record, model) if record.history_type == "~" else [],
            )
        )
    return entries
