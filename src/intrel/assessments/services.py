"""Writes of assessments: run the engine on a subject's facts and store the decision."""

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intrel.accounts.models import User
from intrel.core.errors import DomainError
from intrel.core.rows import objects_insert
from intrel.core.signals import bulk_written
from intrel.policy import evaluate, load_framework, parse_subject
from intrel.policy.framework import Framework
from intrel.relations.models import Relation
from intrel.relations.selectors import relation_to_subject, relations_for_subjects

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


# Relations assessed per batch by ``relations_assess_all``: each batch costs a fixed number of
# queries (the relations with their children, the current assessments, the writes).
ASSESS_BATCH = 500


def assessment_of(
    *, facts: dict[str, Any], relation: Relation | None, framework: Any, as_of: date
) -> Assessment:
    """The assessment the engine makes of ``facts`` (not saved)."""
    fw_id, fw_version = framework.id, str(framework.version)
    decision = evaluate(framework, parse_subject(facts), as_of).to_dict()
    findings = decision.get("findings", [])
    owner = decision.get("owner") or {}
    return Assessment(
        subject_type=facts["subject"],
        subject_key=facts["id"],
        relation=relation,
        framework=fw_id,
        framework_version=fw_version,
        as_of=as_of,
        facts=facts,
        facts_digest=facts_digest(facts, fw_id, fw_version),
        decision=decision,
        violation_count=sum(1 for f in findings if f["severity"] == "violation"),
        warning_count=sum(1 for f in findings if f["severity"] == "warning"),
        routed_owner_kind=owner.get("kind") or "",
        routed_owner_portfolio=owner.get("portfolio") or "",
    )


@transaction.atomic
def relations_assess_many(
    relations: Sequence[Relation],
    *,
    framework_id: str | None = None,
    as_of: date | None = None,
    framework: Any = None,
) -> int:
    """Assess a batch of relations and store the decisions that are new, in bulk (issue 19).

    The same rule as :func:`subject_assess`, for many at once: the engine evaluates each
    relation (it is pure), the current assessments are read in one query, and only where the
    facts, the framework or the decision changed is the old one retired and a new one stored
    (``bulk_create``), with the overrides of conclusions that still stand carried over. The
    relations come with what ``relation_to_subject`` reads (``relations_for_subjects``).
    Returns how many new assessments were stored.
    """
    if not relations:
        return 0
    framework = framework or load_framework(framework_id or settings.INTREL_DEFAULT_FRAMEWORK)
    fw_version = str(framework.version)
    as_of = as_of or timezone.localdate()
    made = [
        assessment_of(
            facts=relation_to_subject(relation), relation=relation, framework=framework, as_of=as_of
        )
        for relation in relations
    ]
    current = {
        a.subject_key: a
        for a in Assessment.objects.select_for_update()
        .filter(
            subject_type="relation",
            subject_key__in=[a.subject_key for a in made],
            framework=framework.id,
            is_current=True,
        )
        .only("pk", "subject_key", "facts_digest", "framework_version", "decision")
    }
    new: list[Assessment] = []
    retired: dict[int, Assessment] = {}
    for assessment in made:
        old = current.get(assessment.subject_key)
        if (
            old is not None
            and old.facts_digest == assessment.facts_digest
            and old.framework_version == fw_version
            and _essence(old.decision) == _essence(assessment.decision)
        ):
            continue
        new.append(assessment)
        if old is not None:
            retired[old.pk] = assessment
    if not new:
        return 0
    retired_pks = sorted(retired)
    for start in range(0, len(retired_pks), ASSESS_BATCH):
        Assessment.objects.filter(pk__in=retired_pks[start : start + ASSESS_BATCH]).update(
            is_current=False
        )
    objects_insert(Assessment, new)
    carried = []
    for start in range(0, len(retired_pks), ASSESS_BATCH):
        for old_override in Override.objects.filter(
            assessment_id__in=retired_pks[start : start + ASSESS_BATCH]
        ):
            assessment = retired[old_override.assessment_id]
            if old_override.target in decision_targets(assessment.decision):
                carried.append(
                    Override(
                        assessment=assessment,
                        target=old_override.target,
                        reason=old_override.reason,
                        created_by_id=old_override.created_by_id,
                        carried_from=old_override,
                    )
                )
    if carried:
        Override.objects.bulk_create(carried, batch_size=ASSESS_BATCH)
    bulk_written.send(sender=Assessment)
    return len(new)


def relations_assess_all(
    *,
    framework_id: str | None = None,
    as_of: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Re-assess every relation (after a framework change, or daily). Returns (seen, new).

    In batches of ``ASSESS_BATCH``: the relations with their facts read in a fixed number of
    queries per batch, the framework loaded once, only changed decisions written."""
    framework = load_framework(framework_id or settings.INTREL_DEFAULT_FRAMEWORK)
    pks = list(Relation.objects.order_by("pk").values_list("pk", flat=True))
    total = len(pks)
    new = 0
    for start in range(0, total, ASSESS_BATCH):
        chunk = pks[start : start + ASSESS_BATCH]
        relations = list(relations_for_subjects(Relation.objects.filter(pk__in=chunk)))
        new += relations_assess_many(relations, framework=framework, as_of=as_of)
        if progress:
            progress(start + len(chunk), total)
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
