"""Writes of assessments: run the engine on a subject's facts and store the decision."""

import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intrel.accounts.models import User
from intrel.core.errors import DomainError
from intrel.policy import evaluate, load_framework, parse_subject
from intrel.policy.framework import Framework
from intrel.relations.models import Relation
from intrel.relations.selectors import relation_to_subject

from .constants import OVERRIDE_REASON_MIN_LENGTH
from .models import Assessment, Override
from .selectors import facts_digest


def _essence(decision: Mapping[str, Any]) -> str:
    """The decision without what only moves with the calendar (the date it was made)."""
    as_of = decision.get("as_of")
    body = {k: v for k, v in decision.items() if k != "as_of"}
    body["actions"] = [
        {
            **a,
            "effective_from": "as_of" if a.get("effective_from") == as_of else a["effective_from"],
        }
        for a in decision.get("actions", [])
    ]
    return json.dumps(body, sort_keys=True, ensure_ascii=False)


def decision_targets(decision: Mapping[str, Any]) -> list[str]:
    """The conclusions of a decision that an officer can override."""
    targets = ["owner"] if decision.get("owner") else []
    targets += [f"finding:{f['code']}" for f in decision.get("findings", [])]
    targets += [f"action:{a['code']}" for a in decision.get("actions", [])]
    return list(dict.fromkeys(targets))


# Attempts to store an assessment while others store one of the same subject (see below).
STORE_ATTEMPTS = 3


@transaction.atomic
def subject_assess(
    *,
    facts: dict[str, Any],
    relation: Relation | None = None,
    framework_id: str | None = None,
    as_of: date | None = None,
) -> Assessment:
    """Assess a subject and store the decision, unless it equals the current one.

    A new assessment replaces the current one when the facts, the framework (or its version)
    or the decision changed; confirmation and overrides of conclusions that still stand are
    carried over. Returns the current assessment.

    Two writes to one subject at once (two officers adding an activity to one relation) both
    assess it. On PostgreSQL the second waits for the first's lock on the current assessment,
    then finds that row no longer current and no other yet visible to the statement, and its
    new current assessment breaks the one-current constraint. That attempt is rolled back to a
    savepoint and made again, now reading the first's assessment as the current one: the write
    succeeds instead of answering 409 (found by bench/load_fault.py, docs/reliability.md).
    The facts were read before the first write was committed, so the stored assessment may not
    yet count it; as with any two writes at once, the page then says the assessment no longer
    fits the facts until the next write, "Assess now" or ``assess_all`` (ADR 0009).
    """
    framework = load_framework(framework_id or settings.INTREL_DEFAULT_FRAMEWORK)
    as_of = as_of or timezone.localdate()
    decision = evaluate(framework, parse_subject(facts), as_of).to_dict()
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return _store(facts, relation, framework, as_of, decision)
        except IntegrityError:
            if attempt == STORE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _store(
    facts: dict[str, Any],
    relation: Relation | None,
    framework: Framework,
    as_of: date,
    decision: dict[str, Any],
) -> Assessment:
    fw_id, fw_version = framework.id, str(framework.version)
    digest = facts_digest(facts, fw_id, fw_version)
    current = (
        Assessment.objects.select_for_update()
        .filter(
            subject_type=facts["subject"], subject_key=facts["id"], framework=fw_id, is_current=True
        )
        .first()
    )
    if (
        current is not None
        and current.facts_digest == digest
        and current.framework_version == fw_version
        and _essence(current.decision) == _essence(decision)
    ):
        return current
    findings = decision.get("findings", [])
    owner = decision.get("owner") or {}
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    assessment = Assessment.objects.create(
        subject_type=facts["subject"],
        subject_key=facts["id"],
        relation=relation,
        framework=fw_id,
        framework_version=fw_version,
        as_of=as_of,
        facts=facts,
        facts_digest=digest,
        decision=decision,
        violation_count=sum(1 for f in findings if f["severity"] == "violation"),
        warning_count=sum(1 for f in findings if f["severity"] == "warning"),
        routed_owner_kind=owner.get("kind") or "",
        routed_owner_portfolio=owner.get("portfolio") or "",
    )
    if current is not None:
        targets = set(decision_targets(decision))
        for old in current.overrides.all():
            if old.target in targets:
                Override.objects.create(
                    assessment=assessment,
                    target=old.target,
                    reason=old.reason,
                    created_by=old.created_by,
                    carried_from=old,
                )
    return assessment


def relation_assess(
    *, relation: Relation, framework_id: str | None = None, as_of: date | None = None
) -> Assessment:
    """Assess a stored relation on its current facts."""
    return subject_assess(
        facts=relation_to_subject(relation),
        relation=relation,
        framework_id=framework_id,
        as_of=as_of,
    )


def relations_assess_all(
    *,
    framework_id: str | None = None,
    as_of: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Re-assess every relation (after a framework change, or daily). Returns (seen, new)."""
    relations = Relation.objects.select_related("partner").prefetch_related(
        "parties", "agreements", "involvements", "activities"
    )
    total = relations.count()
    new = 0
    for index, relation in enumerate(relations.iterator(chunk_size=500), start=1):
        before = Assessment.objects.filter(relation=relation, is_current=True).values_list(
            "pk", flat=True
        )
        before_pk = next(iter(before), None)
        assessment = relation_assess(relation=relation, framework_id=framework_id, as_of=as_of)
        new += assessment.pk != before_pk
        if progress:
            progress(index, total)
    return total, new


@transaction.atomic
def assessment_confirm(*, assessment: Assessment, user: User) -> Assessment:
    """An officer confirms the current decision (who and when are recorded)."""
    if not assessment.is_current:
        raise DomainError(
            _("This assessment has been replaced by a newer one; confirm the current one.")
        )
    assessment.confirmed_by = user
    assessment.confirmed_at = timezone.now()
    assessment.save(update_fields=["confirmed_by", "confirmed_at"])
    return assessment


@transaction.atomic
def assessment_override(
    *, assessment: Assessment, user: User, target: str, reason: str
) -> Override:
    """Record an officer's override of one conclusion, with a written reason."""
    reason = (reason or "").strip()
    if target not in decision_targets(assessment.decision):
        raise DomainError(
            _("There is no conclusion %(target)s in this assessment.") % {"target": target},
            field="target",
        )
    if len(reason) < OVERRIDE_REASON_MIN_LENGTH:
        raise DomainError(
            _("Give a reason of at least %(n)d characters: why does this conclusion not apply?")
            % {"n": OVERRIDE_REASON_MIN_LENGTH},
            field="reason",
        )
    if not assessment.is_current:
        raise DomainError(_("This assessment has been replaced by a newer one."))
    override, _created = Override.objects.update_or_create(
        assessment=assessment,
        target=target,
        defaults={"reason": reason, "created_by": user, "carried_from": None},
    )
    return override
