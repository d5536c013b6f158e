"""What the public portal shows: the public fields of the register, governance and budgets.

Everything here is public by design and nothing else is read into it: no contact persons, no
internal notes (a partner's ``notes``, life steps' texts, activities' participants), no
unconfirmed assessment and no override's reason (docs/portal.md, "What is public"). The pillars
and owner with the framework's reasons come only from an assessment an officer confirmed and did
not override; otherwise the page says the assessment is not yet established.
"""

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intrel.assessments.selectors import (
    assessment_current,
    assessment_present,
    assessments_current_by_relation,
    owner_label,
)
from intrel.assessments.selectors import framework_get as assessed_framework
from intrel.budgets.selectors import budget_overview, budget_years, relation_costs
from intrel.core.formatting import in_language
from intrel.governance.selectors import committee_list, committee_members_on, meeting_list
from intrel.initiatives.selectors import initiatives_supported
from intrel.partners.countries import country_name, is_country_code
from intrel.relations.constants import Status, purpose_labels
from intrel.relations.models import Relation
from intrel.relations.selectors import relation_list

from . import worldmap

# Relations the public sees: every relation the municipality keeps or kept; a proposal is not
# yet a relation. "Current" (the map) are those not ended.
PUBLIC_STATUSES = (
    Status.ACTIVE,
    Status.SUSPENDED,
    Status.FRIENDSHIP,
    Status.ENDING,
    Status.ENDED,
)
CURRENT_STATUSES = (Status.ACTIVE, Status.SUSPENDED, Status.FRIENDSHIP, Status.ENDING)

# Above this many current relations the home's map has a marker per country, not per relation,
# and its list is paged: the page stays small and quick for a region's register (issue 19).
MAP_RELATIONS_MAX = 300
LIST_PAGE_SIZE = 50

# The pillar a marker shows, and its legend.
PILLAR_LABELS = {
    "solidarity": gettext_lazy("Solidarity"),
    "added_value": gettext_lazy("Added value for the municipality"),
    "both": gettext_lazy("Both pillars"),
    "neither": gettext_lazy("Neither pillar"),
    "pending": gettext_lazy("Not yet established"),
}


@dataclass(frozen=True)
class Marker:
    slug: str
    name: str
    partner: str
    country: str
    country_name: str
    pillar: str
    pillar_label: str
    status_label: str
    x: float
    y: float
    in_europe: bool
    located: str  # "register" (the partner's coordinates) or "country" (its centre)


@dataclass
class Established:
    """The framework's confirmed view of a relation: pillars and owner with reasons."""

    pillar: str
    pillars: list[dict[str, Any]] = field(default_factory=list)
    owner_label: str = ""
    owner_because: str = ""
    clauses: list[dict[str, str]] = field(default_factory=list)


def _public(qs: Any) -> Any:
    return qs.filter(status__in=PUBLIC_STATUSES)


_UNSET: Any = object()


def relation_established(relation: Relation, assessment: Any = _UNSET) -> Established:
    """The pillars and owner as the framework decided them, only when an officer confirmed that
    decision and overrode nothing of it; ``pending`` otherwise. ``assessment``: the relation's
    current one when the caller read it already (None: it has none)."""
    if assessment is _UNSET:
        assessment = assessment_current(relation=relation)
    if assessment is None or assessment.confirmed_at is None or assessment.overrides.all():
        return Established(pillar="pending")
    view = assessment_present(assessment)
    pillars = [p for p in view.get("pillars", []) if p["applies"]]
    keys = {p["key"] for p in pillars}
    pillar = (
        "both"
        if keys == {"solidarity", "added_value"}
        else (next(iter(keys)) if keys else "neither")
    )
    owner = view.get("owner") or {}
    clauses: dict[str, dict[str, str]] = {}
    for item in pillars + ([owner] if owner else []):
        for clause in item.get("clauses", []):
            clauses[clause["id"]] = clause
    return Established(
        pillar=pillar,
        pillars=pillars,
        owner_label=owner.get("label", ""),
        owner_because=owner.get("because", ""),
        clauses=list(clauses.values()),
    )


def _current() -> Any:
    return relation_list().filter(status__in=CURRENT_STATUSES)


def current_relations() -> list[Relation]:
    return list(_current().select_related("partner").order_by("name"))


