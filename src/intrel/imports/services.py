"""Imports: read a file into a batch (the dry run), commit a batch, seed from the twin-towns list.

A batch stores the relation subjects read from a file and every problem found; only a batch
without problems can be committed, and a commit is all or nothing. What a file does not give
keeps its value in the register (see docs/import.md), so a sheet without agreements never
removes the agreements already recorded.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intrel.accounts.models import User
from intrel.core import doors
from intrel.core.errors import Conflict, DomainError
from intrel.core.formatting import number
from intrel.relations.constants import Source, Status
from intrel.relations.models import Relation
from intrel.relations.selectors import relation_to_subject
from intrel.relations.services import (
    agreement_terms_problems,
    relations_import,
    subjects_validate,
)

from .constants import ImportState
from .messages import engine_reason
from .models import ImportBatch
from .parsers import Entry, ReadResult, locate, problem, read_file

Progress = Callable[[int, int], None]

_PORTFOLIO = re.compile(r"^[A-Z][A-Z0-9_]{0,15}$")
# Sub-objects whose fields merge into what the register holds; lists are replaced whole.
_MERGED_OBJECTS = {"partner": None, "owner": "kind", "budget": "held_by"}
COMMIT_CHUNK = 100
# A file can hold a problem in every cell (a 1 MB CSV of control characters: 600,000 problems,
# 90 MB of JSON read again on every view of the batch). A batch keeps the first ones, which say
# what to correct, and counts them all.
PROBLEMS_STORED = 1_000


def subject_merge(given: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    """The subject to store: what the file gives, over what the register holds for that id.

    A field the file does not give keeps its value; for ``owner`` and ``budget``, giving the
    kind (``owner.kind``, ``budget.held_by``) without a portfolio clears the portfolio.
    """
    if existing is None:
        return copy.deepcopy(given)
    merged = copy.deepcopy(existing)
    merged.pop("as_of", None)
    for key, value in given.items():
        if key in _MERGED_OBJECTS and isinstance(value, dict) and isinstance(merged.get(key), dict):
            kind_key = _MERGED_OBJECTS[key]
            if kind_key and kind_key in value and "portfolio" not in value:
                merged[key]["portfolio"] = None
            merged[key].update(copy.deepcopy(value))
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _existing_subjects(ids: list[str]) -> dict[str, dict[str, Any]]:
    relations = Relation.objects.filter(slug__in=ids).select_related("partner")
    relations = relations.prefetch_related("parties", "agreements", "involvements", "activities")
    return {r.slug: relation_to_subject(r) for r in relations}


def _register_problems(
    subject: dict[str, Any], *, is_new: bool, current_status: str | None = None
) -> list[tuple[str, str]]:
    """Limits of the register that the contract does not state: (path, reason)."""
    found: list[tuple[str, str]] = []

    def too_long(path: str, value: Any, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            found.append((path, _("at most %(n)d characters") % {"n": limit}))

    too_long("id", subject.get("id"), 100)
    too_long("name", subject.get("name"), 200)
    too_long("partner.name", (subject.get("partner") or {}).get("name"), 200)
    for i, party in enumerate(subject.get("parties") or []):
        too_long(f"parties[{i}].name", party.get("name"), 200)
    for i, agreement in enumerate(subject.get("agreements") or []):
        too_long(f"agreements[{i}].title", agreement.get("title"), 200)
        for key in ("notice_months", "renewal_months"):
            value = agreement.get(key)
            if isinstance(value, int) and value > 1200:
                found.append((f"agreements[{i}].{key}", _("at most 1200 months")))
    for i, agreement in enumerate(subject.get("agreements") or []):
        try:
            signed = date.fromisoformat(agreement.get("signed") or "")
            ends = date.fromisoformat(agreement["ends"]) if agreement.get("ends") else None
        except (TypeError, ValueError):
            continue  # the contract's parser names a date it cannot read
        for name, reason in agreement_terms_problems(
            signed=signed,
            ends=ends,
            notice_months=agreement.get("notice_months"),
            renews_automatically=bool(agreement.get("renews_automatically")),
            renewal_months=agreement.get("renewal_months"),
        ):
            found.append((f"agreements[{i}].{name}", reason.rstrip(".")))
    portfolios = [
        ("owner.portfolio", (subject.get("owner") or {}).get("portfolio")),
        ("budget.portfolio", (subject.get("budget") or {}).get("portfolio")),
    ] + [
        (f"involvements[{i}].portfolio", inv.get("portfolio"))
        for i, inv in enumerate(subject.get("involvements") or [])
    ]
    for path, value in portfolios:
        if isinstance(value, str) and not _PORTFOLIO.match(value):
            found.append((path, _("a portfolio code is upper case letters and digits, e.g. EZ")))
    if not is_new and current_status and subject.get("status") != current_status:
        # The machine of relations/life.py is the one door to a new status (issue 14).
        found.append(
            (
                "status",
                _(
                    "the status of a relation in the register changes only through the steps "
                    "of its life (IMP-3, IMP-4), on its page or through the API; leave the "
                    "status out, or give its current status (%(status)s)"
                )
                % {"status": Status(current_status).label},
            )
        )
    if is_new and subject.get("status") == Status.ENDED:
        found.append(
            (
                "status",
                _("a new relation cannot be imported as ended; record its end in the register"),
            )
        )
    return found


def entries_check(entries: list[Entry]) -> list[dict[str, Any]]:
    """Validate every entry, merged with the register, through the contract's parser."""
    ids = [e.subject["id"] for e in entries if isinstance(e.subject.get("id"), str)]
    existing = _existing_subjects(ids)
    problems: list[dict[str, Any]] = []
    seen: dict[str, Entry] = {}
    for entry in entries:
        subject_id = entry.subject.get("id") if isinstance(entry.subject.get("id"), str) else None
        merged = subject_merge(entry.subject, existing.get(subject_id or ""))

        def add(
            path: str, reason: str, entry: Entry = entry, sid: Any = subject_id or entry.label
        ) -> None:
            sheet, row, column = locate(entry, path)
            problems.append(
                problem(sheet=sheet, row=row, column=column, subject_id=sid, reason=reason)
            )

        found = subjects_validate([merged])
        for p in found:
            reason = engine_reason(p.message)
            add(p.path, _value_named(merged, p.path, reason) if entry.row else reason)
        if not found:
            current = existing.get(subject_id or "")
            for path, reason in _register_problems(
                merged,
                is_new=current is None,
                current_status=current.get("status") if current else None,
            ):
                add(path, reason)
        if subject_id is not None:
            if subject_id in seen:
                add(
                    "id",
                    _("the same id appears twice in this file (also %(where)s)")
                    % {"where": seen[subject_id].label},
                )
            else:
                seen[subject_id] = entry
    return problems


