"""Reads of import batches: the list, one batch, and what its rows would do to the register."""

import contextlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.paginator import Page, Paginator
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


PREVIEW_PAGE_SIZE = 50
PROBLEMS_PAGE_SIZE = 100


def _row_key(r: dict[str, Any]) -> Any:
    """How a stored row is matched with its problems: its sheet row, else its id or label."""
    if r.get("row") is not None:
        return r["row"]
    subject = r.get("subject") or {}
    sid = subject.get("id") if isinstance(subject, dict) else None
    return sid if isinstance(sid, str) and sid else r.get("label")


def _problems_by_row(batch: ImportBatch) -> dict[Any, list[str]]:
    by_row: dict[Any, list[str]] = {}
    for p in batch.problems:
        key = p.get("row") if p.get("row") is not None else p.get("subject_id")
        by_row.setdefault(key, []).append(problem_line(p))
    return by_row


@dataclass
class PreviewPage:
    """One page of a batch's preview, and the totals over all its rows."""

    rows: Page[PreviewRow]
    problems: Page[dict[str, Any]]
    total: int
    valid: int
    invalid: int


def import_batch_preview_page(
    *,
    batch: ImportBatch,
    page: Any = 1,
    problems_page: Any = 1,
    per_page: int = PREVIEW_PAGE_SIZE,
    problems_per_page: int = PROBLEMS_PAGE_SIZE,
) -> PreviewPage:
    """A page of rows (what committing each would do) and a page of problems, with the number
    of rows with and without problems; only the rows of the page are compared with the register.
    """
    with_problems = {
        p.get("row") if p.get("row") is not None else p.get("subject_id") for p in batch.problems
    }
    invalid = sum(1 for r in batch.rows if _row_key(r) in with_problems)
    rows_page = Paginator(batch.rows, per_page).get_page(page)
    rows_page.object_list = import_batch_preview_rows(batch=batch, rows=list(rows_page))
    return PreviewPage(
        rows=rows_page,
        problems=Paginator(batch.problems, problems_per_page).get_page(problems_page),
        total=len(batch.rows),
        valid=len(batch.rows) - invalid,
        invalid=invalid,
    )


def import_batch_preview_rows(
    *, batch: ImportBatch, rows: list[dict[str, Any]] | None = None
) -> list[PreviewRow]:
    """Each of ``rows`` (default: every row of the batch) with what committing it would do (or
    did) and its problems."""
    rows = batch.rows if rows is None else rows
    ids = [
        r["subject"]["id"]
        for r in rows
        if isinstance(r.get("subject"), dict) and isinstance(r["subject"].get("id"), str)
    ]
    existing = {
        r.slug: relation_to_subject(r)
        for r in Relation.objects.filter(slug__in=ids)
        .select_related("partner")
        .prefetch_related("parties", "agreements", "involvements")
    }
    by_row = _problems_by_row(batch)
    result = []
    for r in rows:
        subject = r.get("subject") or {}
        sid = subject.get("id") if isinstance(subject.get("id"), str) else ""
        partner: dict[str, Any] = (
            subject["partner"] if isinstance(subject.get("partner"), dict) else {}
        )
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
        partner_name = partner.get("name") or r.get("partner")
        country = partner.get("country") or r.get("country")
        result.append(
            PreviewRow(
                label=r.get("label") or "",
                relation_id=sid or str(r.get("relation") or ""),
                name=str(subject.get("name") or r.get("partner") or ""),
                # Only what the file gives: never "None" nor "()" for a missing part.
                partner=" ".join(
                    str(v) for v in (partner_name, f"({country})" if country else None) if v
                ),
                action=action,
                changes=changes,
                problems=by_row.get(_row_key(r), []),
            )
        )
    return result
