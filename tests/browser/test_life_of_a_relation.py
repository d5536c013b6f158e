"""The officer ends a relation in a real browser (issue 14, "What it must show"): proposes to end
Helmond – Mechelen, tries to skip the consultation and is told why not (IMP-4), records the
consultation, links the council's decision, gives notice (a date before the agreements allow is
refused, IMP-3), downloads the letters in Dutch and English (the DOCX and PDF open and name both
cities and the effective date), and the relation ends on the date the agreements allow."""

import re
from datetime import date, timedelta
from io import BytesIO, StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from intrel.accounts.constants import Role
from intrel.core import formatting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "helmond-mechelen"


def _council_decides(on: date) -> str:
    """The council's decision to end the relation, as the clerk records it in governance."""
    from intrel.governance import services as gov
    from intrel.relations.models import Relation

    meeting = gov.meeting_create(body="council", date=on, title="Raadsvergadering")
    return gov.decision_record(
        meeting=meeting,
        kind="relation_ending",
        title="Beëindiging stedenband Helmond – Mechelen",
        result="adopted",
        relation=Relation.objects.get(slug=SLUG),
    ).identifier


def _record(page, live_server, kind: str, fields: dict[str, str]) -> None:
    page.goto(f"{live_server.url}/relations/{SLUG}/")
    page.click(f"#life-next a[href$='kind={kind}']")
    page.wait_for_url(re.compile(r"/life/new/"))
    assert page.locator("#id_kind").input_value() == kind
    for name, value in fields.items():
        if name == "answered":
            page.select_option(f"#id_{name}", value)
        else:
            page.fill(f"#id_{name}", value)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def _letter_text(path: Path, fmt: str) -> str:
    data = path.read_bytes()
    if fmt == "docx":
        from docx import Document

        return "\n".join(p.text for p in Document(BytesIO(data)).paragraphs)
    from pypdf import PdfReader

    # A PDF's lines break where the page does: read it as one run of words.
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages).split())


def test_officer_ends_a_relation_in_steps(live_server, page, screenshot, make_user, tmp_path):
    from intrel.demo.services import demo_load
    from intrel.relations.models import Relation
    from intrel.relations.selectors import notice_effective_from

    make_user(Role.POLICY_OFFICER, username="pieter")
    with translation.override("nl"):
        demo_load()
    today = date.today()
    relation = Relation.objects.get(slug=SLUG)
    # Mechelen's declaration has no end and 12 months' notice: the earliest end is a year on.
    earliest = notice_effective_from(relation, today)
    assert earliest > today

    page.context.add_cookies([{"name": "django_language", "value": "nl", "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "pieter")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))

    # The page says when notice given today takes effect at the earliest (IMP-3).
    page.goto(f"{live_server.url}/relations/{SLUG}/")
    with translation.override("nl"):
        earliest_nl = formatting.day(earliest)
        today_nl = formatting.day(today)
    with translation.override("en"):
        earliest_en = formatting.day(earliest)
    assert earliest_nl in page.locator("#life").inner_text()

    # 1. The proposal, with its reasons.
    _record(
        page,
        live_server,
        "proposal",
        {"date": today.isoformat(), "text": "Al jaren geen activiteit; de band is slapend."},
    )
    assert "Voorstel tot beëindiging" in page.locator("#life-steps").inner_text()

    # 2. Skipping the consultation is refused, and the page says why (IMP-4).
    council = _council_decides(today)
    _record(page, live_server, "decision", {"date": today.isoformat(), "decision": council})
    summary = page.locator("#error-summary").inner_text()
    assert "IMP-4" in summary and "overleg" in summary.lower()
    assert Relation.objects.get(slug=SLUG).life_steps.count() == 1

    # 3. The consultation of the partner, then the council's decision.
    _record(
        page,
        live_server,
        "consultation",
        {
            "date": today.isoformat(),
            "party": "Stad Mechelen",
            "answered": "true",
            "text": "Mechelen begrijpt het besluit.",
        },
    )
    _record(page, live_server, "decision", {"date": today.isoformat(), "decision": council})
    assert council in page.locator("#life-steps").inner_text()

    # 4. Notice: a date before the agreements allow is refused (IMP-3); the earliest is taken.
    _record(
        page,
        live_server,
        "notice",
        {"date": today.isoformat(), "effective_date": today.isoformat()},
    )
    summary = page.locator("#error-summary").inner_text()
    assert "IMP-3" in summary and earliest_nl in summary
    _record(
        page,
        live_server,
        "notice",
        {"date": today.isoformat(), "effective_date": earliest.isoformat()},
    )
    assert "wordt beëindigd" in page.locator("#life").inner_text()
    assert f"eindigt op {earliest_nl}" in page.locator("#ends-on").inner_text()
    screenshot("life-notice-given")

    # The letters, downloaded from the timeline, in Dutch and in English, DOCX and PDF.
    letters = page.locator(".life-letters a")
    assert letters.count() == 4
    for index in range(4):
        link = letters.nth(index)
        href = link.get_attribute("href") or ""
        language, fmt = re.search(r"letter-(nl|en)\.(docx|pdf)$", href).groups()
        with page.expect_download() as info:
            link.click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        text = _letter_text(path, fmt)
        assert "Helmond" in text and "Mechelen" in text, href
        assert (earliest_nl if language == "nl" else earliest_en) in text, href
        if language == "nl":
            assert today_nl in text and "Stad Mechelen" in text and "bedanken" in text

    # 5. The relation ends on the date the agreements allow: not before (the nightly run the
    # day before leaves it being ended), on the date itself.
    with time_machine.travel(earliest - timedelta(days=1)):
        call_command("assess_all", stdout=StringIO())
    assert Relation.objects.get(slug=SLUG).status == "ending"
    with time_machine.travel(earliest):
        call_command("assess_all", stdout=StringIO())
    relation = Relation.objects.get(slug=SLUG)
    assert relation.status == "ended" and relation.end_date == earliest
    page.goto(f"{live_server.url}/relations/{SLUG}/")
    assert "Huidige status: beëindigd" in page.locator("#life").inner_text()
    screenshot("life-ended")
