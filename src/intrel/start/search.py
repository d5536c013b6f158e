"""The search box: one query over relations, partners, parties, decisions and initiatives
(issue 17). Each kind is searched only when the user may see it, and each gives its first
``SHOWN`` matches with the total, so the page stays short on a register of thousands.

The search is the top layer (ADR 0008): it reads every app's models; no app reads it."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intrel.accounts.models import User
from intrel.governance.models import Decision
from intrel.initiatives.models import Initiative
from intrel.partners.models import Partner
from intrel.relations.models import Party, Relation

# A query shorter than this finds too much to be useful; longer than this is not a search.
MIN_LENGTH = 2
MAX_LENGTH = 100
SHOWN = 10


@dataclass
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass
class Group:
    key: str
    label: Any
    hits: list[Hit] = field(default_factory=list)
    count: int = 0

    @property
    def more(self) -> int:
        return self.count - len(self.hits)


def _relations(q: str) -> QuerySet[Relation]:
    return (
        Relation.objects.select_related("partner")
        .filter(
            Q(name__icontains=q)
            | Q(slug__icontains=q)
            | Q(partner__name__icontains=q)
            | Q(description__icontains=q)
        )
        .order_by("name", "pk")
    )


def _relation_hit(r: Relation) -> Hit:
    return Hit(r.name, r.get_absolute_url(), f"{r.partner.name} · {r.get_status_display()}")


def _partners(q: str) -> QuerySet[Partner]:
    return Partner.objects.filter(name__icontains=q).order_by("name", "pk")


def _partner_hit(p: Partner) -> Hit:
    return Hit(p.name, reverse("partners:detail", kwargs={"pk": p.pk}), p.country_name)


def _parties(q: str) -> QuerySet[Party]:
    return Party.objects.filter(name__icontains=q).prefetch_related("relations").order_by("name")


def _party_hit(p: Party) -> Hit:
    # A party has no page of its own: it is shown on the relations it takes part in.
    relations = list(p.relations.all())
    url = relations[0].get_absolute_url() if relations else ""
    return Hit(p.name, url, ", ".join(r.name for r in relations))


def _decisions(q: str) -> QuerySet[Decision]:
    return (
        Decision.objects.select_related("meeting")
        .filter(Q(title__icontains=q) | Q(identifier__icontains=q) | Q(text__icontains=q))
        .order_by("-meeting__date", "-pk")
    )


def _decision_hit(d: Decision) -> Hit:
    return Hit(d.title, d.get_absolute_url(), f"{d.identifier} · {d.meeting.title}")


def _initiatives(q: str) -> QuerySet[Initiative]:
    return Initiative.objects.filter(
        Q(title__icontains=q) | Q(reference__icontains=q) | Q(organisation__icontains=q)
    ).order_by("-submitted_at", "-pk")


def _initiative_hit(i: Initiative) -> Hit:
    url = reverse("initiatives:detail", kwargs={"reference": i.reference})
    return Hit(i.title, url, f"{i.reference} · {i.organisation}")


SOURCES: list[tuple[str, Any, str, Callable[[str], QuerySet[Any]], Callable[[Any], Hit]]] = [
    ("relations", _("Relations"), "relations.view_relation", _relations, _relation_hit),
    ("partners", _("Partners"), "partners.view_partner", _partners, _partner_hit),
    ("parties", _("Parties involved"), "relations.view_party", _parties, _party_hit),
    ("decisions", _("Decisions"), "governance.view_decision", _decisions, _decision_hit),
    ("initiatives", _("Initiatives"), "initiatives.view_initiative", _initiatives, _initiative_hit),
]


def search(*, user: User | AnonymousUser, q: str) -> list[Group]:
    """The groups of what ``q`` finds that ``user`` may see; none for a query too short."""
    q = " ".join(q.split())[:MAX_LENGTH]
    if len(q) < MIN_LENGTH:
        return []
    groups = []
    for key, label, permission, query, hit in SOURCES:
        if not user.has_perm(permission):
            continue
        qs = query(q)
        found = [hit(item) for item in qs[:SHOWN]]
        groups.append(Group(key, label, found, len(found) if len(found) < SHOWN else qs.count()))
    return groups
