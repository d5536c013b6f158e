from decimal import Decimal

import pytest

from intrel.policy.formatting import NBSP, format_eur, format_hours, format_number


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
