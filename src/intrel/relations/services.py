"""Writes to the register. Each service validates, then saves, inside one transaction."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any, Literal, NoReturn, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from intrel.accounts.models import User
from intrel.core import assessing, formatting
from intrel.core.errors import Conflict, DomainError, Forbidden
from intrel.core.uploads import document_check
from intrel.partners.models import Partner
from intrel.policy import SubjectError, load_framework, parse_subject
from intrel.policy.dates import add_months, term_months
from intrel.policy.framework import PORTFOLIO_PATTERN

from .constants import ASSUMED_FACT_FIELDS, BudgetHolder, EndReason, OwnerKind, Source, Status
from .models import Activity, Agreement, ContactPerson, Involvement, LifeStep, Party, Relation
from .retention import contact_history_scrub
from .selectors import notice_effective_from, pending_end


@dataclass(frozen=True)
class SubjectProblem:
    """One thing wrong with one subject: which subject, which field path, why."""

    subject_id: str
    path: str
    message: str

    def __str__(self) -> str:
        return f'relation "{self.subject_id}": {self.path}: {self.message}'


class SubjectsInvalid(DomainError):
    def __init__(self, problems: list[SubjectProblem]) -> None:
        details = "; ".join(f"{p.path}: {p.message}" for p in problems[:5])
        super().__init__(
            _("%(n)d problem(s) in the input; nothing was saved.") % {"n": len(problems)}
            + f" {details}",
            problems=[{"name": p.path, "reason": p.message, "id": p.subject_id} for p in problems],
        )
        self.subject_problems = problems


def _portfolio_paths(item: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    paths = [
        ("owner.portfolio", (item.get("owner") or {}).get("portfolio")),
        ("budget.portfolio", (item.get("budget") or {}).get("portfolio")),
    ]
    for index, involvement in enumerate(item.get("involvements") or []):
        paths.append((f"involvements[{index}].portfolio", involvement.get("portfolio")))
    return paths


def _subject_problems(
    index: int, item: Any, twin: tuple[str, str] | None, known: Sequence[str]
) -> tuple[str, list[SubjectProblem], bool]:
    """One subject's own problems: (its id, the problems, whether the contract read it)."""
    if not isinstance(item, Mapping):
        return f"#{index + 1}", [SubjectProblem(f"#{index + 1}", "", _("not an object"))], False
    subject_id = str(item.get("id") or f"#{index + 1}")
    if item.get("subject", "relation") != "relation":
        wrong = SubjectProblem(subject_id, "subject", _("only relation subjects are imported"))
        return subject_id, [wrong], False
    try:
        parse_subject(dict(item))
    except SubjectError as exc:
        return (
            subject_id,
            [SubjectProblem(p.subject_id or subject_id, p.path, p.message) for p in exc.problems],
            False,
        )
    problems = []
    for path, code in _portfolio_paths(item):
        problem = portfolio_code_problem(code, known)
        if problem:
            problems.append(SubjectProblem(subject_id, path, problem))
    if twin is not None:
        problems.append(SubjectProblem(subject_id, "name", _twin_message(*twin)))
    return subject_id, problems, True


def subjects_problems_each(items: Sequence[Any]) -> list[list[SubjectProblem]]:
    """Each subject's own problems (the contract, portfolio codes, a twin in the register),
    in the order given, without comparing the subjects with each other. The register is
    asked once for all of them (issue 19: not a query per subject)."""
    in_register = _twins_in_register(items)
    known = known_portfolio_codes()
    return [
        _subject_problems(index, item, in_register.get(index), known)[1]
        for index, item in enumerate(items)
    ]


def subjects_validate(data: Iterable[Mapping[str, Any]]) -> list[SubjectProblem]:
    """Check relation subjects against the contract (through the policy engine's models), and
    against each other (the same id, or the same partner and name, twice)."""
    items = list(data)
    in_register = _twins_in_register(items)
    known = known_portfolio_codes()
    problems: list[SubjectProblem] = []
    seen: dict[str, int] = {}
    twins: dict[tuple[str, ...], str] = {}
    for index, item in enumerate(items):
        subject_id, found, parsed = _subject_problems(index, item, in_register.get(index), known)
        problems.extend(found)
        if not parsed:
            continue
        twin_key = _twin_key(item)
        if twin_key in twins and twins[twin_key] != subject_id:
            problems.append(
                SubjectProblem(
                    subject_id,
                    "name",
                    _("the same partner and name appear twice in this input (also %(id)s)")
                    % {"id": twins[twin_key]},
                )
            )
        twins.setdefault(twin_key, subject_id)
        if subject_id in seen:
            problems.append(
                SubjectProblem(
                    subject_id,
                    "id",
                    _("the same id appears twice in this input (also item %(n)d)")
                    % {"n": seen[subject_id] + 1},
                )
            )
        seen[subject_id] = index
    return problems


def facts_changed(relation: Relation) -> None:
    """Re-assess the relation against the framework, in the same transaction as the change.

    Every write below that changes a fact of the subject ends here. The assessing itself
    belongs to the assessments app, one layer up, which registers it (``core.assessing``,
    ADR 0008). A change that leaves facts the framework's contract cannot read (a date in the
    year 9999, say) is refused, with the field and the reason, and nothing of it is saved.
    """
    try:
        assessing.facts_changed(subject_type="relation", instance=relation)
    except SubjectError as exc:
        problems = [
            SubjectProblem(p.subject_id or relation.slug, p.path, p.message) for p in exc.problems
        ]
        raise SubjectsInvalid(problems) from exc


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _day(value: str) -> date:
    """A date the subject's schema requires (subjects_validate has checked it)."""
    return date.fromisoformat(value)


