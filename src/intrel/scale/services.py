"""A seeded register at national scale, written with bulk operations (issue 19).

What a region or a shared-service organisation would hold after decades: relations with partner
cities (names and coordinates from the twin-towns list), ten activities, one citizen initiative,
two allocations with five ledger entries, agreements, involvements and parties per relation in
the proportions below, and each relation's current assessment.

Everything is written with ``bulk_create`` in batches, a batch of relations and their children at
a time, so memory stays flat. Skipped on purpose, because no page or list reads them and one row
each would double the writes: the history rows of django-simple-history (the "Historie" tab of a
generated relation is empty), contact persons, life steps, and the budget lines' transfers. The
budget lines' running totals are set from the entries written, so the ledger adds up (ACH-2).

The same seed and size give the same register (names, dates, amounts, which relation has what),
whichever database holds it.
"""

from __future__ import annotations

import csv
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from intrel.assessments.models import Assessment
from intrel.assessments.services import assessment_of
from intrel.budgets.constants import EntryKind, HolderKind, LinePurpose
from intrel.budgets.models import Allocation, BudgetLine, LedgerEntry
from intrel.core.signals import bulk_written
from intrel.initiatives.constants import Outcome, Step
from intrel.initiatives.models import Initiative
from intrel.partners.countries import country_code_for_name
from intrel.partners.models import Partner
from intrel.policy import load_framework
from intrel.relations.constants import (
    ActivityKind,
    Actor,
    BudgetHolder,
    EndReason,
    Initiator,
    OwnerKind,
    Purpose,
    RegisteredKind,
    Sector,
    Source,
    Status,
)
from intrel.relations.models import Activity, Agreement, Involvement, Party, Relation
from intrel.relations.selectors import relation_to_subject
from intrel.relations.services import relations_last_activity_refresh

# The twin-towns list: ../shared/data/twin-cities/twin_cities.csv beside the repository.
TWIN_CITIES = Path(settings.BASE_DIR).parent / "shared" / "data" / "twin-cities" / "twin_cities.csv"

ACTIVITIES_PER_RELATION = 10
INITIATIVES_PER_RELATION = 1
ALLOCATIONS_PER_RELATION = 2
ENTRIES_PER_RELATION = 5  # allocation, realisation, realisation / allocation, realisation
PARTIES = 500
FIRST_YEAR, LAST_YEAR = 1990, 2025
SLUG_PREFIX = "scale-"
TITLES = ("Visit", "Exchange", "Project", "Meeting")


@dataclass(frozen=True)
class City:
    name: str
    country: str
    latitude: Decimal | None
    longitude: Decimal | None


@dataclass
class ScaleReport:
    relations: int = 0
    partners: int = 0
    activities: int = 0
    initiatives: int = 0
    agreements: int = 0
    involvements: int = 0
    allocations: int = 0
    ledger_entries: int = 0
    assessments: int = 0
    seconds: dict[str, float] | None = None


def _coordinate(value: str, limit: int) -> Decimal | None:
    try:
        number = Decimal(value).quantize(Decimal("0.000001"))
    except ArithmeticError:
        return None
    return number if -limit <= number <= limit else None


def twin_cities(path: Path | None = None) -> list[City]:
    """Every distinct city of the twin-towns list whose country is known, in the file's order."""
    cities: dict[tuple[str, str], City] = {}
    with (path or TWIN_CITIES).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for n in ("1", "2"):
                name = (row.get(f"city{n}") or "").strip()
                code = country_code_for_name(row.get(f"country{n}") or "")
                if not name or code is None or (name, code) in cities:
                    continue
                cities[(name, code)] = City(
                    name=name[:200],
                    country=code,
                    latitude=_coordinate(row.get(f"lat{n}") or "", 90),
                    longitude=_coordinate(row.get(f"lng{n}") or "", 180),
                )
    return list(cities.values())


def _day(rng: random.Random, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> date:
    start = date(first, 1, 1)
    return start + timedelta(days=rng.randrange((date(last, 12, 31) - start).days + 1))


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low, high + 1)).quantize(Decimal("0.01"))


