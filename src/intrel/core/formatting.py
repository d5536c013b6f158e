"""Amounts and hours in the language of the current request (see ``intrel.policy.formatting``)."""

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import get_language

from intrel.policy.formatting import format_eur, format_hours, format_number


def eur(value: Decimal | int | float | str | None, decimals: int = 2) -> str:
    """``€ 10.000,00`` in Dutch, ``€10,000.00`` in English; empty for None."""
    if value is None or value == "":
        return ""
    return format_eur(value, get_language(), decimals)


def hours(value: Decimal | int | float | str | None, *, unit: bool = True) -> str:
    """``1.234,5 uur`` in Dutch, ``1,234.5 hours`` in English; empty for None."""
    if value is None or value == "":
        return ""
    return format_hours(value, get_language(), unit=unit)


def number(value: Decimal | int | float | str | None, decimals: int = 2) -> str:
    if value is None or value == "":
        return ""
    return format_number(value, get_language(), decimals)


def day(value: date | None) -> str:
    """A date in a sentence: ``1 december 2026`` in Dutch, ``1 December 2026`` in English."""
    if value is None:
        return ""
    return date_format(value, "j F Y")


def in_language(nl: str, en: str | None) -> str:
    """A text given in Dutch and in English (a framework's title or label, a decision's
    message), in the interface language: ``en`` in English, else the Dutch (also where a text
    has no English, as a decision stored before ``because_en``). Selectors choose with this;
    templates print what they chose."""
    english = (get_language() or "nl").startswith("en")
    return en if en and english else nl
