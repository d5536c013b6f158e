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
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intrel.accounts.models import User
from intrel.core import doors
from intrel.core.bounds import HOURS_DIGITS, HOURS_PLACES, MONEY_DIGITS, MONEY_PLACES
from intrel.core.errors import Conflict, DomainError
from intrel.core.formatting import number
from intrel.initiatives.models import Initiative
from intrel.relations.bulk import relations_store
from intrel.relations.constants import Source, Status
from intrel.relations.models import Relation
from intrel.relations.selectors import relation_to_subject, relations_for_subjects
from intrel.relations.services import (
    agreement_terms_problems,
    subject_twin_key,
    subjects_problems_each,
)

from .constants import ImportState
from .messages import engine_reason
from .models import ImportBatch
from .parsers import Entry, ReadResult, locate, problem, read_file

Progress = Callable[[int, int], None]

_PORTFOLIO = re.compile(r"^[A-Z][A-Z0-9_]{0,15}$")
# Sub-objects whose fields merge into what the register holds; lists are replaced whole.
_MERGED_OBJECTS = {"partner": None, "owner": "kind", "budget": "held_by"}
# Ids looked up in the register per query (the relations with their children).
EXISTING_CHUNK = 500
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
        # Not copied: the import only reads it (a copy of 100,000 subjects is 5 s and as many
        # megabytes as the file again, issue 19).
        return given
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
    """The subjects of the relations in the register with these ids, in a fixed number of
    queries per ``EXISTING_CHUNK`` ids."""
    found: dict[str, dict[str, Any]] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), EXISTING_CHUNK):
        relations = relations_for_subjects(
            Relation.objects.filter(slug__in=wanted[start : start + EXISTING_CHUNK])
        )
        found.update((r.slug, relation_to_subject(r)) for r in relations)
    return found


def _known_initiatives(subjects: list[dict[str, Any]]) -> set[str]:
    references = sorted(
        {
            inv["initiative"]
            for subject in subjects
            for inv in subject.get("involvements") or []
            if isinstance(inv, dict) and isinstance(inv.get("initiative"), str)
        }
    )
    known: set[str] = set()
    for start in range(0, len(references), EXISTING_CHUNK):
        known.update(
            Initiative.objects.filter(
                reference__in=references[start : start + EXISTING_CHUNK]
            ).values_list("reference", flat=True)
        )
    return known


def _amount_problem(value: Any, digits: int, places: int) -> str | None:
    """What the register's column cannot hold of an amount the contract accepted."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None  # the contract's parser names it
    if not amount.is_finite():
        return None
    if amount.adjusted() < digits - places and amount != amount.quantize(
        Decimal(1).scaleb(-places)
    ):
        return _("at most %(places)d decimal(s)") % {"places": places}
    if amount.adjusted() >= digits - places:
        return _("at most %(digits)d digits before the decimal point") % {"digits": digits - places}
    return None


def _column_problems(subject: dict[str, Any], initiatives: set[str]) -> list[tuple[str, str]]:
    """What the contract allows but the register's columns refuse (the database would, at the
    commit): amounts with more decimals or digits than the column, an initiative not in the
    register."""
    found: list[tuple[str, str]] = []
    budget = subject.get("budget") or {}
    for key, digits, places in (
        ("money_eur_per_year", MONEY_DIGITS, MONEY_PLACES),
        ("staff_hours_per_year", HOURS_DIGITS, HOURS_PLACES),
    ):
        if key in budget:
            reason = _amount_problem(budget[key], digits, places)
            if reason:
                found.append((f"budget.{key}", reason))
    for i, involvement in enumerate(subject.get("involvements") or []):
        reference = involvement.get("initiative")
        if reference and reference not in initiatives:
            found.append(
                (
                    f"involvements[{i}].initiative",
                    _("No citizen initiative has the reference %(value)r.") % {"value": reference},
                )
            )
    return found


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
        if isinstance(value, str) and not _PORTFOLIO.fullmatch(value):
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
    return _entries_checked(entries)[0]


def _entries_checked(
    entries: list[Entry],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each entry merged with the register and checked once (issue 19): the contract, the
    register's limits, the same id or partner and name twice in the file. The register is read
    in a fixed number of queries per thousand entries. Returns (problems, merged subjects)."""
    ids = [e.subject["id"] for e in entries if isinstance(e.subject.get("id"), str)]
    existing = _existing_subjects(ids)
    merged_all = []
    for entry in entries:
        subject_id = entry.subject.get("id") if isinstance(entry.subject.get("id"), str) else None
        merged_all.append(subject_merge(entry.subject, existing.get(subject_id or "")))
    found_all = subjects_problems_each(merged_all)
    initiatives = _known_initiatives(merged_all)
    problems: list[dict[str, Any]] = []
    seen: dict[str, Entry] = {}
    twins: dict[tuple[str, ...], Entry] = {}
    for entry, merged, found in zip(entries, merged_all, found_all, strict=True):
        subject_id = entry.subject.get("id") if isinstance(entry.subject.get("id"), str) else None

        def add(
            path: str, reason: str, entry: Entry = entry, sid: Any = subject_id or entry.label
        ) -> None:
            sheet, row, column = locate(entry, path)
            problems.append(
                problem(sheet=sheet, row=row, column=column, subject_id=sid, reason=reason)
            )

        for p in found:
            reason = engine_reason(p.message)
            add(p.path, _value_named(merged, p.path, reason) if entry.row else reason)
        if not found:
            current = existing.get(subject_id or "")
            register = _register_problems(
                merged,
                is_new=current is None,
                current_status=current.get("status") if current else None,
            )
            for path, reason in register + _column_problems(merged, initiatives):
                add(path, reason)
            twin_key = subject_twin_key(merged)
            if twin_key in twins:
                add(
                    "name",
                    _("the same partner and name appear twice in this file (also %(where)s)")
                    % {"where": twins[twin_key].label},
                )
            else:
                twins[twin_key] = entry
        if subject_id is not None:
            if subject_id in seen:
                add(
                    "id",
                    _("the same id appears twice in this file (also %(where)s)")
                    % {"where": seen[subject_id].label},
                )
            else:
                seen[subject_id] = entry
    return problems, merged_all


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