def _entries(relations: list[Relation]) -> list[Marker]:
    """The list's (and the map's) entry of each relation, its pillar from its current
    assessment (read for these relations only)."""
    entries = []
    assessments = assessments_current_by_relation(relations=relations)
    for relation in relations:
        partner = relation.partner
        lon = lat = None
        located = ""
        if partner is not None and partner.latitude is not None and partner.longitude is not None:
            lon, lat = float(partner.longitude), float(partner.latitude)
            located = "register"
        elif partner is not None and (centre := worldmap.country_centre(partner.country)):
            lon, lat = centre
            located = "country"
        x, y = worldmap.project(lon, lat) if lon is not None and lat is not None else (0.0, 0.0)
        pillar = relation_established(relation, assessments.get(relation.pk)).pillar
        entries.append(
            Marker(
                slug=relation.slug,
                name=relation.name,
                partner=partner.name if partner else "",
                country=partner.country if partner else "",
                country_name=partner.country_name if partner else "",
                pillar=pillar,
                pillar_label=str(PILLAR_LABELS[pillar]),
                status_label=relation.get_status_display(),
                x=x,
                y=y,
                in_europe=bool(located) and worldmap.inside(lon or 0, lat or 0, worldmap.EUROPE),
                located=located,
            )
        )
    return entries


def map_entries() -> list[Marker]:
    """Every current relation, for the list beside the map; those that can be placed get a
    marker: at the partner's coordinates from the register, else at the centre of the
    partner's country (``located`` is empty for a relation without a partner, or whose
    country is too small for the map's shapes and has no coordinates)."""
    return _entries(current_relations())


@dataclass(frozen=True)
class CountryMarker:
    """One marker for all current relations in a country (a register too large for a marker
    per relation)."""

    country: str
    country_name: str
    count: int
    x: float
    y: float
    radius: float
    inset_radius: float  # in the enlarged Europe
    in_europe: bool


def country_markers() -> list[CountryMarker]:
    """The current relations counted per partner country, each placed at the country's centre;
    a country the map's shapes lack (too small) gets no marker. Largest first, so the small
    markers are drawn on top."""
    counts = (
        _current()
        .filter(partner__isnull=False)
        .order_by()
        .values_list("partner__country")
        .annotate(n=Count("pk"))
    )
    markers = []
    for code, n in counts:
        centre = worldmap.country_centre(code)
        if centre is None:
            continue
        x, y = worldmap.project(*centre)
        markers.append(
            CountryMarker(
                country=code,
                country_name=country_name(code),
                count=n,
                x=x,
                y=y,
                radius=round(4 + 2.5 * math.log10(n), 1),
                inset_radius=round(0.8 + 0.5 * math.log10(n), 1),
                in_europe=worldmap.inside(*centre, worldmap.EUROPE),
            )
        )
    return sorted(markers, key=lambda m: (-m.count, m.country))


def world_map() -> dict[str, Any]:
    """Everything the map template draws for a register of at most ``MAP_RELATIONS_MAX``
    current relations: the countries, a marker per relation, the whole list and the legend."""
    entries = map_entries()
    markers = [m for m in entries if m.located]
    used = {m.pillar for m in entries}
    partner_countries = {m.country for m in markers}
    return {
        "width": worldmap.WIDTH,
        "height": worldmap.HEIGHT,
        "grouped": False,
        "total": len(entries),
        "countries": [
            {"code": code, "path": c.path, "partner": code in partner_countries}
            for code, c in worldmap.countries().items()
        ],
        "markers": markers,
        "entries": entries,
        "legend": [(key, label) for key, label in PILLAR_LABELS.items() if key in used],
        "europe": worldmap.view_box(*worldmap.EUROPE),
        "europe_markers": [m for m in markers if m.in_europe],
    }


class HomeInputError(ValueError):
    """A parameter of the home page that names no page or no country; the message says which."""


def _grouped_map() -> dict[str, Any]:
    markers = country_markers()
    partner_countries = {m.country for m in markers}
    return {
        "width": worldmap.WIDTH,
        "height": worldmap.HEIGHT,
        "grouped": True,
        "countries": [
            {"code": code, "path": c.path, "partner": code in partner_countries}
            for code, c in worldmap.countries().items()
        ],
        "markers": markers,
        "country_total": len(markers),
        "europe": worldmap.view_box(*worldmap.EUROPE),
        "europe_markers": [m for m in markers if m.in_europe],
    }