def _partner_upsert(data: Mapping[str, Any]) -> Partner:
    partner, _ = Partner.objects.get_or_create(
        name=data["name"].strip(), country=data["country"], kind=data["kind"]
    )
    return partner


def subject_twin_key(item: Mapping[str, Any]) -> tuple[str, ...]:
    """What makes two relation subjects the same relation twice: the name (case and spaces
    aside) and the partner's name, country and kind."""
    return _twin_key(item)


def _twin_key(item: Mapping[str, Any]) -> tuple[str, ...]:
    partner = item.get("partner") or {}
    return (
        " ".join(str(item.get("name") or "").split()).casefold(),
        str(partner.get("name") or "").strip(),
        str(partner.get("country") or ""),
        str(partner.get("kind") or ""),
    )


def _twin(*, name: Any, slug: str | None, **partner: Any) -> Relation | None:
    """Another relation than ``slug`` with this partner and name (case and spaces aside)."""
    others = Relation.objects.filter(name__iexact=" ".join(str(name or "").split()), **partner)
    return (others.exclude(slug=slug) if slug else others).first()


def _twins_in_register(items: Sequence[Any]) -> dict[int, tuple[str, str]]:
    """For each subject (by its index) that has one: another relation in the register with
    its partner and name (case and spaces of the name aside), as (name, slug). One query per
    500 partner names, whatever the number of subjects."""
    keys: dict[int, tuple[str, ...]] = {}
    for index, item in enumerate(items):
        if isinstance(item, Mapping) and isinstance(item.get("partner"), Mapping):
            keys[index] = _twin_key(item)
    names = sorted({key[1] for key in keys.values() if key[1]})
    register: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for start in range(0, len(names), 500):
        rows = Relation.objects.filter(partner__name__in=names[start : start + 500]).values_list(
            "name", "slug", "partner__name", "partner__country", "partner__kind"
        )
        for name, slug, partner_name, country, kind in rows:
            found_key: tuple[str, ...] = (name.casefold(), partner_name, country, kind)
            register.setdefault(found_key, []).append((name, slug))
    found: dict[int, tuple[str, str]] = {}
    for index, key in keys.items():
        slug = str(items[index].get("id") or "")
        others = sorted(other for other in register.get(key, []) if other[1] != slug)
        if others:
            found[index] = others[0]
    return found


def _twin_message(name: str, slug: str) -> str:
    return _(
        "The register already holds a relation with this partner and this name: "
        "%(name)s (%(slug)s). Change that relation instead, or give this one another name."
    ) % {"name": name, "slug": slug}


def relation_duplicate_check(*, name: str, partner: Partner, slug: str | None = None) -> None:
    """Refuse a second relation with the same partner and name (case and spaces aside).

    The register would otherwise hold one relation twice, assessed and budgeted twice. The
    refusal names the relation that exists, so the user can open it instead.
    """
    other = _twin(name=name, slug=slug, partner=partner)
    if other is not None:
        raise DomainError(_twin_message(other.name, other.slug), field="name")


def _children_remove(
    removed: Any, *, field: str, permission: str, may_delete: Callable[[str], bool] | None
) -> None:
    """Delete the children a subject left out, if the caller may delete them (else 403).

    Their files go with them after the commit (``core.files``).
    """
    if may_delete is not None and removed.exists() and not may_delete(permission):
        raise Forbidden(
            _(
                "%(field)s: leaving out %(children)s would delete it, which needs the "
                "permission %(permission)s; your role or token does not have it. Nothing was "
                "saved: list it again to keep it."
            )
            % {
                "field": field,
                "children": ", ".join(f'"{child}"' for child in removed[:5]),
                "permission": permission,
            },
            field=field,
            permission=permission,
        )
    removed.delete()


