"""The committee as it stands today is assessed and stored like a relation (issue 3)."""

import pytest

from intrel.accounts.constants import Role
from intrel.assessments.models import Assessment
from intrel.governance.tests.conftest import Setup


@pytest.mark.django_db
def test_the_committee_page_stores_todays_assessment_and_the_start_page_shows_it(
    client, make_user, setup: Setup
) -> None:
    client.force_login(make_user(Role.POLICY_OFFICER))
    html = client.get("/governance/committees/commissie-ib").content.decode()
    stored = Assessment.objects.get(subject_type="committee", subject_key="commissie-ib")
    # The mayor still chairs by office today: BES-10 violations, confirmable on the page.
    assert stored.is_current and stored.violation_count >= 2
    assert "as_of" not in stored.facts
    assert f"/assessments/{stored.pk}/confirm/" in html
    assert "BES-10" in html
    # Seeing the page again with nothing changed stores nothing new.
    client.get("/governance/committees/commissie-ib")
    assert Assessment.objects.filter(subject_type="committee").count() == 1
    home = client.get("/").content.decode()
    assert "Commissie IB" in home.split('id="violations-h"')[1]
    response = client.post(f"/assessments/{stored.pk}/confirm/")
    assert response["Location"].startswith("/governance/committees/commissie-ib")


@pytest.mark.django_db
def test_the_portfolios_page_shows_what_the_framework_assigns(client, make_user) -> None:
    from intrel.governance import services
    from intrel.relations.tests.factories import RelationFactory

    services.portfolios_sync_from_framework()
    RelationFactory(
        slug="helmond-jiangsu",
        name="Brabant–Jiangsu",
        registered_kind="economic",
        initiated_by="region",
        purposes=["economy"],
        owner_kind="executive_board",
        owner_portfolio="",
    )
    from intrel.assessments.services import relation_assess
    from intrel.relations.models import Relation

    relation_assess(relation=Relation.objects.get(slug="helmond-jiangsu"))
    client.force_login(make_user(Role.COUNCIL_MEMBER))
    html = client.get("/governance/portfolios").content.decode()
    ez_row = html.split(">EZ<")[1].split("</tr>")[0]
    # registered with nobody's portfolio, routed to EZ by the framework: marked to move
    assert "Brabant–Jiangsu" in ez_row and "to move" in ez_row


@pytest.mark.django_db
def test_an_annual_report_for_an_impossible_year_is_not_found(client, make_user, setup) -> None:
    client.force_login(make_user(Role.CLERK))
    for year in (0, 10000):
        assert client.get(f"/governance/committees/commissie-ib/report/{year}").status_code == 404
        pdf = client.get(f"/governance/committees/commissie-ib/report/{year}.pdf")
        assert pdf.status_code == 404
