"""An officer keeps the register in a real browser: log in, search, open, edit, see the history."""

import re
from datetime import date
from decimal import Decimal

import pytest

from intrel.accounts.constants import Role
from intrel.relations.models import Involvement, Party
from intrel.relations.tests.factories import (
    ActivityFactory,
    AgreementFactory,
    PartnerFactory,
    RelationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _register() -> str:
    """A small register that looks like Helmond's; returns the slug of the relation to edit."""
    mechelen = RelationFactory(
        slug="helmond-mechelen",
        name="Stedenband Helmond – Mechelen",
        partner=PartnerFactory(name="Mechelen", country="BE"),
        purposes=["culture", "sport", "economy"],
        owner_kind="portfolio",
        owner_portfolio="CUL",
        budget_money_eur_per_year=Decimal("7500"),
        budget_staff_hours_per_year=Decimal("120"),
        start_date=date(1964, 6, 1),
        description="Jumelage sinds 1964: uitwisseling van scholen, sportclubs en harmonieën.",
    )
    mechelen.parties.add(
        Party.objects.create(name="Stichting Jumelage Helmond", sector="civil_society")
    )
    AgreementFactory(
        relation=mechelen, title="Jumelage-akte", signed=date(1964, 6, 1), notice_months=6
    )
    Involvement.objects.create(
        relation=mechelen, actor="mayor", start=date(2010, 1, 1), person="Burgemeester"
    )
    ActivityFactory(relation=mechelen, date=date(2013, 9, 14), title="Bezoek Mechelse delegatie")
    RelationFactory(
        name="Helmond – Zhangjiagang",
        registered_kind="economic",
        partner=PartnerFactory(name="Zhangjiagang", country="CN"),
        purposes=["economy", "trade"],
        owner_portfolio="EZ",
        budget_portfolio="EZ",
    )
    RelationFactory(
        name="Solidariteit Helmond – San Marcos",
        registered_kind="solidarity",
        status="suspended",
        partner=PartnerFactory(name="San Marcos", country="NI"),
        purposes=["development"],
        owner_kind="committee",
        owner_portfolio="",
        verified=False,
        source="twin_towns",
    )
    return mechelen.slug


def test_officer_finds_edits_and_sees_the_history(live_server, page, screenshot, make_user):
    officer = make_user(Role.POLICY_OFFICER, username="pieter")
    officer.first_name, officer.last_name = "Pieter", "van den Heuvel"
    officer.save()
    slug = _register()

    # Log in through the login form (the register sends a stranger there first).
    page.goto(f"{live_server.url}/relations/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "pieter")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/relations/$"))
    assert page.locator("table.register tbody tr").count() == 3

    # Find the relation with the search box.
    page.fill("form.filters input[name=q]", "Mechelen")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"q=Mechelen"))
    rows = page.locator("table.register tbody tr")
    assert rows.count() == 1
    assert "Stedenband Helmond – Mechelen" in rows.first.inner_text()
    page.fill("form.filters input[name=q]", "")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"q=&"))
    screenshot("relations-list")

    # Open it.
    page.click("text=Stedenband Helmond – Mechelen")
    page.wait_for_url(re.compile(rf"/relations/{slug}/$"))
    assert page.locator("h1").inner_text() == "Stedenband Helmond – Mechelen"
    assert "Jumelage-akte" in page.locator("#agreements").inner_text()

    # Edit it: change the name.
    page.click(f"a[href='/relations/{slug}/edit/']")
    page.wait_for_url(re.compile(rf"/relations/{slug}/edit/$"))
    # An empty name is refused, named in the summary at the top and next to the field.
    page.fill("#id_name", "")
    page.click("form.form button[type=submit]")
    assert page.locator("#error-summary a[href='#field-name']").count() == 1
    assert page.locator("#field-name .errorlist").is_visible()
    screenshot("relation-form-errors")
    page.fill("#id_name", "Stedenband Helmond – Mechelen (jumelage)")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(rf"/relations/{slug}/$"))

    # The new name, and the history says who changed what.
    assert page.locator("h1").inner_text() == "Stedenband Helmond – Mechelen (jumelage)"
    history = page.locator("#history").inner_text()
    assert "Pieter van den Heuvel" in history
    assert "Stedenband Helmond – Mechelen → Stedenband Helmond – Mechelen (jumelage)" in history
    screenshot("relation-detail")