@transaction.atomic
def relation_upsert_from_subject(
    *,
    data: Mapping[str, Any],
    source: str = Source.IMPORT,
    verified: bool = True,
    may_delete: Callable[[str], bool] | None = None,
) -> tuple[Relation, bool]:
    """Create or update the relation whose slug is the subject's ``id``.

    Parties, agreements and involvements become what the subject lists: agreements are matched
    on (title, signed) and involvements on (actor, portfolio, start), so an upload kept on an
    agreement survives a re-import; the history keeps what was removed.

    ``may_delete(permission)`` says whether the caller holds a permission
    (``relations.delete_agreement``); with it, an agreement or involvement the subject leaves
    out is deleted only if the caller may delete it, else ``Forbidden`` and nothing is saved.
    Without it (imports, the demo, the command line) the caller has been checked already.
    A party left out is only unlinked (it stays in the register), as on the relation's page.
    """
    problems = subjects_validate([data])
    if problems:
        raise SubjectsInvalid(problems)
    budget = data.get("budget") or {}
    owner = data.get("owner") or {}
    fields = {
        "name": data["name"],
        "partner": _partner_upsert(data["partner"]),
        "registered_kind": data["registered_kind"],
        "status": data.get("status", "active"),
        "initiated_by": data["initiated_by"],
        "purposes": sorted(set(data["purposes"])),
        "mutual_value": bool(data.get("mutual_value", False)),
        "owner_kind": owner.get("kind", "none"),
        "owner_portfolio": owner.get("portfolio") or "",
        "budget_money_eur_per_year": Decimal(str(budget.get("money_eur_per_year", "0"))),
        "budget_staff_hours_per_year": Decimal(str(budget.get("staff_hours_per_year", "0"))),
        "budget_held_by": budget.get("held_by", "none"),
        "budget_portfolio": budget.get("portfolio") or "",
    }
    # A twin in the register was refused above (subjects_validate, same partner and name).
    relation = Relation.objects.filter(slug=data["id"]).first()
    created = relation is None
    if relation is None:
        relation = Relation(slug=data["id"], source=source, verified=verified)
    before = {key: getattr(relation, key) for key in fields} if not created else {}
    for key, value in fields.items():
        setattr(relation, key, value)
    _assumed_confirmed(relation, before)  # as on the relation's page (relation_update)
    _full_clean(relation, exclude=["partner"])
    relation.save()

    parties = []
    for p in data.get("parties") or []:
        party, _ = Party.objects.get_or_create(
            name=p["name"].strip(), defaults={"sector": p["sector"]}
        )
        if party.sector != p["sector"]:
            party.sector = p["sector"]
            party.save()
        parties.append(party)
    relation.parties.set(parties)

    keep: set[int] = set()
    for index, a in enumerate(data.get("agreements") or []):
        agreement = relation.agreements.filter(title=a["title"], signed=a["signed"]).first()
        agreement = agreement or Agreement(relation=relation, title=a["title"])
        agreement.signed = _day(a["signed"])
        agreement.ends = _date(a.get("ends"))
        agreement.notice_months = a.get("notice_months") or 0
        agreement.renews_automatically = bool(a.get("renews_automatically", False))
        agreement.renewal_months = a.get("renewal_months")
        for name, reason in agreement_terms_problems(
            signed=agreement.signed,
            ends=agreement.ends,
            notice_months=agreement.notice_months,
            renews_automatically=agreement.renews_automatically,
            renewal_months=agreement.renewal_months,
        ):
            path = f"agreements[{index}].{name}"
            raise DomainError(f"{path}: {reason}", field=path)
        _full_clean(agreement, exclude=["relation", "document"])
        agreement.save()
        keep.add(agreement.pk)
    _children_remove(
        relation.agreements.exclude(pk__in=keep),
        field="agreements",
        permission="relations.delete_agreement",
        may_delete=may_delete,
    )

    keep = set()
    for i in data.get("involvements") or []:
        involvement = relation.involvements.filter(
            actor=i["actor"], portfolio=i.get("portfolio") or "", start=i["start"]
        ).first() or Involvement(relation=relation, actor=i["actor"])
        involvement.portfolio = i.get("portfolio") or ""
        involvement.start = _day(i["start"])
        involvement.end = _date(i.get("end"))
        involvement.initiative_id = i.get("initiative") or None
        _full_clean(involvement, exclude=["relation"])
        involvement.save()
        keep.add(involvement.pk)
    _children_remove(
        relation.involvements.exclude(pk__in=keep),
        field="involvements",
        permission="relations.delete_involvement",
        may_delete=may_delete,
    )
    facts_changed(relation)
    return relation, created


@transaction.atomic
def relations_import(
    *, subjects: Sequence[Mapping[str, Any]], source: str = Source.IMPORT
) -> tuple[int, int]:
    """All or nothing: validate every subject, then upsert each. Returns (created, updated)."""
    problems = subjects_validate(subjects)
    if problems:
        raise SubjectsInvalid(problems)
    created = updated = 0
    for data in subjects:
        _, was_created = relation_upsert_from_subject(data=data, source=source)
        created += was_created
        updated += not was_created
    return created, updated