def _hours(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low, high + 1)).quantize(Decimal("0.1"))


def _batches(total: int, size: int, first: int = 0) -> Iterator[range]:
    for start in range(first, first + total, size):
        yield range(start, min(first + total, start + size))


def _relation(
    rng: random.Random, n: int, city: City, partner: Partner, portfolios: list[str]
) -> Relation:
    kind = rng.choices(
        [
            RegisteredKind.TWINNING,
            RegisteredKind.FRIENDSHIP,
            RegisteredKind.ECONOMIC,
            RegisteredKind.SOLIDARITY,
            RegisteredKind.OTHER,
        ],
        weights=[45, 20, 15, 12, 8],
    )[0]
    status = rng.choices(
        [
            Status.ACTIVE,
            Status.SUSPENDED,
            Status.FRIENDSHIP,
            Status.ENDING,
            Status.ENDED,
            Status.PROPOSED,
        ],
        weights=[55, 10, 12, 3, 15, 5],
    )[0]
    start = _day(rng, FIRST_YEAR, 2020)
    end = start + timedelta(days=rng.randrange(365, 365 * 20)) if status == Status.ENDED else None
    if end is not None and end > date(LAST_YEAR, 12, 31):
        end = date(LAST_YEAR, 12, 31)
    owner = rng.choices(
        [
            OwnerKind.PORTFOLIO,
            OwnerKind.COMMITTEE,
            OwnerKind.EXECUTIVE_BOARD,
            OwnerKind.CIVIL_SOCIETY,
            OwnerKind.NONE,
        ],
        weights=[40, 20, 15, 10, 15],
    )[0]
    held = rng.choice(list(BudgetHolder))
    return Relation(
        slug=f"{SLUG_PREFIX}{n:07d}",
        name=f"{city.name} {n}",
        partner=partner,
        registered_kind=kind,
        status=status,
        initiated_by=rng.choice(list(Initiator)),
        purposes=sorted(rng.sample(list(Purpose.values), rng.randint(1, 3))),
        mutual_value=rng.random() < 0.6,
        owner_kind=owner,
        owner_portfolio=rng.choice(portfolios) if owner == OwnerKind.PORTFOLIO else "",
        budget_money_eur_per_year=_money(rng, 0, 50_000) if rng.random() < 0.5 else Decimal("0"),
        budget_staff_hours_per_year=_hours(rng, 0, 400) if rng.random() < 0.5 else Decimal("0"),
        budget_held_by=held,
        budget_portfolio=rng.choice(portfolios) if held == BudgetHolder.PORTFOLIO else "",
        start_date=start,
        end_date=end,
        end_reason=rng.choice(list(EndReason)) if end else "",
        description=f"Generated relation {n} with {city.name} (seeded scale data, issue 19).",
        verified=rng.random() < 0.9,
        source=Source.IMPORT,
    )


