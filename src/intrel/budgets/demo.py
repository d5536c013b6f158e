"""Helmond's budget lines for 2013 and 2014 for the demo (docs/demo-data.md, section Budgets).

The story: in 2013 the solidarity pot (EUR 35,000, the Global Goals round's total) is held by
the executive board, which the framework calls a BES-11 violation. For 2014 the council
decides on 28 January to move it to the International Relations committee; the transfer is
recorded in the ledger, and the committee's solidarity line fits the framework. Every amount,
date and staff-hour figure here is assumed; none is published.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from intrel.governance import services as governance
from intrel.governance.constants import Body, DecisionKind, DecisionResult
from intrel.governance.models import Committee, Decision, Portfolio
from intrel.relations.models import Activity, Relation

from . import services
from .constants import HolderKind, LinePurpose
from .models import Allocation, BudgetLine

COMMITTEE_SLUG = "commissie-internationale-betrekkingen"
TRANSFER_DAY = date(2014, 1, 28)
TRANSFER_TITLE = "Overdracht solidariteitsbudget aan de commissie Internationale Betrekkingen"

# slug, year, name, purpose, holder, portfolio code, money, hours
LINES = [
    (
        "solidariteit-2013",
        2013,
        "Solidariteitsbudget",
        LinePurpose.SOLIDARITY,
        HolderKind.EXECUTIVE_BOARD,
        None,
        "35000",
        "150",
    ),
    (
        "ez-internationaal-2013",
        2013,
        "Internationale economische betrekkingen",
        LinePurpose.ECONOMIC,
        HolderKind.PORTFOLIO,
        "EZ",
        "30000",
        "700",
    ),
    (
        "cultuur-stedenband-2013",
        2013,
        "Stedenband Mechelen: cultuur en citymarketing",
        LinePurpose.TOPICAL,
        HolderKind.PORTFOLIO,
        "CUL",
        "10000",
        "150",
    ),
    (
        "internationaal-algemeen-2014",
        2014,
        "Internationaal beleid algemeen",
        LinePurpose.GENERAL,
        HolderKind.EXECUTIVE_BOARD,
        None,
        "40000",
        "300",
    ),
    (
        "solidariteit-2014",
        2014,
        "Solidariteitsbudget commissie IB",
        LinePurpose.SOLIDARITY,
        HolderKind.COMMITTEE,
        None,
        "0",
        "0",
    ),
    (
        "ez-internationaal-2014",
        2014,
        "Internationale economische betrekkingen",
        LinePurpose.ECONOMIC,
        HolderKind.PORTFOLIO,
        "EZ",
        "30000",
        "800",
    ),
    (
        "cultuur-stedenband-2014",
        2014,
        "Stedenband Mechelen: cultuur en citymarketing",
        LinePurpose.TOPICAL,
        HolderKind.PORTFOLIO,
        "CUL",
        "10000",
        "200",
    ),
]

# line, date, relation (or None), initiative, money, hours, realised [(date, money, hours)],
# release on (date or None)
ALLOCATIONS: list[tuple[Any, ...]] = [
    (
        "solidariteit-2013",
        date(2013, 4, 15),
        "helmond-mov-stiphout",
        "",
        "3000",
        "8",
        [(date(2013, 6, 1), "3000", "8")],
        None,
    ),
    (
        "solidariteit-2013",
        date(2013, 10, 8),
        "helmond-obumu-uganda",
        "",
        "2500",
        "6",
        [(date(2013, 11, 20), "2500", "6")],
        None,
    ),
    (
        "ez-internationaal-2013",
        date(2013, 2, 1),
        "helmond-brabant-jiangsu",
        "",
        "12000",
        "300",
        [(date(2013, 5, 15), "6000", "140"), (date(2013, 11, 15), "4500", "140")],
        date(2013, 12, 20),
    ),
    (
        "ez-internationaal-2013",
        date(2013, 2, 1),
        "helmond-brainport-acquisitie",
        "",
        "15000",
        "350",
        [(date(2013, 9, 30), "15000", "350")],
        None,
    ),
    (
        "cultuur-stedenband-2013",
        date(2013, 3, 1),
        "helmond-mechelen",
        "",
        "6000",
        "100",
        [(date(2013, 7, 1), "5500", "90")],
        date(2013, 12, 20),
    ),
    (
        "solidariteit-2014",
        date(2014, 5, 13),
        "helmond-san-marcos",
        "",
        "5000",
        "20",
        [(date(2014, 9, 15), "4500", "18")],
        date(2014, 12, 15),
    ),
    (
        "solidariteit-2014",
        date(2014, 3, 11),
        "helmond-amazone-pater-toon-gruijters",
        "",
        "5000",
        "10",
        [(date(2014, 10, 1), "5000", "10")],
        None,
    ),
    (
        "solidariteit-2014",
        date(2014, 3, 11),
        "helmond-obumu-uganda",
        "",
        "2500",
        "6",
        [(date(2014, 6, 30), "2500", "6")],
        None,
    ),
    (
        "solidariteit-2014",
        date(2014, 3, 11),
        "helmond-mov-stiphout",
        "",
        "3000",
        "8",
        [(date(2014, 7, 15), "3000", "8")],
        None,
    ),
    (
        "solidariteit-2014",
        date(2014, 9, 9),
        None,
        "INI-2014-0001",  # the Global Goals school pack (the initiatives demo records it)
        "4000",
        "12",
        [(date(2014, 11, 28), "3800", "12")],
        None,
    ),
    (
        "ez-internationaal-2014",
        date(2014, 1, 6),
        "helmond-brabant-jiangsu",
        "",
        "12000",
        "300",
        [(date(2014, 1, 31), "9000", "160"), (date(2014, 6, 30), "2500", "100")],
        None,
    ),
    (
        "ez-internationaal-2014",
        date(2014, 1, 6),
        "helmond-brainport-acquisitie",
        "",
        "15000",
        "420",
        [(date(2014, 4, 30), "5000", "120"), (date(2014, 10, 31), "7000", "200")],
        None,
    ),
    (
        "cultuur-stedenband-2014",
        date(2014, 2, 3),
        "helmond-mechelen",
        "",
        "6000",
        "120",
        [(date(2014, 8, 29), "5000", "100")],
        None,
    ),
    (
        "internationaal-algemeen-2014",
        date(2014, 3, 3),
        "helmond-entp",
        "",
        "1500",
        "40",
        [(date(2014, 5, 20), "1500", "40")],
        None,
    ),
]


def _transfer_decision() -> Decision:
    """The council's decision of 28 January 2014 (created here: governance's demo has none)."""
    existing = Decision.objects.filter(title=TRANSFER_TITLE).first()
    if existing is not None:
        return existing
    meeting = governance.meeting_create(
        body=Body.COUNCIL, date=TRANSFER_DAY, title="Raadsvergadering 28 januari 2014"
    )
    return governance.decision_record(
        meeting=meeting,
        kind=DecisionKind.BUDGET,
        title=TRANSFER_TITLE,
        text="De raad draagt het solidariteitsbudget 2014 (EUR 35.000 en 150 uur) over aan de "
        "commissie Internationale Betrekkingen, conform de herijking (BES-11).",
        result=DecisionResult.ADOPTED,
    )


def _support_decision(relation: Relation | None, year: int) -> Decision | None:
    if relation is None:
        return None
    return Decision.objects.filter(
        relation=relation, kind=DecisionKind.INITIATIVE_SUPPORT, meeting__date__year=year
    ).first()


@transaction.atomic
def budgets_demo_load() -> list[BudgetLine]:
    """Create the demo's budget lines once (a second call leaves them as they are)."""
    if BudgetLine.objects.filter(slug=LINES[0][0]).exists():
        return list(BudgetLine.objects.order_by("year", "slug"))
    committee = Committee.objects.filter(slug=COMMITTEE_SLUG).first()
    if committee is None:
        return []  # governance's demo did not run: nothing to hold the committee's line
    lines: dict[str, BudgetLine] = {}
    for slug, year, name, purpose, holder, code, money, hours in LINES:
        portfolio = Portfolio.objects.filter(code=code).first() if code else None
        if code and portfolio is None:
            continue
        lines[slug] = services.budget_line_create(
            slug=slug,
            year=year,
            name=name,
            purpose=purpose,
            holder_kind=holder,
            portfolio=portfolio,
            committee=committee if holder == HolderKind.COMMITTEE else None,
            money=money,
            hours=hours,
        )
    services.budget_transfer(
        source=lines["internationaal-algemeen-2014"],
        target=lines["solidariteit-2014"],
        date=TRANSFER_DAY,
        money="35000",
        hours="150",
        decision=_transfer_decision(),
        description="Solidariteitsbudget 2014 naar de commissie (BES-11)",
    )
    for slug, day, rel, initiative, money, hours, realised, release in ALLOCATIONS:
        if slug not in lines:
            continue
        relation = Relation.objects.filter(slug=rel).first() if rel else None
        if rel and relation is None:
            continue
        if initiative and not services.initiative_exists(initiative):
            continue  # the initiatives demo did not run first
        activity = (
            Activity.objects.filter(relation=relation, date__year=day.year).order_by("date").first()
            if relation
            else None
        )
        allocation: Allocation = services.budget_allocate(
            line=lines[slug],
            date=day,
            money=money,
            hours=hours,
            relation=relation,
            activity=activity,
            initiative=initiative,
            decision=_support_decision(relation, day.year),
        )
        for when, m, h in realised:
            services.allocation_realise(
                allocation=allocation, date=when, money=Decimal(m), hours=Decimal(h)
            )
        if release is not None:
            services.allocation_release(allocation=allocation, date=release)
    return list(BudgetLine.objects.order_by("year", "slug"))
