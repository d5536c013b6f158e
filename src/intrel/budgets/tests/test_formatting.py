"""Every amount on the budgets pages, charts, messages and exports in the reader's language
(issue 10.4): nl ``€ 10.000,00`` (non-breaking space), en ``€10,000.00``; hours likewise. In
XLSX amounts stay numbers with a number format, never text."""

import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.utils import translation

from intrel.accounts.constants import Role
from intrel.budgets import services
from intrel.budgets.models import BudgetLine
from intrel.core.errors import DomainError

from .conftest import Gov
from .test_views import year_2014  # noqa: F401 - the fixture

NBSP = "\u00a0"
pytestmark = pytest.mark.django_db

# What the year_2014 fixture holds, in each language.
EXPECTED = {
    "nl": {
        "available": f"€{NBSP}45.000,50",  # the year's total
        "ez": f"€{NBSP}30.000,00",
        "spent": f"€{NBSP}7.000,25",
        "hours": ">840,5<",  # 100 + 700 + 40,5 available hours
        "left_line": f"€{NBSP}5.000,01",  # 10.000 - 4.999,99 left on the committee's line
    },
    "en": {
        "available": "€45,000.50",
        "ez": "€30,000.00",
        "spent": "€7,000.25",
        "hours": ">840.5<",
        "left_line": "€5,000.01",
    },
}
# The ad-hoc formats this replaced: "€ 45.000,50" with a plain space, or English with a space.
WRONG = {"nl": [r"€ \d", r"€\d"], "en": [r"€[ \u00a0]\d", r"\d\.\d{3},\d\d"]}


def _get(client: Client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _no_wrong_format(html: str, language: str) -> None:
    for pattern in WRONG[language]:
        found = re.search(pattern, html)
        assert not found, (pattern, html[max(0, found.start() - 80) : found.end() + 40])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_budget_pages_use_the_languages_format(
    year_2014: dict[str, BudgetLine],  # noqa: F811
    g: Gov,
    officer_client: Client,
    language: str,
) -> None:
    want = EXPECTED[language]
    overview = _get(officer_client, "/budgets/?year=2014", language)
    for key in ("available", "ez", "spent", "hours"):
        assert want[key] in overview, key
    _no_wrong_format(overview, language)

    line = year_2014["line"]
    detail = _get(officer_client, line.get_absolute_url(), language)
    assert want["left_line"] in detail
    _no_wrong_format(detail, language)

    form = _get(officer_client, f"/budgets/lines/{line.slug}/allocate", language)
    assert want["left_line"] in form
    _no_wrong_format(form, language)

    costs = _get(officer_client, g.relation.get_absolute_url(), language)
    section = costs.split('id="costs"', 1)[1].split("</section>", 1)[0]
    assert ("€\u00a012.000,00" if language == "nl" else "€12,000.00") in section
    _no_wrong_format(section, language)


@pytest.mark.parametrize(("language", "left"), [("nl", f"€{NBSP}5.000,01"), ("en", "€5,000.01")])
def test_over_commitment_message_in_the_languages_format(
    year_2014: dict[str, BudgetLine],  # noqa: F811
    language: str,
    left: str,
) -> None:
    from datetime import date

    from intrel.relations.models import Relation

    # For a relation: an initiative's own maximum (EUR 5,000) would refuse it first
    # (tests/pages/test_initiative_maximum.py).
    with translation.override(language), pytest.raises(DomainError) as exc:
        services.budget_allocate(
            line=year_2014["line"],
            date=date(2014, 6, 1),
            money="6000",
            hours="1",
            relation=Relation.objects.order_by("pk").first(),
        )
    assert left in exc.value.message
    assert left in str(exc.value.problems[0]["reason"])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_xlsx_amounts_are_numbers_with_a_number_format(
    year_2014: dict[str, BudgetLine],  # noqa: F811
    officer_client: Client,
    language: str,
) -> None:
    officer_client.cookies["django_language"] = language
    for url in ("/budgets/2014.xlsx", f"/budgets/lines/{year_2014['ez'].slug}.xlsx"):
        wb = openpyxl.load_workbook(io.BytesIO(officer_client.get(url).content))
        numbers: list[Any] = []
        for sheet in wb.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        assert not re.search(r"€|\d[.,]\d{3}[.,]\d", cell.value), cell.value
                    elif isinstance(cell.value, int | float | Decimal):
                        numbers.append(cell)
        assert numbers, url
        money = [c for c in numbers if c.number_format == "#,##0.00"]
        assert money, url
        assert any(Decimal(str(c.value)) == Decimal("12000") for c in money) or url.endswith(
            "2014.xlsx"
        )


def test_budget_chart_titles_use_the_languages_format(
    year_2014: dict[str, BudgetLine],  # noqa: F811
    make_user: Callable[..., Any],
    client: Client,
) -> None:
    client.force_login(make_user(Role.COUNCIL_MEMBER))
    nl = _get(client, "/budgets/?year=2014", "nl")
    en = _get(client, "/budgets/?year=2014", "en")
    charts_nl = "".join(re.findall(r"<svg.*?</svg>", nl, re.S))
    charts_en = "".join(re.findall(r"<svg.*?</svg>", en, re.S))
    assert f"€{NBSP}30.000" in charts_nl and "€30,000" in charts_en
    _no_wrong_format(charts_nl, "nl")
    _no_wrong_format(charts_en, "en")
