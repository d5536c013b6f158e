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


@pytest.mark.django_db
def test_the_start_page_names_the_committee_as_the_framework_does(
    client, make_user, setup: Setup, settings
) -> None:
    """The heading over the committee's conflicts is the framework's label for its committee,
    in the interface language; a framework without a committee does not speak of one."""
    client.force_login(make_user(Role.POLICY_OFFICER))
    client.get("/governance/committees/commissie-ib")  # stores today's assessment
    client.cookies["django_language"] = "nl"
    card = client.get("/").content.decode().split('id="violations-h"')[1]
    assert "<h3>De commissie Internationale Betrekkingen</h3>" in card
    client.cookies["django_language"] = "en"
    card = client.get("/").content.decode().split('id="violations-h"')[1]
    assert "<h3>The International Relations committee</h3>" in card

    # The committee's conflicts under a framework that has no committee (stored as such).
    settings.INTREL_DEFAULT_FRAMEWORK = "voorbeeld-2026"
    Assessment.objects.filter(subject_type="committee").update(framework="voorbeeld-2026")
    card = client.get("/").content.decode().split('id="violations-h"')[1]
    assert "Commissie IB" in card
    assert "International Relations committee" not in card and "<h3>Other bodies</h3>" in card


@pytest.mark.django_db
def test_the_committee_page_prints_findings_in_the_interface_language(
    client, make_user, setup: Setup
) -> None:
    client.force_login(make_user(Role.POLICY_OFFICER))
    client.cookies["django_language"] = "nl"
    nl = client.get("/governance/committees/commissie-ib").content.decode()
    client.cookies["django_language"] = "en"
    en = client.get("/governance/committees/commissie-ib").content.decode()
    assert "wordt voorgezeten door de burgemeester" in nl and "is chaired by the mayor" not in nl
    assert "is chaired by the mayor" in en and "wordt voorgezeten door de burgemeester" not in en