def _value_named(subject: dict[str, Any], path: str, message: str) -> str:
    """In a sheet one cell holds a whole list: say which of its values is wrong."""
    match = re.match(r"^(purposes|parties)\[(\d+)\](\.\w+)?$", path)
    if not match:
        return message
    try:
        value = subject[match.group(1)][int(match.group(2))]
        if match.group(3):
            value = value[match.group(3)[1:]]
    except (KeyError, IndexError, TypeError):
        return message
    return f"{value!r}: {message}"


def _problem_order(p: dict[str, Any]) -> tuple[Any, ...]:
    return (p.get("sheet") or "", p.get("row") or 0, p.get("subject_id") or "")


def _problems_stored(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first ``PROBLEMS_STORED`` problems in order, and one saying how many more there are."""
    problems = sorted(problems, key=_problem_order)
    if len(problems) <= PROBLEMS_STORED:
        return problems
    more = len(problems) - PROBLEMS_STORED
    return [
        *problems[:PROBLEMS_STORED],
        problem(
            reason=_(
                "%(n)s more problems are not listed. Correct the ones above and upload the "
                "file again."
            )
            % {"n": number(more, 0)}
        ),
    ]


def _stored_rows(result: ReadResult) -> list[dict[str, Any]]:
    return [{"label": e.label, "row": e.row, "subject": e.subject} for e in result.entries]


@transaction.atomic
def import_batch_preview(*, filename: str, content: bytes, user: User | None = None) -> ImportBatch:
    """Read and check a file without changing the register; record what it would do.

    Raises ``FileRefused`` when the file is not one we read (nothing is recorded then).
    """
    result = read_file(filename, content)
    problems = list(result.problems)
    problems.extend(entries_check(result.entries))
    rows = _stored_rows(result)
    return ImportBatch.objects.create(
        created_by=user if getattr(user, "is_authenticated", False) else None,
        filename=filename[:255],
        format=result.format,
        state=ImportState.INVALID if problems else ImportState.PREVIEWED,
        rows=rows,
        row_count=len(rows),
        problems=_problems_stored(problems),
        problem_count=len(problems),
    )


def import_batch_commit(
    *, batch: ImportBatch, user: User | None = None, progress: Progress | None = None
) -> ImportBatch:
    """Store every relation of the batch, or none (one transaction). Refuses a batch with
    problems, one already committed, and one whose rows no longer pass the checks."""
    with doors.through(doors.IMPORT), transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.state == ImportState.COMMITTED:
            raise Conflict(_("This import has already been committed."))
        if batch.problems:
            raise DomainError(_("This import has problems; correct the file and upload it again."))
        entries = [
            Entry(label=r["label"], subject=r["subject"], row=r.get("row")) for r in batch.rows
        ]
        problems = entries_check(entries)
        if problems:
            # The register changed since the preview: show what is wrong now.
            batch.problems = _problems_stored(problems)
            batch.problem_count = len(problems)
            batch.state = ImportState.INVALID
            batch.save(update_fields=["problems", "problem_count", "state"])
            return batch
        existing = _existing_subjects([e.subject["id"] for e in entries])
        subjects = [subject_merge(e.subject, existing.get(e.subject["id"])) for e in entries]
        created = updated = 0
        for start in range(0, len(subjects), COMMIT_CHUNK):
            c, u = relations_import(
                subjects=subjects[start : start + COMMIT_CHUNK], source=Source.IMPORT
            )
            created += c
            updated += u
            if progress:
                progress(min(start + COMMIT_CHUNK, len(subjects)), len(subjects))
        batch.state = ImportState.COMMITTED
        batch.created_count = created
        batch.updated_count = updated
        batch.committed_at = timezone.now()
        batch.save(update_fields=["state", "created_count", "updated_count", "committed_at"])
    return batch
