"""The officer runs a review round in a real browser (issue 15): start it from the menu, assess
every relation, override one conclusion with a reason, record the committee's advice, the board's
proposal and the council's decision, and sees the actions appear, per owner (the committee's
composition changes among them); then has the council report built and offered."""

import re

import pytest

from intrel.accounts.constants import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo_without_its_round() -> None:
    from intrel.demo.services import demo_accounts_link, demo_load
    from intrel.reviews.models import ReviewRound

    demo_load()
    demo_accounts_link()
    # The demo's own round is open over every relation; this officer starts the review anew.
    ReviewRound.objects.all().delete()


def _step(page, name: str, fields: dict[str, str]) -> None:
    form = page.locator(f"form[action$='/steps/{name}/']")
    for field, value in fields.items():
        form.locator(f"[name='{name}-{field}']").fill(value)
    form.locator("button[type=submit]").click()


def test_officer_runs_a_round_to_the_council_decision(live_server, page, screenshot, make_user):
    make_user(Role.POLICY_OFFICER, username="pieter")
    _demo_without_its_round()

    page.context.add_cookies([{"name": "django_language", "value": "nl", "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "pieter")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))

    # The menu's "Herijking" leads to the rounds; start one as of 1 January 2014.
    page.click("nav.main-nav a[href='/reviews/']")
    assert page.locator("nav.main-nav a[href='/reviews/']").inner_text() == "Herijking"
    page.wait_for_url(re.compile(r"/reviews/$"))
    page.click("text=Herijkingsronde starten")
    page.fill("#id_title", "Herijking 2013–2014")
    page.select_option("#id_framework", "helmond-2013")
    page.fill("#id_reference_date", "2014-01-01")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/reviews/\d+/$"))
    assert page.locator("tr[data-state='to_assess']").count() == 8

    # Assess every relation, then set one conclusion aside, with a reason.
    page.click("#progress button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("tr[data-state='to_assess']").count() == 0
    row = page.locator("tr", has_text="Zielona Góra").first
    row.locator("summary").click()
    row.locator("textarea").fill("De raad wil eerst het gesprek met Zielona Góra afwachten.")
    row.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("tr[data-state='overridden']").count() == 1

    # The steps in order; a decision dated before the proposal is refused, saying why.
    _step(page, "advice", {"text": "De commissie adviseert positief.", "on": "2014-05-13"})
    page.wait_for_load_state()
    _step(page, "proposal", {"text": "Het college stelt de raad voor.", "on": "2014-06-03"})
    page.wait_for_load_state()
    _step(page, "decision", {"text": "De raad besluit.", "on": "2014-06-01"})
    assert "vóór het voorstel van het college" in page.locator("#error-summary").inner_text()
    _step(page, "decision", {"text": "De raad stelt de herijking vast.", "on": "2014-07-01"})
    page.wait_for_load_state()
    assert "besloten door de raad" in page.locator(".lead").inner_text()

    # The actions appear: on the round, and per owner.
    actions = page.locator("#actions tbody tr")
    assert actions.count() > 0
    assert "San Marcos" in page.locator("#actions").inner_text()
    assert "Commissie Internationale Betrekkingen" in page.locator("#actions").inner_text()
    screenshot("review-round-decided")

    # The council report: built in the background (inline here), its files offered when ready.
    page.click("#council-report button[type=submit]")
    page.wait_for_url(re.compile(r"/reviews/\d+/reports/\d+/$"))
    assert "klaar" in page.locator("#report-state").inner_text()
    assert page.locator("#report-files a").all_inner_texts() == ["PDF", "DOCX", "XLSX"]
    screenshot("review-council-report-ready")
    page.go_back()
    page.goto(f"{live_server.url}/reviews/actions/")
    owners = page.locator("section.owner-actions h2").all_inner_texts()
    assert any("Marieke Jansen" in o for o in owners)
    assert any("Tom van Lieshout" in o for o in owners)
    screenshot("review-actions-per-owner")
