"""A citizen initiative from the public form to the reported results, in a real browser (issue
13): a resident submits it with an attachment, the griffie screens it and puts it on a committee
meeting's agenda, records the committee's decision to support it with money from the committee's
line, and the initiator follows the decision through the private link from the e-mail and
reports the results. The e-mails sent are read from Django's outbox (the live server runs in this
process, with the locmem backend of the tests)."""

import re

import pytest
from django.core import mail

from intrel.accounts.constants import Role
from intrel.core.tests.test_uploads import real_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEETING = "Commissievergadering 13 mei 2014"
LINK = re.compile(r"https?://\S+/initiatives/link/[A-Za-z0-9_\-]+/")


def _demo() -> None:
    from intrel.demo.services import demo_accounts_link, demo_load

    demo_load()
    demo_accounts_link()


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-only")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def _step(page, name: str) -> None:
    page.locator(f"form[action$='/{name}/'] button[type=submit]").click()
    page.wait_for_load_state()


def test_a_resident_initiative_from_the_form_to_the_report(
    live_server, page, screenshot, make_user
) -> None:
    from intrel.budgets.models import Allocation, BudgetLine
    from intrel.governance.models import AgendaItem, Meeting
    from intrel.initiatives.models import Initiative

    make_user(Role.CLERK, username="griet")
    _demo()
    mail.outbox.clear()
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "nl", "url": base}])

    # The resident, without an account, fills in the public form with a plan as a PDF.
    page.goto(f"{base}/initiatives/new/")
    page.fill("#id_title", "Fietsen voor Kisoro")
    page.fill("#id_description", "Tweedehands fietsen voor <b>scholieren</b> in Kisoro.")
    page.select_option("#id_country", "UG")
    page.fill("#id_place", "Kisoro")
    page.check("input[name='purposes'][value='development']")
    page.check("input[name='support_asked'][value='money']")
    page.fill("#id_money_asked", "1500")
    page.fill("#id_start", "2014-06-01")
    page.fill("#id_end", "2014-12-31")
    page.fill("#id_organisation", "Stichting Fietsbrug")
    page.fill("#id_contact_name", "Anna de Vries")
    page.fill("#id_contact_email", "anna@example.org")
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": real_pdf()}],
    )
    page.check("#id_consent")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/initiatives/new/thanks/$"))
    initiative = Initiative.objects.get(title="Fietsen voor Kisoro")
    assert initiative.reference in page.locator("main").inner_text()
    assert initiative.attachments.get().name == "plan.pdf"

    # The receipt carries the private link.
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert initiative.reference in mail.outbox[0].subject
    link = LINK.search(mail.outbox[0].body)
    assert link is not None
    link_url = link.group(0)

    # The griffie screens it: the engine's view of the proposed relation is on the page, and the
    # resident's HTML is shown as text.
    _login(page, base, "griet")
    page.goto(f"{base}/initiatives/{initiative.reference}/")
    assert "Het oordeel van het beleidskader over de voorgestelde relatie" in page.content()
    assert "<b>scholieren</b>" in page.locator("dl.facts").inner_text()
    with page.expect_download() as download:
        page.click("dl.facts a:has-text('plan.pdf')")
    assert download.value.suggested_filename == "plan.pdf"
    page.locator("form[action$='/screen/'] textarea").fill("Compleet; past bij solidariteit.")
    _step(page, "screen")
    assert "beoordeeld" in page.locator(".lead").inner_text()

    # ... puts it on the committee's meeting of 13 May 2014 ...
    meeting = Meeting.objects.get(title=MEETING)
    page.select_option("#id_schedule-meeting", str(meeting.pk))
    _step(page, "schedule")
    assert "geagendeerd" in page.locator(".lead").inner_text()
    assert AgendaItem.objects.filter(meeting=meeting, text__contains=initiative.reference).exists()

    # ... and records the committee's decision: support, EUR 1,500 from the committee's line.
    line = BudgetLine.objects.get(slug="solidariteit-2014")
    left_before = line.money_left
    page.select_option("#id_decide-outcome", "supported")
    page.fill("#id_decide-reasons", "Past bij de solidariteitsgedachte; de commissie steunt het.")
    page.fill("#id_decide-money", "1500")
    page.select_option("#id_decide-line", str(line.pk))
    _step(page, "decide")
    assert "besloten" in page.locator(".lead").inner_text()
    assert "€\xa01.500,00" in page.locator("dl.facts").inner_text()
    allocation = Allocation.objects.get(initiative=initiative)
    assert allocation.line == line and allocation.date == meeting.date
    assert BudgetLine.objects.get(pk=line.pk).money_left == left_before - 1500
    # The allocation shows on the committee's line, naming the initiative.
    page.goto(f"{base}/budgets/lines/{line.slug}")
    assert initiative.reference in page.locator("main").inner_text()
    page.goto(f"{base}/initiatives/{initiative.reference}/")
    page.fill("#id_start-report_due", "2015-01-31")
    _step(page, "start")
    assert "in uitvoering" in page.locator(".lead").inner_text()

    # The initiator was told of the decision by e-mail.
    decision_mail = mail.outbox[-1]
    assert decision_mail.to == ["anna@example.org"]
    assert "Besluit" in decision_mail.subject and initiative.reference in decision_mail.subject
    assert "Past bij de solidariteitsgedachte" in decision_mail.body

    # The initiator opens the private link (a fresh browser, no account): the decision and the
    # money granted, then the report.
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "nl", "url": base}])
    page.goto(link_url.replace(re.match(r"https?://[^/]+", link_url).group(0), base))
    main = page.locator("main").inner_text()
    assert "Fietsen voor Kisoro" in main
    assert "€\xa01.500,00" in main
    assert "Past bij de solidariteitsgedachte" in main
    screenshot("initiative-private-link-decided")
    page.fill("#id_report", "Veertig fietsen geleverd aan twee scholen in Kisoro.")
    page.locator("form:has(input[value='report']) button[type=submit]").click()
    page.wait_for_load_state()
    assert "Veertig fietsen geleverd" in page.locator("main").inner_text()
    assert Initiative.objects.get(pk=initiative.pk).step == "reported"

    # Every e-mail went to the initiator: the receipt and the decision, nothing else.
    assert [m.to for m in mail.outbox] == [["anna@example.org"]] * 2
    assert "ontvangen" in mail.outbox[0].subject
