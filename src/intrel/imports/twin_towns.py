"""Seed the register with the municipality's twin towns from the public twin-towns list.

The list (shared/data/twin-cities/twin_cities.csv) has a pair per row, English country names,
messy city names and each pair possibly twice. A pair where one side is the municipality becomes
an *unverified proposal* for an officer to check; a partner already in the register is never
touched. Every row of the file that cannot be read is reported, whichever town it names.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from intrel.core.errors import DomainError
from intrel.partners.countries import country_code_for_name
from intrel.relations.constants import Initiator, RegisteredKind, Source, Status
from intrel.relations.models import Relation
from intrel.relations.services import relation_upsert_from_subject

from .constants import ImportFormat, ImportState
from .models import ImportBatch
from .parsers import problem

COLUMNS = ["city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2"]
PROGRESS_EVERY = 5000

# What a proposal from the list says until an officer fills it in (docs/import.md).
PROPOSAL_DEFAULTS: dict[str, Any] = {
    "registered_kind": RegisteredKind.TWINNING.value,
    "status": Status.PROPOSED.value,
    "initiated_by": Initiator.MUNICIPALITY.value,
    "purposes": ["other"],
    "mutual_value": False,
    "parties": [],
    "involvements": [],
    "agreements": [],
    "budget": {"money_eur_per_year": "0", "staff_hours_per_year": "0", "held_by": "none"},
    "owner": {"kind": "none"},
}


def town_key(name: str) -> str:
    """A town's name for comparison: no quotes, accents, case or extra spaces."""
    text = name.strip().strip("\"'“”‘’").strip()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


@dataclass
class Side:
    city: str
    country: str
    latitude: Decimal
    longitude: Decimal


@dataclass
class SeedReport:
    batch: ImportBatch
    proposed: list[dict[str, Any]] = field(default_factory=list)
    already: list[dict[str, Any]] = field(default_factory=list)
    unreadable: list[dict[str, Any]] = field(default_factory=list)
    rows_read: int = 0
    rows_matching: int = 0


def _coordinate(value: str, limit: int) -> Decimal | None:
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        return None
    if not number.is_finite() or abs(number) > limit:
        return None
    return number.quantize(Decimal("0.000001"))


def _side(row: dict[str, str], n: int, number: int, problems: list[dict[str, Any]]) -> Side | None:
    city_col, country_col, lat_col, lng_col = f"city{n}", f"country{n}", f"lat{n}", f"lng{n}"
    ok = True
    city = (row.get(city_col) or "").strip().strip("\"'“”").strip()
    if not city:
        problems.append(problem(row=number, column=city_col, reason=_("no town name")))
        ok = False
    country_name = (row.get(country_col) or "").strip()
    code = country_code_for_name(country_name) if country_name else None
    if code is None:
        reason = (
            _("unknown country name %(name)r") % {"name": country_name}
            if country_name
            else _("no country")
        )
        problems.append(problem(row=number, column=country_col, reason=reason))
        ok = False
    coordinates = []
    for col, limit in ((lat_col, 90), (lng_col, 180)):
        value = _coordinate(row.get(col) or "", limit)
        if value is None:
            problems.append(
                problem(
                    row=number,
                    column=col,
                    reason=_("not a coordinate between -%(limit)d and %(limit)d: %(value)r")
                    % {"limit": limit, "value": row.get(col) or ""},
                )
            )
            ok = False
        coordinates.append(value)
    if not ok or code is None or coordinates[0] is None or coordinates[1] is None:
        return None
    return Side(city, code, coordinates[0], coordinates[1])


def _slug_for(municipality: str, partner: Side) -> str:
    base = slugify(f"{municipality}-{partner.city}")[:90] or "twin-town"
    slug = base
    if Relation.objects.filter(slug=slug).exists():
        slug = f"{base}-{partner.country.lower()}"
    counter = 2
    while Relation.objects.filter(slug=slug).exists():
        slug = f"{base}-{partner.country.lower()}-{counter}"
        counter += 1
    return slug


