"""Reads of import batches: the list, one batch, and what its rows would do to the register."""

import contextlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from intrel.relations.models import Relation
from intrel.relations.selectors import relation_to_subject

from .constants import ImportState
from .models import ImportBatch
from .parsers import problem_line
from .services import subject_merge


@dataclass
class PreviewRow:
    label: str
    relation_id: str
    name: str
    partner: str
    action: str  # "create", "update", "unchanged", "proposed", "already", "created", "updated"
    changes: list[str]
    problems: list[str]


def _comparable(subject: dict[str, Any]) -> dict[str, Any]:
    """The subject as the register would store it, so that equal facts compare equal."""
    from intrel.policy import SubjectError, parse_subject

    try:
        data: dict[str, Any] = parse_subject(dict(subject)).model_dump(mode="json")
    except SubjectError:
        return subject
    data.pop("as_of", None)
    data["purposes"] = sorted(set(data.get("purposes") or []))
    data["parties"] = sorted(data.get("parties") or [], key=lambda p: p["name"])
    for key in ("money_eur_per_year", "staff_hours_per_year"):
        with contextlib.suppress(InvalidOperation, KeyError, TypeError):
            data["budget"][key] = format(Decimal(str(data["budget"][key])).normalize(), "f")
    return data


def import_batch_list(*, limit: int = 20) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.select_related("created_by")[:limit]


def import_batch_list_with_problems(*, limit: int = 5) -> QuerySet[ImportBatch]:
    """Batches that were not committed because of problems, and seeds that skipped rows."""
    return ImportBatch.objects.filter(problem_count__gt=0)[:limit]


def import_batch_get(*, pk: int) -> ImportBatch:
    """The batch, or 404."""
    return get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)


def import_batch_preview_rows(*, batch: ImportBatch) -> list[PreviewRow]:
    """Every row of the batch with what committing it would do (or did) and its problems."""
    ids = [
        r["subject"]["id"]
        for r in batch.rows
        if isinstance(r.get("subject"), dict) and isinstance(r["subject"].get("id"), str)
    ]
    existing = {
        r.slug: relation_to_subject(r)
        for r in Relation.objects.filter(slug__in=ids)
        .select_related("partner")
        .prefetch_related("parties", "agreements", "involvements")
    }
    by_row: dict[Any, list[str]] = {}
    for p in batch.problems:
        key = p.get("row") if p.get("row") is not None else p.get("subject_id")
        by_row.setdefault(key, []).append(problem_line(p))
    result = []
    for r in batch.rows:
        subject = r.get("subject") or {}
        sid = subject.get("id") if isinstance(subject.get("id"), str) else ""
        partner = subject.get("partner") if isinstance(subject.get("partner"), dict) else {}
        changes: list[str] = []
        if r.get("action"):
            action = r["action"]
        elif batch.state == ImportState.COMMITTED:
            action = "stored"
        elif sid in existing:
            merged = _comparable(subject_merge(subject, existing[sid]))
            current = _comparable(existing[sid])
            changes = sorted(k for k in merged if merged.get(k) != current.get(k))
            action = "update" if changes else "unchanged"
        else:
            action = "create"
        key = r.get("row") if r.get("row") is not None else sid or r.get("label")
        result.append(
            PreviewRow(
                label=r.get("label") or "",
                relation_id=sid or str(r.get("relation") or ""),
                name=str(subject.get("name") or r.get("partner") or ""),
                partner=" ".join(
                    str(v)
                    for v in (
                        partner.get("name") or r.get("partner"),
                        f"({partner.get('country') or r.get('country')})",
                    )
                    if v
                ),
                action=action,
                changes=changes,
                problems=by_row.get(key, []),
            )
        )
    return result