def _batch_record(
    *,
    filename: str,
    result: ReadResult,
    problems: list[dict[str, Any]],
    user: User | None,
) -> ImportBatch:
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


@transaction.atomic
def import_batch_preview(*, filename: str, content: bytes, user: User | None = None) -> ImportBatch:
    """Read and check a file without changing the register; record what it would do.

    Raises ``FileRefused`` when the file is not one we read (nothing is recorded then).
    """
    result = read_file(filename, content)
    problems = list(result.problems)
    problems.extend(entries_check(result.entries))
    return _batch_record(filename=filename, result=result, problems=problems, user=user)


def _store(
    *,
    batch: ImportBatch,
    subjects: list[dict[str, Any]],
    user: User | None,
    progress: Progress | None,
) -> ImportBatch:
    """Store the checked subjects in bulk (``relations.bulk``) and mark the batch committed;
    in the caller's transaction."""
    stored = relations_store(
        subjects=subjects,
        source=Source.IMPORT,
        user=user if getattr(user, "is_authenticated", False) else None,
        progress=progress,
    )
    batch.state = ImportState.COMMITTED
    batch.created_count = stored.created
    batch.updated_count = stored.updated
    batch.committed_at = timezone.now()
    batch.save(update_fields=["state", "created_count", "updated_count", "committed_at"])
    return batch


def import_file(
    *,
    filename: str,
    content: bytes,
    user: User | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportBatch:
    """``intrel import``: read, check and (when there is no problem and it is not a dry run)
    store, in one transaction, each subject checked once (issue 19). The batch is recorded
    either way: previewed, invalid or committed. A failure while storing stores nothing.

    Raises ``FileRefused`` when the file is not one we read (nothing is recorded then).
    """
    with doors.through(doors.IMPORT), transaction.atomic():
        result = read_file(filename, content)
        problems = list(result.problems)
        checked, subjects = _entries_checked(result.entries)
        problems.extend(checked)
        batch = _batch_record(filename=filename, result=result, problems=problems, user=user)
        if problems or dry_run:
            return batch
        return _store(batch=batch, subjects=subjects, user=user, progress=progress)


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
        problems, subjects = _entries_checked(entries)
        if problems:
            # The register changed since the preview: show what is wrong now.
            batch.problems = _problems_stored(problems)
            batch.problem_count = len(problems)
            batch.state = ImportState.INVALID
            batch.save(update_fields=["problems", "problem_count", "state"])
            return batch
        return _store(batch=batch, subjects=subjects, user=user, progress=progress)