def home(*, page: str = "", country: str = "") -> dict[str, Any]:
    """The public home: the map and the list of the current relations.

    Up to ``MAP_RELATIONS_MAX`` current relations, every relation has its marker and the list
    holds them all, as a municipality's register does. A larger register (a region, a shared
    service) gets one marker per country, with the number of relations, leading to that
    country's relations; the list then shows ``LIST_PAGE_SIZE`` relations a page, so the page
    stays a few hundred kilobytes whatever the register's size. ``page`` and ``country`` come
    from the address: anything that names no page or no country raises
    :class:`HomeInputError`."""
    code = country.strip().upper()
    if code and not is_country_code(code):
        raise HomeInputError(
            _("Country: %(value)s is not a country code; choose a country on the map.")
            % {"value": country[:10]}
        )
    # ASCII digits only: "²" is a digit to str.isdigit() but not to int().
    if page and not (page.isascii() and page.isdigit()):
        raise HomeInputError(
            _("Page: %(value)s is not a page number; choose a page below the list.")
            % {"value": page[:10]}
        )
    total = _current().count()
    if total <= MAP_RELATIONS_MAX and not code and page in ("", "1"):
        return {"map": world_map(), "page": None, "country": None}
    listed = _current().select_related("partner").order_by("name", "pk")
    if code:
        listed = listed.filter(partner__country=code)
    paginator = Paginator(listed, LIST_PAGE_SIZE, allow_empty_first_page=True)
    number = int(page or 1)
    if not 1 <= number <= paginator.num_pages:
        raise HomeInputError(
            _(
                "Page: %(value)s does not exist; there are %(count)s pages, "
                "choose one below the list."
            )
            % {"value": page[:10], "count": paginator.num_pages}
        )
    chunk = paginator.page(number)
    data = world_map() if total <= MAP_RELATIONS_MAX else _grouped_map()
    entries = _entries(list(chunk.object_list))
    data["entries"] = entries
    data["legend"] = [
        (key, label) for key, label in PILLAR_LABELS.items() if key in {m.pillar for m in entries}
    ]
    data.setdefault("total", total)
    return {
        "map": data,
        "page": chunk,
        "country": {"code": code, "name": country_name(code)} if code else None,
    }


def public_relation_get(*, slug: str) -> Relation | None:
    return _public(relation_list()).select_related("partner").filter(slug=slug).first()


def relation_public_view(relation: Relation) -> dict[str, Any]:
    """A relation's public page: the public fields only."""
    framework = assessed_framework()
    costs = relation_costs(relation=relation)
    return {
        "relation": relation,
        "partner": relation.partner,
        "purposes": purpose_labels(relation.purposes or []),
        "registered_owner": owner_label(
            relation.owner_kind, relation.owner_portfolio or None, framework
        ),
        "established": relation_established(relation),
        "agreements": list(relation.agreements.order_by("signed", "pk")),
        "activities": list(relation.activities.order_by("-date", "pk")),
        "initiatives": list(initiatives_supported(relation=relation)),
        "costs": [{"year": c.year, "money": c.money_spent, "hours": c.hours_spent} for c in costs],
        "budget_money": relation.budget_money_eur_per_year,
        "budget_hours": relation.budget_staff_hours_per_year,
    }


def relations_public_list() -> list[Relation]:
    return list(_public(relation_list()).select_related("partner").order_by("name"))


@dataclass(frozen=True)
class CommitteeView:
    committee: Any
    day: date
    members: list[Any]
    meetings: list[Any]


def committees_public() -> list[CommitteeView]:
    """Each committee: its members (the chair first) on the last day it had any up to today,
    and its meetings with their decisions. Minutes and attendance stay inside."""
    today = timezone.localdate()
    out = []
    for committee in committee_list():
        meetings = list(meeting_list(committee=committee))
        day = today
        members = committee_members_on(committee=committee, day=day)
        if not members and meetings:
            day = (
                max(m.date for m in meetings if m.date <= today)
                if any(m.date <= today for m in meetings)
                else today
            )
            members = committee_members_on(committee=committee, day=day)
        out.append(CommitteeView(committee=committee, day=day, members=members, meetings=meetings))
    return out


def spending_years() -> list[int]:
    return budget_years()


@dataclass(frozen=True)
class SpendingRow:
    label: str
    money_available: Decimal
    money_spent: Decimal
    hours_available: Decimal
    hours_spent: Decimal


def spending(*, year: int) -> dict[str, Any]:
    """A year's budget per purpose (the pillars) and per holder: available and spent."""
    overview = budget_overview(year=year)

    def rows(groups: list[Any]) -> list[SpendingRow]:
        return [
            SpendingRow(
                label=g.label,
                money_available=g.totals.money_available,
                money_spent=g.totals.money_spent,
                hours_available=g.totals.hours_available,
                hours_spent=g.totals.hours_spent,
            )
            for g in groups
        ]

    by_purpose = rows(overview.purposes)
    by_holder = rows(overview.holders)
    top = max([r.money_available for r in by_purpose + by_holder] + [Decimal(1)])
    return {
        "year": year,
        "by_purpose": by_purpose,
        "by_holder": by_holder,
        "totals": overview.totals,
        "scale": top,
    }


def framework_clauses() -> dict[str, Any]:
    """The framework in force: its title and its clauses in the memo's words with the reading."""
    framework = assessed_framework()
    sections: dict[str, list[dict[str, str]]] = {}
    for clause_id, spec in framework.clauses.items():
        sections.setdefault(spec.section, []).append(
            {"id": clause_id, "nl": spec.nl, "en": spec.en}
        )
    return {
        "title": in_language(framework.title.nl, framework.title.en),
        "sections": list(sections.items()),
    }


def status_label(value: str) -> str:
    return str(dict(Status.choices).get(value, value))


def pillar_label(key: str) -> str:
    return str(PILLAR_LABELS.get(key, _("Not yet established")))