def _full_clean(instance: Any, *, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(f"{field}: {' '.join(messages)}", field=field) from exc


@transaction.atomic
def relation_verify(*, relation: Relation) -> Relation:
    """An officer confirms a proposed relation (e.g. from the twin-towns list)."""
    from . import life

    relation.verified = True
    target = life.target_of(relation.status, life.StepKind.ACTIVATED)
    if target is not None:  # a proposed relation becomes active: a step of its life
        LifeStep.objects.create(
            relation=relation,
            kind=life.StepKind.ACTIVATED,
            date=datetime.date.today(),
            status_before=relation.status,
            status_after=target,
        )
        relation.status = target
    relation.save(update_fields=["verified", "status", "updated_at"])
    facts_changed(relation)  # the status is a fact
    return relation


# --- Writes from the officers' web pages -------------------------------------------------------


@dataclass(frozen=True)
class RelationData:
    """What a relation is registered with by hand: the relation form's fields.

    The defaults are the model's. ``slug`` is only read when the relation is created (empty:
    made from the name); it never changes afterwards.
    """

    name: str
    partner: Partner
    registered_kind: str
    initiated_by: str
    purposes: Sequence[str]
    status: str = Status.ACTIVE
    mutual_value: bool = False
    owner_kind: str = OwnerKind.NONE
    owner_portfolio: str = ""
    budget_money_eur_per_year: Decimal = Decimal("0")
    budget_staff_hours_per_year: Decimal = Decimal("0")
    budget_held_by: str = BudgetHolder.NONE
    budget_portfolio: str = ""
    start_date: date | None = None
    end_date: date | None = None
    end_reason: str = ""
    description: str = ""
    slug: str = ""

    @classmethod
    def of(cls, relation: Relation) -> RelationData:
        """The relation's facts as they are stored."""
        return cls(**{f: getattr(relation, f) for f in RELATION_FORM_FIELDS})


class RegisterChanges(TypedDict, total=False):
    """The register's own fields of a relation that an API body changes (the contract's
    subject holds the rest); a key left out is not changed."""

    start_date: date | None
    end_date: date | None
    end_reason: str
    description: str


# The relation's fields a user changes on its page (all of RelationData but the slug).
RELATION_FORM_FIELDS = tuple(f.name for f in fields(RelationData) if f.name != "slug")


def portfolio_code_problem(code: str | None, known: Sequence[str] | None = None) -> str | None:
    """Why a portfolio code is not one of the framework's (None when it is, or is empty).

    ``known``: the framework's codes, when the caller has them (a check of many subjects loads
    the framework once)."""
    if not code or not re.fullmatch(PORTFOLIO_PATTERN, code):
        return None  # empty, or malformed: the field's own validator says so
    if known is None:
        known = known_portfolio_codes()
    if code in known:
        return None
    return _("Unknown portfolio %(code)s; the framework knows %(known)s.") % {
        "code": code,
        "known": ", ".join(known),
    }


def known_portfolio_codes() -> list[str]:
    """The portfolio codes of the installation's framework, sorted."""
    return sorted(load_framework(settings.INTREL_DEFAULT_FRAMEWORK).portfolio_names)


def relation_check(
    *,
    purposes: Sequence[str] | None = None,
    owner_kind: str | None = None,
    owner_portfolio: str | None = None,
    budget_held_by: str | None = None,
    budget_portfolio: str | None = None,
    status: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    end_reason: str | None = None,
) -> dict[str, str]:
    """The rules that span fields of a relation: field name -> what is wrong (empty when fine).

    Every argument may be missing (None): the form asks with the fields that passed their own
    checks.
    """
    from .constants import Purpose

    errors: dict[str, str] = {}
    purposes = purposes or []
    if not purposes:
        errors["purposes"] = _("Choose at least one purpose.")
    elif any(p not in Purpose.values for p in purposes):
        errors["purposes"] = _("Unknown purpose.")
    if owner_kind == OwnerKind.PORTFOLIO and not owner_portfolio:
        errors["owner_portfolio"] = _("Required when the owner is a portfolio.")
    if owner_kind != OwnerKind.PORTFOLIO and owner_portfolio:
        errors["owner_portfolio"] = _("Only give a portfolio when the owner is a portfolio.")
    if budget_held_by == BudgetHolder.PORTFOLIO and not budget_portfolio:
        errors["budget_portfolio"] = _("Required when a portfolio holds the budget.")
    if budget_held_by != BudgetHolder.PORTFOLIO and budget_portfolio:
        errors["budget_portfolio"] = _("Only give a portfolio when a portfolio holds the budget.")
    for field, code in (
        ("owner_portfolio", owner_portfolio),
        ("budget_portfolio", budget_portfolio),
    ):
        problem = portfolio_code_problem(code)
        if problem and field not in errors:
            errors[field] = problem
    start, end = start_date, end_date
    if end and not end_reason:
        errors["end_reason"] = _("Give the reason the relation ended (an end date is given).")
    if end_reason and not end:
        errors["end_date"] = _("Give the end date (an end reason is given).")
    if status == Status.ENDED and not end:
        errors["end_date"] = _("An ended relation needs an end date.")
    if start and end and end < start:
        errors["end_date"] = _("The end date lies before the start date.")
    return errors


def status_change_refuse(relation: Relation, status: str) -> None:
    """A relation's status changes only through the steps of its life (relations/life.py)."""
    if status != relation.status:
        raise Conflict(
            _(
                "status: the status cannot be changed directly; record a step in the "
                "relation's life instead (e.g. a suspension, or the proposal to end it)."
            ),
            field="status",
            clauses=["IMP-3", "IMP-4"],
        )


def _relation_check(data: RelationData) -> dict[str, str]:
    return relation_check(
        purposes=data.purposes,
        owner_kind=data.owner_kind,
        owner_portfolio=data.owner_portfolio,
        budget_held_by=data.budget_held_by,
        budget_portfolio=data.budget_portfolio,
        status=data.status,
        start_date=data.start_date,
        end_date=data.end_date,
        end_reason=data.end_reason,
    )


def _raise_first(errors: Mapping[str, str]) -> None:
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(f"{field}: {message}", field=field)


# Path segments of the register's own pages (/relations/new/), never a relation's identifier.
RESERVED_SLUGS = {"new", "in-transition"}


def _unique_slug(name: str) -> str:
    from django.utils.text import slugify

    base = slugify(name)[:90] or "relation"
    if base in RESERVED_SLUGS:
        base = f"{base}-relation"
    slug, n = base, 2
    while Relation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply(instance: Any, data: Any, names: Iterable[str]) -> None:
    """Copy the attributes ``names`` of a typed input (a dataclass) onto a model instance."""
    for name in names:
        setattr(instance, name, getattr(data, name))


@transaction.atomic
def relation_create(*, user: User, data: RelationData) -> Relation:
    """Register a new relation entered by hand; the slug comes from the name unless given."""
    _raise_first(_relation_check(data))
    slug = (data.slug or "").strip()
    if slug in RESERVED_SLUGS or (slug and Relation.objects.filter(slug=slug).exists()):
        raise DomainError(_("slug: this identifier is already in use."), field="slug")
    relation_duplicate_check(name=data.name, partner=data.partner)
    relation = Relation(slug=slug or _unique_slug(data.name), source=Source.MANUAL)
    _apply(relation, replace(data, purposes=sorted(set(data.purposes))), RELATION_FORM_FIELDS)
    _full_clean(relation, exclude=[])
    relation._history_user = user  # type: ignore[attr-defined]
    relation.save()
    facts_changed(relation)
    return relation


def _assumed_confirmed(relation: Relation, before: Mapping[str, Any]) -> None:
    """A user who changes an assumed fact has stated it: it is no longer marked assumed."""
    if not relation.assumed:
        return
    changed = {f for f, value in before.items() if getattr(relation, f) != value}
    relation.assumed = [
        fact
        for fact in relation.assumed
        if not changed.intersection(ASSUMED_FACT_FIELDS.get(fact, ()))
    ]


@transaction.atomic
def relation_update(*, relation: Relation, user: User, data: RelationData) -> Relation:
    """Change a relation's facts; the history records who changed what.

    ``data`` holds every field of the form (``RelationData.of(relation)`` with ``replace`` for
    a change of a few); its ``slug`` is not read.
    """
    status_change_refuse(relation, data.status)
    _raise_first(_relation_check(data))
    relation_duplicate_check(name=data.name, partner=data.partner, slug=relation.slug)
    before = {f: getattr(relation, f) for f in RELATION_FORM_FIELDS}
    _apply(relation, replace(data, purposes=sorted(set(data.purposes))), RELATION_FORM_FIELDS)
    _assumed_confirmed(relation, before)
    _full_clean(relation, exclude=[])
    relation._history_user = user  # type: ignore[attr-defined]
    relation.save()
    facts_changed(relation)
    return relation


def _register_changed(relation: Relation, register: RegisterChanges) -> RelationData:
    """The relation's stored facts with the register's fields of an API body."""
    data = RelationData.of(relation)
    return replace(
        data,
        start_date=register.get("start_date", data.start_date),
        end_date=register.get("end_date", data.end_date),
        end_reason=register.get("end_reason", data.end_reason),
        description=register.get("description", data.description),
    )


def agreement_document_check(upload: Any) -> None:
    """Refuse a document that is too large, or that is not the PDF or DOCX its name claims."""
    document_check(upload, field="document")


def agreement_terms_problems(
    *,
    signed: date | None,
    ends: date | None,
    notice_months: int | None,
    renews_automatically: bool,
    renewal_months: int | None,
) -> list[tuple[str, str]]:
    """What makes an agreement's terms unusable for IMP-3, as (field, reason): an end before the
    signing, a renewal whose term cannot be derived, a notice longer than the term (issue 14).
    The pages, the API and the import all refuse them."""
    found: list[tuple[str, str]] = []
    if signed is None:
        return found
    notice = notice_months or 0
    if ends is not None and ends < signed:
        found.append(("ends", _("the agreement cannot end before it was signed.")))
        return found
    if ends is not None and renews_automatically and not renewal_months and ends == signed:
        found.append(
            (
                "renewal_months",
                _(
                    "give the term of each renewal: none can be derived, as the agreement "
                    "ends on the day it was signed."
                ),
            )
        )
    if ends is not None and notice and add_months(signed, notice) > ends:
        found.append(
            (
                "notice_months",
                _(
                    "the notice (%(n)d months) is longer than the agreement's term (%(term)d "
                    "months from signing to end)."
                )
                % {"n": notice, "term": term_months(signed, ends)},
            )
        )
    elif renews_automatically and renewal_months and notice > renewal_months:
        found.append(
            (
                "notice_months",
                _("the notice (%(n)d months) is longer than each renewal (%(term)d months).")
                % {"n": notice, "term": renewal_months},
            )
        )
    return found


@dataclass(frozen=True)
class AgreementData:
    """An agreement's fields (the agreement form's). ``document``: a new upload, ``False`` to
    remove the stored one, ``None`` to leave it as it is (or the stored file itself)."""

    title: str
    signed: date
    ends: date | None = None
    notice_months: int = 0
    renews_automatically: bool = False
    renewal_months: int | None = None
    document: File | Literal[False] | None = None


@dataclass(frozen=True)
class InvolvementData:
    """An involvement's fields (the involvement form's)."""

    actor: str
    start: date
    portfolio: str = ""
    person: str = ""
    end: date | None = None
    initiative: str = ""
    description: str = ""


@dataclass(frozen=True)
class ActivityData:
    """An activity's fields (the activity form's and the API's)."""

    kind: str
    title: str
    date: datetime.date
    end_date: datetime.date | None = None
    description: str = ""
    participants: str = ""

    @classmethod
    def of(cls, activity: Activity) -> ActivityData:
        return cls(**{f.name: getattr(activity, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class ContactPersonData:
    """A contact person's fields (the contact form's)."""

    name: str
    organisation: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""


def _child_save(instance: Any, *, user: User, data: Any, skip: Iterable[str] = ()) -> Any:
    _apply(instance, data, [f.name for f in fields(data) if f.name not in skip])
    _full_clean(instance, exclude=["relation"])
    instance._history_user = user
    instance.save()
    facts_changed(instance.relation)
    return instance


def _child_delete(instance: Any, *, user: User | None) -> None:
    instance._history_user = user
    relation = instance.relation
    instance.delete()
    facts_changed(relation)


@transaction.atomic
def agreement_save(
    *, relation: Relation, user: User, data: AgreementData, agreement: Agreement | None = None
) -> Agreement:
    """Add an agreement to the relation, or change one; a new document is checked first."""
    from django.core.files.uploadedfile import UploadedFile

    for name, reason in agreement_terms_problems(
        signed=data.signed,
        ends=data.ends,
        notice_months=data.notice_months,
        renews_automatically=data.renews_automatically,
        renewal_months=data.renewal_months,
    ):
        raise DomainError(f"{name}: {reason}", field=name)
    agreement = agreement or Agreement(relation=relation)
    document = data.document
    if isinstance(document, UploadedFile):
        agreement_document_check(document)
    elif document is False:  # "clear" ticked on the form
        agreement.document = ""
    skip = ["document"] if document is None or document is False else []
    return _child_save(agreement, user=user, data=data, skip=skip)


@transaction.atomic
def agreement_delete(*, agreement: Agreement, user: User) -> None:
    _child_delete(agreement, user=user)


@transaction.atomic
def involvement_save(
    *,
    relation: Relation,
    user: User,
    data: InvolvementData,
    involvement: Involvement | None = None,
) -> Involvement:
    problem = portfolio_code_problem(data.portfolio)
    if problem:
        raise DomainError(problem, field="portfolio")
    involvement = involvement or Involvement(relation=relation)
    involvement.initiative_id = data.initiative or None
    return _child_save(involvement, user=user, data=data, skip=["initiative"])


@transaction.atomic
def involvement_delete(*, involvement: Involvement, user: User) -> None:
    _child_delete(involvement, user=user)


@transaction.atomic
def activity_save(
    *, relation: Relation, user: User, data: ActivityData, activity: Activity | None = None
) -> Activity:
    activity = _child_save(activity or Activity(relation=relation), user=user, data=data)
    relation_last_activity_refresh(activity.relation)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, user: User) -> None:
    relation = activity.relation
    _child_delete(activity, user=user)
    relation_last_activity_refresh(relation)


# Relations per UPDATE of ``relations_last_activity_refresh`` (SQLite's limit on the parameters
# of one statement is 32,766).
LAST_ACTIVITY_CHUNK = 500


@transaction.atomic
def relation_last_activity_refresh(relation: Relation) -> None:
    """Store the relation's latest activity day (``Relation.last_activity_on``: the end date
    where the activity has one; none without activities), on ``relation`` too, after one of its
    activities was added, changed or deleted. The relation's row is locked first, so two
    writers of its activities at once cannot leave the day of the one that read first (a "no
    key" lock: the activity's own insert holds a key-share lock on the row, which a full
    ``FOR UPDATE`` would wait for, deadlocking two writers)."""
    Relation.objects.select_for_update(no_key=True).filter(pk=relation.pk).values_list("pk").first()
    day = Activity.objects.filter(relation_id=relation.pk).aggregate(
        day=Max(Coalesce("end_date", "date"))
    )["day"]
    Relation.objects.filter(pk=relation.pk).update(last_activity_on=day)
    relation.last_activity_on = day


def relations_last_activity_refresh(relation_ids: Iterable[int]) -> None:
    """``relation_last_activity_refresh`` for many relations, one UPDATE per
    :data:`LAST_ACTIVITY_CHUNK`: for the writers of activities in bulk (``bulk_create`` passes
    the services by: ``generate_scale_data``), which must call it for every relation whose
    activities they created, changed or deleted. Migration 0012 filled the day this way."""
    latest = (
        Activity.objects.filter(relation=OuterRef("pk"))
        .order_by()
        .values("relation")
        .annotate(day=Max(Coalesce("end_date", "date")))
        .values("day")
    )
    ids = sorted(set(relation_ids))
    for start in range(0, len(ids), LAST_ACTIVITY_CHUNK):
        Relation.objects.filter(pk__in=ids[start : start + LAST_ACTIVITY_CHUNK]).update(
            last_activity_on=Subquery(latest)
        )


@transaction.atomic
def contact_person_save(
    *,
    relation: Relation,
    user: User,
    data: ContactPersonData,
    contact_person: ContactPerson | None = None,
) -> ContactPerson:
    return _child_save(contact_person or ContactPerson(relation=relation), user=user, data=data)


@transaction.atomic
@transaction.atomic
def contact_person_delete(*, contact_person: ContactPerson, user: User) -> None:
    """Deleted, and the name gone from every history row too (issue 18: a deleted contact
    person stayed readable in the history tables)."""
    contact_id = contact_person.pk
    _child_delete(contact_person, user=user)
    contact_history_scrub(contact_id=contact_id)


@transaction.atomic
def relation_party_link(
    *,
    relation: Relation,
    user: User,
    party: Party | None = None,
    name: str = "",
    sector: str = "",
    may_create: bool = True,
) -> Party:
    """Link an existing party, or create one by name and sector (an existing name is reused).

    ``may_create`` is the caller's permission to add parties; without it only existing ones
    are linked.
    """
    if party is None:
        name = " ".join(name.split())
        if not name:
            raise DomainError(_("Choose a party or give the name of a new one."), field="party")
        party = Party.objects.filter(name__iexact=name).first()
        if party is None:
            if not may_create:
                raise DomainError(
                    _("You may link existing parties only; ask an officer to add %(name)s.")
                    % {"name": name},
                    field="name",
                )
            party = Party(name=name, sector=sector)
            _full_clean(party, exclude=[])
            party._history_user = user  # type: ignore[attr-defined]
            party.save()
    relation._history_user = user  # type: ignore[attr-defined]
    relation.parties.add(party)
    facts_changed(relation)
    return party


@transaction.atomic
def relation_party_unlink(*, relation: Relation, user: User, party: Party) -> None:
    relation._history_user = user  # type: ignore[attr-defined]
    relation.parties.remove(party)
    facts_changed(relation)


def relation_save(
    *,
    subject: Mapping[str, Any],
    register: RegisterChanges,
    user: User,
    relation: Relation | None = None,
    source: str = Source.MANUAL,
    may_delete: Callable[[str], bool] | None = None,
) -> Relation:
    """Register a relation (``relation=None``) or replace one, in one transaction.

    ``subject`` is the contract's ``relation`` subject (validated through the contract by
    ``relation_upsert_from_subject``); ``register`` holds the register's own fields
    (``start_date``, ``end_date``, ``end_reason``, ``description``) that are to change. A new
    relation's id must be free and it cannot start ended (end it later, with a reason); an
    existing one keeps its id. ``may_delete(permission)`` says whether children left out of a
    list may be deleted.
    """
    slug = subject["id"]
    with transaction.atomic():
        if relation is None:
            if Relation.objects.filter(slug=slug).exists():
                raise Conflict(
                    _("A relation with this id exists; change it with PUT or PATCH."), field="id"
                )
            if subject.get("status") == Status.ENDED:
                raise DomainError(
                    _(
                        "Register the relation first, then end it with status, end_date"
                        " and end_reason."
                    ),
                    field="status",
                )
        elif slug != relation.slug:
            raise DomainError(_("The id cannot be changed; it must match the URL."), field="id")
        else:
            status_change_refuse(relation, subject.get("status", relation.status))
        if relation is not None and register:
            # Register fields first, so the subject may then set status `ended`.
            relation_update(
                relation=relation, user=user, data=_register_changed(relation, register)
            )
        saved, _created = relation_upsert_from_subject(
            data=subject, source=source, may_delete=may_delete
        )
        if relation is None and register:
            saved = relation_update(
                relation=saved, user=user, data=_register_changed(saved, register)
            )
        return saved


# --- The life of a relation (issue 14; the machine is relations/life.py) ----------------------


@dataclass(frozen=True)
class LifeStepData:
    """A step to record in a relation's life (the life step form's and the API's fields)."""

    kind: str
    date: datetime.date
    text: str = ""
    party: str = ""
    answered: bool | None = None
    finding: str = ""
    decision: str = ""  # the governance decision's reference, e.g. RAAD-2026-004
    effective_date: datetime.date | None = None
    until: str = ""
    partner_consent: bool = False
    deviation: bool = False
    document: File | None = None


def _since_last_change(relation: Relation) -> list[Any]:
    """The relation's steps since its status last changed (an ending under way)."""
    steps = list(relation.life_steps.order_by("date", "created_at", "id"))
    for index in range(len(steps) - 1, -1, -1):
        if steps[index].status_before != steps[index].status_after:
            return steps[index + 1 :]
    return steps


def _refuse(message: str, *, field: str, clauses: Sequence[str] = ()) -> NoReturn:
    prefix = f"{field}: "
    raise Conflict(prefix + message, field=field, clauses=clauses)


def _decision_of(relation: Relation, data: LifeStepData) -> Any:
    """The governance decision a step names, checked: adopted, by a body that may take it."""
    from . import life

    if not data.decision:
        _refuse(
            _("this step needs the decision of the body that may take it; record it first."),
            field="decision",
        )
    model = LifeStep._meta.get_field("decision").related_model
    # Governance sits above relations (ADR 0008): its Decision is reached through the link.
    decision: Any = (
        model._default_manager.select_related("meeting").filter(identifier=data.decision).first()
    )
    if decision is None:
        raise DomainError(
            _("decision: no decision with reference %(ref)s.") % {"ref": data.decision},
            field="decision",
        )
    if decision.relation_id not in (None, relation.pk):
        raise DomainError(
            _("decision: decision %(ref)s is about another relation.") % {"ref": data.decision},
            field="decision",
        )
    if decision.result != "adopted":
        raise DomainError(
            _("decision: decision %(ref)s was not adopted.") % {"ref": data.decision},
            field="decision",
        )
    bodies = life.deciding_bodies(relation.initiated_by)
    if decision.body not in bodies:
        _refuse(
            _(
                "the council set this relation up, so the council decides; decision %(ref)s "
                "was taken by another body."
            )
            % {"ref": data.decision},
            field="decision",
        )
    if data.date < decision.meeting.date:
        raise DomainError(
            _("date: the step lies before the decision it rests on (%(day)s).")
            % {"day": formatting.day(decision.meeting.date)},
            field="date",
        )
    return decision


def _ending_checks(relation: Relation, data: LifeStepData) -> Any:
    """The steps of an ending by us, in order (IMP-4), and the notice's date (IMP-3)."""
    steps = _since_last_change(relation)
    kinds = [s.kind for s in steps]
    decision = None
    if data.kind == "proposal" and "proposal" in kinds:
        _refuse(_("an ending is already proposed."), field="kind", clauses=["IMP-4"])
    if data.kind in ("consultation", "decision", "notice") and "proposal" not in kinds:
        _refuse(
            _(
                "first record the proposal to end, with its reasons (IMP-4: an ending is done "
                "correctly and in consultation)."
            ),
            field="kind",
            clauses=["IMP-4"],
        )
    if data.kind in ("decision", "notice") and "consultation" not in kinds:
        _refuse(
            _(
                "first consult the partner and the parties involved and record it (IMP-4: "
                "an ending is done in consultation, before it is decided)."
            ),
            field="kind",
            clauses=["IMP-4"],
        )
    if data.kind == "consultation" and not data.party.strip():
        raise DomainError(_("party: say whom you consulted."), field="party")
    if data.kind == "decision":
        decision = _decision_of(relation, data)
    if data.kind == "notice":
        decided = [s for s in steps if s.kind == "decision"]
        if not decided:
            _refuse(
                _(
                    "first record the decision to end by the body that may take it (IMP-4); "
                    "notice follows the decision."
                ),
                field="kind",
                clauses=["IMP-4"],
            )
        decision = decided[-1].decision
        if data.effective_date is None:
            raise DomainError(
                _("effective_date: give the date the notice takes effect."),
                field="effective_date",
            )
        if data.effective_date < decision.meeting.date:
            raise DomainError(
                _("effective_date: the ending cannot take effect before the decision (%(day)s).")
                % {"day": formatting.day(decision.meeting.date)},
                field="effective_date",
            )
        earliest = notice_effective_from(relation, data.date)
        if data.effective_date < earliest and not data.partner_consent:
            _refuse(
                _(
                    "the agreements allow the relation to end on %(day)s at the earliest "
                    "(IMP-3: existing agreements are honoured), unless the partner consents."
                )
                % {"day": formatting.day(earliest)},
                field="effective_date",
                clauses=["IMP-3"],
            )
    return decision


def _downgrade(relation: Relation, on: date, user: User | None) -> None:
    """A friendship has no budget and no administrative involvement (IMP-2)."""
    relation.budget_money_eur_per_year = Decimal("0")
    relation.budget_staff_hours_per_year = Decimal("0")
    relation.budget_held_by = BudgetHolder.NONE
    relation.budget_portfolio = ""
    for involvement in relation.involvements.all():
        if involvement.end is None or involvement.end > on:
            if involvement.start > on:
                _child_delete(involvement, user=user)
            else:
                involvement.end = on
                involvement._history_user = user  # type: ignore[attr-defined]
                involvement.save()


@transaction.atomic
def life_step_record(*, relation: Relation, user: User | None, data: LifeStepData) -> LifeStep:
    """Record a step in the relation's life and make the change of status it brings.

    The machine (``life``) says which steps may follow the status; the ending by us goes
    proposal -> consultation -> decision -> notice -> ended (IMP-4), the notice no earlier than
    the agreements allow (IMP-3). A council that deviates on purpose ends at once with
    ``deviation``, and the step says so. Refusals name the field, the missing step and the
    clause; nothing changes.
    """
    from . import life

    relation = Relation.objects.select_for_update().get(pk=relation.pk)
    if data.kind not in life.TRANSITIONS:
        raise DomainError(_("kind: unknown step."), field="kind")
    transition = life.TRANSITIONS[data.kind]
    deviation = data.deviation and data.kind == life.StepKind.ENDED
    if deviation:
        if relation.status not in life.DEVIATION_SOURCES:
            _refuse(_("this relation has ended already."), field="kind")
        target: str | None = Status.ENDED
    else:
        target = life.target_of(relation.status, data.kind)
    if target is None:
        _refuse(
            _("a step “%(step)s” cannot follow the status “%(status)s”; possible now: %(next)s.")
            % {
                "step": life.StepKind(data.kind).label,
                "status": Status(relation.status).label,
                "next": ", ".join(
                    str(life.StepKind(k).label) for k in life.steps_from(relation.status)
                )
                or "-",
            },
            field="kind",
        )
    today = timezone.localdate()
    if transition.needs_text and not data.text.strip():
        raise DomainError(
            _("text: give the reasons (or the partner's letter) for this step."), field="text"
        )
    if data.kind == life.StepKind.SUSPENDED and not data.until.strip():
        raise DomainError(_("until: give the condition to resume."), field="until")
    if data.document is not None:
        document_check(data.document, field="document")
    decision = None
    effective = data.effective_date
    if deviation:
        decision = _decision_of(relation, data)
        if decision.body != life.COUNCIL:
            _refuse(
                _("only the council may deviate from its framework (IMP-3, IMP-4)."),
                field="deviation",
                clauses=["IMP-3", "IMP-4"],
            )
        if not data.text.strip():
            raise DomainError(
                _("text: give the council's reasons to deviate from the framework."),
                field="text",
            )
    elif data.kind in life.ENDING_STEPS:
        decision = _ending_checks(relation, data)
    elif transition.needs_decision:
        decision = _decision_of(relation, data)
    pending = pending_end(relation)
    if data.kind == life.StepKind.ENDED and not deviation:
        due = pending.effective_date if pending is not None else None
        if due is not None and data.date < due:
            _refuse(
                _("the notice takes effect on %(day)s; the relation ends then, not before (IMP-3).")
                % {"day": formatting.day(due)},
                field="date",
                clauses=["IMP-3"],
            )
        effective = due
    if data.kind == life.StepKind.ENDED_BY_PARTNER:
        effective = data.effective_date or data.date
        if effective < data.date:
            raise DomainError(
                _("effective_date: the partner's ending cannot take effect before its letter."),
                field="effective_date",
            )
        if effective > today:
            # The partner's letter ends the relation later: it is being ended until then.
            target = Status.ENDING
    if data.date > today:
        raise DomainError(
            _(
                "date: a step records what has happened, and %(day)s lies ahead. An ending that "
                "takes effect later is recorded now with that date as its effective date."
            )
            % {"day": formatting.day(data.date)},
            field="date",
        )
    step = LifeStep(
        relation=relation,
        kind=data.kind,
        date=data.date,
        text=data.text.strip(),
        party=data.party.strip(),
        answered=data.answered if data.kind == life.StepKind.CONSULTATION else None,
        finding=data.finding.strip(),
        decision=decision,
        effective_date=effective,
        until=data.until.strip(),
        partner_consent=data.partner_consent,
        deviation=deviation,
        status_before=relation.status,
        status_after=target,
        created_by=user,
    )
    if data.document is not None:
        step.document = data.document
    _full_clean(step, exclude=["decision", "created_by", "relation"])
    step._history_user = user  # type: ignore[attr-defined]
    step.save()
    if target != relation.status:
        if data.kind == life.StepKind.DOWNGRADED:
            _downgrade(relation, data.date, user)
        before = {"status": relation.status}
        relation.status = target
        _assumed_confirmed(relation, before)  # a recorded step states the status
        if target == Status.ENDED:
            relation.end_date = effective or data.date
            by_partner = data.kind == life.StepKind.ENDED_BY_PARTNER or (
                not deviation
                and pending is not None
                and pending.kind == life.StepKind.ENDED_BY_PARTNER
            )
            relation.end_reason = (
                EndReason.ENDED_BY_PARTNER if by_partner else EndReason.ENDED_BY_US
            )
        if relation.start_date and relation.end_date and relation.end_date < relation.start_date:
            raise DomainError(_("date: the relation cannot end before it started."), field="date")
        relation._history_user = user  # type: ignore[attr-defined]
        relation.save()
        facts_changed(relation)
    return step


def relations_end_due(*, today: date) -> list[Relation]:
    """End every relation being ended whose notice (or the partner's ending) has taken effect
    by ``today``: an ``ended`` step on the effective date, recorded by no user (the nightly
    ``intrel assess_all``, docs/deployment.md). A relation stays "being ended" until then."""
    ended = []
    for relation in Relation.objects.filter(status=Status.ENDING).order_by("pk"):
        pending = pending_end(relation)
        if pending is None or pending.effective_date is None or pending.effective_date > today:
            continue
        life_step_record(
            relation=relation,
            user=None,
            data=LifeStepData(
                kind="ended",
                date=pending.effective_date,
                text=_("Ended on the date the ending took effect."),
            ),
        )
        relation.refresh_from_db()
        ended.append(relation)
    return ended