def _children(
    rng: random.Random,
    relation: Relation,
    n: int,
    city: City,
    portfolios: list[str],
    lines: dict[int, BudgetLine],
) -> dict[str, list[Any]]:
    """The rows under one relation (activities, agreements, involvements, an initiative,
    allocations and their ledger entries); the entries point to their allocation by index."""
    rows: dict[str, list[Any]] = {
        "activities": [],
        "agreements": [],
        "involvements": [],
        "initiatives": [],
        "allocations": [],
        "entries": [],
    }
    first = relation.start_date or date(FIRST_YEAR, 1, 1)
    for i in range(ACTIVITIES_PER_RELATION):
        day = _day(rng, first.year, LAST_YEAR)
        rows["activities"].append(
            Activity(
                relation=relation,
                kind=rng.choice(list(ActivityKind)),
                date=day,
                end_date=day + timedelta(days=rng.randrange(0, 7)) if rng.random() < 0.3 else None,
                title=f"{rng.choice(TITLES)} {city.name} {i + 1}",
                participants="",
            )
        )
    for _ in range(rng.choices([0, 1, 2], weights=[60, 32, 8])[0]):
        signed = _day(rng, first.year, LAST_YEAR)
        ends = signed + timedelta(days=365 * rng.randint(2, 10)) if rng.random() < 0.6 else None
        renews = rng.random() < 0.3
        rows["agreements"].append(
            Agreement(
                relation=relation,
                title=f"Agreement {signed.year} {city.name}",
                signed=signed,
                ends=ends,
                notice_months=rng.choice([0, 3, 6, 12]),
                renews_automatically=renews,
                renewal_months=rng.choice([None, 12, 24]) if renews else None,
            )
        )
    reference = f"SCL-{n:07d}"
    for _ in range(rng.choices([0, 1, 2], weights=[35, 50, 15])[0]):
        start = _day(rng, first.year, LAST_YEAR)
        actor = rng.choice(list(Actor))
        rows["involvements"].append(
            Involvement(
                relation=relation,
                actor=actor,
                portfolio=rng.choice(portfolios) if actor == Actor.ALDERMAN else "",
                start=start,
                end=start + timedelta(days=rng.randrange(30, 1500)),
            )
        )
    start = _day(rng, max(first.year, 2000), LAST_YEAR)
    decided = rng.random() < 0.7
    rows["initiatives"].append(
        Initiative(
            reference=reference,
            title=f"Initiative {city.name} {n}",
            description="Generated initiative (seeded scale data).",
            country=city.country,
            place=city.name,
            purposes=sorted(rng.sample(list(Purpose.values), rng.randint(1, 2))),
            support_asked=["money"],
            money_asked=_money(rng, 500, 20_000),
            start=start,
            end=start + timedelta(days=rng.randrange(30, 720)),
            organisation=f"Stichting {city.name} {n}",
            contact_name=f"Contact {n}",
            contact_email=f"contact{n}@example.org",
            step=Step.DECIDED if decided else Step.SUBMITTED,
            outcome=rng.choice([Outcome.SUPPORTED, Outcome.DECLINED]) if decided else "",
            relation=relation,
        )
    )
    for a in range(ALLOCATIONS_PER_RELATION):
        year = rng.randrange(2000, LAST_YEAR + 1)
        line = lines[year]
        day = date(year, rng.randint(1, 12), rng.randint(1, 28))
        money, hours = _money(rng, 1_000, 20_000), _hours(rng, 0, 80)
        rows["allocations"].append(
            Allocation(
                line=line,
                date=day,
                money=money,
                hours=hours,
                relation=relation,
                description=f"Generated allocation {a + 1}",
            )
        )
        index = len(rows["allocations"]) - 1
        rows["entries"].append(
            (
                index,
                LedgerEntry(
                    line=line, date=day, kind=EntryKind.ALLOCATION, money=money, hours=hours
                ),
            )
        )
        # Two realisations under the first allocation, one under the second: five entries.
        for share in [Decimal("0.4"), Decimal("0.3")] if a == 0 else [Decimal("0.5")]:
            rows["entries"].append(
                (
                    index,
                    LedgerEntry(
                        line=line,
                        date=day,
                        kind=EntryKind.REALISATION,
                        money=(money * share).quantize(Decimal("0.01")),
                        hours=(hours * share).quantize(Decimal("0.1")),
                    ),
                )
            )
    return rows


def _portfolios() -> list[str]:
    framework = load_framework(settings.INTREL_DEFAULT_FRAMEWORK)
    return sorted(framework.portfolio_names) or ["EZ"]


def _budget_lines() -> dict[int, BudgetLine]:
    """The generated lines, one per year (those of an earlier run are used again)."""
    BudgetLine.objects.bulk_create(
        (
            BudgetLine(
                slug=f"{SLUG_PREFIX}general-{year}",
                year=year,
                name=f"International relations {year} (generated)",
                purpose=LinePurpose.GENERAL,
                holder_kind=HolderKind.EXECUTIVE_BOARD,
            )
            for year in range(2000, LAST_YEAR + 1)
        ),
        ignore_conflicts=True,
    )
    lines = BudgetLine.objects.filter(slug__startswith=f"{SLUG_PREFIX}general-")
    return {line.year: line for line in lines}


