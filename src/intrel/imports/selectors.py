"""Reads of import batches: the list, one batch, and what its rows would do to the register."""

import contextlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from intrel.policy import SubjectError, parse_subject
from intrel.relations.models import Relation
from intrel.relations.selectors import relation_to_subject

from .constants import ImportState
from .models import ImportBatch
from .parsers import RELATIONS_SHEET, problem_line
from .services import PROBLEMS_STORED, subject_merge


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
    return ImportBatch.objects.select_related("created_by").defer("rows", "problems")[:limit]


def import_batch_list_with_problems(*, limit: int = 5) -> QuerySet[ImportBatch]:
    """Batches that were not committed because of problems, and seeds that skipped rows."""
    return ImportBatch.objects.filter(problem_count__gt=0).defer("rows", "problems")[:limit]


def import_batch_get(*, pk: int) -> ImportBatch:
    """The batch, or 404."""
    return get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)


PREVIEW_PAGE_SIZE = 50
PROBLEMS_PAGE_SIZE = 100


class _ProblemIndex:
    """Which problems belong to which stored row.

    A problem of the relations sheet (or of a JSON subject) names its row (or subject id); a
    problem found on the agreements or involvements sheet names that sheet's row, and belongs to
    the relation it names by id, not to the relations sheet's row of the same number. Problems
    of the header and of rows that name no relation belong to no row.
    """

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        self.by_row: dict[Any, list[dict[str, Any]]] = {}
        self.by_id: dict[str, list[dict[str, Any]]] = {}
        for p in problems:
            if p.get("row") is not None and (p.get("sheet") or RELATIONS_SHEET) == RELATIONS_SHEET:
                self.by_row.setdefault(p["row"], []).append(p)
            elif p.get("subject_id"):
                self.by_id.setdefault(str(p["subject_id"]), []).append(p)

    def of(self, r: dict[str, Any]) -> list[dict[str, Any]]:
        subject: dict[str, Any] = r["subject"] if isinstance(r.get("subject"), dict) else {}
        sid = subject.get("id") if isinstance(subject.get("id"), str) else ""
        if r.get("row") is not None:
            return self.by_row.get(r["row"], []) + (self.by_id.get(sid, []) if sid else [])
        return self.by_id.get(sid or str(r.get("label") or ""), [])


@dataclass
class PreviewPage:
    """One page of a batch's preview, and the totals over all its rows."""

    rows: Page[PreviewRow]
    problems: Page[dict[str, Any]]
    total: int
    valid: int
    invalid: int
    # Only the first problems are stored (services.PROBLEMS_STORED): no totals per row then.
    complete: bool


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
    index = _ProblemIndex(batch.problems)
    invalid = sum(1 for r in batch.rows if index.of(r))
    rows_page = Paginator(batch.rows, per_page).get_page(page)
    rows_page.object_list = import_batch_preview_rows(batch=batch, rows=list(rows_page))
    return PreviewPage(
        rows=rows_page,
        problems=Paginator(batch.problems, problems_per_page).get_page(problems_page),
        total=len(batch.rows),
        valid=len(batch.rows) - invalid,
        invalid=invalid,
        complete=batch.problem_count <= PROBLEMS_STORED,
    )


def import_batch_preview_rows(
    *, batch: ImportBatch, rows: list[dict[str, Any]]
) -> list[PreviewRow]:
    """Each of ``rows`` (a page of the batch's rows) with what committing it would do (or did)
    and its problems."""
    ids = [
        r["subject"]["id"]
        for r in rows
        if isinstance(r.get("subject"), dict) and isinstance(r["subject"].get("id"), str)
    ]
    existing = {
        r.slug: relation_to_subject(r)
        for r in Relation.objects.filter(slug__in=ids)
        .select_related("partner")
        .prefetch_related("parties", "agreements", "involvements", "activities")
    }
    index = _ProblemIndex(batch.problems)
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
                problems=[problem_line(p) for p in index.of(r)],
            )
        )
    return result
