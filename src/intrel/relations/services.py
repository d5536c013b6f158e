"""Writes to the register. Each service validates, then saves, inside one transaction."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from intrel.core.errors import DomainError
from intrel.partners.models import Partner

from .constants import Source
from .models import Agreement, Involvement, Party, Relation


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
        super().__init__(
            _("%(n)d problem(s) in the input; nothing was saved.") % {"n": len(problems)},
            problems=[{"name": p.path, "reason": p.message, "id": p.subject_id} for p in problems],
        )
        self.subject_problems = problems


def subjects_validate(data: Iterable[Mapping[str, Any]]) -> list[SubjectProblem]:
    """Check relation subjects against the contract (through the policy engine's models)."""
    from intrel.policy import SubjectError, parse_subject

    problems: list[SubjectProblem] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        if not isinstance(item, Mapping):
            problems.append(SubjectProblem(f"#{index + 1}", "", _("not an object")))
            continue
        subject_id = str(item.get("id") or f"#{index + 1}")
        if item.get("subject", "relation") != "relation":
            problems.append(
                SubjectProblem(subject_id, "subject", _("only relation subjects are imported"))
            )
            continue
        try:
            parse_subject(dict(item))
        except SubjectError as exc:
            problems.extend(
                SubjectProblem(p.subject_id or subject_id, p.path, p.message) for p in exc.problems
            )
            continue
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


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _partner_upsert(data: Mapping[str, Any]) -> Partner:
    partner, _ = Partner.objects.get_or_create(
        name=data["name"].strip(), country=data["country"], kind=data["kind"]
    )
    return partner


@transaction.atomic
def relation_upsert_from_subject(
    *, data: Mapping[str, Any], source: str = Source.IMPORT, verified: bool = True
) -> tuple[Relation, bool]:
    """Create or update the relation whose slug is the subject's ``id``.

    Parties, agreements and involvements become what the subject lists: agreements are matched
    on (title, signed) and involvements on (actor, portfolio, start), so an upload kept on an
    agreement survives a re-import; the history keeps what was removed.
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
    relation = Relation.objects.filter(slug=data["id"]).first()
    created = relation is None
    if relation is None:
        relation = Relation(slug=data["id"], source=source, verified=verified)
    for key, value in fields.items():
        setattr(relation, key, value)
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
    for a in data.get("agreements") or []:
        agreement = relation.agreements.filter(title=a["title"], signed=a["signed"]).first()
        agreement = agreement or Agreement(relation=relation, title=a["title"])
        agreement.signed = _date(a["signed"])
        agreement.ends = _date(a.get("ends"))
        agreement.notice_months = a.get("notice_months") or 0
        agreement.renews_automatically = bool(a.get("renews_automatically", False))
        agreement.renewal_months = a.get("renewal_months")
        _full_clean(agreement, exclude=["relation", "document"])
        agreement.save()
        keep.add(agreement.pk)
    relation.agreements.exclude(pk__in=keep).delete()

    keep = set()
    for i in data.get("involvements") or []:
        involvement = relation.involvements.filter(
            actor=i["actor"], portfolio=i.get("portfolio") or "", start=i["start"]
        ).first() or Involvement(relation=relation, actor=i["actor"])
        involvement.portfolio = i.get("portfolio") or ""
        involvement.start = _date(i["start"])
        involvement.end = _date(i.get("end"))
        involvement.initiative = i.get("initiative") or ""
        _full_clean(involvement, exclude=["relation"])
        involvement.save()
        keep.add(involvement.pk)
    relation.involvements.exclude(pk__in=keep).delete()
    return relation, created


@transaction.atomic
def relations_import(
    *, subjects: list[Mapping[str, Any]], source: str = Source.IMPORT
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
    relation.verified = True
    if relation.status == "proposed":
        relation.status = "active"
    relation.save(update_fields=["verified", "status", "updated_at"])
    return relation
