import re
from datetime import date
from decimal import Decimal

import pytest

from intrel.policy import Decision, Framework
from intrel.policy.formatting import NBSP, format_date, format_eur, format_hours, format_number
from intrel.policy.tests.conftest import budget_line, decide, relation, solidarity


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (Decimal("10000"), "nl", f"€{NBSP}10.000,00"),
        (Decimal("10000"), "en", "€10,000.00"),
        (Decimal("3800"), "nl", f"€{NBSP}3.800,00"),
        (Decimal("-5.5"), "nl", f"€{NBSP}-5,50"),
        (Decimal("-5.5"), "en", "-€5.50"),
        (Decimal("1234567.891"), "en", "€1,234,567.89"),
        (Decimal("0"), "nl-nl", f"€{NBSP}0,00"),
    ],
)
def test_amounts_read_as_the_language_writes_them(
    value: Decimal, language: str, expected: str
) -> None:
    assert format_eur(value, language) == expected


def test_hours_have_a_unit_and_the_languages_separators() -> None:
    assert format_hours(Decimal("1234.5"), "nl") == f"1.234,5{NBSP}uur"
    assert format_hours(Decimal("12"), "en") == f"12{NBSP}hours"
    assert format_hours(Decimal("1"), "en") == f"1{NBSP}hour"
    assert format_number(Decimal("1234.5"), "nl", 1) == "1.234,5"


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (Decimal("2.04"), "nl", f"2{NBSP}uur"),  # not "2,0 uur"
        (Decimal("999.95"), "nl", f"1.000{NBSP}uur"),  # not "1.000,0 uur"
        (Decimal("0.96"), "en", f"1{NBSP}hour"),  # not "1.0 hours"
        (Decimal("2.05"), "en", f"2.1{NBSP}hours"),
    ],
)
def test_hours_are_rounded_before_the_decimal_is_dropped(
    value: Decimal, language: str, expected: str
) -> None:
    assert format_hours(value, language) == expected


def test_dates_in_sentences_read_as_the_language_writes_them() -> None:
    assert format_date(date(2026, 12, 1), "nl") == "1 december 2026"
    assert format_date(date(2026, 12, 1), "en") == "1 December 2026"
    assert format_date(date(2014, 3, 31), "nl-nl") == "31 maart 2014"


# --- issue 10.4: the engine's sentences read as a person writes them --------------------------


def _sentences(decision: Decision) -> list[tuple[str, str]]:
    """(Dutch, English) of every finding and action of a decision."""
    return [(f.message, f.message_en) for f in decision.findings] + [
        (a.description, a.description_en) for a in decision.actions
    ]


def test_engine_messages_write_amounts_hours_and_dates_per_language(fw: Framework) -> None:
    data = solidarity(
        initiated_by="municipality",
        budget={
            "money_eur_per_year": "10000",
            "staff_hours_per_year": "1234.5",
            "held_by": "executive_board",
        },
        involvements=[{"actor": "mayor", "start": "2013-12-01"}],
    )
    decision = decide(fw, data)
    budget = next(f for f in decision.findings if f.code == "SOLIDARITY_BUDGET_NOT_WITH_COMMITTEE")
    assert f"(€{NBSP}10.000,00 per jaar, 1.234,5{NBSP}uur)" in budget.message
    assert f"(€10,000.00 a year, 1,234.5{NBSP}hours)" in budget.message_en
    transfer = next(a for a in decision.actions if a.code == "TRANSFER_BUDGET_TO_COMMITTEE")
    assert f"(€{NBSP}10.000,00 per jaar, 1.234,5{NBSP}uur)" in transfer.description
    assert f"(€10,000.00 a year, 1,234.5{NBSP}hours)" in transfer.description_en
    involvement = next(f for f in decision.findings if f.code == "INVOLVEMENT_WITHOUT_END")
    assert "(sinds 1 december 2013)" in involvement.message
    assert "(since 1 December 2013)" in involvement.message_en


def test_no_iso_date_or_bare_decimal_in_any_engine_sentence(fw: Framework) -> None:
    subjects = [
        solidarity(
            budget={
                "money_eur_per_year": 2500,
                "staff_hours_per_year": 10,
                "held_by": "portfolio",
                "portfolio": "CUL",
            },
            involvements=[{"actor": "alderman", "start": "2012-01-01", "end": "2020-12-31"}],
            owner={"kind": "portfolio", "portfolio": "CUL"},
        ),
        relation(
            purposes=["other"],
            agreements=[{"title": "Verdrag", "signed": "2005-05-01", "ends": "2016-03-31"}],
        ),
        budget_line(held_by="executive_board", staff_hours_per_year="12.5"),
    ]
    iso = re.compile(r"\d{4}-\d{2}-\d{2}")
    bare = re.compile(r"\d\.\d{2}\b(?!\d)")  # "10000.00": a program's decimal, not a person's
    for data in subjects:
        for nl, en in _sentences(decide(fw, data)):
            assert not iso.search(nl) and not iso.search(en), (nl, en)
            assert not bare.search(nl), nl
            assert "€ " not in nl and "€ " not in en, (nl, en)