def _close_lines(lines: dict[int, BudgetLine], totals: dict[int, list[Decimal]]) -> None:
    """An opening entry per line that covers what this run committed (with room to spare), and
    the running totals moved by this run's entries."""
    openings = []
    for year, line in lines.items():
        committed, hours_committed, spent, hours_spent = totals[year]
        money = (committed * Decimal("1.25")).quantize(Decimal("0.01"))
        hours = (hours_committed * Decimal("1.25")).quantize(Decimal("0.1"))
        line.money_available += money
        line.hours_available += hours
        line.money_committed += committed
        line.hours_committed += hours_committed
        line.money_spent += spent
        line.hours_spent += hours_spent
        openings.append(
            LedgerEntry(
                line=line, date=date(year, 1, 1), kind=EntryKind.OPENING, money=money, hours=hours
            )
        )
    LedgerEntry.objects.bulk_create(openings)
    BudgetLine.objects.bulk_update(
        lines.values(),
        [
            "money_available",
            "hours_available",
            "money_committed",
            "hours_committed",
            "money_spent",
            "hours_spent",
        ],
    )


def _parties(rng: random.Random) -> list[Party]:
    sectors = list(Sector)
    Party.objects.bulk_create(
        (
            Party(name=f"{SLUG_PREFIX}party {i:04d}", sector=rng.choice(sectors))
            for i in range(PARTIES)
        ),
        ignore_conflicts=True,
    )
    return list(Party.objects.filter(name__startswith=f"{SLUG_PREFIX}party ").order_by("name"))


