"""The committee's annual report on the whole demo: money spent from the budgets, no vote total.

Issue 10.5: the reports of 2013 and 2015 said budgets were not recorded in this application,
although the demo spends EUR 5,500 on solidarity in 2013 (from the solidarity line the executive
board held before the transfer); and a "total" row added up votes of different decisions (in the
PDF it was repeated before the last decision). Checked on the real PDF text (pypdf) and the page,
in Dutch and in English.
"""

import io
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from intrel.accounts.constants import Role
from intrel.governance.demo import COMMITTEE_SLUG

NBSP = "\u00a0"


@pytest.fixture
def raad_client(client: Client, make_user, demo_module: None) -> Client:
    client.force_login(make_user(Role.COUNCIL_MEMBER))
    return client


def _pdf_text(client: Client, year: int, language: str) -> str:
    from pypdf import PdfReader

    url = reverse("governance:annual-report-pdf", args=[COMMITTEE_SLUG, year])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.replace(NBSP, " ").split())


def _html(client: Client, year: int, language: str) -> str:
    url = reverse("governance:annual-report", args=[COMMITTEE_SLUG, year])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


NOT_RECORDED = [
    "not recorded in this application",
    "niet in deze toepassing",
    "not recorded",
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_2013_reports_the_solidarity_money_spent(raad_client: Client, language: str) -> None:
    total = "€ 5.500,00" if language == "nl" else "€5,500.00"
    for text in (_pdf_text(raad_client, 2013, language), _html(raad_client, 2013, language)):
        flat = " ".join(text.replace(NBSP, " ").replace("&nbsp;", " ").split())
        for phrase in NOT_RECORDED:
            assert phrase not in flat
        assert total in flat, flat[-1500:]
        assert "Solidariteitsbudget" in flat
        assert "€ 3.000,00" in flat if language == "nl" else "€3,000.00" in flat


@pytest.mark.django_db
def test_2014_reports_the_committees_line(raad_client: Client) -> None:
    text = _pdf_text(raad_client, 2014, "nl")
    assert "Solidariteitsbudget commissie IB" in text
    assert "Totaal besteed" in text
    assert "not recorded in this application" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_2015_says_no_line_is_recorded_for_the_year(raad_client: Client, language: str) -> None:
    text = _pdf_text(raad_client, 2015, language)
    for phrase in NOT_RECORDED:
        assert phrase not in text
    expected = (
        "Voor 2015 is geen begrotingspost van de commissie en geen post voor solidariteit "
        "vastgelegd."
        if language == "nl"
        else "No budget line of the committee and no solidarity budget line is recorded for 2015."
    )
    assert expected in text


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2013, 2014, 2015])
def test_no_row_adds_up_votes_of_different_decisions(raad_client: Client, year: int) -> None:
    for language in ("nl", "en"):
        pdf = _pdf_text(raad_client, year, language)
        html = _html(raad_client, year, language)
        for text in (pdf, html):
            assert not re.search(r"Tota(al|l): \d+ (besluit|decision)", text)
        assert "<tfoot" not in html  # WeasyPrint repeats a tfoot at every page break
    pdf = _pdf_text(raad_client, year, "en")
    # The decisions table ends with its last decision; nothing follows it but the kinds line.
    decisions = re.findall(r"IB-\d{4}-\d{3}", pdf)
    assert decisions == sorted(set(decisions), key=decisions.index)
