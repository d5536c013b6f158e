"""Issue 10.2: one list of countries for the register and the engine (Kosovo, XK, included)."""

from decimal import Decimal

import pytest

from intrel.accounts.constants import Role
from intrel.assessments.models import Assessment
from intrel.partners.countries import country_choices, is_country_code
from intrel.partners.models import Partner
from intrel.policy import COUNTRY_CODES
from intrel.relations import services


def test_the_register_and_the_engine_accept_the_same_countries() -> None:
    assert {code for code, _name in country_choices()} == set(COUNTRY_CODES)
    assert is_country_code("XK") and "XK" in COUNTRY_CODES


@pytest.mark.django_db
def test_a_relation_with_a_kosovar_partner_is_saved_and_assessed(api_client_for, officer) -> None:
    partner = Partner.objects.create(name="Prishtinë", country="XK", kind="city")
    relation = services.relation_create(
        user=officer,
        data=services.RelationData(
            name="Stedenband Helmond – Prishtinë",
            partner=partner,
            registered_kind="twinning",
            status="active",
            initiated_by="residents",
            purposes=["culture"],
            mutual_value=True,
            owner_kind="portfolio",
            owner_portfolio="CUL",
            budget_money_eur_per_year=Decimal("0"),
            budget_staff_hours_per_year=Decimal("0"),
            budget_held_by="none",
            budget_portfolio="",
        ),
    )
    stored = Assessment.objects.get(relation=relation, is_current=True)
    assert stored.facts["partner"]["country"] == "XK"
    assert stored.decision["owner"] == {**stored.decision["owner"], "portfolio": "CUL"}

    response = api_client_for(Role.COUNCIL_MEMBER).get(
        f"/api/v1/relations/{relation.slug}/assessment?asOf=2014-01-01"
    )
    assert response.status_code == 200, response.content
    assert response.json()["owner"]["portfolio"] == "CUL"