def scale_assess(
    *, batch_size: int = 1000, progress: Callable[[str, int, int], None] | None = None
) -> int:
    """The current assessment of every relation that has none, the engine run on a batch at a
    time and the decisions stored with ``bulk_create`` (no query per relation)."""
    framework = load_framework(settings.INTREL_DEFAULT_FRAMEWORK)
    fw_id = framework.id
    as_of = timezone.localdate()
    pending = (
        Relation.objects.exclude(assessments__is_current=True, assessments__framework=fw_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = list(pending)
    stored = 0
    for chunk in _batches(len(ids), batch_size):
        relations = (
            Relation.objects.filter(pk__in=[ids[i] for i in chunk])
            .select_related("partner")
            .prefetch_related("parties", "agreements", "involvements", "activities")
            .order_by("pk")
        )
        rows = []
        for relation in relations:
            rows.append(
                assessment_of(
                    facts=relation_to_subject(relation),
                    relation=relation,
                    framework=framework,
                    as_of=as_of,
                )
            )
        with transaction.atomic():
            Assessment.objects.bulk_create(rows)
        stored += len(rows)
        if progress:
            progress("assessments", stored, len(ids))
    return stored


def scale_generate(
    *,
    relations: int,
    seed: int = 19,
    batch_size: int = 2000,
    assess: bool = True,
    cities: list[City] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ScaleReport:
    """Write ``relations`` generated relations with their children (see the module), then their
    assessments. Each batch of relations is one transaction."""
    rng = random.Random(seed)
    report = ScaleReport(seconds={})
    assert report.seconds is not None
    began = time.perf_counter()
    cities = cities if cities is not None else twin_cities()
    if not cities:
        raise ValueError("No cities with a known country in the twin-towns list.")
    portfolios = _portfolios()
    with transaction.atomic():
        partners = Partner.objects.bulk_create(
            (
                Partner(
                    name=c.name,
                    country=c.country,
                    kind="city",
                    latitude=c.latitude,
                    longitude=c.longitude,
                )
                for c in cities
            ),
            batch_size=batch_size,
            ignore_conflicts=True,
        )
        # Conflicting rows (a partner already in the register) come back without a key: read them.
        by_key = {
            (p.name, p.country): p
            for p in Partner.objects.filter(kind="city").only("pk", "name", "country")
        }
        partners = [by_key[(c.name, c.country)] for c in cities]
        lines = _budget_lines()
        parties = _parties(rng)
    report.partners = len(partners)
    totals = {year: [Decimal("0")] * 4 for year in lines}
    through = Relation.parties.through
    # Numbered after the generated relations already there (a second run adds to the first).
    first = Relation.objects.filter(slug__startswith=SLUG_PREFIX).count()
    for chunk in _batches(relations, batch_size, first):
        # One generator per relation, seeded by the seed and its number: the same relation
        # whatever the batch size.
        rngs = [random.Random(f"{seed}:{n}") for n in chunk]
        picks = [r.randrange(len(cities)) for r in rngs]
        made = [
            _relation(r, n, cities[p], partners[p], portfolios)
            for r, n, p in zip(rngs, chunk, picks, strict=True)
        ]
        with transaction.atomic():
            Relation.objects.bulk_create(made)
            rows: dict[str, list[Any]] = {
                "activities": [],
                "agreements": [],
                "involvements": [],
                "initiatives": [],
                "allocations": [],
                "entries": [],
            }
            links = []
            for r, relation, n, p in zip(rngs, made, chunk, picks, strict=True):
                own = _children(r, relation, n, cities[p], portfolios, lines)
                offset = len(rows["allocations"])
                own["entries"] = [(offset + i, e) for i, e in own["entries"]]
                for key, values in own.items():
                    rows[key].extend(values)
                for party in r.sample(parties, r.choices([0, 1, 2], weights=[55, 35, 10])[0]):
                    links.append(through(relation_id=relation.pk, party_id=party.pk))
            Activity.objects.bulk_create(rows["activities"], batch_size=5000)
            # bulk_create passes the activity services by: the relations' stored latest day.
            relations_last_activity_refresh([relation.pk for relation in made])
            Agreement.objects.bulk_create(rows["agreements"], batch_size=5000)
            Involvement.objects.bulk_create(rows["involvements"], batch_size=5000)
            Initiative.objects.bulk_create(rows["initiatives"], batch_size=5000)
            Allocation.objects.bulk_create(rows["allocations"], batch_size=5000)
            entries = []
            for index, entry in rows["entries"]:
                entry.allocation = rows["allocations"][index]
                entries.append(entry)
                total = totals[entry.line.year]
                if entry.kind == EntryKind.ALLOCATION:
                    total[0] += entry.money
                    total[1] += entry.hours
                else:
                    total[2] += entry.money
                    total[3] += entry.hours
            LedgerEntry.objects.bulk_create(entries, batch_size=5000)
            through.objects.bulk_create(links, batch_size=5000)
        report.relations += len(made)
        report.activities += len(rows["activities"])
        report.agreements += len(rows["agreements"])
        report.involvements += len(rows["involvements"])
        report.initiatives += len(rows["initiatives"])
        report.allocations += len(rows["allocations"])
        report.ledger_entries += len(entries)
        if progress:
            progress("relations", report.relations, relations)
    with transaction.atomic():
        _close_lines(lines, totals)
    report.ledger_entries += len(lines)
    _analyze()
    # Written around Django's signals: the cached reads (counts, filter options, public pages)
    # are told, as the import tells them.
    for model in (Partner, Relation, Party, Agreement, Involvement, Activity, BudgetLine):
        bulk_written.send(sender=model)
    report.seconds["register"] = time.perf_counter() - began
    if assess:
        began = time.perf_counter()
        report.assessments = scale_assess(progress=progress)
        _analyze()
        report.seconds["assessments"] = time.perf_counter() - began
    return report


def _analyze() -> None:
    """Fresh planner statistics after the bulk load: without them PostgreSQL plans the relation
    list's joins for the handful of rows it saw at the migration (a filtered page took 24 s at
    100,000 relations, 6 ms after ``ANALYZE``); SQLite's ``ANALYZE`` fills its statistics too.

    On PostgreSQL outside a transaction it is ``VACUUM (ANALYZE)``, the state autovacuum leaves a
    table in some time after a bulk load: the visibility map set, so that a count is an
    index-only scan (12 ms for 100,000 relations, against a 27 ms scan of the table before)."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")


def register_is_empty() -> bool:
    return not Relation.objects.exists()


def register_holds_scale_data() -> bool:
    """Generated data is written once per database: its identifiers would collide."""
    return BudgetLine.objects.filter(slug__startswith=SLUG_PREFIX).exists()
