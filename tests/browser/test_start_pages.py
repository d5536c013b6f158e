"""Each role's start page in Chromium, on the demo data (issue 17): the items of that role are
shown, and none the role cannot act on. A screenshot of each is kept for people to look at."""

import re

import pytest

from intrel.accounts.services import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db(transaction=True)

CONFIRM = "Beoordelingen die wachten op bevestiging"
CONFLICTS = "Strijdigheden en waarschuwingen onder het beleidskader, per eigenaar"

# username -> (shown, not shown)
EXPECTED = {
    "beleid": ([CONFLICTS, CONFIRM, "Slapende relaties", "Stedenband Helmond – Mechelen"], []),
    "wethouder": (
        ["Uw portefeuille: Economische Zaken", "Internationale acquisitie Brainport"],
        [CONFIRM],
    ),
    "griffie": (["Vergaderingen om voor te bereiden", "Verslagen en besluiten"], [CONFIRM]),
    "commissie": (["Het budget van de commissie 2014", "Solidariteitsrelaties"], [CONFIRM]),
    "raad": (["Overzicht voor de controle", "Laatste raadsbesluiten"], [CONFIRM, CONFLICTS]),
    "beheer": (["Accounts en rollen", "Het geldende beleidskader"], [CONFLICTS]),
}


def _accounts() -> None:
    from django.contrib.auth.models import Group

    from intrel.accounts.models import User
    from intrel.accounts.services import roles_sync
    from intrel.demo.services import demo_accounts_link, demo_load

    roles_sync()
    demo_load()
    for account in DEMO_ACCOUNTS:
        user = User.objects.create_user(
            username=account.username,
            password="pw-for-tests-only",
            first_name=account.first_name,
            last_name=account.last_name,
        )
        user.groups.set([Group.objects.get(name=str(account.role))])
    demo_accounts_link()


def test_each_role_sees_its_own_start_page(live_server, browser):
    _accounts()
    for username, (shown, hidden) in EXPECTED.items():
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        # Dutch, as a municipality's staff read it (the test settings speak English).
        context.add_cookies([{"name": "django_language", "value": "nl", "url": live_server.url}])
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "pw-for-tests-only")
        page.click("form.form button[type=submit]")
        page.wait_for_url(re.compile(r"/$"))
        text = page.locator("main").inner_text()
        for item in shown:
            assert item in text, (username, item)
        for item in hidden:
            assert item not in text, (username, item)
        page.screenshot(path=str(_path(username)), full_page=True)
        context.close()


def _path(username: str):
    from .conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"start-{username}.png"


def test_the_officer_filters_the_register_on_conflicts(live_server, browser):
    """The work list in Chromium: the policy officer chooses 'in conflict' and gets San Marcos,
    Mechelen and Zielona Góra, and the filter stands in the address to share."""
    _accounts()
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "django_language", "value": "nl", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "beleid")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"{live_server.url}/relations/")
    page.select_option("#id_assessment", "conflicting")
    page.locator("form.filters button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"assessment=conflicting"))
    names = set(page.locator("main table tbody tr td:first-child a").all_inner_texts())
    assert {
        "Stedenband Helmond – San Marcos",
        "Stedenband Helmond – Mechelen",
        "Stedenband Helmond – Zielona Góra",
    } <= names
    assert not any(n.startswith(("MOV Stiphout", "Stichting Obumu")) for n in names)
    shared = page.url
    page.goto(shared)
    assert set(page.locator("main table tbody tr td:first-child a").all_inner_texts()) == names
    context.close()