def _in_register(partner: Side) -> Relation | None:
    key = town_key(partner.city)
    for relation in Relation.objects.filter(partner__country=partner.country).select_related(
        "partner"
    ):
        if town_key(relation.partner.name) == key:
            return relation
    return None


def twin_towns_seed(
    *,
    path: Path | str,
    municipality: str,
    country: str,
    progress: Callable[[int], None] | None = None,
) -> SeedReport:
    """Propose the municipality's twin towns from the list as unverified relations.

    All or nothing in one transaction; an :class:`ImportBatch` records what was proposed and
    every unreadable row, so the start page can point at its problems.
    """
    country_code = country_code_for_name(country)
    if country_code is None:
        raise DomainError(_("Unknown country %(name)r.") % {"name": country}, field="country")
    home = town_key(municipality)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except OSError as exc:
        raise DomainError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror},
            field="file",
        ) from exc
    problems: list[dict[str, Any]] = []
    partners: dict[tuple[str, str], tuple[int, Side]] = {}
    rows_read = rows_matching = 0
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DomainError(
                _("%(path)s lacks the columns %(columns)s.")
                % {"path": path, "columns": ", ".join(missing)},
                field="file",
            )
        for number, row in enumerate(reader, start=2):
            rows_read += 1
            if progress and rows_read % PROGRESS_EVERY == 0:
                progress(rows_read)
            row_problems: list[dict[str, Any]] = []
            sides = [_side(row, 1, number, row_problems), _side(row, 2, number, row_problems)]
            problems.extend(row_problems)
            names = [town_key(row.get("city1") or ""), town_key(row.get("city2") or "")]
            for mine, theirs in ((0, 1), (1, 0)):
                if names[mine] != home:
                    continue
                own, partner = sides[mine], sides[theirs]
                if own is not None and own.country != country_code:
                    continue
                rows_matching += 1
                if own is None or partner is None:
                    continue  # already reported with its reasons
                partners.setdefault((town_key(partner.city), partner.country), (number, partner))
    if progress:
        progress(rows_read)

    with transaction.atomic():
        report = SeedReport(batch=ImportBatch(), rows_read=rows_read, rows_matching=rows_matching)
        rows: list[dict[str, Any]] = []
        for number, partner in sorted(partners.values(), key=lambda item: item[0]):
            existing = _in_register(partner)
            item = {
                "row": number,
                "partner": partner.city,
                "country": partner.country,
                "relation": existing.slug if existing else None,
            }
            if existing is not None:
                report.already.append(item)
                rows.append({"label": partner.city, "row": number, "action": "already", **item})
                continue
            subject = {
                "subject": "relation",
                "id": _slug_for(municipality, partner),
                "name": _("Twinning %(municipality)s – %(partner)s")
                % {"municipality": municipality, "partner": partner.city},
                "partner": {"name": partner.city, "country": partner.country, "kind": "city"},
                **PROPOSAL_DEFAULTS,
            }
            relation, _created = relation_upsert_from_subject(
                data=subject, source=Source.TWIN_TOWNS, verified=False
            )
            if relation.partner.latitude is None:
                relation.partner.latitude = partner.latitude
                relation.partner.longitude = partner.longitude
                relation.partner.save(update_fields=["latitude", "longitude"])
            item["relation"] = relation.slug
            report.proposed.append(item)
            rows.append(
                {"label": partner.city, "row": number, "action": "proposed", "subject": subject}
            )
        report.unreadable = problems
        report.batch = ImportBatch.objects.create(
            filename=Path(path).name,
            format=ImportFormat.TWIN_TOWNS,
            state=ImportState.COMMITTED,
            rows=rows,
            row_count=len(rows),
            problems=problems,
            problem_count=len(problems),
            created_count=len(report.proposed),
            committed_at=timezone.now(),
        )
    return report


def unreadable_row_count(problems: list[dict[str, Any]]) -> int:
    return len({p["row"] for p in problems})
