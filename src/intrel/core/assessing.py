"""Who re-assesses a subject when a register app changes its facts.

The register apps (relations, budgets) sit below the assessments app and must not import it
(ADR 0008). Their write services call :func:`facts_changed` here; the assessments app, one
layer up, says in its ``AppConfig.ready`` which function assesses each subject type
(``assessments/apps.py``). The table is small and written out in code, so a reader (and
import-linter) sees both ends.
"""

from collections.abc import Callable, Sequence
from typing import Any

Assessor = Callable[[Any], object]
ManyAssessor = Callable[[Sequence[Any]], int]

_assessors: dict[str, Assessor] = {}
_many_assessors: dict[str, ManyAssessor] = {}


def assessor_register(*, subject_type: str, assessor: Assessor) -> None:
    """Make ``assessor(instance)`` the one that assesses ``subject_type`` after a change."""
    _assessors[subject_type] = assessor


def assessor_many_register(*, subject_type: str, assessor: ManyAssessor) -> None:
    """Make ``assessor(instances)`` the one that assesses a batch of ``subject_type`` (issue 19:
    the import writes in bulk and assesses in batches); it returns how many new decisions it
    stored."""
    _many_assessors[subject_type] = assessor


def facts_changed_many(*, subject_type: str, instances: Sequence[Any]) -> int:
    """Assess a batch of instances (their related rows prefetched as the assessor needs them)
    in the caller's transaction; returns how many new decisions were stored."""
    try:
        assessor = _many_assessors[subject_type]
    except KeyError:
        raise LookupError(
            f"No batch assessor for {subject_type!r}: is intrel.assessments in INSTALLED_APPS?"
        ) from None
    return assessor(instances)


def facts_changed(*, subject_type: str, instance: Any) -> object:
    """Assess ``instance`` (in the caller's transaction) and return what the assessor returns.

    Raises ``LookupError`` when no app registered an assessor for ``subject_type``: a change
    that is never assessed would leave a stale decision without anyone noticing.
    """
    try:
        assessor = _assessors[subject_type]
    except KeyError:
        raise LookupError(
            f"No assessor for {subject_type!r}: is intrel.assessments in INSTALLED_APPS?"
        ) from None
    return assessor(instance)
