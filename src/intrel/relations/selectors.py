"""Reads of the register, and the facts of a relation as the policy contract's subject."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Relation


def relation_list(
    *,
    q: str = "",
    registered_kind: str = "",
    status: str = "",
    country: str = "",
    purpose: str = "",
    owner: str = "",
    verified: bool | None = None,
) -> QuerySet[Relation]:
    """Relations matching the list page's search and filters, with what the list shows."""
    qs = Relation.objects.select_related("partner")
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(slug__icontains=q)
            | Q(partner__name__icontains=q)
            | Q(description__icontains=q)
        )
    if registered_kind:
        qs = qs.filter(registered_kind=registered_kind)
    if status:
        qs = qs.filter(status=status)
    if country:
        qs = qs.filter(partner__country=country.upper())
    if purpose:
        # JSON text match on the quoted code: works alike on SQLite and PostgreSQL.
        qs = qs.filter(purposes__icontains=f'"{purpose}"')
    if owner:
        kind, _, portfolio = owner.partition(":")
        qs = qs.filter(owner_kind=kind)
        if portfolio:
            qs = qs.filter(owner_portfolio=portfolio)
    if verified is not None:
        qs = qs.filter(verified=verified)
    return qs.order_by("name")


def relation_get(*, slug: str) -> Relation:
    """The relation, or 404 (the same answer whether it is missing or not to be seen)."""
    return get_object_or_404(
        Relation.objects.select_related("partner").prefetch_related(
            "parties", "agreements", "involvements", "activities", "contact_persons"
        ),
        slug=slug,
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def relation_to_subject(relation: Relation, *, as_of: date | None = None) -> dict[str, Any]:
    """The relation's facts as a ``relation`` subject of shared/policy/CONTRACT.md."""
    subject: dict[str, Any] = {
        "subject": "relation",
        "id": relation.slug,
        "name": relation.name,
        "partner": {
            "name": relation.partner.name,
            "country": relation.partner.country,
            "kind": relation.partner.kind,
        },
        "registered_kind": relation.registered_kind,
        "status": relation.status,
        "initiated_by": relation.initiated_by,
        "purposes": sorted(relation.purposes),
        "mutual_value": relation.mutual_value,
        "parties": sorted(
            ({"name": p.name, "sector": p.sector} for p in relation.parties.all()),
            key=lambda p: p["name"],
        ),
        "involvements": [
            {
                "actor": i.actor,
                "portfolio": i.portfolio or None,
                "start": _iso(i.start),
                "end": _iso(i.end),
                "initiative": i.initiative or None,
            }
            for i in relation.involvements.all()
        ],
        "agreements": [
            {
                "title": a.title,
                "signed": _iso(a.signed),
                "ends": _iso(a.ends),
                "notice_months": a.notice_months,
                "renews_automatically": a.renews_automatically,
                "renewal_months": a.renewal_months,
            }
            for a in relation.agreements.all()
        ],
        "budget": {
            "money_eur_per_year": _decimal(relation.budget_money_eur_per_year),
            "staff_hours_per_year": _decimal(relation.budget_staff_hours_per_year),
            "held_by": relation.budget_held_by,
            "portfolio": relation.budget_portfolio or None,
        },
        "owner": {"kind": relation.owner_kind, "portfolio": relation.owner_portfolio or None},
    }
    if as_of is not None:
        subject["as_of"] = as_of.isoformat()
    return subject
