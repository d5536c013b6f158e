"""Junk in the budget overview's URL filters is named on the page (issue 10.10)."""

import html

from django.test import Client

from intrel.budgets.models import BudgetLine


def _text(client: Client, query: str) -> str:
    client.cookies["django_language"] = "nl"
    response = client.get(f"/budgets/{query}")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_an_unknown_year_is_named_with_the_year_shown(line: BudgetLine, officer_client: Client):
    page = _text(officer_client, "?year=abc")
    assert f"Onbekend jaar 'abc'; getoond: {line.year}." in page
    assert line.name in page  # the default year's lines are shown
    assert "Onbekend jaar '99999'" in _text(officer_client, "?year=99999")
    assert "Onbekend" not in _text(officer_client, f"?year={line.year}")


def test_an_unknown_holder_is_named_and_all_holders_shown(line: BudgetLine, officer_client: Client):
    page = _text(officer_client, f"?year={line.year}&holder=bogus")
    assert "Onbekende waarde 'bogus' voor houder; getoond: alle." in page
    assert line.name in page
