"""Governance facts a budget needs: a held portfolio, an unheld one, the committee, decisions."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from intrel.budgets import services
from intrel.budgets.constants import HolderKind, LinePurpose
from intrel.budgets.models import BudgetLine
from intrel.governance import services as gov
from intrel.governance.constants import Body, DecisionKind
from intrel.governance.models import Committee, Decision, Portfolio
from intrel.relations.models import Relation
from intrel.relations.services import relation_upsert_from_subject

RELATION: dict[str, Any] = {
    "subject": "relation",
    "id": "helmond-san-marcos",
    "name": "Helmond – San Marcos",
    "partner": {"name": "San Marcos", "country": "NI", "kind": "city"},
    "registered_kind": "solidarity",
    "initiated_by": "residents",
    "purposes": ["development"],
}


def school_pack() -> Any:
    """The citizen initiative allocations in these tests go to (INI-2014-0001, "Lespakket")."""
    from intrel.initiatives.models import Initiative

    return Initiative.objects.create(
        reference="INI-2014-0001",
        title="Lespakket",
        description="Een lespakket.",
        country="UG",
        place="Kampala",
        start=date(2014, 3, 1),
        organisation="Werkgroep",
        contact_name="Iemand",
        contact_email="iemand@example.org",
    )


@dataclass
class Gov:
    ez: Portfolio
    unheld: Portfolio
    committee: Committee
    decision: Decision  # adopted council decision of 2014-01-28
    rejected: Decision
    relation: Relation


@pytest.fixture
def g(db: None) -> Gov:
    ez = gov.portfolio_upsert(code="EZ", name_nl="Economische Zaken", name_en="Economic Affairs")
    unheld = gov.portfolio_upsert(code="SPO", name_nl="Sport", name_en="Sport")
    holder = gov.person_create(name="Wethouder EZ")
    gov.portfolio_holding_add(portfolio=ez, person=holder, start=date(2010, 3, 25))
    # SPO had a holder only until 2011.
    gov.portfolio_holding_add(
        portfolio=unheld,
        person=gov.person_create(name="Oud-wethouder"),
        start=date(2010, 3, 25),
        end=date(2011, 12, 31),
    )
    committee = gov.committee_create(
        slug="commissie-ib", name="Commissie IB", installed_on=date(2010, 4, 20)
    )
    meeting = gov.meeting_create(body=Body.COUNCIL, date=date(2014, 1, 28), title="Raad")
    decision = gov.decision_record(
        meeting=meeting, kind=DecisionKind.BUDGET, title="Overdracht", result="adopted"
    )
    rejected = gov.decision_record(
        meeting=meeting, kind=DecisionKind.BUDGET, title="Verworpen", result="rejected"
    )
    relation, _ = relation_upsert_from_subject(data=RELATION, source="manual")
    return Gov(ez, unheld, committee, decision, rejected, relation)


def make_line(
    g: Gov,
    *,
    slug: str = "line-2014",
    year: int = 2014,
    purpose: str = LinePurpose.SOLIDARITY,
    holder: str = HolderKind.COMMITTEE,
    money: str = "35000.00",
    hours: str = "150.0",
) -> BudgetLine:
    return services.budget_line_create(
        slug=slug,
        year=year,
        name=slug.replace("-", " ").title(),
        purpose=purpose,
        holder_kind=holder,
        portfolio=g.ez if holder == HolderKind.PORTFOLIO else None,
        committee=g.committee if holder == HolderKind.COMMITTEE else None,
        money=money,
        hours=hours,
    )


@pytest.fixture
def line(g: Gov) -> BudgetLine:
    """The committee's solidarity line for 2014: EUR 10,000 and 100 hours."""
    return make_line(g, money="10000.00", hours="100.0")
