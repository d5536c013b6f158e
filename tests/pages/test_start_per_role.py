"""Each role's start page answers "what needs me now" for the person behind the account
(issue 17), on the demo data, and the application manager links accounts to persons."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from intrel.governance.models import Person

from .conftest import Demo

pytestmark = pytest.mark.django_db


def _client(demo: Demo, role: str) -> Client:
    client = Client()
    client.force_login(demo.users[role])
    client.cookies["django_language"] = "nl"
    return client


def _text(demo: Demo, role: str) -> str:
    response = _client(demo, role).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&amp;", "&")


CONFIRMATION = "Beoordelingen die wachten op bevestiging"
CONFLICTS = "Strijdigheden en waarschuwingen onder het beleidskader, per eigenaar"


def test_the_policy_officer_sees_conflicts_confirmations_and_dormant_relations(demo: Demo) -> None:
    text = _text(demo, "beleid")
    assert CONFLICTS in text
    assert CONFIRMATION in text
    dormant = text[text.index("Slapende relaties") :]
    for name in ("Mechelen", "San Marcos", "Zielona Góra"):
        assert name in dormant
    # An owner reads as a person would say it, without the portfolio's code.
    assert "portefeuille Cultuur" in text
    assert "CUL" not in text


def test_the_alderman_sees_her_portfolio_its_relations_and_budget(demo: Demo) -> None:
    text = _text(demo, "wethouder")
    assert "Uw portefeuille: Economische Zaken" in text
    portfolio = text[text.index("Uw portefeuille: Economische Zaken") :]
    assert "Internationale acquisitie Brainport" in portfolio
    assert "Brabant–Jiangsu" in portfolio
    assert "€ 3.000,00 van € 30.000,00 over" in portfolio
    assert "Wat het beleidskader van u vraagt" in text
    # She cannot confirm assessments, so she is not asked to.
    assert CONFIRMATION not in text


def test_an_unlinked_alderman_is_told_why_her_portfolio_is_missing(demo: Demo) -> None:
    Person.objects.filter(account=demo.users["wethouder"]).update(account=None)
    text = _text(demo, "wethouder")
    assert "Uw portefeuille: Economische Zaken" not in text
    assert "niet gekoppeld" in text


def test_the_clerk_sees_meetings_and_minutes_to_record(demo: Demo) -> None:
    text = _text(demo, "griffie")
    assert "Vergaderingen om voor te bereiden" in text
    assert "Verslagen en besluiten vast te leggen" in text
    assert "Commissievergadering 13 mei 2014" in text
    assert CONFIRMATION not in text


def test_the_committee_member_sees_the_committee_budget_and_solidarity_relations(
    demo: Demo,
) -> None:
    text = _text(demo, "commissie")
    assert "Het budget van de commissie 2014" in text
    assert "€ 19.000,00 toegezegd van € 35.000,00, € 16.000,00 over" in text
    solidarity = text[text.index("Solidariteitsrelaties") :]
    assert "Stichting Obumu Nederland–Uganda" in solidarity
    assert CONFIRMATION not in text


def test_the_council_member_gets_an_overview_to_read_not_work_to_do(demo: Demo) -> None:
    text = _text(demo, "raad")
    assert "Overzicht voor de controle" in text
    assert "2014: € 80.000,00 beschikbaar, € 53.500,00 toegezegd, 1.300 uur" in text
    assert "Laatste raadsbesluiten" in text
    assert "Overdracht solidariteitsbudget aan de commissie Internationale Betrekkingen" in text
    assert CONFIRMATION not in text
    assert CONFLICTS not in text


def test_the_application_manager_sees_accounts_and_the_framework_in_force(demo: Demo) -> None:
    text = _text(demo, "beheer")
    assert "Accounts en rollen" in text
    assert "Het geldende beleidskader" in text
    assert "van kracht vanaf 1 januari 2014" in text
    assert CONFLICTS not in text


# --- persons and accounts -----------------------------------------------------------------


def test_the_application_manager_links_and_unlinks_an_account(demo: Demo) -> None:
    client = _client(demo, "beheer")
    url = reverse("governance:persons")
    person = Person.objects.exclude(account__isnull=False).order_by("name").first()
    assert person is not None
    page = client.get(url)
    assert page.status_code == 200
    assert person.name in page.content.decode()

    spare = demo.users["beheer"]
    Person.objects.filter(account=spare).update(account=None)
    response = client.post(url, {"person": person.pk, "account": spare.pk}, follow=True)
    assert response.status_code == 200
    assert f"treedt nu op als {person.name}" in response.content.decode()
    person.refresh_from_db()
    assert person.account_id == spare.pk
    assert person.history.first().account_id == spare.pk  # the change is in the history

    response = client.post(url, {"person": person.pk, "account": ""}, follow=True)
    assert f"{person.name} heeft nu geen account." in response.content.decode()
    person.refresh_from_db()
    assert person.account_id is None


def test_one_account_cannot_act_as_two_persons(demo: Demo) -> None:
    client = _client(demo, "beheer")
    alderman = Person.objects.get(account=demo.users["wethouder"])
    other = Person.objects.exclude(pk=alderman.pk).order_by("name").first()
    assert other is not None
    response = client.post(
        reverse("governance:persons"),
        {"person": other.pk, "account": demo.users["wethouder"].pk},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Account:" in html
    assert f"is al gekoppeld aan {alderman.name}" in html
    other.refresh_from_db()
    assert other.account_id != demo.users["wethouder"].pk


@pytest.mark.parametrize("role", ["beleid", "wethouder", "griffie", "commissie", "raad"])
def test_only_the_application_manager_links_accounts(demo: Demo, role: str) -> None:
    client = _client(demo, role)
    url = reverse("governance:persons")
    assert client.get(url).status_code == 403
    person = Person.objects.order_by("name").first()
    assert person is not None
    before = person.account_id
    assert client.post(url, {"person": person.pk, "account": ""}).status_code == 403
    person.refresh_from_db()
    assert person.account_id == before


def test_the_clerk_opens_an_initiative_to_screen_from_the_start_page(demo: Demo) -> None:
    from intrel.initiatives.constants import Step
    from intrel.initiatives.models import Initiative

    initiative = Initiative.objects.filter(step=Step.SUBMITTED).order_by("reference").first()
    assert initiative is not None
    html = _client(demo, "griffie").get("/").content.decode()
    assert f'href="/initiatives/{initiative.reference}/"' in html
