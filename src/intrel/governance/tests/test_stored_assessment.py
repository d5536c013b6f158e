"""The committee as it stands today is assessed and stored like a relation (issue 3), by the
writes that change it; its page only reads (ADR 0009)."""

from datetime import date

import pytest
from django.urls import reverse

from intrel.accounts.constants import Role
from intrel.assessments.models import Assessment
from intrel.governance import services
from intrel.governance.models import Committee
from intrel.governance.tests.conftest import Setup

STALE = 'id="assessment-stale"'


def _rows() -> list[tuple[int, bool]]:
    return list(Assessment.objects.order_by("pk").values_list("pk", "is_current"))


def _current(subject_type: str, key: str) -> Assessment:
    return Assessment.objects.get(subject_type=subject_type, subject_key=key, is_current=True)


@pytest.mark.django_db
def test_the_committees_writes_store_todays_assessment_and_the_pages_show_it(
    client, make_user, setup: Setup
) -> None:
    # Stored by the writes that seated the committee (ADR 0009), not by a page.
    stored = _current("committee", "commissie-ib")
    before = _rows()
    client.force_login(make_user(Role.POLICY_OFFICER))
    html = client.get("/governance/committees/commissie-ib").content.decode()
    # The mayor still chairs by office today: BES-10 violations, confirmable on the page.
    assert stored.is_current and stored.violation_count >= 2
    assert "as_of" not in stored.facts
    assert f"/assessments/{stored.pk}/confirm/" in html
    assert "BES-10" in html and STALE not in html
    # Seeing the page, today or another day, stores nothing.
    client.get("/governance/committees/commissie-ib")
    client.get("/governance/committees/commissie-ib?date=2012-01-01")
    assert _rows() == before
    home = client.get("/").content.decode()
    assert "Commissie IB" in home.split('id="violations-h"')[1]
    response = client.post(f"/assessments/{stored.pk}/confirm/")
    assert response["Location"].startswith("/governance/committees/commissie-ib")


@pytest.mark.django_db
def test_a_change_of_the_committee_stores_a_fresh_assessment(setup: Setup) -> None:
    before = _current("committee", "commissie-ib")
    services.committee_membership_end(membership=setup.mayor_seat, end=date(2013, 12, 31))
    after = _current("committee", "commissie-ib")
    assert after.pk != before.pk
    assert "Burgemeester B" not in [m["name"] for m in after.facts["members"]]


@pytest.mark.django_db
def test_a_stale_committee_assessment_says_so_and_the_button_reassesses(
    client, make_user, setup: Setup
) -> None:
    client.force_login(make_user(Role.POLICY_OFFICER))
    # Changed behind the services' back: the stored assessment no longer fits the facts.
    Committee.objects.filter(pk=setup.committee.pk).update(name="Commissie Internationaal")
    before = _rows()
    page = client.get("/governance/committees/commissie-ib").content.decode()
    assert STALE in page and _rows() == before
    button = reverse("assessments:reassess", args=["committee", "commissie-ib"])
    assert f'action="{button}"' in page
    response = client.post(button)
    assert response["Location"] == "/governance/committees/commissie-ib#assessment"
    assert _current("committee", "commissie-ib").facts["name"] == "Commissie Internationaal"
    assert STALE not in client.get("/governance/committees/commissie-ib").content.decode()


@pytest.mark.django_db
def test_a_stale_budget_line_assessment_says_so_and_the_button_reassesses(
    client, make_user
) -> None:
    from intrel.budgets.models import BudgetLine
    from intrel.budgets.services import budget_line_create

    client.force_login(make_user(Role.POLICY_OFFICER))
    line = budget_line_create(
        slug="algemeen-2026",
        year=2026,
        name="Algemeen 2026",
        purpose="general",
        holder_kind="executive_board",
        money="1000",
        hours="0",
    )
    url = reverse("budgets:line", args=[line.slug])
    assert STALE not in client.get(url).content.decode()
    BudgetLine.objects.filter(pk=line.pk).update(purpose="economic")
    before = _rows()
    assert STALE in client.get(url).content.decode()
    assert _rows() == before
    response = client.post(reverse("assessments:reassess", args=["budget_line", line.slug]))
    assert response["Location"] == url + "#assessment"
    assert _current("budget_line", line.slug).facts["purpose"] == "economic"
    assert STALE not in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_portfolios_page_shows_what_the_framework_assigns(client, make_user) -> None:
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
